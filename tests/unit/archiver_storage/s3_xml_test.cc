// S3's XML answers, as AWS documents them (S3 API reference examples, trimmed), through the tag
// scan and the error mapping S3Store uses.
#include "archiver/storage/s3_xml.h"

#include <gtest/gtest.h>

#include "archiver/storage/s3_errors.h"

namespace causeway::archiver {
namespace {

constexpr char kListObjectsV2[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>bucket</Name><Prefix/><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
  <IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents><Key>a/f&amp;&lt;1&#x2B;.avro</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified>
    <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size>
    <StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>a/g.avro</Key><Size>1</Size></Contents>
</ListBucketResult>)";

constexpr char kListMultipartUploads[] = R"(<ListMultipartUploadsResult>
  <Bucket>bucket</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>
  <NextKeyMarker>my-movie.m2ts</NextKeyMarker><NextUploadIdMarker>YW55IGlk</NextUploadIdMarker>
  <Upload><Key>my-divisor</Key><UploadId>XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw</UploadId>
    <Initiator><ID>arn:aws:iam::111122223333:user/u</ID></Initiator>
    <Initiated>2010-11-10T20:48:33.000Z</Initiated></Upload>
</ListMultipartUploadsResult>)";

TEST(S3XmlTest, ReadsListingsWithoutConfusingSimilarNames) {
  auto contents = XmlElements(kListObjectsV2, "Contents");
  ASSERT_EQ(contents.size(), 2u);
  EXPECT_EQ(XmlText(contents[0], "Key"), "a/f&<1+.avro");
  EXPECT_EQ(XmlText(contents[0], "ETag"), "\"fba9dede5f27731c9771645a39863328\"");
  EXPECT_EQ(XmlText(contents[1], "Size"), "1");
  EXPECT_EQ(XmlText(kListObjectsV2, "IsTruncated"), "true");
  EXPECT_EQ(XmlText(kListObjectsV2, "Prefix"), "");  // <Prefix/>
  EXPECT_EQ(XmlText(kListObjectsV2, "Missing"), std::nullopt);

  auto uploads = XmlElements(kListMultipartUploads, "Upload");  // not UploadId / UploadIdMarker
  ASSERT_EQ(uploads.size(), 1u);
  EXPECT_EQ(XmlText(uploads[0], "UploadId"), "XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw");
  EXPECT_EQ(XmlText(uploads[0], "Key"), "my-divisor");
  EXPECT_EQ(XmlText(kListMultipartUploads, "NextUploadIdMarker"), "YW55IGlk");
}

TEST(S3XmlTest, EscapesAndUnescapes) {
  EXPECT_EQ(XmlEscape("a&b<c>\"'"), "a&amp;b&lt;c&gt;&quot;&apos;");
  EXPECT_EQ(XmlUnescape(XmlEscape("a&b<c>\"'")), "a&b<c>\"'");
  EXPECT_EQ(XmlUnescape("&#4660;&#x1F600;"), "\xE1\x88\xB4\xF0\x9F\x98\x80");
  EXPECT_EQ(XmlUnescape("a & b &bogus; &#xZZ;"), "a & b &bogus; &#xZZ;");
  // Truncated documents end the scan instead of reading past the end.
  EXPECT_TRUE(XmlElements("<Key>unterminated", "Key").empty());
  EXPECT_TRUE(XmlElements("<Key", "Key").empty());
}

TEST(S3ErrorsTest, MapsStatusAndCodeToTheObjectStoreCodes) {
  constexpr char kDenied[] =
      "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated "
      "does not match</Message></Error>";
  absl::Status denied = StatusFromS3(403, kDenied, "S3 PUT k");
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(denied.message(),
            "S3 PUT k: HTTP 403 SignatureDoesNotMatch: The request signature we calculated does "
            "not match");
  EXPECT_EQ(StatusFromS3(404, "<Error><Code>NoSuchUpload</Code></Error>", "x").code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(StatusFromS3(412, "<Error><Code>PreconditionFailed</Code></Error>", "x").code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(StatusFromS3(409, "<Error><Code>ConditionalRequestConflict</Code></Error>", "x").code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(StatusFromS3(503, "<Error><Code>SlowDown</Code></Error>", "x").code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromS3(400, "<Error><Code>RequestTimeout</Code></Error>", "x").code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromS3(500, "", "x").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromS3(429, "", "x").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromS3(400, "<Error><Code>EntityTooSmall</Code></Error>", "x").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(StatusFromS3(501, "<Error><Code>NotImplemented</Code></Error>", "x").code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_EQ(StatusFromS3(401, "", "x").code(), absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace causeway::archiver
