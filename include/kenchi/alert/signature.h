// Signing webhook bodies, so a receiver knows a POST came from this kenchi
// and was not replayed.
//
// Each webhook request carries two headers:
//
//   X-Kenchi-Timestamp: 1764098484                      (Unix seconds, UTC)
//   X-Kenchi-Signature: sha256=<64 lowercase hex digits>
//
// where the hex is HMAC-SHA256, keyed with the sink's secret, over the
// bytes  "<timestamp>.<body>"  (the timestamp header's value, one ASCII dot,
// then the raw request body exactly as received). Binding the timestamp
// into the MAC stops an attacker from re-sending an old body with a fresh
// timestamp. A receiver verifies by:
//   1. recomputing the HMAC over "<X-Kenchi-Timestamp>.<raw body>" with the
//      shared secret and comparing it to the header in constant time
//      (Python: hmac.compare_digest; Go: hmac.Equal);
//   2. rejecting timestamps more than 5 minutes from its own clock;
//   3. optionally remembering X-Kenchi-Delivery ids it has seen in that
//      window, to drop exact duplicates (kenchi retries reuse the id).
// docs/ALERTS.md has a complete receiver in a few lines of Python.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kenchi::alert {

// "sha256=<hex>" for `body` sent at `unix_seconds`.
std::string SignWebhookBody(std::string_view secret, int64_t unix_seconds, std::string_view body);

// The receiver's check, used by tests and available to Go/C++ receivers
// that link kenchi: the signature matches (constant-time compare) and the
// timestamp is within `tolerance_seconds` of `now_unix_seconds`.
bool VerifyWebhookSignature(std::string_view secret, std::string_view timestamp_header,
                            std::string_view body, std::string_view signature_header,
                            int64_t now_unix_seconds, int64_t tolerance_seconds = 300);

}  // namespace kenchi::alert
