#pragma once
// How a test's callback endpoint (CallbackSink) answers: a default answer, a scripted sequence
// per event id (its first, second, ... request), and a seeded random share of failures (5xx or a
// delay past the client's timeout). Pure and deterministic for a seed: the same requests in the
// same order get the same answers. Not thread-safe: CallbackSink calls it under its lock.
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"

namespace causeway::testing {

struct SinkAnswer {
  int status = 204;
  std::string retry_after;  // sent as Retry-After when not empty ("2", or an HTTP date)
  // Waited before answering: a slow endpoint, or, past the client's timeout, a timed-out attempt
  // (the request still counts as received).
  absl::Duration delay = absl::ZeroDuration();
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Location for a 302
  std::string body;

  static SinkAnswer Status(int status) {
    SinkAnswer a;
    a.status = status;
    return a;
  }
  SinkAnswer& WithRetryAfter(std::string value) {
    retry_after = std::move(value);
    return *this;
  }
  SinkAnswer& After(absl::Duration d) {
    delay = d;
    return *this;
  }
  SinkAnswer& WithHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

struct RandomFailures {
  double fraction = 0;  // of requests (not scripted by a sequence) answered with a failure
  uint64_t seed = 1;
  // Picked uniformly for each failing request, e.g. {Status(503), Status(204).After(2 s)}.
  std::vector<SinkAnswer> failures;
};

class SinkPolicy {
 public:
  void SetDefault(SinkAnswer answer) { default_ = std::move(answer); }
  // Request number n (0-based) carrying `event_id` gets answers[n]; later ones go on to the
  // random failures and the default.
  void SetSequence(std::string event_id, std::vector<SinkAnswer> answers) {
    sequences_[std::move(event_id)] = std::move(answers);
  }
  void SetRandomFailures(RandomFailures failures);

  // The answer to request number `nth` (0-based) of `event_id` ("" when it carries none).
  SinkAnswer Answer(const std::string& event_id, int64_t nth);

 private:
  SinkAnswer default_;
  absl::flat_hash_map<std::string, std::vector<SinkAnswer>> sequences_;
  RandomFailures random_;
  std::mt19937_64 rng_{1};
};

}  // namespace causeway::testing
