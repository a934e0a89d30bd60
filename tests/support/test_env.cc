#include "support/test_env.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace causeway::testing {

std::string RequireEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << name << " is not set: run integration tests through tools/test";
    std::abort();
  }
  return value;
}

std::string KafkaBootstrap() { return RequireEnv("CAUSEWAY_TEST_KAFKA_BOOTSTRAP"); }

std::string UniqueName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  static const uint32_t salt = std::random_device{}();
  return absl::StrCat(prefix, "-", absl::StrFormat("%06x", (salt + counter++ * 7919u) & 0xffffff));
}

}  // namespace causeway::testing
