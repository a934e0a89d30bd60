#include "gateway/server/publish_and_wait.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

#include "absl/strings/str_cat.h"

namespace causeway::gateway {
namespace {

// The outcome of one event, filled in by whichever thread learns it.
class Outcome {
 public:
  void Set(const v1::PublishResult& r) {
    {
      std::lock_guard lock(mu_);
      result_ = r;
    }
    cv_.notify_all();
  }
  // The result, or nothing if it did not come by `until`.
  std::optional<v1::PublishResult> Wait(absl::Time until) {
    std::unique_lock lock(mu_);
    cv_.wait_until(lock, absl::ToChronoTime(until), [&] { return result_.has_value(); });
    return result_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<v1::PublishResult> result_;
};

}  // namespace

v1::PublishResult NotAcknowledged(const std::string& event_id) {
  v1::PublishResult r;
  r.set_event_id(event_id);
  r.set_code(static_cast<int>(absl::StatusCode::kUnavailable));
  r.set_message(absl::StrCat("event ", event_id,
                             " was not acknowledged by Kafka before the deadline; retry with the "
                             "same event id (it will not be duplicated)"));
  return r;
}

std::vector<v1::PublishResult> PublishAndWait(Publisher& publisher,
                                              const std::vector<const v1::PublishRequest*>& events,
                                              const Credentials& credentials, absl::Time until) {
  // Outcomes are shared with the delivery callbacks, which may outlive this call.
  std::vector<std::shared_ptr<Outcome>> outcomes;
  std::vector<std::string> ids;
  outcomes.reserve(events.size());
  ids.reserve(events.size());
  for (const v1::PublishRequest* event : events) {
    auto outcome = std::make_shared<Outcome>();
    ids.push_back(publisher.Publish(*event, credentials,
                                    [outcome](const v1::PublishResult& r) { outcome->Set(r); }));
    outcomes.push_back(std::move(outcome));
  }
  std::vector<v1::PublishResult> results;
  results.reserve(events.size());
  for (size_t i = 0; i < outcomes.size(); ++i) {
    std::optional<v1::PublishResult> r = outcomes[i]->Wait(until);
    results.push_back(r ? *std::move(r) : NotAcknowledged(ids[i]));
  }
  return results;
}

}  // namespace causeway::gateway
