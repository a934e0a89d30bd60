#include "relay/server/static_subscriptions.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace causeway::relay {

absl::StatusOr<std::vector<StaticSubscription>> ParseStaticSubscriptions(absl::string_view flag) {
  std::vector<StaticSubscription> out;
  std::set<std::string> seen;
  int i = 0;
  for (absl::string_view entry : absl::StrSplit(flag, ',', absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    const auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrCat("--subscriptions[", i, "]: ", why, " (in \"", entry,
                       "\"; expected <namespace>/<event type>=<http(s) URL or pull>)"));
    };
    const size_t eq = entry.find('=');
    if (eq == absl::string_view::npos) return bad("no '='");
    const absl::string_view type = entry.substr(0, eq);
    const absl::string_view url = entry.substr(eq + 1);
    const size_t slash = type.find('/');
    if (slash == absl::string_view::npos || slash == 0 || slash + 1 == type.size()) {
      return bad("the event type must be <namespace>/<name>");
    }
    if (url != kStaticPull && !absl::StartsWith(url, "http://") &&
        !absl::StartsWith(url, "https://")) {
      return bad("the endpoint must be an http:// or https:// URL, or pull");
    }
    StaticSubscription s{std::string(type.substr(0, slash)), std::string(type.substr(slash + 1)),
                         std::string(url)};
    if (!seen.insert(absl::StrCat(s.ns, "/", s.event_type)).second) {
      return bad("the event type is listed twice");
    }
    out.push_back(std::move(s));
    ++i;
  }
  return out;
}

topology::v1::Subscription ToSubscription(const StaticSubscription& s,
                                          topology::v1::StartPosition start) {
  std::string name = absl::AsciiStrToLower(absl::StrCat("static-", s.ns, "-", s.event_type));
  for (char& c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') c = '-';
  }
  topology::v1::Subscription sub;
  sub.set_name(name);
  sub.set_owner("development");
  sub.set_description("--subscriptions (development mode)");
  auto* et = sub.add_event_types();
  et->set_namespace_(s.ns);
  et->set_name(s.event_type);
  if (s.endpoint == kStaticPull) {
    sub.set_mode(topology::v1::SUBSCRIPTION_MODE_PULL);
  } else {
    sub.set_mode(topology::v1::SUBSCRIPTION_MODE_PUSH);
    sub.set_endpoint(s.endpoint);
    sub.set_allow_private_endpoint(true);
  }
  sub.set_ordering(topology::v1::SUBSCRIPTION_ORDERING_KEY);
  sub.set_content(topology::v1::SUBSCRIPTION_CONTENT_JSON);
  sub.set_start(start);
  sub.set_state(topology::v1::SUBSCRIPTION_STATE_ACTIVE);
  sub.set_dead_letter_topic(absl::StrCat("causeway.sub.", name, ".dead-letters"));
  return sub;
}

}  // namespace causeway::relay
