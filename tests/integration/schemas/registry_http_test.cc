// The Confluent Schema Registry read API, answered as Confluent's clients expect.
#include <simdjson.h>

#include "absl/strings/escaping.h"
#include "common/avro/json_value.h"
#include "schema_fixture.h"
#include "support/http_client.h"

namespace causeway::testing {
namespace {

class RegistryHttpTest : public SchemaTest {
 protected:
  void SetUp() override {
    SchemaTest::SetUp();
    auth_ = {absl::StrCat("Authorization: Bearer ", kTestAdminToken)};
  }

  // GET or POST, returning the status and the body parsed as JSON.
  int Get(const std::string& path, simdjson::dom::element* out) {
    return Parse(HttpGet(server_->http_url() + path, auth_), out);
  }
  int Post(const std::string& path, const std::string& schema, simdjson::dom::element* out) {
    std::string body = "{\"schema\":";
    avro::AppendJsonString(body, schema);
    body += "}";
    std::vector<std::string> headers = auth_;
    headers.push_back("Content-Type: application/vnd.schemaregistry.v1+json");
    return Parse(HttpPost(server_->http_url() + path, body, headers), out);
  }
  int Parse(const HttpReply& res, simdjson::dom::element* out) {
    if (res.status == 0) return -1;
    body_ = res.body;
    EXPECT_EQ(HeaderValue(res, "Content-Type"), "application/vnd.schemaregistry.v1+json");
    if (out != nullptr) EXPECT_EQ(parser_.parse(body_).get(*out), simdjson::SUCCESS) << body_;
    return static_cast<int>(res.status);
  }
  int64_t ErrorCode(simdjson::dom::element e) { return int64_t(e["error_code"]); }

  std::vector<std::string> auth_;  // the test admin's bearer token
  simdjson::dom::parser parser_;
  std::string body_;
};

TEST_F(RegistryHttpTest, OnlyAvailableAndDeprecatedSchemasAreVisible) {
  v1::Schema pending;
  ASSERT_TRUE(Register(kPersonV1, &pending).ok());
  simdjson::dom::element e;
  EXPECT_EQ(Get("/subjects", &e), 200);
  EXPECT_EQ(simdjson::dom::array(e).size(), 0u);
  EXPECT_EQ(Get("/schemas/ids/" + std::to_string(pending.global_id()), &e), 404);
  EXPECT_EQ(ErrorCode(e), 40403);
}

TEST_F(RegistryHttpTest, SubjectsVersionsAndIds) {
  v1::Schema s1 = RegisterAndActivate(kPersonV1);
  v1::Schema s2 = RegisterAndActivate(kPersonV2);
  Deprecate(s1.id(), &s1);
  simdjson::dom::element e;
  ASSERT_EQ(Get("/subjects", &e), 200);
  ASSERT_EQ(simdjson::dom::array(e).size(), 1u);
  EXPECT_EQ(std::string_view(e.at(0)), "mfp.person-value");

  ASSERT_EQ(Get("/subjects/mfp.person-value/versions", &e), 200);
  EXPECT_EQ(simdjson::minify(e), "[1,2]");

  ASSERT_EQ(Get("/subjects/mfp.person-value/versions/latest", &e), 200);
  EXPECT_EQ(int64_t(e["version"]), 2);
  EXPECT_EQ(int64_t(e["id"]), s2.global_id());
  EXPECT_EQ(std::string_view(e["subject"]), "mfp.person-value");
  EXPECT_EQ(std::string_view(e["schema"]), kPersonV2);

  ASSERT_EQ(Get("/subjects/mfp.person-value/versions/1", &e), 200);
  EXPECT_EQ(int64_t(e["id"]), s1.global_id()) << "deprecated schemas stay decodable";

  ASSERT_EQ(Get("/schemas/ids/" + std::to_string(s2.global_id()), &e), 200);
  EXPECT_EQ(std::string_view(e["schema"]), kPersonV2);
  ASSERT_EQ(Get("/schemas/ids/" + std::to_string(s2.global_id()) + "/versions", &e), 200);
  EXPECT_EQ(simdjson::minify(e), R"([{"subject":"mfp.person-value","version":2}])");
  HttpReply raw =
      HttpGet(server_->http_url() + "/schemas/ids/" + std::to_string(s2.global_id()) + "/schema",
              auth_);
  EXPECT_EQ(raw.body, kPersonV2);
}

TEST_F(RegistryHttpTest, LookUpAndCompatibility) {
  v1::Schema s1 = RegisterAndActivate(kPersonV1);
  simdjson::dom::element e;
  // Look-up ignores formatting: same canonical form.
  ASSERT_EQ(Post("/subjects/mfp.person-value",
                 R"({"name":"Person","namespace":"com.example","type":"record","fields":[
                    {"name":"first_name","type":"string"},{"name":"last_name","type":"string"}]})",
                 &e), 200);
  EXPECT_EQ(int64_t(e["id"]), s1.global_id());
  EXPECT_EQ(Post("/subjects/mfp.person-value", kPersonV2, &e), 404);
  EXPECT_EQ(ErrorCode(e), 40403);

  ASSERT_EQ(Post("/compatibility/subjects/mfp.person-value/versions/latest", kPersonV2, &e), 200);
  EXPECT_TRUE(bool(e["is_compatible"]));
  ASSERT_EQ(Post("/compatibility/subjects/mfp.person-value/versions/latest?verbose=true",
                 kPersonRequiredAge, &e), 200);
  EXPECT_FALSE(bool(e["is_compatible"]));
  EXPECT_EQ(simdjson::dom::array(e["messages"]).size(), 1u);
  EXPECT_EQ(Post("/compatibility/subjects/mfp.person-value/versions/latest", "{bad", &e), 422);
  EXPECT_EQ(ErrorCode(e), 42201);
}

TEST_F(RegistryHttpTest, ConfigAndErrors) {
  RegisterAndActivate(kPersonV1);
  simdjson::dom::element e;
  ASSERT_EQ(Get("/config", &e), 200);
  EXPECT_EQ(std::string_view(e["compatibilityLevel"]), "BACKWARD");
  ASSERT_EQ(Get("/config/mfp.person-value", &e), 200);
  EXPECT_EQ(std::string_view(e["compatibilityLevel"]), "BACKWARD");
  EXPECT_EQ(Get("/subjects/nope-value/versions", &e), 404);
  EXPECT_EQ(ErrorCode(e), 40401);
  EXPECT_EQ(Get("/subjects/mfp.person-value/versions/7", &e), 404);
  EXPECT_EQ(ErrorCode(e), 40402);
  EXPECT_EQ(Get("/subjects/mfp.person-value/versions/abc", &e), 422);
  EXPECT_EQ(ErrorCode(e), 42202);
  EXPECT_EQ(Get("/schemas/ids/99999", &e), 404);
  EXPECT_EQ(ErrorCode(e), 40403);
  EXPECT_EQ(Post("/subjects/mfp.person-value/versions", kPersonV2, &e), 405);
}

}  // namespace
TEST_F(RegistryHttpTest, AnonymousCallsAreRefusedWithABasicChallenge) {
  RegisterAndActivate(kPersonV1);
  HttpReply res = HttpGet(server_->http_url() + "/subjects");
  EXPECT_EQ(res.status, 401) << res.error;
  EXPECT_EQ(HeaderValue(res, "WWW-Authenticate"), "Basic realm=\"causeway\"");
  EXPECT_NE(res.body.find("40101"), std::string::npos) << res.body;
}

TEST_F(RegistryHttpTest, BasicAuthCarriesATokenAndEachCallerSeesItsNamespacesOnly) {
  v1::Schema s1 = RegisterAndActivate(kPersonV1);
  v1::CreateNamespaceRequest other;
  other.mutable_namespace_()->set_name("other");
  v1::Namespace n;
  ASSERT_TRUE(topology_->CreateNamespace(Context().get(), other, &n).ok());
  const std::string reader = MakePrincipal(*topology_, "reader", v1::ROLE_CONSUMER, "mfp");
  const std::string stranger = MakePrincipal(*topology_, "stranger", v1::ROLE_OWNER, "other");

  // Confluent's basic.auth.user.info: any user, the token as password.
  const std::vector<std::string> as_reader = {
      "Authorization: Basic " + absl::Base64Escape("any-user:" + reader)};
  HttpReply subjects = HttpGet(server_->http_url() + "/subjects", as_reader);
  EXPECT_EQ(subjects.status, 200);
  EXPECT_EQ(subjects.body, "[\"mfp.person-value\"]");

  const std::vector<std::string> as_stranger = {"Authorization: Bearer " + stranger};
  HttpReply none = HttpGet(server_->http_url() + "/subjects", as_stranger);
  EXPECT_EQ(none.body, "[]");
  HttpReply by_id =
      HttpGet(server_->http_url() + "/schemas/ids/" + std::to_string(s1.global_id()), as_stranger);
  EXPECT_EQ(by_id.status, 404) << "another namespace's schema is as if absent";
  HttpReply subject =
      HttpGet(server_->http_url() + "/subjects/mfp.person-value/versions", as_stranger);
  EXPECT_EQ(subject.status, 404);
}

}  // namespace causeway::testing
