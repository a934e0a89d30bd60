#include "relay/server/curl_outcome.h"

#include "gtest/gtest.h"

namespace causeway::relay {
namespace {

TEST(CurlOutcome, FoldsCurlCodesIntoTransport) {
  EXPECT_EQ(TransportOf(CURLE_OK, false), Transport::kCompleted);
  EXPECT_EQ(TransportOf(CURLE_OPERATION_TIMEDOUT, false), Transport::kTimedOut);
  EXPECT_EQ(TransportOf(CURLE_COULDNT_CONNECT, false), Transport::kConnectFailed);
  EXPECT_EQ(TransportOf(CURLE_COULDNT_RESOLVE_HOST, false), Transport::kConnectFailed);
  EXPECT_EQ(TransportOf(CURLE_PEER_FAILED_VERIFICATION, false), Transport::kConnectFailed);
  EXPECT_EQ(TransportOf(CURLE_SSL_CONNECT_ERROR, false), Transport::kConnectFailed);
  EXPECT_EQ(TransportOf(CURLE_RECV_ERROR, false), Transport::kFailed);
  EXPECT_EQ(TransportOf(CURLE_WEIRD_SERVER_REPLY, false), Transport::kFailed);
  EXPECT_EQ(TransportOf(CURLE_ABORTED_BY_CALLBACK, false), Transport::kFailed);
}

TEST(CurlOutcome, GuardRefusalIsAddressRefused) {
  EXPECT_EQ(TransportOf(CURLE_COULDNT_CONNECT, true), Transport::kAddressRefused);
  EXPECT_EQ(TransportOf(CURLE_ABORTED_BY_CALLBACK, true), Transport::kAddressRefused);
  // A refused first address and a later one that answered: the answer counts.
  EXPECT_EQ(TransportOf(CURLE_OK, true), Transport::kCompleted);
}

}  // namespace
}  // namespace causeway::relay
