// Validation and canonical forms of watchlist values.
#include "kenchi/match/asset_value.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <idn2.h>

#include <cstdlib>
#include <cstring>

#include "kenchi/enrich/domain.h"
#include "kenchi/match/folded_text.h"

namespace kenchi::match {
namespace {

constexpr size_t kMaxTextValueBytes = 512;

std::string_view Trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

bool IsAsciiDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

size_t CodePoints(std::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool ValidLdhLabel(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Result<std::string> TextValue(AssetKind kind, std::string_view v) {
  if (v.size() > kMaxTextValueBytes) {
    return Status::InvalidInput(fmt::format("a {} may be at most {} bytes, got {}", ToString(kind),
                                            kMaxTextValueBytes, v.size()));
  }
  for (unsigned char c : v) {
    if (c < 0x20 || c == 0x7F) {
      return Status::InvalidInput(fmt::format("a {} must not contain control characters", ToString(kind)));
    }
  }
  // One folded character would match nearly every document.
  if (CodePoints(FoldPattern(v, Folding::kNfkcCaseFold)) < 2) {
    return Status::InvalidInput(
        fmt::format("a {} needs at least two characters, got \"{}\"", ToString(kind), v));
  }
  return std::string(v);
}

// Debian's Public Suffix List, loaded once. Without it (the `publicsuffix`
// package missing) the public-suffix check is skipped rather than making
// every watchlist fail; `kenchi geo domain` reports the missing list.
const enrich::PublicSuffixList* SharedSuffixList() {
  static const std::unique_ptr<enrich::PublicSuffixList> list = [] {
    Result<std::unique_ptr<enrich::PublicSuffixList>> l =
        enrich::PublicSuffixList::Load(enrich::PublicSuffixList::DefaultPath());
    return l.ok() ? std::move(l).value() : nullptr;
  }();
  return list.get();
}

Result<std::string> DomainValue(AssetKind kind, std::string_view v) {
  if (kind == AssetKind::kEmailDomain && !v.empty() && v.front() == '@') v.remove_prefix(1);
  std::optional<std::string> d = CanonicalDomain(v);
  if (!d) {
    return Status::InvalidInput(fmt::format(
        "expected a domain name such as example.co.jp (letters, digits, hyphens, at least two "
        "labels, no scheme or path), got \"{}\"",
        v));
  }
  KENCHI_RETURN_IF_ERROR(CheckNotPublicSuffix(*d));
  return *d;
}

std::string FormatIp(const IpBytes& b) {
  char buf[INET6_ADDRSTRLEN] = {};
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b.data(), kMapped, 12) == 0) {
    inet_ntop(AF_INET, b.data() + 12, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, b.data(), buf, sizeof buf);
  }
  return buf;
}

bool IsMappedV4(const IpBytes& b) {
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(b.data(), kMapped, 12) == 0;
}

}  // namespace

Status CheckNotPublicSuffix(std::string_view domain) {
  const enrich::PublicSuffixList* psl = SharedSuffixList();
  if (psl == nullptr) return Status::Ok();
  Result<enrich::DomainInfo> info = psl->Analyze(domain);
  if (info.ok() && info->is_public_suffix) {
    return Status::InvalidInput(fmt::format(
        "\"{}\" is a public suffix: watching it would match every domain registered under it; "
        "watch a registrable domain such as example.{}",
        domain, domain));
  }
  return Status::Ok();
}

std::optional<std::string> CanonicalDomain(std::string_view domain) {
  std::string_view v = Trim(domain);
  if (!v.empty() && v.back() == '.') v.remove_suffix(1);
  if (v.empty() || v.size() > 253 * 4) return std::nullopt;
  std::string ascii;
  bool is_ascii = true;
  for (unsigned char c : v) is_ascii = is_ascii && c < 0x80;
  if (is_ascii) {
    ascii.assign(v);
    for (char& c : ascii) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  } else {
    const std::string input(v);
    uint8_t* out = nullptr;
    const int rc = idn2_lookup_u8(reinterpret_cast<const uint8_t*>(input.c_str()), &out,
                                  IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    if (rc != IDN2_OK || out == nullptr) return std::nullopt;
    ascii.assign(reinterpret_cast<const char*>(out));
    idn2_free(out);
  }
  if (ascii.size() > 253) return std::nullopt;
  size_t labels = 0;
  size_t start = 0;
  for (;;) {
    const size_t dot = ascii.find('.', start);
    const std::string_view label =
        std::string_view(ascii).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!ValidLdhLabel(label)) return std::nullopt;
    ++labels;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (labels < 2) return std::nullopt;
  return ascii;
}

std::optional<IpBytes> ParseIp(std::string_view text) {
  text = Trim(text);
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN + 8) return std::nullopt;
  char buf[INET6_ADDRSTRLEN + 8] = {};
  std::memcpy(buf, text.data(), text.size());
  IpBytes out{};
  if (text.find(':') == std::string_view::npos) {
    uint8_t v4[4];
    if (inet_pton(AF_INET, buf, v4) != 1) return std::nullopt;
    out[10] = 0xff;
    out[11] = 0xff;
    std::memcpy(out.data() + 12, v4, 4);
    return out;
  }
  if (inet_pton(AF_INET6, buf, out.data()) != 1) return std::nullopt;
  return out;
}

Result<IpRange> ParseIpRange(std::string_view text, bool strict) {
  text = Trim(text);
  const size_t slash = text.find('/');
  std::optional<IpBytes> addr = ParseIp(text.substr(0, slash));
  if (!addr) {
    return Status::InvalidInput(fmt::format(
        "expected an IP address or CIDR range such as 198.51.100.0/24 or 2001:db8::/32, got \"{}\"",
        text));
  }
  const bool v4 = IsMappedV4(*addr);
  int len = v4 ? 32 : 128;
  if (slash != std::string_view::npos) {
    const std::string_view len_text = text.substr(slash + 1);
    if (!IsAsciiDigits(len_text) || len_text.size() > 3) {
      return Status::InvalidInput(fmt::format("bad prefix length in \"{}\"", text));
    }
    len = std::atoi(std::string(len_text).c_str());
    if (len > (v4 ? 32 : 128)) {
      return Status::InvalidInput(fmt::format("prefix length {} is too long for an IPv{} range in \"{}\"",
                                              len, v4 ? 4 : 6, text));
    }
  }
  const int total = v4 ? len + 96 : len;  // prefix length over the 128-bit form
  IpRange r{*addr, *addr};
  for (int bit = total; bit < 128; ++bit) {
    const uint8_t mask = static_cast<uint8_t>(0x80u >> (bit % 8));
    r.first[bit / 8] = static_cast<uint8_t>(r.first[bit / 8] & ~mask);
    r.last[bit / 8] = static_cast<uint8_t>(r.last[bit / 8] | mask);
  }
  if (strict && r.first != *addr) {
    return Status::InvalidInput(fmt::format("\"{}\" has host bits set below /{}; did you mean {}/{}?",
                                            text, len, FormatIp(r.first), len));
  }
  return r;
}

std::optional<int64_t> ParseAsn(std::string_view text) {
  text = Trim(text);
  if (text.size() > 2 && (text[0] == 'A' || text[0] == 'a') && (text[1] == 'S' || text[1] == 's')) {
    text.remove_prefix(2);
  }
  if (!IsAsciiDigits(text) || text.size() > 10) return std::nullopt;
  const long long n = std::atoll(std::string(text).c_str());
  if (n < 1 || n > 4294967295LL) return std::nullopt;
  return static_cast<int64_t>(n);
}

Result<std::string> CanonicalAssetValue(AssetKind kind, std::string_view value) {
  const std::string_view v = Trim(value);
  if (v.empty()) return Status::InvalidInput(fmt::format("a {} must not be empty", ToString(kind)));
  switch (kind) {
    case AssetKind::kName:
    case AssetKind::kKeyword:
    case AssetKind::kPerson:
    case AssetKind::kAddress:
      return TextValue(kind, v);
    case AssetKind::kDomain:
    case AssetKind::kEmailDomain:
      return DomainValue(kind, v);
    case AssetKind::kIpv4:
    case AssetKind::kIpv6: {
      std::optional<IpBytes> ip = ParseIp(v);
      if (!ip || IsMappedV4(*ip) != (kind == AssetKind::kIpv4)) {
        return Status::InvalidInput(fmt::format("expected an {} address such as {}, got \"{}\"",
                                                kind == AssetKind::kIpv4 ? "IPv4" : "IPv6",
                                                kind == AssetKind::kIpv4 ? "192.0.2.10" : "2001:db8::10",
                                                v));
      }
      return FormatIp(*ip);
    }
    case AssetKind::kCidr: {
      if (v.find('/') == std::string_view::npos) {
        return Status::InvalidInput(
            fmt::format("expected a CIDR range such as 198.51.100.0/24, got \"{}\"", v));
      }
      Result<IpRange> r = ParseIpRange(v, /*strict=*/true);
      if (!r.ok()) return r.status();
      return fmt::format("{}{}", FormatIp(r->first), v.substr(v.find('/')));
    }
    case AssetKind::kAsn: {
      std::optional<int64_t> asn = ParseAsn(v);
      if (!asn) {
        return Status::InvalidInput(
            fmt::format("expected an AS number such as AS64500 (1 to 4294967295), got \"{}\"", v));
      }
      return fmt::format("AS{}", *asn);
    }
    case AssetKind::kBin:
      if (!IsAsciiDigits(v) || v.size() < 6 || v.size() > 8) {
        return Status::InvalidInput(
            fmt::format("expected a card BIN of 6 to 8 digits such as 453201, got \"{}\"", v));
      }
      return std::string(v);
    case AssetKind::kCloudAccount: {
      bool ok = v.size() >= 3 && v.size() <= 128;
      for (char c : v) {
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':' || c == '/');
      }
      if (!ok) {
        return Status::InvalidInput(fmt::format(
            "expected a cloud account ID (3 to 128 letters, digits or -_.:/) such as an AWS account "
            "123456789012, got \"{}\"",
            v));
      }
      return std::string(v);
    }
  }
  return Status::Internal("unknown asset kind");
}

}  // namespace kenchi::match
