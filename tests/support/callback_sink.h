#pragma once
// CallbackSink: an in-process HTTP endpoint on loopback for tests and benchmarks of HTTP
// callbacks (causeway-relay, its HTTP client): it records every request it receives (headers,
// body, arrival time) and answers by a programmable SinkPolicy (a fixed status, a sequence per
// event id, a seeded share of 5xx or too-slow answers, 429/503 with Retry-After, 410, 302, slow
// answers). It is the project's HTTP port (common/server/http_server: libmicrohttpd) with one
// route, POST of any path.
//
// The event id of a request is its `webhook-id` header, else its `ce-id` header, else "".
//
// Bounds: the last `max_recorded` requests are kept for Received() (older ones are dropped and
// counted); per-id counts are kept for at most `max_tracked_ids` distinct ids (requests of ids
// beyond are counted in total() only); a body over `max_body_bytes` is answered 413 by the port
// and not recorded. Answers with a delay hold one of `worker_threads` for the delay; with
// `delays` false, answers are written on the port's event threads (the fast sink of benchmarks)
// and delays are ignored.
//
// Threads: every accessor and policy setter is thread-safe; answers are computed under the
// sink's lock (the policy is not shared). Stop() (also the destructor) cuts waiting delays short.
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/tls.h"
#include "support/sink_policy.h"

namespace causeway {
class HttpServer;
struct HttpRequest;
struct HttpResponse;
}  // namespace causeway

namespace causeway::testing {

struct ReceivedRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names lower-case; the first of repeated ones
  std::string body;
  absl::Time arrival;     // when the whole request had arrived
  std::string event_id;   // webhook-id, else ce-id, else ""
  int64_t nth = 0;        // how many requests of this event id came before (0: the first)
  int answered = 0;       // the status answered

  // "" when absent; `name` lower-case.
  std::string Header(const std::string& name) const;
};

struct CallbackSinkOptions {
  std::string listen = "127.0.0.1:0";  // port 0: a free one
  size_t max_recorded = 100000;
  size_t max_tracked_ids = 1000000;
  size_t max_body_bytes = 1 << 20;
  int event_threads = 2;
  int worker_threads = 64;
  bool delays = true;
  // HTTPS when enabled (PEM files; the port's libmicrohttpd over GnuTLS, HTTP/1.1 only).
  TlsFiles tls;
};

class CallbackSink {
 public:
  static absl::StatusOr<std::unique_ptr<CallbackSink>> Start(CallbackSinkOptions options = {});
  ~CallbackSink();

  int port() const;
  // "http://127.0.0.1:<port><path>" (https with options.tls).
  std::string Url(const std::string& path = "/callback") const;

  // The policy (see sink_policy.h); takes effect for requests arriving afterwards.
  void SetDefault(SinkAnswer answer);
  void SetSequence(std::string event_id, std::vector<SinkAnswer> answers);
  void SetRandomFailures(RandomFailures failures);

  // The recorded requests in arrival order (the last max_recorded).
  std::vector<ReceivedRequest> Received() const;
  int64_t CountByEventId(const std::string& event_id) const;
  // Every request received (answered or still waiting for its delay).
  int64_t total() const;
  int64_t dropped_records() const;
  // True once total() >= n; false when `timeout` passes first.
  bool WaitFor(int64_t n, absl::Duration timeout) const;

  void Stop();

 private:
  explicit CallbackSink(CallbackSinkOptions options);
  HttpResponse Handle(const HttpRequest& request);

  const CallbackSinkOptions options_;
  std::unique_ptr<HttpServer> server_;

  mutable std::mutex mu_;
  mutable std::condition_variable arrived_;  // signalled on every request
  std::condition_variable stopping_cv_;      // cuts delays short
  bool stopping_ = false;                    // guarded by mu_
  SinkPolicy policy_;                        // guarded by mu_
  std::vector<ReceivedRequest> recorded_;    // guarded by mu_; a ring of max_recorded
  size_t ring_next_ = 0;                     // guarded by mu_; oldest slot once the ring is full
  absl::flat_hash_map<std::string, int64_t> by_id_;  // guarded by mu_
  int64_t total_ = 0;                        // guarded by mu_
  int64_t dropped_ = 0;                      // guarded by mu_
};

}  // namespace causeway::testing
