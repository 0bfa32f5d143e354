// Unicode normalisation used before any rule looks at text.
//
// Japanese notices mix full-width digits (２，００７万件), full-width
// brackets and half-width katakana. NFKC folds all of those to one form so
// that extraction rules and search see a single spelling.
#pragma once

#include <string>
#include <string_view>

namespace kenchi::text {

// NFKC-normalises UTF-8 text. Invalid input bytes become U+FFFD.
std::string Nfkc(std::string_view utf8);

// NFKC plus Unicode case folding: the key used for case- and
// width-insensitive comparison ("ＰａｙＰａｙ" and "paypay" fold alike).
std::string NfkcCaseFold(std::string_view utf8);

}  // namespace kenchi::text
