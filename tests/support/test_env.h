#pragma once
// What tools/test exports for integration tests. A missing variable fails the test: an integration
// test that silently skips would pass without testing anything.
#include <string>

namespace causeway::testing {

// The value of an environment variable, or a fatal test failure naming it.
std::string RequireEnv(const char* name);

// CAUSEWAY_TEST_KAFKA_BOOTSTRAP: the real KRaft broker.
std::string KafkaBootstrap();

// A unique, valid lower-case name with the given prefix ("ns-3f9a1c").
std::string UniqueName(const std::string& prefix);

}  // namespace causeway::testing
