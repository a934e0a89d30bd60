#include "relay/server/curl_outcome.h"

namespace causeway::relay {

Transport TransportOf(CURLcode code, bool address_refused) {
  switch (code) {
    case CURLE_OK:
      return Transport::kCompleted;
    case CURLE_OPERATION_TIMEDOUT:
      return Transport::kTimedOut;
    case CURLE_COULDNT_CONNECT:
    case CURLE_ABORTED_BY_CALLBACK:
      if (address_refused) return Transport::kAddressRefused;
      return code == CURLE_COULDNT_CONNECT ? Transport::kConnectFailed : Transport::kFailed;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:
      return Transport::kConnectFailed;
    default:
      return Transport::kFailed;
  }
}

}  // namespace causeway::relay
