#pragma once
// Java `.properties` text (java.util.Properties' format), the format of the files Kafka's
// FileConfigProvider reads secrets from and of Kubernetes Secrets mounted for Java clients.
// Pure: the caller reads the file.
#include <map>
#include <string>

#include "absl/strings/string_view.h"

namespace causeway::kafka {

// Every key and value of `text`, the last one winning for a repeated key. As java.util.Properties:
// lines end at \n, \r\n or \r; a line whose first non-blank character is `#` or `!` is a comment; a
// line ending in an odd number of backslashes continues on the next one (whose leading blanks are
// dropped); the key ends at the first unescaped `=`, `:` or blank, and one `=` or `:` with blanks
// around it separates it from the value; escapes \t \n \r \f \uXXXX and `\<any>` (that character).
// Unlike java.util.Properties, trailing blanks of a value are trimmed too (a value ending in a
// blank must escape it, `\ `): a stray space after a password is a classic copy-paste mistake.
// Never fails: like Java, malformed input reads as whatever it spells.
std::map<std::string, std::string> ParseJavaProperties(absl::string_view text);

}  // namespace causeway::kafka
