// The signer against published vectors:
//  - AWS's Signature Version 4 test suite (formerly docs.aws.amazon.com/general/latest/gr/
//    signature-v4-test-suite.html, now carried by awslabs/aws-c-auth under
//    tests/aws-signing-test-suite/v4): credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1,
//    service "service". Only the cases S3's rules agree with (no path normalisation; the
//    `-unnormalized` variants where the suite has both).
//  - The S3 API reference's GET Object example ("Authenticating Requests: Using the
//    Authorization Header", examplebucket, signature f0e8bdb8...).
#include "archiver/core/sigv4.h"

#include <gtest/gtest.h>

#include "absl/time/civil_time.h"

namespace causeway::archiver {
namespace {

constexpr char kEmptyHash[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

absl::Time SuiteTime() {
  return absl::FromCivil(absl::CivilSecond(2015, 8, 30, 12, 36, 0), absl::UTCTimeZone());
}

SigV4Credentials SuiteCredentials() {
  return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
}

struct Vector {
  const char* name;
  const char* method;
  const char* path;
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;
  const char* payload_hash;
  const char* canonical_request;  // nullptr: not checked
  const char* signed_headers;
  const char* signature;
};

SigV4Signed SignSuite(const Vector& v, const SigV4Credentials& credentials) {
  SigV4Request request;
  request.method = v.method;
  request.host = "example.amazonaws.com";
  request.path = v.path;
  request.query = v.query;
  request.headers = v.headers;
  request.payload_hash = v.payload_hash;
  request.sign_content_sha256 = false;  // the generic suite does not send it
  auto signed_request = SignV4(request, credentials, "us-east-1", "service", SuiteTime());
  EXPECT_TRUE(signed_request.ok()) << signed_request.status();
  return signed_request.ok() ? *signed_request : SigV4Signed{};
}

TEST(SigV4Test, MatchesTheAwsTestSuite) {
  const std::vector<Vector> vectors = {
      {"get-vanilla", "GET", "/", {}, {}, kEmptyHash,
       "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-query-order-key-case", "GET", "/", {{"Param2", "value2"}, {"Param1", "value1"}},
       {}, kEmptyHash,
       "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-vanilla-query-order-encoded", "GET", "/",
       {{"Param-3", "Value3"}, {"Param", "Value2"}, {"\xE1\x88\xB4", "Value1"}}, {}, kEmptyHash,
       nullptr, "host;x-amz-date",
       "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac"},
      {"get-vanilla-utf8-query", "GET", "/", {{"\xE1\x88\xB4", "bar"}}, {}, kEmptyHash, nullptr,
       "host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
      {"get-header-value-trim", "GET", "/", {},
       {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}}, kEmptyHash,
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "host;my-header1;my-header2;x-amz-date",
       "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
      {"get-header-key-duplicate", "GET", "/", {},
       {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}}, kEmptyHash,
       nullptr, "host;my-header1;x-amz-date",
       "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
      {"post-x-www-form-urlencoded", "POST", "/", {},
       {{"Content-Type", "application/x-www-form-urlencoded"},
        {"Content-Length", "13"},
        {"x-amz-content-sha256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"}},
       "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e", nullptr,
       "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
       "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"},
      {"get-space-unnormalized", "GET", "/example space/", {}, {}, kEmptyHash,
       "GET\n/example%20space/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "host;x-amz-date", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
      {"get-utf8", "GET", "/\xE1\x88\xB4", {}, {}, kEmptyHash, nullptr, "host;x-amz-date",
       "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
      {"get-unreserved", "GET",
       "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", {}, {}, kEmptyHash,
       nullptr, "host;x-amz-date",
       "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
      {"get-slashes-unnormalized", "GET", "//example//", {}, {}, kEmptyHash, nullptr,
       "host;x-amz-date", "87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5"},
      {"get-relative-unnormalized", "GET", "/example/..", {}, {}, kEmptyHash, nullptr,
       "host;x-amz-date", "eca7ead57bb5aa5c8e28007acd4ff04e1ff9a0ff3b237ec1554a184887ff9282"},
  };
  for (const Vector& v : vectors) {
    SCOPED_TRACE(v.name);
    SigV4Signed s = SignSuite(v, SuiteCredentials());
    if (v.canonical_request != nullptr) {
      EXPECT_EQ(s.canonical_request, v.canonical_request);
    }
    EXPECT_EQ(s.signature, v.signature);
    EXPECT_EQ(s.authorization,
              std::string("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                          "aws4_request, SignedHeaders=") +
                  v.signed_headers + ", Signature=" + v.signature);
  }
}

TEST(SigV4Test, SignsTheSessionTokenAsTheSuiteDoes) {
  SigV4Credentials credentials = SuiteCredentials();
  credentials.session_token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
  Vector v{"get-vanilla-with-session-token", "GET", "/", {}, {}, kEmptyHash, nullptr,
           "host;x-amz-date;x-amz-security-token",
           "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"};
  SigV4Signed s = SignSuite(v, credentials);
  EXPECT_EQ(s.signature, v.signature);
  bool sent = false;
  for (const auto& [name, value] : s.headers) {
    if (name == "x-amz-security-token") sent = value == credentials.session_token;
  }
  EXPECT_TRUE(sent);
}

// S3 API reference, "Example: GET Object": the first 10 bytes of examplebucket/test.txt.
TEST(SigV4Test, MatchesTheS3GetObjectExample) {
  SigV4Request request;
  request.method = "GET";
  request.host = "examplebucket.s3.amazonaws.com";
  request.path = "/test.txt";
  request.headers = {{"Range", "bytes=0-9"}};
  request.payload_hash = kEmptyHash;
  auto s = SignV4(request,
                  {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""},
                  "us-east-1", "s3",
                  absl::FromCivil(absl::CivilSecond(2013, 5, 24, 0, 0, 0), absl::UTCTimeZone()));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->canonical_request,
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(s->signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Test, EncodesPathsAndQueriesTheS3Way) {
  EXPECT_EQ(UriEncode("/zone/dt=2026-01-01/c+t+0.avro", true),
            "/zone/dt%3D2026-01-01/c%2Bt%2B0.avro");
  EXPECT_EQ(UriEncode("a/b c", false), "a%2Fb%20c");
  EXPECT_EQ(CanonicalQuery({{"uploads", ""}, {"prefix", "a/b"}, {"list-type", "2"}}),
            "list-type=2&prefix=a%2Fb&uploads=");
  EXPECT_EQ(Sha256Hex(""), kEmptyHash);
}

TEST(SigV4Test, RefusesWhatWouldSplitTheRequestOrLacksACredential) {
  SigV4Request request{"GET", "h", "/", {}, {{"X-Evil", "a\r\nHost: other"}}, kEmptyHash, true};
  EXPECT_EQ(SignV4(request, SuiteCredentials(), "r", "s3", SuiteTime()).status().code(),
            absl::StatusCode::kInvalidArgument);
  request.headers = {{"Host", "other"}};
  EXPECT_EQ(SignV4(request, SuiteCredentials(), "r", "s3", SuiteTime()).status().code(),
            absl::StatusCode::kInvalidArgument);
  request.headers = {};
  EXPECT_EQ(SignV4(request, {"", "s", ""}, "r", "s3", SuiteTime()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(SignV4(request, SuiteCredentials(), "r", "s3", SuiteTime()).ok());
}

}  // namespace
}  // namespace causeway::archiver
