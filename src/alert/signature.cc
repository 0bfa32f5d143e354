#include "kenchi/alert/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <string>

namespace kenchi::alert {
namespace {

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(mac_len * 2);
  for (unsigned int i = 0; i < mac_len; ++i) {
    hex += kHex[mac[i] >> 4];
    hex += kHex[mac[i] & 15];
  }
  return hex;
}

std::string SignedMaterial(std::string_view timestamp, std::string_view body) {
  std::string m;
  m.reserve(timestamp.size() + 1 + body.size());
  m.append(timestamp).append(".").append(body);
  return m;
}

}  // namespace

std::string SignWebhookBody(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  return "sha256=" + HmacSha256Hex(secret, SignedMaterial(std::to_string(unix_seconds), body));
}

bool VerifyWebhookSignature(std::string_view secret, std::string_view timestamp_header,
                            std::string_view body, std::string_view signature_header,
                            int64_t now_unix_seconds, int64_t tolerance_seconds) {
  int64_t ts = 0;
  const char* end = timestamp_header.data() + timestamp_header.size();
  auto [ptr, ec] = std::from_chars(timestamp_header.data(), end, ts);
  if (ec != std::errc() || ptr != end || timestamp_header.empty()) return false;
  const int64_t skew = now_unix_seconds > ts ? now_unix_seconds - ts : ts - now_unix_seconds;
  if (skew > tolerance_seconds) return false;
  const std::string expected =
      "sha256=" + HmacSha256Hex(secret, SignedMaterial(timestamp_header, body));
  return signature_header.size() == expected.size() &&
         CRYPTO_memcmp(signature_header.data(), expected.data(), expected.size()) == 0;
}

}  // namespace kenchi::alert
