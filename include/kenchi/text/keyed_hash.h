// Keyed hashing of secrets found in collected data (passwords from dumps and
// hacked-server lists), so that kenchi never stores them in plaintext.
//
// A password is kept as HMAC-SHA256(installation secret, password) in hex,
// plus a masked preview for people ("p*****d"). The secret is 32 random
// bytes (OpenSSL RAND_bytes) in a file beside the database, created with
// mode 0600 on first use. Without the secret a stored hash cannot be
// brute-forced offline the way a plain SHA-256 of a short password can; with
// it, the same password seen twice hashes the same, so duplicates and
// re-use can still be found.
//
// Losing the secret file only means new hashes no longer equal old ones; it
// never exposes anything.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "kenchi/status.h"

struct evp_mac_ctx_st;  // OpenSSL's EVP_MAC_CTX

namespace kenchi::text {

// Length of the installation secret, in bytes.
inline constexpr size_t kSecretBytes = 32;

// Where the secret of the database at `db_path` lives: "<db_path>.secret"
// ("var/kenchi.db" -> "var/kenchi.db.secret"). An in-memory database
// (":memory:" or empty path) has no file; callers pass a path of their own.
std::string SecretPathFor(const std::string& db_path);

class KeyedHasher {
 public:
  // Reads the secret at `path`, creating it (0600, parent directory must
  // exist) when missing. Fails with kIoError naming the path when it cannot
  // be read or written, and with kInvalidInput when the file exists but is
  // not a secret (wrong size) or is readable by group or others.
  static Result<KeyedHasher> LoadOrCreate(const std::string& path);

  // A hasher over a given secret (tests, and callers that keep the secret
  // elsewhere). The secret must not be empty.
  explicit KeyedHasher(std::string secret);

  // HMAC-SHA256(secret, value), 64 lowercase hex digits. Safe to call from
  // several threads at once.
  std::string Hash(std::string_view value) const;

 private:
  std::string secret_;
  // HMAC-SHA256 keyed with the secret, set up once: each Hash copies it
  // rather than looking the algorithm up and keying it again (a third of
  // the cost; a scan hashes every matching password). Null if OpenSSL
  // could not set it up, and Hash then does it all each time.
  std::shared_ptr<evp_mac_ctx_st> keyed_;
};

// A preview of a secret that shows its shape but not its content: first and
// last character kept, every character between shown as '*', counted in
// code points so a Japanese password is not cut mid-character.
// "password" -> "p******d", "abc" -> "a*c", "ab" -> "**", "x" -> "*",
// "" -> "". Passwords of up to two characters are fully masked, since
// showing both ends would show everything.
std::string MaskSecret(std::string_view secret);

}  // namespace kenchi::text
