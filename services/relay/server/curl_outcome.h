#pragma once
// What a finished libcurl transfer means to the relay: the CURLcode folded into Transport, so that
// the core's classifier (retry, dead-letter, suspend) never sees a libcurl type. Pure, thread-safe.
#include <curl/curl.h>

#include "relay/core/http_exchange.h"

namespace causeway::relay {

// `address_refused`: the dispatcher's address guard refused an address of this transfer (the
// open-socket or pre-request callback), which libcurl reports as CURLE_COULDNT_CONNECT or
// CURLE_ABORTED_BY_CALLBACK.
//   CURLE_OK                                   -> kCompleted
//   CURLE_OPERATION_TIMEDOUT                   -> kTimedOut
//   guard refused + couldn't connect / aborted -> kAddressRefused
//   resolve, connect, TLS handshake and certificate verification failures -> kConnectFailed
//   anything else (reset mid-response, malformed response, bad URL) -> kFailed
Transport TransportOf(CURLcode code, bool address_refused);

}  // namespace causeway::relay
