#pragma once
// The HTTP port every service has: /metrics, /healthz, /readyz, plus whatever routes the service
// adds (the Schema Registry API, HTTP publish). libmicrohttpd (Debian's 0.9.75) underneath,
// chosen over Boost.Beast because it bounds a hostile client by itself: its own event threads,
// where a slow connection holds no thread, a connection cap (total and per client address), a
// per-connection memory pool that bounds the request line and headers, an idle timeout; the
// access handler sees method, path and headers before any body byte, so routing, size checks and
// authentication happen before the body is read; HTTPS via GnuTLS; streamed responses and
// suspend/resume for later server-sent events. No libmicrohttpd type leaves http_server.cc.
//
// A request's way through (each step answers JSON through the port's error body):
//   headers in   -> path longer than kMaxPathBytes: 414; no route: 404/405;
//                   Content-Encoding other than identity: 415 (bodies are never inflated);
//                   the route's gate (401); Content-Length over the route's max_body_bytes: 413
//   body         -> counted as it arrives (chunked too); past max_body_bytes nothing more is
//                   kept (the rest is read and dropped, as nginx does) and the answer is 413
//   complete     -> kInline handlers answer on the event thread; kWorker ones are queued on the
//                   worker pool (503 with Retry-After when its queue is full) while the
//                   connection is suspended, and resumed with the answer
//   whole-request deadline: a request not complete (headers and body) within request_deadline of
//                   its connection opening or its previous response ending is cut (connection
//                   closed), so a slowloris dripping headers or a body frees its slot.
//
// Threads: libmicrohttpd's event threads run the gates and kInline handlers; kWorker handlers run
// on the pool; all must be thread-safe. Routes and the error body are set before Start().
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/server/http_router.h"
#include "common/server/tls.h"

struct MHD_Daemon;
struct MHD_Connection;

namespace causeway {

class WorkQueue;

// Requests whose path (without the query) is longer are answered 414 before routing.
inline constexpr size_t kMaxPathBytes = 2048;

// The bounds of an HTTP port against hostile and broken clients (issue 10); the services'
// READMEs list them too.
struct HttpServerOptions {
  // MHD_OPTION_THREAD_POOL_SIZE: event threads (each an epoll loop over its share of the
  // connections). They only parse and copy, so a few serve thousands of connections.
  int event_threads = 4;
  // Threads of kWorker handlers, and how many complete requests may wait for one (beyond: 503
  // with Retry-After). A gateway publish holds a worker until Kafka answers (up to its wait).
  int worker_threads = 64;
  size_t worker_queue = 1024;
  // MHD_OPTION_CONNECTION_LIMIT: open connections; beyond, new ones are accepted and closed at
  // once. 1,000 connections cost at most 1,000 x connection_memory_bytes of header memory.
  int max_connections = 1000;
  // MHD_OPTION_PER_IP_CONNECTION_LIMIT: open connections from one client address. Not lower,
  // because behind a load balancer many clients share an address.
  int max_connections_per_ip = 750;
  // MHD_OPTION_CONNECTION_MEMORY_LIMIT: each connection's memory pool, which holds its read
  // buffer, request line and headers: a request whose line and headers do not fit (a 1 MiB
  // header, 10,000 headers) is answered 431 by libmicrohttpd (its own short HTML body) and
  // closed. Bodies are counted and kept outside it, bounded per route.
  size_t connection_memory_bytes = 32 << 10;
  // MHD_OPTION_CONNECTION_TIMEOUT: a connection with no byte in either direction this long is
  // closed (keep-alive connections between requests included).
  absl::Duration idle_timeout = absl::Seconds(15);
  // From a connection's opening (or its previous response's end) to the last byte of the
  // request's body; a request still arriving then is cut. Handler time does not count.
  absl::Duration request_deadline = absl::Seconds(30);
};

// The JSON body of an error the server answers itself (413, 415, 404, 503, ...), in the form of
// the port's API: {"code","message"} by default; the registry uses Confluent's
// {"error_code","message"}.
using HttpErrorBody = std::function<std::string(int http_status, const absl::Status& status)>;

class HttpServer {
 public:
  // HTTPS when `tls` is enabled; a TLS file that does not load fails Start().
  explicit HttpServer(const TlsFiles& tls = {}, HttpServerOptions options = {});
  ~HttpServer();

  HttpRouter& routes() { return router_; }
  void SetErrorBody(HttpErrorBody body) { error_body_ = std::move(body); }
  // The worker pool's size (a service's --http-threads); before Start().
  void SetWorkerThreads(int threads) { options_.worker_threads = threads; }

  // Binds `host:port` (port 0 picks a free one) and serves in the background.
  absl::Status Start(const std::string& listen);
  int port() const { return port_; }
  // Stops accepting, lets dispatched handlers finish and answer, then closes every connection.
  void Stop();

  // Requests cut by request_deadline so far (for tests and logs).
  int64_t requests_cut() const { return requests_cut_; }

 private:
  struct Exchange;
  struct Connection;
  class Callbacks;

  HttpResponse Error(int http_status, const absl::Status& status) const;
  // libmicrohttpd's access handler in its two steps; false closes the connection.
  bool Begin(MHD_Connection* c, const char* url, const char* method, Exchange* ex);
  bool Complete(MHD_Connection* c, Exchange* ex);
  HttpResponse Run(const Exchange& ex) const;
  void Reap();

  HttpServerOptions options_;
  TlsFiles tls_;
  HttpRouter router_;
  HttpErrorBody error_body_;
  HttpsMaterial https_;  // kept alive: libmicrohttpd reads the PEM texts in place
  MHD_Daemon* daemon_ = nullptr;
  std::unique_ptr<WorkQueue> workers_;
  int port_ = 0;

  // Connections whose request is arriving, for the whole-request deadline.
  std::mutex connections_mu_;
  std::set<Connection*> connections_;  // guarded by connections_mu_
  std::mutex reaper_mu_;
  std::condition_variable reaper_cv_;
  bool stopping_ = false;  // guarded by reaper_mu_
  std::thread reaper_;
  std::atomic<int64_t> requests_cut_{0};
};

// Splits "host:port" as the services' --*-listen flags take it ("0.0.0.0:7071", ":7071").
absl::Status SplitListenAddress(const std::string& listen, std::string* host, int* port);

}  // namespace causeway
