#pragma once
// CurlDispatcher: the relay's HTTP client, libcurl's multi interface driven by one thread, not a
// client of our own (issue 11). One multi handle holds every transfer, so connections (and DNS
// answers) are reused per endpoint across subscriptions; HTTP/2 is negotiated over TLS where the
// endpoint offers it (ALPN) and requests to one endpoint are multiplexed on one connection.
//
// What every request gets:
//   - POST of `body` with `headers` as given (libcurl's "Expect: 100-continue" is suppressed: a
//     callback is small and the pause would cost a round trip). A header whose name is not an
//     HTTP token or whose value holds CR, LF or NUL is never sent: the request ends kFailed
//     naming it (libcurl would send such a value as extra header lines);
//   - TLS verification on (peer and host name), the system's CA store unless options say otherwise;
//   - redirects NOT followed: a 3xx is reported as its status;
//   - the per-request timeout (HttpRequest::timeout) as CURLOPT_TIMEOUT_MS, from the transfer's
//     start: connect and any wait for a free connection (max_host_connections) included. libcurl
//     enforces it only once the transfer has a connection, so one queued behind the limit may end
//     (kTimedOut) up to one exchange later than its timeout (TimeoutCountsTheWaitForAConnection);
//   - only http and https; proxies from the environment ignored, so that the address guard sees
//     the endpoint's own address;
//   - the address guard when !allow_private_address: an address that IsPrivateOrLocal (loopback,
//     RFC 1918, link-local, ...) is refused before the socket is opened
//     (CURLOPT_OPENSOCKETFUNCTION, so not even a TCP SYN reaches it), and a reused connection's address is checked again
//     before the request is sent (CURLOPT_PREREQFUNCTION), so a connection opened for a
//     subscription that may reach private addresses never carries one that may not. Refused:
//     Transport::kAddressRefused.
//   - the response body is not kept beyond max_error_body_bytes (4 KiB), and only for a non-2xx
//     answer, where it becomes HttpResult::error (for logs and dead letters); the Retry-After
//     header is captured as sent.
//   - HttpResult::latency runs from Send to the result (time waiting for a connection included).
//
// Bounds: at most `max_pending` requests are sent and not done (queued for the loop thread plus
// transfers in the multi handle). Send beyond it does not block: it completes at once with
// Transport::kFailed "dispatcher queue full" (the relay's own in-flight limits keep it below;
// reaching it means overload, and a retry timer is the right answer, not a stalled caller).
// Connections: at most max_host_connections per host:port, max_total_connections overall
// (transfers beyond wait in libcurl for a free connection, still counted in max_pending).
//
// Threads: Send and in_flight from any thread (Send only takes a mutex for a push and wakes the
// loop with curl_multi_wakeup). Every `done` runs on the dispatcher's thread and must not block;
// it may call Send. Two exceptions, both because there is no loop thread to hand them to: Send
// after Stop() (and Send while Stop() is draining) completes "dispatcher stopped" on the caller's
// thread before returning. A "queue full" completion is handed to the loop thread like a result.
// Stop() (also the destructor) ends every pending request with kFailed "dispatcher stopped",
// calls their `done` and joins the thread.
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "relay/core/http_exchange.h"
#include "relay/server/http_dispatcher.h"

namespace causeway::relay {

struct CurlDispatcherOptions {
  // Requests sent and not done at most (see Bounds above).
  size_t max_pending = 10000;
  // CURLMOPT_MAX_HOST_CONNECTIONS: connections to one host:port. With HTTP/2 one connection
  // carries many requests; with HTTP/1.1 this caps the requests in flight to one endpoint.
  long max_host_connections = 64;
  // CURLMOPT_MAX_TOTAL_CONNECTIONS: connections overall; 0 = no limit beyond the per-host one.
  long max_total_connections = 0;
  // CURLMOPT_MAX_CONCURRENT_STREAMS: streams per HTTP/2 connection (the server may lower it).
  long max_concurrent_streams = 100;
  // How much of a non-2xx response body is kept as the result's error text.
  size_t max_error_body_bytes = 4096;
  // CURLOPT_CAINFO: a PEM bundle trusted instead of the system store ("" = system store).
  std::string ca_file;
};

class CurlDispatcher final : public HttpDispatcher {
 public:
  // Starts the loop thread. INTERNAL when libcurl cannot make its multi handle.
  static absl::StatusOr<std::unique_ptr<CurlDispatcher>> Start(CurlDispatcherOptions options = {});
  ~CurlDispatcher() override;

  void Send(HttpRequest request, Done done) override;
  size_t in_flight() const override { return pending_.load(std::memory_order_relaxed); }

  // Idempotent; see the header comment. Not from a `done` (it joins the thread running it).
  void Stop();

 private:
  struct Transfer;
  explicit CurlDispatcher(CurlDispatcherOptions options, void* multi);
  void Loop();
  // On the loop thread: the easy handle of `t`, added to the multi handle.
  void Begin(std::unique_ptr<Transfer> t);
  // On the loop thread: results of finished transfers.
  void Reap();
  void Finish(std::unique_ptr<Transfer> t, HttpResult result);

  const CurlDispatcherOptions options_;
  void* const multi_;  // CURLM*, touched by the loop thread only (curl_multi_wakeup aside)
  std::atomic<size_t> pending_{0};

  std::mutex mu_;
  std::vector<std::unique_ptr<Transfer>> queued_;  // guarded by mu_; at most max_pending
  // guarded by mu_; "queue full" completions for the loop thread, emptied at each of its turns
  // (so it holds only what was refused since the last one).
  std::vector<Done> refused_;
  bool stopping_ = false;                          // guarded by mu_
  // Transfers in the multi handle, owned here, by easy handle; the loop thread's alone.
  absl::flat_hash_map<void*, std::unique_ptr<Transfer>> active_;
  // Easy handles of finished transfers, reset and reused (saves an allocation and setup per
  // request); the loop thread's alone, at most kMaxIdleEasyHandles.
  static constexpr size_t kMaxIdleEasyHandles = 1024;
  std::vector<void*> idle_easy_;
  std::thread thread_;
  std::once_flag stop_once_;
};

}  // namespace causeway::relay
