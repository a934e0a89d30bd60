#include "baseline_consumer.h"

#include <curl/curl.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <vector>

#include "absl/strings/str_cat.h"
#include "plain_consumer.h"
#include "common/kafka/event_headers.h"

namespace causeway::bench {
namespace {

using Clock = std::chrono::steady_clock;

// One request slot: an easy handle kept (with its connection) across requests, and the record
// whose value it is posting.
struct Slot {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  rd_kafka_message_t* record = nullptr;
};

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

std::string EventId(rd_kafka_message_t* m) {
  rd_kafka_headers_t* headers = nullptr;
  const void* value = nullptr;
  size_t size = 0;
  if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR &&
      rd_kafka_header_get_last(headers, kafka::kHeaderEventId, &value, &size) ==
          RD_KAFKA_RESP_ERR_NO_ERROR) {
    return std::string(static_cast<const char*>(value), size);
  }
  return absl::StrCat(rd_kafka_topic_name(m->rkt), "-", m->partition, "-", m->offset);
}

void Begin(CURLM* multi, Slot* slot, rd_kafka_message_t* record) {
  slot->record = record;
  curl_slist_free_all(slot->headers);
  const std::string id = EventId(record);
  slot->headers = curl_slist_append(nullptr, "content-type: application/octet-stream");
  slot->headers = curl_slist_append(slot->headers, absl::StrCat("ce-id: ", id).c_str());
  slot->headers = curl_slist_append(slot->headers, absl::StrCat("webhook-id: ", id).c_str());
  slot->headers = curl_slist_append(slot->headers, "Expect:");
  curl_easy_setopt(slot->easy, CURLOPT_HTTPHEADER, slot->headers);
  curl_easy_setopt(slot->easy, CURLOPT_POSTFIELDS, record->payload);
  curl_easy_setopt(slot->easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(record->len));
  curl_multi_add_handle(multi, slot->easy);
}

}  // namespace

absl::StatusOr<BaselineResult> RunBaseline(const BaselineOptions& options) {
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + absl::ToChronoNanoseconds(options.deadline);
  auto subscribed = SubscribePlainConsumer(options.bootstrap, options.topic, options.group);
  if (!subscribed.ok()) return subscribed.status();
  rd_kafka_t* consumer = *subscribed;

  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.in_flight));
  std::vector<Slot> slots(options.in_flight);
  std::vector<Slot*> free;
  for (Slot& s : slots) {
    s.easy = curl_easy_init();
    curl_easy_setopt(s.easy, CURLOPT_URL, options.url.c_str());
    curl_easy_setopt(s.easy, CURLOPT_POST, 1L);
    curl_easy_setopt(s.easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(s.easy, CURLOPT_PROXY, "");  // straight to the sink, as the relay goes
    curl_easy_setopt(s.easy, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(absl::ToInt64Milliseconds(options.timeout)));
    curl_easy_setopt(s.easy, CURLOPT_WRITEFUNCTION, &Discard);
    curl_easy_setopt(s.easy, CURLOPT_PRIVATE, &s);
    free.push_back(&s);
  }

  BaselineResult result;
  Clock::time_point first{}, last{};
  int64_t ended = 0;
  while (ended < options.events && Clock::now() < deadline) {
    // Only while a slot is free: the records held are bounded by in_flight. Nothing in flight:
    // wait for Kafka; else take what is at hand and go back to the sink.
    while (!free.empty()) {
      rd_kafka_message_t* m =
          rd_kafka_consumer_poll(consumer, free.size() == slots.size() ? 100 : 0);
      if (m == nullptr) break;
      if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_message_destroy(m);
        continue;
      }
      if (first == Clock::time_point{}) first = Clock::now();
      Slot* s = free.back();
      free.pop_back();
      Begin(multi, s, m);
    }
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      const CURLcode code = msg->data.result;
      Slot* s = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &s);
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      curl_multi_remove_handle(multi, easy);
      if (code == CURLE_OK && status >= 200 && status < 300) {
        ++result.delivered;
      } else {
        ++result.failed;
      }
      ++ended;
      last = Clock::now();
      rd_kafka_message_destroy(s->record);
      s->record = nullptr;
      free.push_back(s);
    }
    // Full: wait for the sink. Room but no record at hand: a short wait, then Kafka again.
    curl_multi_poll(multi, nullptr, 0, free.empty() ? 100 : 1, nullptr);
  }

  for (Slot& s : slots) {
    if (s.record != nullptr) {
      curl_multi_remove_handle(multi, s.easy);
      rd_kafka_message_destroy(s.record);
    }
    curl_easy_cleanup(s.easy);
    curl_slist_free_all(s.headers);
  }
  curl_multi_cleanup(multi);
  rd_kafka_consumer_close(consumer);
  rd_kafka_destroy(consumer);

  if (first != Clock::time_point{}) {
    result.join = absl::FromChrono(first - start);
    result.elapsed = absl::FromChrono(last - first);
  }
  if (ended < options.events) {
    return absl::DeadlineExceededError(absl::StrCat("only ", ended, " of ", options.events,
                                                    " requests ended within the deadline (",
                                                    result.delivered, " delivered)"));
  }
  return result;
}

}  // namespace causeway::bench
