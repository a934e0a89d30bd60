#include "dispatcher_load.h"

#include <atomic>
#include <future>

#include "absl/strings/str_cat.h"
#include "relay/server/curl_dispatcher.h"

namespace causeway::bench {

absl::StatusOr<DispatcherLoadResult> RunDispatcherLoad(const DispatcherLoadOptions& options) {
  relay::CurlDispatcherOptions dispatcher_options;
  dispatcher_options.max_host_connections = options.in_flight;
  auto dispatcher = relay::CurlDispatcher::Start(dispatcher_options);
  if (!dispatcher.ok()) return dispatcher.status();
  relay::CurlDispatcher& d = **dispatcher;

  std::atomic<int64_t> next{0}, delivered{0}, failed{0}, ended{0};
  std::promise<void> all;
  std::function<void()> send_next;
  auto request = [&](int64_t k) {
    relay::HttpRequest r;
    r.url = options.url;
    const std::string id = absl::StrCat("dispatch-", k);
    r.headers = {{"content-type", "application/json"}, {"ce-id", id}, {"webhook-id", id}};
    r.body = R"({"first_name": "Paul", "last_name": "Osman", "age": 42, "username": "paulosman"})";
    r.allow_private_address = true;  // the sink is on loopback
    return r;
  };
  send_next = [&] {
    const int64_t k = next.fetch_add(1);
    if (k >= options.events) return;
    d.Send(request(k), [&](relay::HttpResult r) {
      (r.transport == relay::Transport::kCompleted && r.status / 100 == 2 ? delivered : failed)
          .fetch_add(1);
      if (ended.fetch_add(1) + 1 == options.events) all.set_value();
      send_next();
    });
  };
  const absl::Time start = absl::Now();
  for (int i = 0; i < options.in_flight; ++i) send_next();
  all.get_future().wait();
  DispatcherLoadResult result;
  result.elapsed = absl::Now() - start;
  result.delivered = delivered;
  result.failed = failed;
  d.Stop();
  return result;
}

}  // namespace causeway::bench
