#include "archiver/storage/s3_xml.h"

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/core/utf8.h"

namespace causeway::archiver {
std::vector<absl::string_view> XmlElements(absl::string_view xml, absl::string_view name) {
  std::vector<absl::string_view> found;
  const std::string open = absl::StrCat("<", name);
  const std::string close = absl::StrCat("</", name, ">");
  size_t at = 0;
  while ((at = xml.find(open, at)) != absl::string_view::npos) {
    size_t after = at + open.size();
    if (after >= xml.size()) break;
    char next = xml[after];
    if (next != '>' && next != ' ' && next != '/' && next != '\t' && next != '\n' &&
        next != '\r') {
      at = after;  // a longer name (<KeyMarker> when looking for <Key>)
      continue;
    }
    size_t tag_end = xml.find('>', after);
    if (tag_end == absl::string_view::npos) break;
    if (xml[tag_end - 1] == '/') {  // <Name/>: empty
      found.push_back(absl::string_view());
      at = tag_end + 1;
      continue;
    }
    size_t end = xml.find(close, tag_end + 1);
    if (end == absl::string_view::npos) break;
    found.push_back(xml.substr(tag_end + 1, end - tag_end - 1));
    at = end + close.size();
  }
  return found;
}

std::optional<std::string> XmlText(absl::string_view xml, absl::string_view name) {
  std::vector<absl::string_view> found = XmlElements(xml, name);
  if (found.empty()) return std::nullopt;
  return XmlUnescape(found.front());
}

std::string XmlUnescape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    size_t semi = text.find(';', i);
    if (semi == absl::string_view::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    absl::string_view entity = text.substr(i + 1, semi - i - 1);
    uint32_t cp = 0;
    if (entity == "amp") {
      out.push_back('&');
    } else if (entity == "lt") {
      out.push_back('<');
    } else if (entity == "gt") {
      out.push_back('>');
    } else if (entity == "quot") {
      out.push_back('"');
    } else if (entity == "apos") {
      out.push_back('\'');
    } else if (entity.size() > 2 && entity[0] == '#' && (entity[1] == 'x' || entity[1] == 'X') &&
               absl::SimpleHexAtoi(entity.substr(2), &cp) && cp <= 0x10FFFF) {
      AppendUtf8(cp, &out);
    } else if (entity.size() > 1 && entity[0] == '#' && absl::SimpleAtoi(entity.substr(1), &cp) &&
               cp <= 0x10FFFF) {
      AppendUtf8(cp, &out);
    } else {
      out.push_back('&');
      continue;
    }
    i = semi;
  }
  return out;
}

std::string XmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace causeway::archiver
