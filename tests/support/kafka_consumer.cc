#include "support/kafka_consumer.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/kafka/consumer.h"
#include "support/test_env.h"

namespace causeway::testing {

std::vector<ConsumedMessage> ConsumeAll(const std::string& bootstrap, const std::string& topic,
                                        size_t expected, absl::Duration idle,
                                        absl::Duration limit) {
  return ConsumeAll(kafka::ClusterConnection{bootstrap, {}}, topic, expected, idle, limit);
}

std::vector<ConsumedMessage> ConsumeAll(const kafka::ClusterConnection& cluster,
                                        const std::string& topic, size_t expected,
                                        absl::Duration idle, absl::Duration limit) {
  std::vector<ConsumedMessage> out;
  auto consumer = kafka::KafkaConsumer::Create(
      absl::StrCat("cluster ", cluster.bootstrap_servers), cluster,
      {.group_id = UniqueName("test-reader"),
       .auto_offset_reset = "earliest",
       .extra = {{"isolation.level", "read_committed"}}});
  if (!consumer.ok()) {
    ADD_FAILURE() << "reading " << topic << ": " << consumer.status();
    return out;
  }
  if (absl::Status s = (*consumer)->Subscribe({topic}); !s.ok()) {
    ADD_FAILURE() << "reading " << topic << ": " << s;
    return out;
  }
  const absl::Time end = absl::Now() + limit;
  absl::Time last = absl::Now();
  bool assigned = false;
  while (out.size() < expected && absl::Now() < end && (!assigned || absl::Now() - last < idle)) {
    kafka::KafkaConsumer::Polled polled = (*consumer)->Poll(absl::Milliseconds(200));
    if (polled.result != kafka::KafkaConsumer::PollResult::kRecord) {
      // The idle clock starts once the group has assigned the partitions.
      if (!assigned && (*consumer)->HasAssignment()) {
        assigned = true;
        last = absl::Now();
      }
      continue;
    }
    kafka::ConsumedRecord& r = polled.record;
    ConsumedMessage m;
    m.partition = r.partition;
    m.offset = r.offset;
    m.key = r.key.value_or("");
    m.value = std::move(r.value);
    for (auto& [name, value] : r.headers) m.headers[name] = std::move(value);
    out.push_back(std::move(m));
    last = absl::Now();
    assigned = true;
  }
  return out;
}

}  // namespace causeway::testing
