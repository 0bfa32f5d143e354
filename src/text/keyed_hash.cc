// HMAC-SHA256 with a per-installation secret, and masked previews.
#include "kenchi/text/keyed_hash.h"

#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <utility>

namespace kenchi::text {
namespace {

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

Result<std::string> ReadSecret(int fd, const std::string& path) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return Status::IoError(Errno("cannot stat secret", path));
  // A secret others can read is no secret: refuse rather than use it.
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Status::InvalidInput("secret " + path +
                                " is readable by group or others; chmod 600 it");
  }
  std::string secret(kSecretBytes + 1, '\0');
  ssize_t n = 0;
  size_t got = 0;
  while (got < secret.size() && (n = read(fd, secret.data() + got, secret.size() - got)) > 0) {
    got += static_cast<size_t>(n);
  }
  if (n < 0) return Status::IoError(Errno("cannot read secret", path));
  if (got != kSecretBytes) {
    return Status::InvalidInput("secret " + path + " must hold exactly " +
                                std::to_string(kSecretBytes) + " bytes, it has " +
                                (got > kSecretBytes ? "more" : std::to_string(got)));
  }
  secret.resize(kSecretBytes);
  return secret;
}

Result<std::string> CreateSecret(const std::string& path) {
  std::string secret(kSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), kSecretBytes) != 1) {
    return Status::Internal("cannot generate a secret: RAND_bytes failed");
  }
  // Written to a temporary name and linked into place, so that two
  // processes creating it at once agree on one secret and a crash never
  // leaves a short file behind.
  const std::string tmp = path + ".tmp." + std::to_string(getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError(Errno("cannot create secret", tmp));
  bool ok = write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size()) &&
            fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok) {
    unlink(tmp.c_str());
    return Status::IoError(Errno("cannot write secret", tmp));
  }
  const int linked = link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  unlink(tmp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return std::string();  // someone else won: read theirs
    errno = link_errno;
    return Status::IoError(Errno("cannot create secret", path));
  }
  return secret;
}

}  // namespace

std::string SecretPathFor(const std::string& db_path) {
  if (db_path.empty() || db_path == ":memory:") return {};
  return db_path + ".secret";
}

Result<KeyedHasher> KeyedHasher::LoadOrCreate(const std::string& path) {
  if (path.empty()) return Status::InvalidInput("no secret file given for keyed hashing");
  for (int attempt = 0; attempt < 2; ++attempt) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      Result<std::string> secret = ReadSecret(fd, path);
      close(fd);
      if (!secret.ok()) return secret.status();
      return KeyedHasher(std::move(secret).value());
    }
    if (errno != ENOENT) return Status::IoError(Errno("cannot open secret", path));
    Result<std::string> created = CreateSecret(path);
    if (!created.ok()) return created.status();
    if (!created->empty()) return KeyedHasher(std::move(created).value());
  }
  return Status::IoError("cannot create or read secret " + path);
}

KeyedHasher::KeyedHasher(std::string secret) : secret_(std::move(secret)) {
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac == nullptr) return;
  std::shared_ptr<EVP_MAC_CTX> ctx(EVP_MAC_CTX_new(hmac), EVP_MAC_CTX_free);
  EVP_MAC_free(hmac);  // the context holds its own reference
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  if (ctx != nullptr && EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(secret_.data()),
                                     secret_.size(), params) == 1) {
    keyed_ = std::move(ctx);
  }
}

std::string KeyedHasher::Hash(std::string_view value) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(value.data());
  // A copy of the keyed context: the shared one is only read, so threads
  // may hash at once.
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(
      keyed_ != nullptr ? EVP_MAC_CTX_dup(keyed_.get()) : nullptr, EVP_MAC_CTX_free);
  size_t out = 0;
  if (ctx != nullptr && EVP_MAC_update(ctx.get(), data, value.size()) == 1 &&
      EVP_MAC_final(ctx.get(), mac, &out, sizeof mac) == 1) {
    len = static_cast<unsigned int>(out);
  } else {
    HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()), data, value.size(), mac, &len);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[mac[i] >> 4]);
    hex.push_back(kHex[mac[i] & 0xF]);
  }
  return hex;
}

std::string MaskSecret(std::string_view secret) {
  // Byte length of each UTF-8 character; an invalid lead byte counts as one.
  auto char_len = [](unsigned char c) -> size_t {
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1;
  };
  size_t chars = 0;
  size_t first_len = 0, last_begin = 0;
  for (size_t i = 0; i < secret.size();) {
    size_t n = std::min(char_len(static_cast<unsigned char>(secret[i])), secret.size() - i);
    if (chars == 0) first_len = n;
    last_begin = i;
    i += n;
    ++chars;
  }
  if (chars <= 2) return std::string(chars, '*');
  std::string out(secret.substr(0, first_len));
  out.append(chars - 2, '*');
  out.append(secret.substr(last_begin));
  return out;
}

}  // namespace kenchi::text
