#include "common/auth/roles.h"

#include <gtest/gtest.h>

namespace causeway::auth {
namespace {

v1::RoleBinding Binding(v1::Role role, const std::string& ns = "") {
  v1::RoleBinding b;
  b.set_principal("p");
  b.set_role(role);
  b.set_namespace_(ns);
  return b;
}

TEST(Roles, NamesParseBothWaysAndUnknownNamesListTheRoles) {
  EXPECT_EQ(RoleName(v1::ROLE_OWNER), "owner");
  EXPECT_EQ(*ParseRole("publisher"), v1::ROLE_PUBLISHER);
  EXPECT_EQ(*ParseRole("ROLE_VIEWER"), v1::ROLE_VIEWER);
  EXPECT_EQ(*ParseRole("Gateway"), v1::ROLE_GATEWAY);
  auto bad = ParseRole("superuser");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "role: expected one of admin, owner, publisher, consumer, viewer, gateway, relay, "
            "archiver, got \"superuser\"");
  EXPECT_FALSE(ParseRole("unspecified").ok());
}

TEST(Roles, GlobalRolesTakeNoNamespaceAndNamespaceRolesNeedOne) {
  EXPECT_TRUE(ValidateRoleBinding("", Binding(v1::ROLE_ADMIN)).ok());
  EXPECT_TRUE(ValidateRoleBinding("", Binding(v1::ROLE_VIEWER)).ok());
  EXPECT_TRUE(ValidateRoleBinding("", Binding(v1::ROLE_VIEWER, "mfp")).ok());
  EXPECT_TRUE(ValidateRoleBinding("", Binding(v1::ROLE_OWNER, "mfp")).ok());
  EXPECT_EQ(ValidateRoleBinding("rb.", Binding(v1::ROLE_GATEWAY, "mfp")).message(),
            "rb.namespace: role gateway is global: leave it empty");
  EXPECT_EQ(ValidateRoleBinding("rb.", Binding(v1::ROLE_CONSUMER)).message(),
            "rb.namespace: role consumer applies to a namespace: name one");
  EXPECT_FALSE(ValidateRoleBinding("", Binding(v1::ROLE_UNSPECIFIED)).ok());
  EXPECT_FALSE(ValidateRoleBinding("", Binding(static_cast<v1::Role>(42))).ok());
}

TEST(Roles, AdminGrantsEverythingEverywhere) {
  for (v1::Role role : {v1::ROLE_OWNER, v1::ROLE_PUBLISHER, v1::ROLE_GATEWAY, v1::ROLE_VIEWER}) {
    EXPECT_TRUE(Grants(Binding(v1::ROLE_ADMIN), role, "mfp"));
    EXPECT_TRUE(Grants(Binding(v1::ROLE_ADMIN), role, ""));
  }
}

TEST(Roles, NamespaceRolesImplyViewerOfTheirNamespaceOnly) {
  for (v1::Role role : {v1::ROLE_OWNER, v1::ROLE_PUBLISHER, v1::ROLE_CONSUMER}) {
    EXPECT_TRUE(Grants(Binding(role, "mfp"), v1::ROLE_VIEWER, "mfp")) << v1::Role_Name(role);
    EXPECT_FALSE(Grants(Binding(role, "mfp"), v1::ROLE_VIEWER, "other"));
    EXPECT_FALSE(Grants(Binding(role, "mfp"), v1::ROLE_VIEWER, "")) << "not the global viewer";
  }
  EXPECT_FALSE(Grants(Binding(v1::ROLE_OWNER, "mfp"), v1::ROLE_PUBLISHER, "mfp"))
      << "owning is not publishing";
  EXPECT_FALSE(Grants(Binding(v1::ROLE_PUBLISHER, "mfp"), v1::ROLE_OWNER, "mfp"));
}

TEST(Roles, TheGlobalViewerReadsEveryNamespaceButANamespaceViewerOnlyItsOwn) {
  EXPECT_TRUE(Grants(Binding(v1::ROLE_VIEWER), v1::ROLE_VIEWER, "mfp"));
  EXPECT_TRUE(Grants(Binding(v1::ROLE_VIEWER), v1::ROLE_VIEWER, ""));
  EXPECT_TRUE(Grants(Binding(v1::ROLE_VIEWER, "mfp"), v1::ROLE_VIEWER, "mfp"));
  EXPECT_FALSE(Grants(Binding(v1::ROLE_VIEWER, "mfp"), v1::ROLE_VIEWER, ""));
  EXPECT_FALSE(Grants(Binding(v1::ROLE_VIEWER), v1::ROLE_OWNER, "mfp"));
}

TEST(Roles, OnlyAdminGatewayAndRelaySeeCredentials) {
  const v1::RoleBinding admin = Binding(v1::ROLE_ADMIN), gateway = Binding(v1::ROLE_GATEWAY),
                        relay = Binding(v1::ROLE_RELAY), archiver = Binding(v1::ROLE_ARCHIVER),
                        viewer = Binding(v1::ROLE_VIEWER);
  EXPECT_TRUE(SeesCredentials({&admin}));
  EXPECT_TRUE(SeesCredentials({&viewer, &gateway}));
  EXPECT_TRUE(SeesCredentials({&relay}));
  EXPECT_TRUE(SeesCredentials({&archiver, &viewer}));
  EXPECT_FALSE(SeesCredentials({&viewer}));
  EXPECT_FALSE(SeesCredentials({}));
}

TEST(Roles, DescribeNamesRoleAndScope) {
  EXPECT_EQ(Describe(Need::Owner("mfp")), "owner of namespace \"mfp\"");
  EXPECT_EQ(Describe(Need::Admin()), "admin");
  EXPECT_EQ(Describe(Need::Viewer()), "viewer (global)");
  EXPECT_EQ(Describe(Need::Follower()), "viewer (global), gateway, relay or archiver");
}

}  // namespace
}  // namespace causeway::auth
