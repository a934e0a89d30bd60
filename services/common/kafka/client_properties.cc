#include "common/kafka/client_properties.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/kafka/java_properties.h"

namespace causeway::kafka {
namespace {

// What a cluster may need to be reached: where and how to authenticate, TLS, identification and
// connection tuning. Everything else is refused by omission, above all what decides delivery
// (acks, enable.idempotence, max.in.flight*, message.timeout.ms, queue.buffering.*, linger.ms:
// the services' own guarantees), what runs code or commands in the connecting process
// (plugin.library.paths, interceptors, sasl.kerberos.kinit.cmd), and bootstrap.servers (the
// cluster's own field).
const std::set<std::string, std::less<>>& AllowedKeys() {
  static const auto* keys = new std::set<std::string, std::less<>>{
      "security.protocol",
      // SASL; librdkafka accepts both spellings of the mechanism.
      "sasl.mechanism",
      "sasl.mechanisms",
      "sasl.username",
      "sasl.password",
      "sasl.oauthbearer.method",
      "sasl.oauthbearer.client.id",
      "sasl.oauthbearer.client.secret",
      "sasl.oauthbearer.scope",
      "sasl.oauthbearer.token.endpoint.url",
      "sasl.oauthbearer.extensions",
      // TLS: files mounted in the connecting process.
      "ssl.ca.location",
      "ssl.certificate.location",
      "ssl.key.location",
      "ssl.key.password",
      "ssl.endpoint.identification.algorithm",
      "ssl.cipher.suites",
      // Identification and connection tuning. Every socket.* setting is here (as the proto's
      // comment promises) except the deprecated no-op socket.blocking.max.ms: none changes what is
      // delivered, only how the connection behaves.
      "client.rack",
      "client.id",
      "socket.timeout.ms",
      "socket.keepalive.enable",
      "socket.connection.setup.timeout.ms",
      "socket.send.buffer.bytes",
      "socket.receive.buffer.bytes",
      "socket.nagle.disable",
      "socket.max.fails",
      "connections.max.idle.ms",
      "reconnect.backoff.ms",
      "reconnect.backoff.max.ms",
      "metadata.max.age.ms",
      "topic.metadata.refresh.interval.ms",
      "broker.address.family",
  };
  return *keys;
}

constexpr absl::string_view kReferenceForms = "${file:<absolute path>:<key>} or ${env:<NAME>}";

// `${file:<path>:<key>}` (path: the part up to the last ':') or `${env:<name>}`.
struct Reference {
  enum class Provider { kFile, kEnv };
  Provider provider = Provider::kFile;
  std::string path;  // kFile
  std::string key;   // kFile: the key in that file; kEnv: the variable's name
};

// A value as literal text and references, in order. Exactly one of the two is set in each.
struct Segment {
  std::string literal;
  std::optional<Reference> reference;
};

struct ParsedValue {
  std::vector<Segment> segments;
  std::string error;  // why a reference is malformed; never quotes the value
};

bool IsEnvName(absl::string_view name) {
  if (name.empty() || absl::ascii_isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// The reference inside `${...}`, or why it is not one.
std::optional<Reference> ParseReference(absl::string_view inner, std::string* error) {
  const size_t colon = inner.find(':');
  const absl::string_view provider = colon == absl::string_view::npos ? inner : inner.substr(0, colon);
  const absl::string_view rest =
      colon == absl::string_view::npos ? absl::string_view() : inner.substr(colon + 1);
  Reference ref;
  if (provider == "env") {
    if (!IsEnvName(rest)) {
      *error = "the variable name must match [A-Za-z_][A-Za-z0-9_]*";
      return std::nullopt;
    }
    ref.provider = Reference::Provider::kEnv;
    ref.key = std::string(rest);
    return ref;
  }
  if (provider != "file") {
    *error = "the provider must be file or env";
    return std::nullopt;
  }
  const size_t last = rest.rfind(':');
  if (last == absl::string_view::npos || last + 1 == rest.size()) {
    *error = "a file reference names the key after the path, ${file:<absolute path>:<key>}";
    return std::nullopt;
  }
  ref.path = std::string(rest.substr(0, last));
  ref.key = std::string(rest.substr(last + 1));
  if (!absl::StartsWith(ref.path, "/")) {
    *error = "the file path must be absolute";
    return std::nullopt;
  }
  if (ref.key.find_first_of("= \t\r\n\f\v") != std::string::npos) {
    *error = "the key must not contain '=' or blanks";
    return std::nullopt;
  }
  return ref;
}

// Every `${` starts a reference, which ends at the next `}`.
ParsedValue ParseValue(absl::string_view value) {
  ParsedValue parsed;
  size_t pos = 0;
  while (pos < value.size()) {
    const size_t open = value.find("${", pos);
    if (open == absl::string_view::npos) {
      parsed.segments.push_back({std::string(value.substr(pos)), std::nullopt});
      break;
    }
    if (open > pos) parsed.segments.push_back({std::string(value.substr(pos, open - pos)), std::nullopt});
    const size_t close = value.find('}', open + 2);
    if (close == absl::string_view::npos) {
      parsed.error = "a ${ without its closing }";
      return parsed;
    }
    std::optional<Reference> ref = ParseReference(value.substr(open + 2, close - open - 2), &parsed.error);
    if (!ref.has_value()) return parsed;
    parsed.segments.push_back({"", std::move(ref)});
    pos = close + 1;
  }
  return parsed;
}

std::string KeyPath(absl::string_view field, absl::string_view key) {
  return absl::StrCat(field, "[\"", key, "\"]");
}

// The fault of one property, or an empty string.
std::string PropertyFault(absl::string_view key, absl::string_view value) {
  if (key == "bootstrap.servers") return "not a client property: set the cluster's bootstrap_servers";
  if (!AllowedKeys().contains(key)) {
    return "not an allowed client property (only security, authentication, TLS, identification "
           "and connection settings; delivery settings such as acks are Causeway's own)";
  }
  const ParsedValue parsed = ParseValue(value);
  const std::string literal_secret =
      absl::StrCat("a secret must be a reference such as ${file:/var/run/secrets/kafka/"
                   "<cluster>.properties:", key, "} or ${env:NAME}, not a literal value");
  if (!parsed.error.empty()) {
    // A secret that does not even look like a reference is most likely the password itself.
    const bool looks_like_reference = absl::StartsWith(value, "${") && absl::EndsWith(value, "}");
    if (IsSecretClientProperty(key) && !looks_like_reference) return literal_secret;
    return absl::StrCat("malformed reference: ", parsed.error, "; a reference is ", kReferenceForms);
  }
  if (IsSecretClientProperty(key) && (parsed.segments.size() != 1 || !parsed.segments[0].reference)) {
    return literal_secret;
  }
  return "";
}

// A file's properties, read once per ResolveClientProperties call however many keys use it.
struct FileRead {
  std::map<std::string, std::string> properties;
  std::string error;  // why it could not be read
};

constexpr size_t kMaxPropertiesFileBytes = 1 << 20;

// The text of a small file (a properties file, a key), or why it could not be read.
bool ReadSmallFile(const std::string& path, std::string* text, std::string* error) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *error = absl::StrCat("cannot read ", path, ": ", std::strerror(errno));
    return false;
  }
  char buffer[8192];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
    text->append(buffer, n);
    if (text->size() > kMaxPropertiesFileBytes) break;
  }
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (failed) {
    *error = absl::StrCat("cannot read ", path, ": ", std::strerror(err));
    return false;
  }
  if (text->size() > kMaxPropertiesFileBytes) {
    *error = absl::StrCat(path, " is larger than 1 MiB");
    return false;
  }
  return true;
}

FileRead ReadPropertiesFile(const std::string& path) {
  FileRead read;
  std::string text;
  if (ReadSmallFile(path, &text, &read.error)) read.properties = ParseJavaProperties(text);
  return read;
}

}  // namespace

bool IsAllowedClientProperty(absl::string_view key) { return AllowedKeys().contains(key); }

bool IsSecretClientProperty(absl::string_view key) {
  return key == "sasl.password" || key == "ssl.key.password" ||
         key == "sasl.oauthbearer.client.secret";
}

absl::Status ValidateClientProperties(absl::string_view field, const ClientProperties& properties) {
  std::vector<std::string> faults;
  for (const auto& [key, value] : properties) {
    std::string fault = PropertyFault(key, value);
    if (!fault.empty()) faults.push_back(absl::StrCat(KeyPath(field, key), ": ", fault));
  }
  if (faults.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrJoin(faults, "; "));
}

absl::StatusOr<ClientProperties> ResolveClientProperties(const ClientProperties& properties) {
  ClientProperties resolved;
  std::map<std::string, FileRead> files;
  std::vector<std::string> faults;
  for (const auto& [key, value] : properties) {
    const std::string where = absl::StrCat("client property \"", key, "\"");
    ParsedValue parsed = ParseValue(value);
    if (!parsed.error.empty()) {
      faults.push_back(absl::StrCat(where, ": malformed reference: ", parsed.error));
      continue;
    }
    std::string out;
    bool ok = true;
    for (const Segment& segment : parsed.segments) {
      if (!segment.reference.has_value()) {
        out += segment.literal;
        continue;
      }
      const Reference& ref = *segment.reference;
      if (ref.provider == Reference::Provider::kEnv) {
        const char* env = std::getenv(ref.key.c_str());
        if (env == nullptr) {
          faults.push_back(absl::StrCat(where, ": environment variable ", ref.key, " is not set"));
          ok = false;
          break;
        }
        out += env;
        continue;
      }
      auto it = files.find(ref.path);
      if (it == files.end()) it = files.emplace(ref.path, ReadPropertiesFile(ref.path)).first;
      const FileRead& file = it->second;
      if (!file.error.empty()) {
        faults.push_back(absl::StrCat(where, ": ", file.error));
        ok = false;
        break;
      }
      auto found = file.properties.find(ref.key);
      if (found == file.properties.end()) {
        faults.push_back(absl::StrCat(where, ": ", ref.path, " has no key \"", ref.key, "\""));
        ok = false;
        break;
      }
      out += found->second;
    }
    if (ok) resolved.emplace(key, std::move(out));
  }
  if (!faults.empty()) return absl::FailedPreconditionError(absl::StrJoin(faults, "; "));
  return resolved;
}

absl::StatusOr<std::string> ResolveSecretReference(absl::string_view field,
                                                   absl::string_view reference) {
  absl::string_view inner = reference;
  if (!absl::ConsumePrefix(&inner, "${") || !absl::ConsumeSuffix(&inner, "}") ||
      inner.find_first_of("${}") != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": must be one secret reference, ${file:<absolute path>}, ", kReferenceForms,
        ", not a literal value"));
  }
  std::string value;
  absl::string_view whole_file = inner;
  if (absl::ConsumePrefix(&whole_file, "file:") && whole_file.find(':') == absl::string_view::npos) {
    if (!absl::StartsWith(whole_file, "/")) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": the file path must be absolute"));
    }
    std::string error;
    if (!ReadSmallFile(std::string(whole_file), &value, &error)) {
      return absl::FailedPreconditionError(absl::StrCat(field, ": ", error));
    }
    // A file written by `echo` or an editor ends with a newline that is not part of the key.
    if (absl::EndsWith(value, "\n")) value.pop_back();
    if (absl::EndsWith(value, "\r")) value.pop_back();
  } else {
    std::string error;
    std::optional<Reference> ref = ParseReference(inner, &error);
    if (!ref.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": malformed reference: ", error));
    }
    // One property, resolved like a cluster's: the same files, variables and messages.
    auto resolved = ResolveClientProperties({{std::string(field), std::string(reference)}});
    if (!resolved.ok()) return resolved.status();
    value = resolved->begin()->second;
  }
  if (value.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(field, ": the referenced secret is empty"));
  }
  return value;
}

}  // namespace causeway::kafka
