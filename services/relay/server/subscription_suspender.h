#pragma once
// SubscriptionSuspender: tells causeway-topology that a subscription's endpoint answered 410 Gone
// (Topology.SetSubscriptionState SUSPENDED with the reason), with the relay's own credentials
// (the relay role may suspend). Requests are queued and sent by one thread of its own, retried
// every `retry` until topology accepts them (or answers NOT_FOUND: the subscription is gone
// anyway), so a dispatcher thread never waits for topology.
//
// Bounds: one queued request per subscription (a second 410 of a queued one is dropped).
// Threads: Suspend from any thread.
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "causeway/topology/v1/topology.grpc.pb.h"
#include "common/client/channel.h"

namespace causeway::relay {

struct SuspenderOptions {
  // causeway-topology, as the follower reaches it (address, TLS, token).
  ChannelOptions topology;
  std::string token_file;  // re-read before each call when set (overrides topology.token)
  absl::Duration retry = absl::Seconds(2);
  absl::Duration call_timeout = absl::Seconds(10);
};

class SubscriptionSuspender {
 public:
  explicit SubscriptionSuspender(SuspenderOptions options);
  ~SubscriptionSuspender();

  void Suspend(const std::string& subscription, const std::string& reason);
  void Stop();

 private:
  void Run();
  bool Send(const std::string& subscription, const std::string& reason);

  const SuspenderOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::string> queued_;  // guarded by mu_: subscription -> reason
  bool stopping_ = false;                      // guarded by mu_
  std::unique_ptr<topology::v1::Topology::Stub> stub_;  // the thread's
  std::thread thread_;
};

}  // namespace causeway::relay
