#pragma once
// HttpDispatcher: sends delivery attempts concurrently and reports each result once. The relay's
// delivery engine takes the interface; CurlDispatcher (libcurl multi: connection reuse per
// endpoint, HTTP/2 where offered, TLS verification on, redirects not followed) is the real one,
// and unit tests of the engine give it a fake.
//
// Threads: Send may be called from any thread; `done` runs on the dispatcher's own thread and
// must not block.
#include <cstddef>
#include <functional>

#include "relay/core/http_exchange.h"

namespace causeway::relay {

class HttpDispatcher {
 public:
  using Done = std::function<void(HttpResult)>;
  virtual ~HttpDispatcher() = default;

  // Queues the request; `done` is called exactly once, also when the dispatcher is stopped
  // (Transport::kFailed, "dispatcher stopped").
  virtual void Send(HttpRequest request, Done done) = 0;
  // Requests sent and not yet done.
  virtual size_t in_flight() const = 0;
};

}  // namespace causeway::relay
