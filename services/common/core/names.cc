#include "common/core/names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/core/errors.h"

namespace causeway {
namespace {

bool IsLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

absl::Status Mismatch(absl::string_view field, absl::string_view pattern, absl::string_view name) {
  return InvalidField(field, absl::StrCat("must match ", pattern, ", got \"",
                                          absl::CEscape(name), "\""));
}

}  // namespace

absl::Status ValidateResourceName(absl::string_view field, absl::string_view name) {
  constexpr absl::string_view kPattern = "[a-z][a-z0-9_-]{0,62}";
  if (name.empty()) return InvalidField(field, "required");
  if (name.size() > 63 || !(name[0] >= 'a' && name[0] <= 'z')) {
    return Mismatch(field, kPattern, name);
  }
  for (char c : name) {
    if (!IsLowerOrDigit(c) && c != '_' && c != '-') return Mismatch(field, kPattern, name);
  }
  return absl::OkStatus();
}

absl::Status ValidateEventTypeName(absl::string_view field, absl::string_view name) {
  constexpr absl::string_view kPattern = "[A-Za-z][A-Za-z0-9_.-]{0,127}";
  if (name.empty()) return InvalidField(field, "required");
  if (name.size() > 128 || !absl::ascii_isalpha(static_cast<unsigned char>(name[0]))) {
    return Mismatch(field, kPattern, name);
  }
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') {
      return Mismatch(field, kPattern, name);
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateTopicName(absl::string_view field, absl::string_view name) {
  constexpr absl::string_view kPattern = "[A-Za-z0-9._-]{1,249}";
  if (name.empty()) return InvalidField(field, "required");
  if (name.size() > 249 || name == "." || name == "..") return Mismatch(field, kPattern, name);
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') {
      return Mismatch(field, kPattern, name);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<HostPort>> ParseBootstrapServers(absl::string_view field,
                                                            absl::string_view servers) {
  std::vector<HostPort> out;
  if (absl::StripAsciiWhitespace(servers).empty()) return InvalidField(field, "required");
  for (absl::string_view item : absl::StrSplit(servers, ',')) {
    item = absl::StripAsciiWhitespace(item);
    const size_t colon = item.rfind(':');
    if (item.empty() || colon == absl::string_view::npos || colon == 0) {
      return InvalidField(field, absl::StrCat("expected host:port, got \"", absl::CEscape(item), "\""));
    }
    absl::string_view host = item.substr(0, colon);
    if (host.front() == '[') {
      if (host.back() != ']' || host.size() < 3) {
        return InvalidField(field, absl::StrCat("bad IPv6 address in \"", absl::CEscape(item), "\""));
      }
    } else {
      for (char c : host) {
        if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') {
          return InvalidField(field, absl::StrCat("bad host in \"", absl::CEscape(item), "\""));
        }
      }
    }
    int port = 0;
    if (!absl::SimpleAtoi(item.substr(colon + 1), &port) || port < 1 || port > 65535) {
      return InvalidField(field, absl::StrCat("bad port in \"", absl::CEscape(item), "\""));
    }
    out.push_back(HostPort{std::string(host), port});
  }
  return out;
}

std::string DefaultTopicName(absl::string_view ns, absl::string_view event_type) {
  return absl::AsciiStrToLower(absl::StrCat(ns, ".", event_type));
}

}  // namespace causeway
