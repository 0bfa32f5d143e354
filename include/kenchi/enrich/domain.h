// Domain names -> registrable domain, with the Public Suffix List.
//
// `mail.shop.example.co.jp` is registered as `example.co.jp`: the part a
// single owner controls, one label below a public suffix (`co.jp`). Matching
// and statistics count by registrable domain, so that every host name of a
// victim lands on the same key.
//
// The list is Debian's `publicsuffix` package, loaded from an explicit file
// (/usr/share/publicsuffix/public_suffix_list.dafsa by default, or the .dat
// text form): never libpsl's compiled-in copy, whose age nobody can see.
// Internationalised names are converted both ways with libidn2 (UTS #46,
// non-transitional): 例え.jp <-> xn--r8jz45g.jp.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "kenchi/status.h"

namespace kenchi::enrich {

struct DomainInfo {
  std::string ascii;                // normalised A-label form: lowercase, punycode, no final dot
  std::string unicode;              // the same in U-labels: 例え.jp
  std::string registrable;          // A-label form; empty when the name is itself a public suffix
  std::string registrable_unicode;  // U-label form of `registrable`
  bool is_public_suffix = false;    // "co.jp", "jp", "github.io"
};

class PublicSuffixList {
 public:
  // $KENCHI_PSL, else /usr/share/publicsuffix/public_suffix_list.dafsa.
  static std::string DefaultPath();
  // Loads a list in DAFSA or .dat form. kNotFound naming the file (and the
  // Debian package) when it is missing; kIoError when it does not parse.
  static Result<std::unique_ptr<PublicSuffixList>> Load(const std::string& path);
  virtual ~PublicSuffixList() = default;

  // The file the list came from.
  virtual const std::string& source() const = 0;
  // Normalises `domain` (Unicode or punycode, any case, optional final dot)
  // and finds its registrable domain. kInvalidInput for an empty name, one
  // over 253 octets, an invalid IDN, or something that is not a host name
  // (spaces, '@', '/', a bare IP address).
  virtual Result<DomainInfo> Analyze(std::string_view domain) const = 0;
};

// IDN conversions on their own (libidn2). Both fail with kInvalidInput
// naming the name and libidn2's reason.
Result<std::string> DomainToAscii(std::string_view domain);
Result<std::string> DomainToUnicode(std::string_view domain);

}  // namespace kenchi::enrich
