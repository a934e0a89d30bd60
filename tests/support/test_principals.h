#pragma once
// Principals for integration tests. Every TopologyServer bootstraps `kTestAdmin` holding
// `kTestAdminToken` (its SHA-256 is stored, as for any token), and Context() sends that token, so
// tests exercise the real authentication; tests of access control make principals of their own
// with MakePrincipal.
#include <string>

#include "causeway/topology/v1/topology.grpc.pb.h"
#include "common/core/bearer_token.h"

namespace causeway::testing {

inline constexpr char kTestAdmin[] = "test-admin";
inline constexpr char kTestAdminToken[] = "cwt_test-admin-token-for-integration-tests-only";

// Revisions the bootstrap takes in a fresh database (the admin principal, its role binding), and
// the entities it leaves in every snapshot.
inline constexpr int64_t kBootstrapRevisions = 2;

// The admin's token as issued (text, hash, id).
IssuedToken TestAdminToken();

// Creates principal `name` (if absent), binds `role` on `ns` ("" for global; ROLE_UNSPECIFIED for
// none), issues a token and returns it. Fails the test on error.
std::string MakePrincipal(topology::v1::Topology::Stub& stub, const std::string& name,
                          topology::v1::Role role = topology::v1::ROLE_UNSPECIFIED,
                          const std::string& ns = "");

// Adds a role binding as the test admin; fails the test on error.
void Bind(topology::v1::Topology::Stub& stub, const std::string& principal,
          topology::v1::Role role, const std::string& ns = "");

}  // namespace causeway::testing
