#include "relay/server/subscription_suspender.h"

#include "absl/time/clock.h"
#include "common/core/log.h"

namespace causeway::relay {

SubscriptionSuspender::SubscriptionSuspender(SuspenderOptions options)
    : options_(std::move(options)), thread_([this] { Run(); }) {}

SubscriptionSuspender::~SubscriptionSuspender() { Stop(); }

void SubscriptionSuspender::Suspend(const std::string& subscription, const std::string& reason) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    queued_.emplace(subscription, reason);
  }
  cv_.notify_all();
}

void SubscriptionSuspender::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool SubscriptionSuspender::Send(const std::string& subscription, const std::string& reason) {
  ChannelOptions channel = options_.topology;
  if (!options_.token_file.empty()) {
    auto token = ReadTokenFile("--topology-token-file", options_.token_file);
    if (!token.ok()) {
      log::Error("cannot suspend subscription", {{"subscription", subscription},
                                                  {"error", token.status().ToString()}});
      return false;
    }
    channel.token = *token;
  }
  if (!stub_) {
    auto ch = NewChannel(channel, "topology-");
    if (!ch.ok()) {
      log::Error("cannot suspend subscription",
                 {{"subscription", subscription}, {"error", ch.status().ToString()}});
      return false;
    }
    stub_ = topology::v1::Topology::NewStub(*ch);
  }
  topology::v1::SetSubscriptionStateRequest req;
  req.set_name(subscription);
  req.set_state(topology::v1::SUBSCRIPTION_STATE_SUSPENDED);
  req.set_reason(reason);
  topology::v1::Subscription resp;
  grpc::ClientContext ctx;
  AddCallCredentials(channel, &ctx);
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + options_.call_timeout));
  const grpc::Status s = stub_->SetSubscriptionState(&ctx, req, &resp);
  if (s.ok() || s.error_code() == grpc::StatusCode::NOT_FOUND) {
    log::Warn("subscription suspended in topology",
              {{"subscription", subscription}, {"reason", reason},
               {"answer", s.ok() ? "OK" : "NOT_FOUND"}});
    return true;
  }
  log::Error("cannot suspend subscription; trying again",
             {{"subscription", subscription}, {"error", s.error_message()},
              {"code", std::to_string(s.error_code())}});
  return false;
}

void SubscriptionSuspender::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (queued_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto [name, reason] = *queued_.begin();
    lock.unlock();
    const bool done = Send(name, reason);
    lock.lock();
    if (done) {
      queued_.erase(name);
    } else {
      cv_.wait_for(lock, absl::ToChronoMilliseconds(options_.retry));
    }
  }
}

}  // namespace causeway::relay
