#include "common/avro/names.h"

namespace causeway::avro {
namespace {

bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }

bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

}  // namespace

bool IsValidName(std::string_view name) {
  if (name.empty() || !IsNameStart(name.front())) return false;
  for (char c : name.substr(1)) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

bool IsValidNamespace(std::string_view name_space) {
  if (name_space.empty()) return true;
  size_t start = 0;
  while (true) {
    const size_t dot = name_space.find('.', start);
    if (!IsValidName(name_space.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool IsValidFullName(std::string_view full_name) {
  return !full_name.empty() && IsValidNamespace(full_name);
}

std::string_view UnqualifiedName(std::string_view full_name) {
  const size_t dot = full_name.rfind('.');
  return dot == std::string_view::npos ? full_name : full_name.substr(dot + 1);
}

std::string_view NamespaceOf(std::string_view full_name) {
  const size_t dot = full_name.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : full_name.substr(0, dot);
}

std::string JoinFullName(std::string_view name_space, std::string_view name) {
  if (name_space.empty()) return std::string(name);
  std::string full_name(name_space);
  full_name += '.';
  full_name += name;
  return full_name;
}

std::string QualifyName(std::string_view name, std::string_view name_space) {
  if (name.find('.') != std::string_view::npos) return std::string(name);
  return JoinFullName(name_space, name);
}


}  // namespace causeway::avro
