#pragma once
// The HTTP port every service has (cpp-httplib, the project's one HTTP server library): /metrics,
// /healthz, plus whatever routes the service adds (the Schema Registry API, HTTP publish).
//
// Threads: Start() runs the server on its own thread; handlers run on httplib's worker pool and must
// be thread-safe. Routes must be added before Start().
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "common/server/tls.h"

namespace httplib {
class Server;
}

namespace causeway {

class HttpServer {
 public:
  // HTTPS when `tls` is enabled; a TLS file that does not load fails Start().
  explicit HttpServer(const TlsFiles& tls = {});
  ~HttpServer();

  httplib::Server& routes() { return *server_; }

  // Binds `host:port` (port 0 picks a free one) and serves in the background.
  absl::Status Start(const std::string& listen);
  int port() const { return port_; }
  void Stop();

 private:
  std::unique_ptr<httplib::Server> server_;
  absl::Status setup_;
  std::thread thread_;
  int port_ = 0;
};

// Splits "host:port" as the services' --*-listen flags take it ("0.0.0.0:7071", ":7071").
absl::Status SplitListenAddress(const std::string& listen, std::string* host, int* port);

}  // namespace causeway
