// Content hashes: SHA-256 through OpenSSL's EVP interface (the low-level
// SHA256() calls are deprecated in OpenSSL 3).
#include <openssl/evp.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "kenchi/parse/parse.h"

namespace kenchi::parse {

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1 ||
      length != 32) {
    // Only an OpenSSL that lost SHA-256 (a broken FIPS setup) gets here.
    // Every document is keyed by this hash, so carrying on would be worse.
    std::abort();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

}  // namespace kenchi::parse
