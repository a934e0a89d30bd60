#include "support/callback_sink.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/server/http_message.h"
#include "common/server/http_server.h"

namespace causeway::testing {

std::string ReceivedRequest::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

absl::StatusOr<std::unique_ptr<CallbackSink>> CallbackSink::Start(CallbackSinkOptions options) {
  std::unique_ptr<CallbackSink> sink(new CallbackSink(std::move(options)));
  HttpServerOptions server_options;
  server_options.event_threads = sink->options_.event_threads;
  server_options.worker_threads = sink->options_.worker_threads;
  // Everything a test or benchmark sends on one connection is one endpoint's traffic.
  server_options.max_connections_per_ip = server_options.max_connections;
  sink->server_ = std::make_unique<HttpServer>(sink->options_.tls, server_options);
  CallbackSink* raw = sink.get();
  sink->server_->routes().Add(HttpRoute{
      .method = "POST",
      .pattern = ".*",
      .handler = [raw](const HttpRequest& request) { return raw->Handle(request); },
      .gate = nullptr,
      .max_body_bytes = sink->options_.max_body_bytes,
      .dispatch = sink->options_.delays ? HttpDispatch::kWorker : HttpDispatch::kInline,
  });
  if (absl::Status s = sink->server_->Start(sink->options_.listen); !s.ok()) return s;
  return sink;
}

CallbackSink::CallbackSink(CallbackSinkOptions options) : options_(std::move(options)) {}

CallbackSink::~CallbackSink() { Stop(); }

void CallbackSink::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  stopping_cv_.notify_all();
  if (server_) server_->Stop();
}

int CallbackSink::port() const { return server_->port(); }

std::string CallbackSink::Url(const std::string& path) const {
  return absl::StrCat(options_.tls.enabled() ? "https" : "http", "://127.0.0.1:", port(), path);
}

void CallbackSink::SetDefault(SinkAnswer answer) {
  std::lock_guard lock(mu_);
  policy_.SetDefault(std::move(answer));
}

void CallbackSink::SetSequence(std::string event_id, std::vector<SinkAnswer> answers) {
  std::lock_guard lock(mu_);
  policy_.SetSequence(std::move(event_id), std::move(answers));
}

void CallbackSink::SetRandomFailures(RandomFailures failures) {
  std::lock_guard lock(mu_);
  policy_.SetRandomFailures(std::move(failures));
}

HttpResponse CallbackSink::Handle(const HttpRequest& request) {
  const absl::Time arrival = absl::Now();
  std::string event_id = request.Header("webhook-id");
  if (event_id.empty()) event_id = request.Header("ce-id");

  SinkAnswer answer;
  {
    std::unique_lock lock(mu_);
    ++total_;
    int64_t nth = 0;
    if (auto it = by_id_.find(event_id); it != by_id_.end()) {
      nth = it->second++;
    } else if (by_id_.size() < options_.max_tracked_ids) {
      by_id_.emplace(event_id, 1);
    }
    answer = policy_.Answer(event_id, nth);
    if (options_.max_recorded > 0) {
      ReceivedRequest r{request.method, request.path, request.headers, request.body, arrival,
                        event_id,       nth,          answer.status};
      if (recorded_.size() < options_.max_recorded) {
        recorded_.push_back(std::move(r));
      } else {
        recorded_[ring_next_] = std::move(r);
        ring_next_ = (ring_next_ + 1) % options_.max_recorded;
        ++dropped_;
      }
    }
    arrived_.notify_all();
    if (options_.delays && answer.delay > absl::ZeroDuration()) {
      stopping_cv_.wait_for(lock, absl::ToChronoNanoseconds(answer.delay),
                            [this] { return stopping_; });
    }
  }
  HttpResponse response;
  response.status = answer.status;
  response.content_type = "text/plain";
  response.body = std::move(answer.body);
  response.headers = std::move(answer.headers);
  if (!answer.retry_after.empty()) response.headers.emplace_back("Retry-After", answer.retry_after);
  return response;
}

std::vector<ReceivedRequest> CallbackSink::Received() const {
  std::lock_guard lock(mu_);
  std::vector<ReceivedRequest> out;
  out.reserve(recorded_.size());
  for (size_t i = 0; i < recorded_.size(); ++i) {
    out.push_back(recorded_[(ring_next_ + i) % recorded_.size()]);
  }
  return out;
}

int64_t CallbackSink::CountByEventId(const std::string& event_id) const {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(event_id);
  return it == by_id_.end() ? 0 : it->second;
}

int64_t CallbackSink::total() const {
  std::lock_guard lock(mu_);
  return total_;
}

int64_t CallbackSink::dropped_records() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

bool CallbackSink::WaitFor(int64_t n, absl::Duration timeout) const {
  std::unique_lock lock(mu_);
  return arrived_.wait_for(lock, absl::ToChronoNanoseconds(timeout), [&] { return total_ >= n; });
}

}  // namespace causeway::testing
