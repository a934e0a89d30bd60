#include "gateway/server/http_batch_body.h"

#include "absl/strings/str_cat.h"
#include "common/core/errors.h"
#include "common/codec/json_preview.h"
#include "common/codec/simdjson_dom.h"

namespace causeway::gateway {
namespace {

namespace dom = codec::dom;
using codec::JsonPreview;

// Debian's Abseil has its own string_view; simdjson gives std::string_view.
absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

absl::Status Expected(const std::string& path, std::string_view what, dom::element got) {
  return InvalidField(path, absl::StrCat("expected ", Absl(what), ", got ", JsonPreview(got)));
}

using StringSetter = void (v1::PublishRequest::*)(const std::string&);

// The string members of an event and where they go.
struct StringMember {
  std::string_view name;
  StringSetter set;
};

const StringMember kStringMembers[] = {
    {"namespace", &v1::PublishRequest::set_namespace_},
    {"event_type", &v1::PublishRequest::set_event_type},
    {"event_id", &v1::PublishRequest::set_event_id},
    {"schema_id", &v1::PublishRequest::set_schema_id},
    {"traceparent", &v1::PublishRequest::set_traceparent},
    {"producer_id", &v1::PublishRequest::set_producer_id},
};

absl::StatusOr<v1::PublishRequest> ReadEvent(dom::element e, const std::string& path) {
  if (!e.is_object()) return Expected(path, "an object", e);
  v1::PublishRequest event;
  for (dom::key_value_pair member : dom::AsObject(e)) {
    const std::string member_path = absl::StrCat(path, ".", Absl(member.key));
    if (member.key == "payload") {
      event.set_json(simdjson::minify(member.value));
      continue;
    }
    if (member.key == "key") {
      if (!member.value.is_string()) return Expected(member_path, "string", member.value);
      event.set_key(std::string(dom::AsString(member.value)));
      continue;
    }
    const StringMember* known = nullptr;
    for (const StringMember& m : kStringMembers) {
      if (m.name == member.key) known = &m;
    }
    if (known == nullptr) return InvalidField(member_path, "unknown member");
    if (!member.value.is_string()) return Expected(member_path, "string", member.value);
    (event.*(known->set))(std::string(dom::AsString(member.value)));
  }
  if (event.namespace_().empty()) return InvalidField(path + ".namespace", "required");
  if (event.event_type().empty()) return InvalidField(path + ".event_type", "required");
  if (event.payload_case() == v1::PublishRequest::PAYLOAD_NOT_SET) {
    return InvalidField(path + ".payload", "required");
  }
  return event;
}

}  // namespace

absl::StatusOr<std::vector<v1::PublishRequest>> ParseBatchBody(std::string_view body,
                                                               size_t max_events) {
  simdjson::dom::parser parser;
  dom::element root;
  if (auto error = parser.parse(body.data(), body.size()).get(root); error) {
    return InvalidField("$", absl::StrCat("invalid JSON: ", simdjson::error_message(error)));
  }
  if (!root.is_object()) return Expected("$", "an object with \"events\"", root);
  for (dom::key_value_pair member : dom::AsObject(root)) {
    if (member.key != "events") {
      return InvalidField(absl::StrCat("$.", Absl(member.key)), "unknown member");
    }
  }
  dom::element events;
  if (dom::AsObject(root).at_key("events").get(events) != simdjson::SUCCESS) {
    return InvalidField("$.events", "required");
  }
  if (!events.is_array()) return Expected("$.events", "an array", events);
  const size_t n = dom::Count(dom::AsArray(events));
  if (n == 0) return InvalidField("$.events", "empty");
  if (n > max_events) {
    return InvalidField("$.events", absl::StrCat("at most ", max_events, " events, got ", n));
  }
  std::vector<v1::PublishRequest> out;
  out.reserve(n);
  size_t i = 0;
  for (dom::element e : dom::AsArray(events)) {
    auto event = ReadEvent(e, absl::StrCat("$.events[", i++, "]"));
    if (!event.ok()) return event.status();
    out.push_back(*std::move(event));
  }
  return out;
}

}  // namespace causeway::gateway
