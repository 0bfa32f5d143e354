#include "kenchi/enrich/domain.h"

#include <idn2.h>
#include <libpsl.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "kenchi/enrich/geo.h"

namespace kenchi::enrich {
namespace {

constexpr size_t kMaxInput = 1024;
constexpr size_t kMaxDomain = 253;  // RFC 1035, in A-label form without the final dot

struct FreePsl {
  void operator()(psl_ctx_t* p) const { psl_free(p); }
};

// Owns a string malloc'ed by libidn2 / libpsl.
struct FreeC {
  void operator()(char* p) const { idn2_free(p); }
};
using CString = std::unique_ptr<char, FreeC>;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

Result<std::string> Prepare(std::string_view domain) {
  domain = Trim(domain);
  if (domain.empty()) return Status::InvalidInput("empty domain name");
  if (domain.size() > kMaxInput) {
    return Status::InvalidInput(fmt::format("domain name of {} bytes is too long", domain.size()));
  }
  if (domain.back() == '.') domain.remove_suffix(1);
  for (char c : domain) {
    if (c == ' ' || c == '\t' || c == '@' || c == '/' || c == ':' || c == '\0' || c == '\\') {
      return Status::InvalidInput(fmt::format("\"{}\" is not a host name", domain));
    }
  }
  if (domain.empty() || domain.front() == '.' || domain.find("..") != std::string_view::npos) {
    return Status::InvalidInput(fmt::format("\"{}\" has an empty label", domain));
  }
  return std::string(domain);
}

class Psl final : public PublicSuffixList {
 public:
  Psl(std::string source, psl_ctx_t* ctx) : source_(std::move(source)), ctx_(ctx) {}
  const std::string& source() const override { return source_; }

  Result<DomainInfo> Analyze(std::string_view domain) const override {
    Result<std::string> ascii = DomainToAscii(domain);
    if (!ascii.ok()) return ascii.status();
    if (ParseIpAddress(*ascii).ok()) {
      return Status::InvalidInput(fmt::format("\"{}\" is an IP address, not a domain name", *ascii));
    }
    DomainInfo info;
    info.ascii = std::move(ascii).value();
    Result<std::string> unicode = DomainToUnicode(info.ascii);
    if (!unicode.ok()) return unicode.status();
    info.unicode = std::move(unicode).value();
    info.is_public_suffix = psl_is_public_suffix(ctx_.get(), info.ascii.c_str()) != 0;
    if (const char* reg = psl_registrable_domain(ctx_.get(), info.ascii.c_str())) {
      info.registrable = reg;  // points into info.ascii
      Result<std::string> reg_unicode = DomainToUnicode(info.registrable);
      if (!reg_unicode.ok()) return reg_unicode.status();
      info.registrable_unicode = std::move(reg_unicode).value();
    }
    return info;
  }

 private:
  std::string source_;
  std::unique_ptr<psl_ctx_t, FreePsl> ctx_;
};

}  // namespace

std::string PublicSuffixList::DefaultPath() {
  const char* env = std::getenv("KENCHI_PSL");
  return env != nullptr && *env != '\0' ? env : "/usr/share/publicsuffix/public_suffix_list.dafsa";
}

Result<std::unique_ptr<PublicSuffixList>> PublicSuffixList::Load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound(fmt::format(
        "no Public Suffix List at {} (install the Debian package `publicsuffix`, or set KENCHI_PSL)",
        path));
  }
  psl_ctx_t* ctx = psl_load_file(path.c_str());
  // A DAFSA list reports -1 (count unknown); an empty or unparsable .dat reports 0.
  if (ctx == nullptr || psl_suffix_count(ctx) == 0) {
    if (ctx != nullptr) psl_free(ctx);
    return Status::IoError(fmt::format("cannot load the Public Suffix List {}: not a list libpsl can read", path));
  }
  return std::unique_ptr<PublicSuffixList>(new Psl(path, ctx));
}

Result<std::string> DomainToAscii(std::string_view domain) {
  Result<std::string> in = Prepare(domain);
  if (!in.ok()) return in.status();
  char* out = nullptr;
  const int rc = idn2_to_ascii_8z(in->c_str(), &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  CString owned(out);
  if (rc != IDN2_OK) {
    return Status::InvalidInput(fmt::format("\"{}\" is not a valid domain name: {}", *in, idn2_strerror(rc)));
  }
  std::string ascii(out);
  if (ascii.size() > kMaxDomain) {
    return Status::InvalidInput(fmt::format("\"{}\" is longer than {} octets", *in, kMaxDomain));
  }
  return ascii;
}

Result<std::string> DomainToUnicode(std::string_view domain) {
  Result<std::string> in = Prepare(domain);
  if (!in.ok()) return in.status();
  char* out = nullptr;
  const int rc = idn2_to_unicode_8z8z(in->c_str(), &out, 0);
  CString owned(out);
  if (rc != IDN2_OK) {
    return Status::InvalidInput(fmt::format("\"{}\" cannot be converted to Unicode: {}", *in, idn2_strerror(rc)));
  }
  return std::string(out);
}

}  // namespace kenchi::enrich
