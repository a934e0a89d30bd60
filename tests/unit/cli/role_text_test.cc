// Roles as the command line takes them and tables show them.
#include "cli/role_text.h"

#include <gtest/gtest.h>

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

TEST(RoleTextTest, EveryRoleParsesFromItsLowerCaseName) {
  for (v1::Role role : {v1::ROLE_ADMIN, v1::ROLE_OWNER, v1::ROLE_PUBLISHER, v1::ROLE_CONSUMER,
                        v1::ROLE_VIEWER, v1::ROLE_GATEWAY, v1::ROLE_RELAY, v1::ROLE_ARCHIVER}) {
    EXPECT_EQ(ParseRole(RoleName(role)), role) << RoleName(role);
  }
  EXPECT_EQ(RoleName(v1::ROLE_PUBLISHER), "publisher");
  EXPECT_EQ(RoleNames(), "admin, owner, publisher, consumer, viewer, gateway, relay, archiver");
}

TEST(RoleTextTest, OtherSpellingsAreRefused) {
  for (const char* text : {"Admin", "ADMIN", "ROLE_ADMIN", "role_admin", "unspecified", "", "own"}) {
    EXPECT_FALSE(ParseRole(text).has_value()) << text;
  }
}

TEST(RoleTextTest, ABindingReadsWithItsNamespaceOrAlone) {
  v1::RoleBinding binding;
  binding.set_role(v1::ROLE_OWNER);
  binding.set_namespace_("mfp");
  EXPECT_EQ(RoleBindingText(binding), "owner of namespace mfp");
  binding.set_role(v1::ROLE_ADMIN);
  binding.clear_namespace_();
  EXPECT_EQ(RoleBindingText(binding), "admin");
}

}  // namespace
}  // namespace causeway::cli
