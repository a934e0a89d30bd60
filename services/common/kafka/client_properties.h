#pragma once
// Per-cluster librdkafka properties: which ones a cluster may set (an allow-list, checked when the
// topology stores a cluster), and how a connecting process resolves the secret references among
// them from its own mounted files and environment. Secrets are never stored in the topology: only
// references in Kafka's config-provider form,
//   ${file:/var/run/secrets/kafka/eu-1.properties:sasl.password}   (a key of a Java properties file)
//   ${env:KAFKA_EU_1_PASSWORD}
// A file reference's path is absolute and runs up to the last ':' (the key has none); a variable's
// name matches [A-Za-z_][A-Za-z0-9_]*. Every `${` in a value starts a reference, which ends at the
// next `}`; secrets must be exactly one reference, other keys may embed any number in text.
// The allow-list itself is documented in client_properties.cc and services/common/kafka/README.md.
// Pure except ResolveClientProperties, which reads those files and variables (getenv: do not call
// it while another thread changes the environment).
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace causeway::kafka {

using ClientProperties = std::map<std::string, std::string>;

// OK when every key is allowed and every secret-valued key holds a reference. INVALID_ARGUMENT
// naming `<field>["<key>"]` for a key outside the allow-list (delivery settings such as acks or
// enable.idempotence are the services' own), a literal secret, or a malformed reference; every
// fault is listed, joined by "; ". Never puts a value in its message (it may be a secret pasted by
// mistake).
absl::Status ValidateClientProperties(absl::string_view field, const ClientProperties& properties);

// True for the keys whose value is a credential (sasl.password, ssl.key.password,
// sasl.oauthbearer.client.secret): stored only as one reference, and never to be quoted in a
// message or log line once resolved.
bool IsSecretClientProperty(absl::string_view key);

// Whether `key` is on the allow-list (what ValidateClientProperties accepts as a key).
bool IsAllowedClientProperty(absl::string_view key);

// The properties with every `${file:...}` / `${env:...}` reference replaced by its value, for
// handing to librdkafka in this process (kafka::NewClusterConf in rdkafka_conf.h does it for
// clients). FAILED_PRECONDITION naming the key and the file or variable (never the value) when a
// reference cannot be resolved or is malformed, every such fault listed. Each file is read once per
// call (at most 1 MiB, in java.util.Properties' format: java_properties.h).
absl::StatusOr<ClientProperties> ResolveClientProperties(const ClientProperties& properties);

// The value of one secret reference on its own, for a flag that names a secret (topology's and
// the relay's --subscription-signing-key): `${file:<absolute path>}` (the whole file, one trailing
// newline dropped), `${file:<absolute path>:<key>}` (a key of a Java properties file, as for
// clusters) or `${env:NAME}`. INVALID_ARGUMENT naming `field` when it is not exactly one reference
// (a literal would put the secret on a command line or in a manifest); FAILED_PRECONDITION naming
// the file or variable when it cannot be read or the value is empty. Never quotes the value.
absl::StatusOr<std::string> ResolveSecretReference(absl::string_view field,
                                                   absl::string_view reference);

}  // namespace causeway::kafka
