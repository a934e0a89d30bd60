#include "common/server/http_server.h"

#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/avro/json_value.h"
#include "common/core/errors.h"
#include "common/server/work_queue.h"

namespace causeway {

namespace {

int64_t NowNanos() { return absl::GetCurrentTimeNanos(); }

unsigned Seconds(absl::Duration d) {
  return static_cast<unsigned>(std::max<int64_t>(1, absl::ToInt64Seconds(d)));
}

std::string DefaultErrorBody(int, const absl::Status& status) {
  std::string out = absl::StrCat("{\"code\":", static_cast<int>(status.code()), ",\"message\":");
  avro::AppendJsonString(out, std::string_view(status.message().data(), status.message().size()));
  out += "}";
  return out;
}

}  // namespace

// One connection (libmicrohttpd's socket context): its socket, so that the reaper can cut it, and
// since when its current request has been arriving (0: none is; it is being answered).
struct HttpServer::Connection {
  int fd = -1;
  std::atomic<int64_t> arriving_since{0};
};

// One request (libmicrohttpd's per-request context), from its headers to its answer.
struct HttpServer::Exchange {
  Connection* connection = nullptr;
  const HttpRoute* route = nullptr;
  HttpRequest request;
  size_t body_bytes = 0;
  bool too_large = false;
  bool dispatched = false;
  // A worker's answer, set before it resumes the connection.
  std::optional<HttpResponse> answer;
};

// libmicrohttpd's C callbacks, with access to the server's insides.
class HttpServer::Callbacks {
 public:
  static MHD_Result Access(void* cls, MHD_Connection* c, const char* url, const char* method,
                           const char*, const char* upload, size_t* upload_size, void** context) {
    auto* server = static_cast<HttpServer*>(cls);
    auto* ex = static_cast<Exchange*>(*context);
    if (ex == nullptr) {
      ex = new Exchange;
      *context = ex;
      const MHD_ConnectionInfo* info =
          MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
      ex->connection = info != nullptr ? static_cast<Connection*>(info->socket_context) : nullptr;
      return server->Begin(c, url, method, ex) ? MHD_YES : MHD_NO;
    }
    if (*upload_size > 0) {
      // Past the maximum nothing is kept: the rest is read and dropped, then answered 413.
      if (!ex->too_large) {
        ex->body_bytes += *upload_size;
        if (ex->body_bytes > ex->route->max_body_bytes) {
          ex->too_large = true;
          std::string().swap(ex->request.body);
        } else {
          ex->request.body.append(upload, *upload_size);
        }
      }
      *upload_size = 0;
      return MHD_YES;
    }
    return server->Complete(c, ex) ? MHD_YES : MHD_NO;
  }

  static void Completed(void* cls, MHD_Connection*, void** context, MHD_RequestTerminationCode) {
    auto* ex = static_cast<Exchange*>(*context);
    if (ex == nullptr) return;
    // The connection's next request (keep-alive) starts arriving now.
    if (ex->connection != nullptr) ex->connection->arriving_since = NowNanos();
    delete ex;
    *context = nullptr;
  }

  static void Notify(void* cls, MHD_Connection* c, void** socket_context,
                     MHD_ConnectionNotificationCode code) {
    auto* server = static_cast<HttpServer*>(cls);
    std::lock_guard lock(server->connections_mu_);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* conn = new Connection;
      const MHD_ConnectionInfo* info =
          MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
      conn->fd = info != nullptr ? info->connect_fd : -1;
      conn->arriving_since = NowNanos();
      server->connections_.insert(conn);
      *socket_context = conn;
    } else if (auto* conn = static_cast<Connection*>(*socket_context)) {
      // Before libmicrohttpd closes the socket: the reaper never sees a reused descriptor.
      server->connections_.erase(conn);
      delete conn;
      *socket_context = nullptr;
    }
  }

  static MHD_Result Header(void* cls, MHD_ValueKind, const char* key, size_t key_size,
                           const char* value, size_t value_size) {
    auto* map = static_cast<std::map<std::string, std::string>*>(cls);
    map->emplace(absl::AsciiStrToLower(absl::string_view(key, key_size)),
                 value == nullptr ? std::string() : std::string(value, value_size));
    return MHD_YES;
  }
  static MHD_Result Param(void* cls, MHD_ValueKind, const char* key, size_t key_size,
                          const char* value, size_t value_size) {
    static_cast<std::map<std::string, std::string>*>(cls)->emplace(
        std::string(key, key_size),
        value == nullptr ? std::string() : std::string(value, value_size));
    return MHD_YES;
  }
};

namespace {

// Queues `answer` on `c`; false when libmicrohttpd cannot take it.
bool Send(MHD_Connection* c, const HttpResponse& answer) {
  MHD_Response* response = MHD_create_response_from_buffer(
      answer.body.size(), const_cast<char*>(answer.body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return false;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, answer.content_type.c_str());
  for (const auto& [name, value] : answer.headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  const MHD_Result rc = MHD_queue_response(c, static_cast<unsigned>(answer.status), response);
  MHD_destroy_response(response);
  return rc == MHD_YES;
}

}  // namespace

HttpServer::HttpServer(const TlsFiles& tls, HttpServerOptions options)
    : options_(options), tls_(tls), error_body_(&DefaultErrorBody) {}

HttpServer::~HttpServer() { Stop(); }

HttpResponse HttpServer::Error(int http_status, const absl::Status& status) const {
  return HttpResponse::Json(http_status, error_body_(http_status, status));
}

// The headers are in, no body byte has been read: refuse what can be refused now.
bool HttpServer::Begin(MHD_Connection* c, const char* url, const char* method, Exchange* ex) {
  HttpRequest& r = ex->request;
  r.method = method;
  r.path = url;
  auto refuse = [&](const HttpResponse& answer) {
    if (ex->connection != nullptr) ex->connection->arriving_since = 0;
    return Send(c, answer);
  };
  if (r.path.size() > kMaxPathBytes) {
    return refuse(Error(414, InvalidField("path", absl::StrCat("longer than ", kMaxPathBytes,
                                                               " bytes"))));
  }
  HttpRouter::Miss miss;
  ex->route = router_.Match(r.method, r.path, &r.matches, &miss);
  if (ex->route == nullptr) {
    return refuse(miss == HttpRouter::Miss::kNoMethod
                      ? Error(405, absl::UnimplementedError(
                                       absl::StrCat(r.method, " is not allowed on ", r.path)))
                      : Error(404, absl::NotFoundError(absl::StrCat("no resource at ", r.path))));
  }
  MHD_get_connection_values_n(c, MHD_HEADER_KIND, &Callbacks::Header, &r.headers);
  MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, &Callbacks::Param, &r.params);
  if (tls_.enabled()) {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
    if (info != nullptr) {
      r.peer_names = VerifiedPeerNames(static_cast<gnutls_session_int*>(info->tls_session));
    }
  }
  // Bodies are never inflated: a compressed one could expand past any bound.
  const std::string encoding =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(r.Header("Content-Encoding")));
  if (!encoding.empty() && encoding != "identity") {
    return refuse(Error(415, InvalidField("Content-Encoding",
                                          absl::StrCat("only identity is accepted, got \"",
                                                       encoding, "\""))));
  }
  // Strangers first: they learn nothing about the route's limits.
  if (ex->route->gate) {
    if (std::optional<HttpResponse> refusal = ex->route->gate(r)) return refuse(*refusal);
  }
  const size_t max = ex->route->max_body_bytes;
  uint64_t length = 0;
  if (r.HasHeader("Content-Length") && absl::SimpleAtoi(r.Header("Content-Length"), &length) &&
      length > max) {
    return refuse(Error(413, InvalidField("body", absl::StrCat("larger than ", max, " bytes"))));
  }
  return true;
}

// The whole request is in (or a worker has answered it).
bool HttpServer::Complete(MHD_Connection* c, Exchange* ex) {
  if (ex->answer) return Send(c, *ex->answer);
  if (ex->dispatched) return true;  // still with its worker
  if (ex->connection != nullptr) ex->connection->arriving_since = 0;
  if (ex->too_large) {
    return Send(c, Error(413, InvalidField("body", absl::StrCat("larger than ",
                                                                ex->route->max_body_bytes,
                                                                " bytes"))));
  }
  if (ex->route->dispatch == HttpDispatch::kInline) return Send(c, Run(*ex));
  ex->dispatched = true;
  MHD_suspend_connection(c);
  const bool queued = workers_->TrySubmit([this, c, ex] {
    ex->answer = Run(*ex);
    MHD_resume_connection(c);
  });
  if (!queued) {
    ex->answer = Error(503, absl::UnavailableError(absl::StrCat(
                                "every HTTP worker is busy and ", options_.worker_queue,
                                " requests wait for one; retry")));
    ex->answer->WithHeader("Retry-After", "1");
    MHD_resume_connection(c);
  }
  return true;
}

HttpResponse HttpServer::Run(const Exchange& ex) const {
  try {
    return ex.route->handler(ex.request);
  } catch (const std::exception& e) {
    return Error(500, absl::InternalError(absl::StrCat("handler failed: ", e.what())));
  }
}

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
  if (tls_.enabled() || !tls_.private_key.empty() || !tls_.client_ca.empty()) {
    auto material = LoadHttpsMaterial(tls_);
    if (!material.ok()) return material.status();
    https_ = *std::move(material);
  }
  std::string host;
  int port = 0;
  if (absl::Status s = SplitListenAddress(listen, &host, &port); !s.ok()) return s;
  addrinfo hints{};
  hints.ai_flags = AI_PASSIVE;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 ||
      found == nullptr) {
    return InvalidField("listen", absl::StrCat("cannot resolve \"", host, "\""));
  }
  sockaddr_storage address{};
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  const bool ipv6 = found->ai_family == AF_INET6;
  freeaddrinfo(found);

  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME;
  if (ipv6) flags |= MHD_USE_IPv6;
  std::vector<MHD_OptionItem> items = {
      {MHD_OPTION_SOCK_ADDR, 0, &address},
      {MHD_OPTION_THREAD_POOL_SIZE, options_.event_threads, nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, options_.max_connections, nullptr},
      {MHD_OPTION_PER_IP_CONNECTION_LIMIT, options_.max_connections_per_ip, nullptr},
      {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(options_.connection_memory_bytes),
       nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT, Seconds(options_.idle_timeout), nullptr},
      {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Callbacks::Completed), this},
      {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&Callbacks::Notify), this},
  };
  if (tls_.enabled()) {
    flags |= MHD_USE_TLS;
    items.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, https_.private_key.data()});
    items.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, https_.cert_chain.data()});
    // Asks for a client certificate (not required); VerifiedPeerNames checks it against these.
    if (!https_.client_ca.empty()) {
      items.push_back({MHD_OPTION_HTTPS_MEM_TRUST, 0, https_.client_ca.data()});
    }
  }
  items.push_back({MHD_OPTION_END, 0, nullptr});
  workers_ = std::make_unique<WorkQueue>(options_.worker_threads, options_.worker_queue);
  daemon_ = MHD_start_daemon(flags, static_cast<uint16_t>(port), nullptr, nullptr,
                             &Callbacks::Access, this, MHD_OPTION_ARRAY, items.data(),
                             MHD_OPTION_END);
  const MHD_DaemonInfo* info =
      daemon_ == nullptr ? nullptr : MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
  if (info == nullptr || info->port == 0) {
    if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
    daemon_ = nullptr;
    workers_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen for HTTP on ", listen));
  }
  port_ = info->port;
  reaper_ = std::thread([this] { Reap(); });
  return absl::OkStatus();
}

// Cuts every connection whose request has been arriving for longer than the deadline: shutting
// its socket down makes libmicrohttpd see the end of the stream and close it on its own thread.
void HttpServer::Reap() {
  const absl::Duration tick = std::min(absl::Seconds(1), options_.request_deadline / 4);
  std::unique_lock lock(reaper_mu_);
  while (!reaper_cv_.wait_for(lock, absl::ToChronoNanoseconds(tick),
                              [this] { return stopping_; })) {
    const int64_t limit = NowNanos() - absl::ToInt64Nanoseconds(options_.request_deadline);
    std::lock_guard connections(connections_mu_);
    for (Connection* conn : connections_) {
      const int64_t since = conn->arriving_since;
      if (since == 0 || since > limit || conn->fd < 0) continue;
      conn->arriving_since = 0;
      ++requests_cut_;  // first: whoever sees the connection end sees it counted
      shutdown(conn->fd, SHUT_RDWR);
    }
  }
}

void HttpServer::Stop() {
  if (daemon_ == nullptr) return;
  const MHD_socket listener = MHD_quiesce_daemon(daemon_);
  // Every dispatched request gets its answer and its connection resumed: libmicrohttpd must not
  // be stopped with a connection suspended.
  workers_->Stop();
  {
    std::lock_guard lock(reaper_mu_);
    stopping_ = true;
  }
  reaper_cv_.notify_all();
  reaper_.join();
  MHD_stop_daemon(daemon_);
  if (listener != MHD_INVALID_SOCKET) close(listener);
  daemon_ = nullptr;
}

}  // namespace causeway
