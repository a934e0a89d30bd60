#include "common/server/http_message.h"

#include "absl/strings/ascii.h"

namespace causeway {

std::string HttpRequest::Header(absl::string_view name) const {
  auto it = headers.find(absl::AsciiStrToLower(name));
  return it == headers.end() ? std::string() : it->second;
}

bool HttpRequest::HasHeader(absl::string_view name) const {
  return headers.count(absl::AsciiStrToLower(name)) > 0;
}

std::string HttpRequest::Param(absl::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? std::string() : it->second;
}

}  // namespace causeway
