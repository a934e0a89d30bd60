// causeway-bench-consume: the consume benchmark's steps, called by tools/bench/consume/run.
//   raw     a plain librdkafka consumer reading N records of the topic; prints events/s
//   stream  K Relay.Consume streams on a PULL subscription acknowledging N events; events/s
// (the topic is filled by causeway-bench-relay fill). See tools/bench/README.md.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "absl/strings/str_format.h"
#include "raw_consumer.h"
#include "stream_consumer.h"

int main(int argc, char** argv) {
  using namespace causeway::bench;
  CLI::App app{"causeway-bench-consume: raw librdkafka consumer vs Relay.Consume streams"};
  app.require_subcommand(1);
  int deadline_s = 300;
  app.add_option("--deadline-seconds", deadline_s, "the whole run's")->capture_default_str();

  RawConsumeOptions raw;
  CLI::App* raw_cmd = app.add_subcommand("raw", "librdkafka consumer, nothing else");
  raw_cmd->add_option("--bootstrap", raw.bootstrap, "Kafka bootstrap servers")->required();
  raw_cmd->add_option("--topic", raw.topic, "topic to read")->required();
  raw_cmd->add_option("--group", raw.group, "consumer group (fresh per run)")->required();
  raw_cmd->add_option("--events", raw.events, "records to read")->required();

  StreamConsumeOptions stream;
  std::string token_file;
  CLI::App* stream_cmd = app.add_subcommand("stream", "Relay.Consume streams, acking each batch");
  stream_cmd->add_option("--relay", stream.relay, "causeway-relay's gRPC address")->required();
  stream_cmd->add_option("--subscription", stream.subscription, "a PULL subscription")
      ->required();
  stream_cmd->add_option("--token-file", token_file, "a consumer's token (first line)");
  stream_cmd->add_option("--streams", stream.streams, "streams at once")->capture_default_str();
  stream_cmd->add_option("--max-batch", stream.max_batch, "Init.max_batch")->capture_default_str();
  stream_cmd->add_option("--max-outstanding", stream.max_outstanding,
                         "Init.max_outstanding_events per stream")
      ->capture_default_str();
  stream_cmd->add_option("--events", stream.events, "acknowledgements in total")->required();

  CLI11_PARSE(app, argc, argv);
  raw.deadline = stream.deadline = absl::Seconds(deadline_s);

  if (raw_cmd->parsed()) {
    auto r = RunRawConsumer(raw);
    if (!r.ok()) {
      std::cerr << "raw: " << r.status() << "\n";
      return 1;
    }
    std::cout << absl::StrFormat(
        "raw librdkafka consumer: %d records (%d bytes) in %.2f s (first after %.2f s): %.0f "
        "events/s\n",
        r->events, r->bytes, absl::ToDoubleSeconds(r->elapsed), absl::ToDoubleSeconds(r->first),
        r->per_second());
    return 0;
  }
  if (!token_file.empty()) {
    std::ifstream in(token_file);
    std::getline(in, stream.token);
    if (stream.token.empty()) {
      std::cerr << "stream: no token in " << token_file << "\n";
      return 1;
    }
  }
  auto r = RunStreamConsumers(stream);
  if (!r.ok()) {
    std::cerr << "stream: " << r.status() << "\n";
    return 1;
  }
  std::cout << absl::StrFormat(
      "Consume x%d (batches of up to %d): %d events (%d bytes, %d batches, %d redelivered) in "
      "%.2f s (first after %.2f s): %.0f events/s\n",
      stream.streams, stream.max_batch, r->events, r->bytes, r->batches, r->redelivered,
      absl::ToDoubleSeconds(r->elapsed), absl::ToDoubleSeconds(r->first), r->per_second());
  return 0;
}
