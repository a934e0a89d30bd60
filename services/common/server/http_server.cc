#include "common/server/http_server.h"

#include <httplib.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/core/errors.h"

namespace causeway {

HttpServer::HttpServer(const TlsFiles& tls) {
  auto server = NewHttpServer(tls);
  if (server.ok()) {
    server_ = *std::move(server);
  } else {
    setup_ = server.status();  // reported by Start(); routes can still be added meanwhile
    server_ = std::make_unique<httplib::Server>();
  }
}

HttpServer::~HttpServer() { Stop(); }

absl::Status SplitListenAddress(const std::string& listen, std::string* host, int* port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(absl::string_view(listen).substr(colon + 1), port) || *port < 0 ||
      *port > 65535) {
    return InvalidField("listen", absl::StrCat("expected host:port, got \"", listen, "\""));
  }
  *host = listen.substr(0, colon);
  if (host->empty()) *host = "0.0.0.0";
  if (host->size() > 2 && host->front() == '[') *host = host->substr(1, host->size() - 2);
  return absl::OkStatus();
}

absl::Status HttpServer::Start(const std::string& listen) {
  if (!setup_.ok()) return setup_;
  std::string host;
  int port = 0;
  if (absl::Status s = SplitListenAddress(listen, &host, &port); !s.ok()) return s;
  if (port == 0) {
    port_ = server_->bind_to_any_port(host);
  } else {
    port_ = server_->bind_to_port(host, port) ? port : -1;
  }
  if (port_ <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen for HTTP on ", listen));
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return absl::OkStatus();
}

void HttpServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace causeway
