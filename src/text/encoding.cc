// Encoding detection and conversion to UTF-8.
//
// The shape of the work: cheap structural checks written here decide *which*
// encoding the bytes are in and produce precise error messages (offset plus
// what was expected); ICU converters then do the actual mapping to Unicode,
// with a STOP callback so that unassigned codes are errors, not silent U+FFFD.
//
// Detection order (first match wins):
//   1. empty input                      -> error
//   2. BOM (UTF-8, UTF-16LE, UTF-16BE)  -> that encoding, BOM stripped
//   3. UTF-16 without BOM, recognised by NUL bytes on one parity in at least
//      half the code units (mostly-ASCII text), or declared as UTF-16 when
//      the bytes are clean UTF-16 and not valid UTF-8
//   4. binary data (NUL bytes, or many C0 control bytes)  -> error
//   5. ISO-2022-JP (7-bit with JIS escape sequences)
//   6. valid UTF-8 (pure ASCII included)
//   7. CP932 and EUC-JP, whichever validates; if both do, the declared
//      charset decides, else a score of how Japanese the text looks.
//
// Two refinements keep mislabelled and damaged input from becoming silent
// mojibake:
//   - Valid UTF-8 beats a declared legacy charset (pages converted to UTF-8
//     often keep a stale <meta charset=Shift_JIS>), except when the UTF-8
//     reading contains nothing Japanese-looking and the declared reading
//     does: short legacy strings sometimes form valid UTF-8 by accident.
//   - A reading that validates is refused when the bytes are clearly
//     *damaged* text in another encoding (mostly well-formed multi-byte
//     sequences with a few breaks, e.g. a UTF-8 file cut mid-character,
//     which CP932 would otherwise accept). The error then describes the
//     damage in the encoding the text is really in.
// The scores and thresholds were checked against random Japanese snippets in
// every encoding, clean, truncated and with a byte dropped: strings of six
// characters or more, and all declared ones, come out right; only 2-4
// character undeclared strings stay ambiguous (EUC-JP kanji vs CP932
// half-width katakana share bytes).

#include "kenchi/text/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utypes.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace kenchi::text {
namespace {

// Callers cap files at 64 MiB; this is a backstop so that a caller without a
// cap cannot make us allocate several times an enormous input.
constexpr size_t kMaxDecodeBytes = size_t{256} << 20;

// ICU converter names. "windows-31j" resolves to ibm-943_P15A-2003, which
// maps the NEC and IBM extension rows (①, ㈱, ⅰ, 髙) and 0x8160 -> U+FF5E the
// way Windows does. "EUC-JP" resolves to euc-jp-2007 (row 13 and JIS X 0212
// included). ISO-2022-JP-2 is a superset of ISO-2022-JP that also accepts
// JIS X 0212 (ESC $ ( D) and half-width katakana (ESC ( I).
constexpr const char* kIcuCp932 = "windows-31j";
constexpr const char* kIcuEucJp = "EUC-JP";
constexpr const char* kIcuIso2022Jp = "ISO-2022-JP-2";
constexpr const char* kIcuUtf16Le = "UTF-16LE";
constexpr const char* kIcuUtf16Be = "UTF-16BE";

using Bytes = const unsigned char*;

std::string Hex(unsigned char b) { return fmt::format("0x{:02X}", b); }

std::string HexList(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) out += ' ';
    out += Hex(static_cast<unsigned char>(s[i]));
  }
  return out;
}

std::string_view DisplayName(Encoding e) {
  switch (e) {
    case Encoding::kUtf8:
    case Encoding::kUtf8Bom: return "UTF-8";
    case Encoding::kUtf16LE: return "UTF-16LE";
    case Encoding::kUtf16BE: return "UTF-16BE";
    case Encoding::kShiftJis: return "Shift_JIS";
    case Encoding::kEucJp: return "EUC-JP";
    case Encoding::kIso2022Jp: return "ISO-2022-JP";
  }
  return "?";
}

// ---- scoring -----------------------------------------------------------------
// How "Japanese text"-like a character is. Used only to choose between
// encodings that all validate and to pick the encoding an error message talks
// about. Kana are the strongest signal (every Japanese sentence has them).
// CP932 half-width katakana score little because EUC-JP or UTF-8 bytes
// misread as CP932 single bytes turn into exactly those, and the half-width
// punctuation ､｢･ (EUC-JP kana lead bytes A4/A5 misread) scores nothing. In
// EUC-JP, half-width katakana come as the distinctive pair 0x8E + byte and
// score high, because read as CP932 that pair is a level-1 kanji. JIS
// level-2 kanji (where UTF-8 lead bytes E3-E9 land when read as CP932) score
// less than the common level-1 kanji.

int CodePointScore(char32_t c) {
  if (c >= 0x3041 && c <= 0x30FF) return 3;                       // hiragana, katakana
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0xF900 && c <= 0xFAFF)) return 2;                     // kanji
  if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) {
    return 2;                                                     // full-width digits and Latin
  }
  if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF60)) return 1;  // punctuation, full-width
  if ((c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x2460 && c <= 0x24FF) || (c >= 0x3200 && c <= 0x33FF)) {
    return 1;                                                     // half-width katakana, ① ㈱ ㌔
  }
  if ((c >= 0xE000 && c <= 0xF8FF) || (c >= 0x80 && c <= 0x9F)) return -2;    // private use, C1
  return 0;
}

// CP932 double-byte characters scored by row, without decoding.
int Cp932PairScore(unsigned char lead, unsigned char trail) {
  if (lead == 0x81) return 1;                                     // symbols, 、。「」
  if (lead == 0x82) return trail >= 0x9F ? 3 : 2;                 // hiragana / full-width alnum
  if (lead == 0x83) return trail <= 0x96 ? 3 : 0;                 // katakana / Greek
  if (lead == 0x87) return 1;                                     // NEC specials: ① ㈱ ㌔
  if (lead == 0x88) return trail >= 0x9F ? 2 : 0;                 // level-1 kanji start at 0x889F
  if (lead >= 0x89 && lead <= 0x97) return 2;
  if (lead == 0x98) return trail <= 0x72 ? 2 : 1;                 // level 2 starts at 0x989F
  if ((lead >= 0x99 && lead <= 0x9F) || (lead >= 0xE0 && lead <= 0xEA)) return 1;
  if (lead == 0xED || lead == 0xEE || lead >= 0xFA) return 1;     // IBM extension kanji
  if (lead >= 0xF0 && lead <= 0xF9) return -2;                    // user-defined (PUA)
  return 0;
}

// EUC-JP two-byte characters scored by JIS row (lead byte).
int EucJpPairScore(unsigned char lead) {
  if (lead == 0xA1 || lead == 0xA2) return 1;  // symbols
  if (lead == 0xA3) return 2;                  // full-width digits and Latin
  if (lead == 0xAD) return 1;                  // NEC row 13: ① ㈱ ㌔
  if (lead == 0xA4 || lead == 0xA5) return 3;  // hiragana, katakana
  if (lead >= 0xB0 && lead <= 0xCF) return 2;  // level-1 kanji
  if (lead >= 0xD0 && lead <= 0xF4) return 1;  // level-2 kanji
  if (lead >= 0xF5) return -2;                 // user-defined
  return 0;
}

// ---- structural scans ----------------------------------------------------------
// Each scan walks the whole input leniently: it records the first error as a
// complete message, counts runs of errors, and adds up the score of what did
// decode. Strictly valid means no error at all.

struct Scan {
  Encoding encoding = Encoding::kUtf8;
  size_t error_runs = 0;
  size_t multibyte = 0;       // well-formed multi-byte sequences seen
  int64_t score = 0;
  std::string first_error;    // the first problem as a full message; empty when valid

  bool valid() const { return error_runs == 0; }
  // How plausible it is that the text was meant to be in this encoding.
  int64_t plausibility() const { return score - 10 * static_cast<int64_t>(error_runs); }
};

// Tracks error runs so a burst of garbage counts once.
class ErrorRuns {
 public:
  explicit ErrorRuns(Scan* scan) : scan_(scan) {}
  // `make` builds the message; it only runs for the first error.
  template <typename MakeMessage>
  void Error(MakeMessage make) {
    if (!in_run_) ++scan_->error_runs;
    in_run_ = true;
    if (scan_->first_error.empty()) scan_->first_error = make();
  }
  void Ok() { in_run_ = false; }

 private:
  Scan* scan_;
  bool in_run_ = false;
};

enum class Utf8Fault {
  kNone, kUnexpectedContinuation, kOverlong, kSurrogate, kTooLarge, kInvalidByte,
  kMissingContinuation, kTruncated,
};

struct Utf8Step {
  char32_t cp = 0;
  size_t length = 1;           // bytes consumed; on a fault, the bytes to skip
  Utf8Fault fault = Utf8Fault::kNone;
  size_t fault_at = 0;         // the byte that broke the expectation
};

bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// Decodes one UTF-8 sequence at s[i] following Unicode Table 3-7, so that
// overlongs, surrogates and values above U+10FFFF are all rejected.
Utf8Step DecodeUtf8At(Bytes s, size_t n, size_t i) {
  Utf8Step st;
  const unsigned char b0 = s[i];
  if (b0 < 0x80) { st.cp = b0; return st; }
  st.fault_at = i;
  if (b0 < 0xC0) { st.fault = Utf8Fault::kUnexpectedContinuation; return st; }
  if (b0 < 0xC2) { st.fault = Utf8Fault::kOverlong; return st; }
  if (b0 >= 0xF8) { st.fault = Utf8Fault::kInvalidByte; return st; }
  if (b0 >= 0xF5) { st.fault = Utf8Fault::kTooLarge; return st; }

  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the first continuation
  Utf8Fault outside = Utf8Fault::kMissingContinuation;
  if (b0 < 0xE0) {
    need = 1; st.cp = b0 & 0x1F;
  } else if (b0 < 0xF0) {
    need = 2; st.cp = b0 & 0x0F;
    if (b0 == 0xE0) { lo = 0xA0; outside = Utf8Fault::kOverlong; }
    if (b0 == 0xED) { hi = 0x9F; outside = Utf8Fault::kSurrogate; }
  } else {
    need = 3; st.cp = b0 & 0x07;
    if (b0 == 0xF0) { lo = 0x90; outside = Utf8Fault::kOverlong; }
    if (b0 == 0xF4) { hi = 0x8F; outside = Utf8Fault::kTooLarge; }
  }
  for (size_t k = 1; k <= need; ++k) {
    if (i + k >= n) {
      st.fault = Utf8Fault::kTruncated;
      st.length = k;
      st.fault_at = i;
      return st;
    }
    const unsigned char b = s[i + k];
    const bool in_range = k == 1 ? (b >= lo && b <= hi) : IsContinuation(b);
    if (!in_range) {
      // A continuation byte outside the first byte's narrowed range means the
      // lead started an overlong / surrogate / too-large form.
      st.fault = (k == 1 && IsContinuation(b)) ? outside : Utf8Fault::kMissingContinuation;
      st.length = k;
      st.fault_at = i + k;
      return st;
    }
    st.cp = (st.cp << 6) | (b & 0x3F);
  }
  st.length = need + 1;
  return st;
}

size_t Utf8SequenceLength(unsigned char lead) {
  return lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

std::string Utf8FaultMessage(Bytes s, size_t i, const Utf8Step& st) {
  const unsigned char b0 = s[i];
  std::string why;
  switch (st.fault) {
    case Utf8Fault::kNone: break;
    case Utf8Fault::kUnexpectedContinuation:
      why = fmt::format("unexpected continuation byte {} without a lead byte", Hex(b0));
      break;
    case Utf8Fault::kOverlong:
      why = fmt::format("overlong encoding starting with {}", Hex(b0));
      break;
    case Utf8Fault::kSurrogate:
      why = fmt::format("UTF-16 surrogate code point encoded as {} {}", Hex(b0), Hex(s[i + 1]));
      break;
    case Utf8Fault::kTooLarge:
      why = fmt::format("code point above U+10FFFF starting with {}", Hex(b0));
      break;
    case Utf8Fault::kInvalidByte:
      why = fmt::format("byte {} never occurs in UTF-8", Hex(b0));
      break;
    case Utf8Fault::kMissingContinuation:
      why = fmt::format("expected a continuation byte after lead byte {}, found {} at byte {}",
                        Hex(b0), Hex(s[st.fault_at]), st.fault_at);
      break;
    case Utf8Fault::kTruncated: {
      const size_t total = Utf8SequenceLength(b0);
      return fmt::format(
          "truncated UTF-8 sequence at byte {} (lead byte {} needs {} continuation byte{}, "
          "input ends after {})",
          i, Hex(b0), total - 1, total == 2 ? "" : "s", st.length - 1);
    }
  }
  return fmt::format("invalid UTF-8 at byte {} ({})", i, why);
}

// Skips ASCII eight bytes at a time; most input is mostly ASCII.
size_t SkipAscii(Bytes s, size_t n, size_t i) {
  while (i + 8 <= n) {
    uint64_t w = 0;
    for (size_t k = 0; k < 8; ++k) w |= uint64_t{s[i + k]} << (8 * k);
    if (w & 0x8080808080808080ull) break;
    i += 8;
  }
  while (i < n && s[i] < 0x80) ++i;
  return i;
}

Scan ScanUtf8(std::string_view bytes) {
  Scan scan;
  scan.encoding = Encoding::kUtf8;
  ErrorRuns errors(&scan);
  const auto* s = reinterpret_cast<Bytes>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (true) {
    const size_t next = SkipAscii(s, n, i);
    if (next != i) errors.Ok();
    i = next;
    if (i >= n) break;
    const Utf8Step st = DecodeUtf8At(s, n, i);
    if (st.fault != Utf8Fault::kNone) {
      errors.Error([&] { return Utf8FaultMessage(s, i, st); });
    } else {
      errors.Ok();
      ++scan.multibyte;
      scan.score += CodePointScore(st.cp);
    }
    i += st.length;
  }
  return scan;
}

bool IsCp932Lead(unsigned char b) { return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC); }
bool IsCp932Trail(unsigned char b) { return (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFC); }

Scan ScanCp932(std::string_view bytes) {
  Scan scan;
  scan.encoding = Encoding::kShiftJis;
  ErrorRuns errors(&scan);
  const auto* s = reinterpret_cast<Bytes>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b = s[i];
    if (b < 0x80 || (b >= 0xA1 && b <= 0xDF)) {  // ASCII, half-width katakana
      errors.Ok();
      if (b >= 0xA6) ++scan.score;  // ｦ..ﾟ, not the punctuation ｡｢｣､･
      ++i;
      continue;
    }
    if (!IsCp932Lead(b)) {
      errors.Error([&] {
        return fmt::format("invalid Shift_JIS at byte {} (byte {} is neither a character nor a lead byte)",
                           i, Hex(b));
      });
      ++i;
      continue;
    }
    if (i + 1 >= n) {
      errors.Error([&] {
        return fmt::format(
            "truncated Shift_JIS sequence at byte {} (lead byte {} without its trail byte at end of input)",
            i, Hex(b));
      });
      ++i;
      continue;
    }
    const unsigned char t = s[i + 1];
    if (!IsCp932Trail(t)) {
      errors.Error([&] {
        return fmt::format(
            "invalid Shift_JIS at byte {} (lead byte {} followed by {}; expected a trail byte 0x40-0x7E or "
            "0x80-0xFC)",
            i, Hex(b), Hex(t));
      });
      ++i;
      continue;
    }
    errors.Ok();
    ++scan.multibyte;
    scan.score += Cp932PairScore(b, t);
    i += 2;
  }
  return scan;
}

bool IsEucByte(unsigned char b) { return b >= 0xA1 && b <= 0xFE; }

Scan ScanEucJp(std::string_view bytes) {
  Scan scan;
  scan.encoding = Encoding::kEucJp;
  ErrorRuns errors(&scan);
  const auto* s = reinterpret_cast<Bytes>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b = s[i];
    if (b < 0x80) {
      errors.Ok();
      ++i;
      continue;
    }
    // Sequence shape: 8E + half-width kana, 8F + two JIS X 0212 bytes, or two
    // JIS X 0208 bytes.
    size_t len = 0;
    bool (*trail_ok)(unsigned char) = IsEucByte;
    if (b == 0x8E) {
      len = 2;
      trail_ok = [](unsigned char t) { return t >= 0xA1 && t <= 0xDF; };
    } else if (b == 0x8F) {
      len = 3;
    } else if (IsEucByte(b)) {
      len = 2;
    } else {
      errors.Error([&] {
        return fmt::format("invalid EUC-JP at byte {} (byte {} is neither a character nor a lead byte)", i,
                           Hex(b));
      });
      ++i;
      continue;
    }
    if (i + len > n) {
      errors.Error([&] {
        return fmt::format(
            "truncated EUC-JP sequence at byte {} (lead byte {} needs {} more byte{}, input ends after {})", i,
            Hex(b), len - 1, len == 2 ? "" : "s", n - i - 1);
      });
      ++i;
      continue;
    }
    size_t bad = 0;
    for (size_t k = 1; k < len && !bad; ++k) {
      if (!trail_ok(s[i + k])) bad = k;
    }
    if (bad) {
      errors.Error([&] {
        return fmt::format("invalid EUC-JP at byte {} (lead byte {} followed by {}; expected {})", i, Hex(b),
                           Hex(s[i + bad]), b == 0x8E ? "a half-width katakana byte 0xA1-0xDF"
                                                      : "a trail byte 0xA1-0xFE");
      });
      ++i;
      continue;
    }
    errors.Ok();
    ++scan.multibyte;
    if (b == 0x8E) {
      scan.score += 3;  // half-width katakana
    } else if (len == 2) {
      scan.score += EucJpPairScore(b);
    }
    i += len;
  }
  return scan;
}

// ---- ICU conversion ---------------------------------------------------------------

struct UConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, UConverterCloser>;

struct IcuFailure {
  UErrorCode code = U_ZERO_ERROR;
  size_t offset = 0;       // first byte of the sequence ICU refused
  std::string bytes;       // that sequence
};

// Converts `in` to UTF-16 with ICU, stopping at the first byte sequence that
// is illegal, unassigned or truncated.
std::optional<IcuFailure> IcuToUtf16(const char* converter, std::string_view in, std::u16string* out) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr cnv(ucnv_open(converter, &status));
  if (U_FAILURE(status)) return IcuFailure{status, 0, {}};
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return IcuFailure{status, 0, {}};

  // None of our encodings produces more than one UTF-16 unit per input byte;
  // the loop still copes with overflow in case a table ever does.
  out->assign(in.size() + 16, u'\0');
  const char* src = in.data();
  const char* const src_end = in.data() + in.size();
  size_t used = 0;
  while (true) {
    UChar* tgt = out->data() + used;
    ucnv_toUnicode(cnv.get(), &tgt, out->data() + out->size(), &src, src_end, nullptr, /*flush=*/true,
                   &status);
    used = static_cast<size_t>(tgt - out->data());
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
    status = U_ZERO_ERROR;
    out->resize(out->size() * 2);
  }
  out->resize(used);
  if (U_SUCCESS(status)) return std::nullopt;

  IcuFailure f;
  f.code = status;
  char bad[32];
  int8_t bad_len = sizeof bad;
  UErrorCode e2 = U_ZERO_ERROR;
  ucnv_getInvalidChars(cnv.get(), bad, &bad_len, &e2);
  if (U_FAILURE(e2)) bad_len = 0;
  const size_t consumed = static_cast<size_t>(src - in.data());
  f.offset = consumed >= static_cast<size_t>(bad_len) ? consumed - static_cast<size_t>(bad_len) : 0;
  f.bytes.assign(bad, static_cast<size_t>(bad_len));
  return f;
}

// `base` is the offset of the converted bytes in the caller's buffer.
Status IcuFailureStatus(Encoding enc, const char* converter, IcuFailure f, size_t base) {
  const std::string_view name = DisplayName(enc);
  f.offset += base;
  const std::string seq = f.bytes.empty() ? std::string("?") : HexList(f.bytes);
  switch (f.code) {
    case U_TRUNCATED_CHAR_FOUND:
      return Status::InvalidInput(fmt::format("truncated {} sequence at byte {} ({} at end of input)", name,
                                              f.offset, seq));
    case U_INVALID_CHAR_FOUND:
      return Status::InvalidInput(
          fmt::format("invalid {} at byte {} ({} is not assigned to any character)", name, f.offset, seq));
    case U_ILLEGAL_CHAR_FOUND:
      return Status::InvalidInput(
          fmt::format("invalid {} at byte {} (illegal byte sequence {})", name, f.offset, seq));
    case U_ILLEGAL_ESCAPE_SEQUENCE:
    case U_UNSUPPORTED_ESCAPE_SEQUENCE:
      return Status::InvalidInput(
          fmt::format("invalid {} at byte {} (unsupported escape sequence starting {})", name, f.offset, seq));
    default:
      break;
  }
  if (f.bytes.empty() && f.offset == 0 && U_FAILURE(f.code)) {
    return Status::Internal(fmt::format("ICU converter {} failed: {}", converter, u_errorName(f.code)));
  }
  return Status::InvalidInput(
      fmt::format("invalid {} at byte {} ({}: {})", name, f.offset, u_errorName(f.code), seq));
}

// Appends UTF-16 as UTF-8. Unpaired surrogates (which ICU should never
// produce) become U+FFFD so the output is always well-formed.
void AppendUtf16AsUtf8(std::u16string_view in, std::string* out) {
  out->reserve(out->size() + in.size() * 3 / 2 + 8);
  for (size_t i = 0; i < in.size(); ++i) {
    char32_t c = in[i];
    if (c >= 0xD800 && c <= 0xDFFF) {
      if (c <= 0xDBFF && i + 1 < in.size() && in[i + 1] >= 0xDC00 && in[i + 1] <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (in[i + 1] - 0xDC00);
        ++i;
      } else {
        c = 0xFFFD;
      }
    }
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (c >> 6)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (c >> 12)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (c >> 18)));
      out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
}

// ibm-943_P15A-2003 carries IBM's PC control-code swap (0x1A -> U+001C,
// 0x1C -> U+007F, 0x7F -> U+001A); Windows maps those bytes to themselves.
// No CP932 double-byte code maps to these code points, so undoing the swap on
// the output is exact.
void UndoIbmControlSwap(std::u16string* s) {
  for (char16_t& c : *s) {
    if (c == 0x001C) c = 0x001A;
    else if (c == 0x007F) c = 0x001C;
    else if (c == 0x001A) c = 0x007F;
  }
}

Result<std::string> ConvertLegacy(Encoding enc, std::string_view bytes, size_t base = 0) {
  const char* converter = nullptr;
  switch (enc) {
    case Encoding::kShiftJis: converter = kIcuCp932; break;
    case Encoding::kEucJp: converter = kIcuEucJp; break;
    case Encoding::kIso2022Jp: converter = kIcuIso2022Jp; break;
    case Encoding::kUtf16LE: converter = kIcuUtf16Le; break;
    case Encoding::kUtf16BE: converter = kIcuUtf16Be; break;
    case Encoding::kUtf8:
    case Encoding::kUtf8Bom: return Status::Internal("ConvertLegacy called for UTF-8");
  }
  std::u16string utf16;
  if (auto failure = IcuToUtf16(converter, bytes, &utf16)) {
    return IcuFailureStatus(enc, converter, *failure, base);
  }
  if (enc == Encoding::kShiftJis) UndoIbmControlSwap(&utf16);
  std::string utf8;
  AppendUtf16AsUtf8(utf16, &utf8);
  return utf8;
}

// ---- binary detection ---------------------------------------------------------------

bool IsTextControl(unsigned char b) { return b == '\t' || b == '\n' || b == '\r' || b == '\f'; }

// Length of an ISO-2022-JP(-2) escape sequence starting at s[i], or 0.
size_t Iso2022EscapeLength(Bytes s, size_t n, size_t i) {
  auto at = [&](size_t k) -> int { return i + k < n ? s[i + k] : -1; };
  if (at(0) != 0x1B) return 0;
  const int a = at(1), b = at(2);
  if (a == '(' && (b == 'B' || b == 'J' || b == 'I')) return 3;   // ASCII, JIS-Roman, kana
  if (a == '$' && (b == '@' || b == 'B' || b == 'A')) return 3;   // JIS C 6226, JIS X 0208, GB2312
  if (a == '$' && b == '(' && (at(3) == 'D' || at(3) == 'C')) return 4;  // JIS X 0212, KS C 5601
  if (a == '.' && (b == 'A' || b == 'F')) return 3;               // ISO-2022-JP-2 G2 sets
  if (a == 'N') return 2;                                          // single shift 2
  return 0;
}

// True when the escape at s[i] designates one of the Japanese sets that mark
// ISO-2022-JP text.
bool IsJisDesignator(Bytes s, size_t n, size_t i) {
  if (i + 2 >= n || s[i] != 0x1B) return false;
  const unsigned char a = s[i + 1], b = s[i + 2];
  if (a == '$' && (b == 'B' || b == '@')) return true;
  if (a == '(' && (b == 'B' || b == 'J' || b == 'I')) return true;
  return a == '$' && b == '(' && i + 3 < n && s[i + 3] == 'D';
}

// More than this fraction (1/16) of control bytes means binary. A few stray
// controls (a DOS EOF ^Z, a form feed pasted from a terminal) are tolerated.
bool TooManyControls(size_t controls, size_t total) { return controls > 0 && controls * 16 > total; }

// Returns an error if the bytes look binary. `base` is added to offsets so
// messages refer to the caller's buffer (e.g. after a BOM).
std::optional<Status> CheckNotBinary(std::string_view bytes, size_t base) {
  const auto* s = reinterpret_cast<Bytes>(bytes.data());
  const size_t n = bytes.size();
  size_t controls = 0;
  size_t first_control = 0;
  unsigned char first_byte = 0;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char b = s[i];
    if (b >= 0x20) continue;
    if (b == 0) {
      return Status::InvalidInput(fmt::format("binary data (NUL byte at offset {})", base + i));
    }
    if (IsTextControl(b)) continue;
    if (b == 0x1B) {
      if (const size_t len = Iso2022EscapeLength(s, n, i)) {
        i += len - 1;
        continue;
      }
    }
    if (b == 0x1A && i + 1 == n) continue;  // DOS end-of-file marker
    if (controls++ == 0) {
      first_control = i;
      first_byte = b;
    }
  }
  if (TooManyControls(controls, n)) {
    return Status::InvalidInput(
        fmt::format("binary data (control byte {} at offset {}; {} of {} bytes are controls)", Hex(first_byte),
                    base + first_control, controls, n));
  }
  return std::nullopt;
}

bool LooksIso2022Jp(std::string_view bytes) {
  const auto* s = reinterpret_cast<Bytes>(bytes.data());
  const size_t n = bytes.size();
  bool designator = false;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] >= 0x80) return false;
    if (s[i] == 0x1B && IsJisDesignator(s, n, i)) designator = true;
  }
  return designator;
}

// ---- UTF-16 -----------------------------------------------------------------------

struct Utf16Check {
  std::optional<Status> error;  // set when the bytes are not clean UTF-16
  int64_t score = 0;
};

// Validates UTF-16 in the given byte order: even length, paired surrogates,
// no U+0000, no reversed BOM, few control characters. `base` is the offset of
// `bytes` in the caller's buffer.
Utf16Check CheckUtf16(std::string_view bytes, bool little_endian, size_t base) {
  Utf16Check r;
  const std::string_view name = little_endian ? "UTF-16LE" : "UTF-16BE";
  const auto* s = reinterpret_cast<Bytes>(bytes.data());
  const size_t n = bytes.size();
  auto unit = [&](size_t i) -> char16_t {
    return little_endian ? static_cast<char16_t>(s[i] | (s[i + 1] << 8))
                         : static_cast<char16_t>((s[i] << 8) | s[i + 1]);
  };
  if (n % 2 != 0) {
    r.error = Status::InvalidInput(fmt::format(
        "truncated {} sequence at byte {} (odd number of bytes; the last code unit is incomplete)", name,
        base + n - 1));
    return r;
  }
  size_t controls = 0, first_control = 0;
  char16_t first_unit = 0;
  for (size_t i = 0; i < n; i += 2) {
    const char16_t u = unit(i);
    char32_t cp = u;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 2 >= n || unit(i + 2) < 0xDC00 || unit(i + 2) > 0xDFFF) {
        r.error = Status::InvalidInput(fmt::format(
            "invalid {} at byte {} (high surrogate U+{:04X} not followed by a low surrogate)", name, base + i,
            static_cast<unsigned>(u)));
        return r;
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00u);
      i += 2;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      r.error = Status::InvalidInput(fmt::format(
          "invalid {} at byte {} (low surrogate U+{:04X} without a preceding high surrogate)", name, base + i,
          static_cast<unsigned>(u)));
      return r;
    } else if (u == 0) {
      r.error = Status::InvalidInput(fmt::format("binary data (NUL character at offset {})", base + i));
      return r;
    } else if (u == 0xFFFE) {
      r.error = Status::InvalidInput(fmt::format(
          "invalid {} at byte {} (U+FFFE, a byte-swapped BOM: wrong byte order?)", name, base + i));
      return r;
    } else if (u < 0x20 && !IsTextControl(static_cast<unsigned char>(u))) {
      if (controls++ == 0) {
        first_control = i;
        first_unit = u;
      }
    }
    r.score += CodePointScore(cp);
  }
  if (TooManyControls(controls, n / 2)) {
    r.error = Status::InvalidInput(fmt::format("binary data (control character U+{:04X} at offset {})",
                                               static_cast<unsigned>(first_unit), base + first_control));
  }
  return r;
}

Result<Decoded> DecodeUtf16(std::string_view bytes, bool little_endian, size_t base, Encoding enc) {
  const Utf16Check check = CheckUtf16(bytes, little_endian, base);
  if (check.error) return *check.error;
  Result<std::string> utf8 = ConvertLegacy(enc, bytes, base);
  if (!utf8.ok()) return utf8.status();
  return Decoded{std::move(utf8).value(), enc};
}

// ---- labels -----------------------------------------------------------------------

std::string NormalizeLabel(std::string_view label) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  auto is_quote = [](char c) { return c == '"' || c == '\''; };
  while (!label.empty() && (is_space(label.front()) || is_quote(label.front()))) label.remove_prefix(1);
  while (!label.empty() && (is_space(label.back()) || is_quote(label.back()))) label.remove_suffix(1);
  std::string out(label);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_') c = '-';  // Python-style names: shift_jis, euc_jp, utf_8
  }
  return out;
}

struct LabelEntry {
  std::string_view label;
  Encoding encoding;
};

// Labels as seen in HTTP headers, <meta charset>, MIME and Python/Java names.
// "utf-16" without an order means little-endian, as in the WHATWG Encoding
// Standard, because that is what Windows writes.
constexpr std::array kLabels = {
    LabelEntry{"utf-8", Encoding::kUtf8},          LabelEntry{"utf8", Encoding::kUtf8},
    LabelEntry{"unicode-1-1-utf-8", Encoding::kUtf8}, LabelEntry{"us-ascii", Encoding::kUtf8},
    LabelEntry{"ascii", Encoding::kUtf8},
    LabelEntry{"utf-8-sig", Encoding::kUtf8Bom},

    LabelEntry{"shift-jis", Encoding::kShiftJis},  LabelEntry{"shiftjis", Encoding::kShiftJis},
    LabelEntry{"sjis", Encoding::kShiftJis},       LabelEntry{"s-jis", Encoding::kShiftJis},
    LabelEntry{"x-sjis", Encoding::kShiftJis},     LabelEntry{"ms-kanji", Encoding::kShiftJis},
    LabelEntry{"csshiftjis", Encoding::kShiftJis}, LabelEntry{"windows-31j", Encoding::kShiftJis},
    LabelEntry{"cswindows31j", Encoding::kShiftJis}, LabelEntry{"cp932", Encoding::kShiftJis},
    LabelEntry{"ms932", Encoding::kShiftJis},      LabelEntry{"x-ms-cp932", Encoding::kShiftJis},
    LabelEntry{"windows-932", Encoding::kShiftJis}, LabelEntry{"ibm-943", Encoding::kShiftJis},

    LabelEntry{"euc-jp", Encoding::kEucJp},        LabelEntry{"eucjp", Encoding::kEucJp},
    LabelEntry{"x-euc-jp", Encoding::kEucJp},      LabelEntry{"cseucpkdfmtjapanese", Encoding::kEucJp},
    LabelEntry{"ujis", Encoding::kEucJp},          LabelEntry{"eucjp-ms", Encoding::kEucJp},
    LabelEntry{"euc-jp-ms", Encoding::kEucJp},     LabelEntry{"eucjp-win", Encoding::kEucJp},
    LabelEntry{"cp51932", Encoding::kEucJp},

    LabelEntry{"iso-2022-jp", Encoding::kIso2022Jp}, LabelEntry{"iso2022-jp", Encoding::kIso2022Jp},
    LabelEntry{"iso2022jp", Encoding::kIso2022Jp},   LabelEntry{"csiso2022jp", Encoding::kIso2022Jp},
    LabelEntry{"iso-2022-jp-1", Encoding::kIso2022Jp}, LabelEntry{"iso-2022-jp-2", Encoding::kIso2022Jp},
    LabelEntry{"csiso2022jp2", Encoding::kIso2022Jp}, LabelEntry{"jis", Encoding::kIso2022Jp},
    LabelEntry{"cp50220", Encoding::kIso2022Jp},     LabelEntry{"cp50221", Encoding::kIso2022Jp},
    LabelEntry{"cp50222", Encoding::kIso2022Jp},

    LabelEntry{"utf-16", Encoding::kUtf16LE},      LabelEntry{"utf16", Encoding::kUtf16LE},
    LabelEntry{"utf-16le", Encoding::kUtf16LE},    LabelEntry{"utf-16-le", Encoding::kUtf16LE},
    LabelEntry{"utf16le", Encoding::kUtf16LE},     LabelEntry{"unicode", Encoding::kUtf16LE},
    LabelEntry{"ucs-2", Encoding::kUtf16LE},       LabelEntry{"csunicode", Encoding::kUtf16LE},
    LabelEntry{"unicodefeff", Encoding::kUtf16LE},
    LabelEntry{"utf-16be", Encoding::kUtf16BE},    LabelEntry{"utf-16-be", Encoding::kUtf16BE},
    LabelEntry{"utf16be", Encoding::kUtf16BE},     LabelEntry{"unicodefffe", Encoding::kUtf16BE},
};

// ---- the decision --------------------------------------------------------------------

std::optional<Encoding> DeclaredEncoding(std::string_view declared) {
  Encoding e;
  if (declared.empty() || !EncodingFromLabel(declared, &e)) return std::nullopt;
  return e;
}

// NUL bytes all on odd offsets means little-endian UTF-16 of ASCII-ish text,
// all on even offsets big-endian. Returns the byte order or nothing.
std::optional<bool> Utf16OrderFromNuls(std::string_view bytes, size_t* nul_count) {
  size_t even = 0, odd = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\0') ++((i % 2) ? odd : even);
  }
  *nul_count = even + odd;
  if (odd > 0 && even == 0) return true;
  if (even > 0 && odd == 0) return false;
  return std::nullopt;
}

// UTF-8 after a BOM. The BOM itself is valid UTF-8, so scanning the whole
// buffer gives offsets that match the caller's bytes.
Result<Decoded> DecodeUtf8AfterBom(std::string_view bytes) {
  constexpr size_t kBom = 3;
  const Scan scan = ScanUtf8(bytes);
  if (!scan.valid()) return Status::InvalidInput(scan.first_error);
  const std::string_view body = bytes.substr(kBom);
  if (auto binary = CheckNotBinary(body, kBom)) return *binary;
  return Decoded{std::string(body), Encoding::kUtf8Bom};
}

// Mostly well-formed multi-byte text with a few breaks: damaged, not foreign.
// `per_break` well-formed multi-byte sequences per run of errors, and at
// least that many in all.
bool LooksLikeDamaged(const Scan& scan, size_t per_break) {
  return !scan.valid() && scan.multibyte >= per_break && scan.multibyte >= per_break * scan.error_runs;
}

Result<Decoded> DecodeMultibyteLegacy(std::string_view bytes, std::optional<Encoding> declared) {
  if (IsValidUtf8(bytes)) {
    // Valid UTF-8 is UTF-8, unless a declared CP932 / EUC-JP reading is also
    // valid and looks Japanese while the UTF-8 reading does not at all: short
    // legacy strings such as EUC-JP "発表" (C8 AF C9 BD) also form valid UTF-8
    // ("ȯɽ"). A stale declaration on real UTF-8 Japanese never wins, because
    // any kana or kanji gives the UTF-8 reading a positive score.
    if (declared == Encoding::kShiftJis || declared == Encoding::kEucJp) {
      const Scan legacy = *declared == Encoding::kShiftJis ? ScanCp932(bytes) : ScanEucJp(bytes);
      if (legacy.valid() && legacy.score > 0 && ScanUtf8(bytes).score <= 0) {
        Result<std::string> text = ConvertLegacy(*declared, bytes);
        if (text.ok()) return Decoded{std::move(text).value(), *declared};
      }
    }
    return Decoded{std::string(bytes), Encoding::kUtf8};
  }
  const Scan utf8 = ScanUtf8(bytes);
  Scan sjis = ScanCp932(bytes);
  Scan euc = ScanEucJp(bytes);

  std::vector<Scan*> candidates;
  if (sjis.valid()) candidates.push_back(&sjis);
  if (euc.valid()) candidates.push_back(&euc);
  if (candidates.size() == 2) {
    const bool declared_euc = declared == Encoding::kEucJp;
    const bool declared_sjis = declared == Encoding::kShiftJis;
    // Without a usable declaration, the more Japanese-looking reading wins;
    // ties go to CP932, by far the more common of the two today.
    if (declared_euc || (!declared_sjis && euc.score > sjis.score)) std::swap(candidates[0], candidates[1]);
  }

  // CP932 in particular accepts almost any byte soup, so a reading that
  // validates is refused when the bytes are plainly *damaged* text in another
  // encoding: a truncated or corrupted UTF-8 file, or EUC-JP / CP932 with a
  // few breaks that reads as more Japanese than the reading that validated.
  // Decoding those would store mojibake silently; an error names the damage
  // instead. UTF-8 needs more evidence (four sequences per break) because a
  // couple of well-formed UTF-8 sequences do occur by accident in EUC-JP.
  // The same evidence decides which encoding an error talks about.
  if (LooksLikeDamaged(utf8, 4) && utf8.score > 0) {
    return Status::InvalidInput(utf8.first_error);
  }
  for (Scan* c : candidates) {
    const Scan& other = c == &sjis ? euc : sjis;
    if (LooksLikeDamaged(other, 2) && other.score > c->score) return Status::InvalidInput(other.first_error);
    Result<std::string> text = ConvertLegacy(c->encoding, bytes);
    if (text.ok()) return Decoded{std::move(text).value(), c->encoding};
    if (text.status().code() != Status::Code::kInvalidInput) return text.status();
    // Well-formed but unassigned (e.g. CP932 0x85 0x40): this reading fails
    // too, and competes for the error message like the others.
    c->error_runs = 1;
    c->first_error = text.status().message();
  }

  // Nothing validates: explain in terms of the encoding the bytes most
  // resemble. Ties prefer UTF-8, the expected default.
  const Scan* best = &utf8;
  for (const Scan* s : {&sjis, &euc}) {
    if (s->plausibility() > best->plausibility()) best = s;
  }
  return Status::InvalidInput(best->first_error);
}

}  // namespace

bool IsValidUtf8(std::string_view s, size_t* bad_offset) {
  const auto* p = reinterpret_cast<Bytes>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (true) {
    i = SkipAscii(p, n, i);
    if (i >= n) return true;
    const Utf8Step st = DecodeUtf8At(p, n, i);
    if (st.fault != Utf8Fault::kNone) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += st.length;
  }
}

bool EncodingFromLabel(std::string_view label, Encoding* out) {
  const std::string key = NormalizeLabel(label);
  for (const LabelEntry& e : kLabels) {
    if (e.label == key) {
      if (out) *out = e.encoding;
      return true;
    }
  }
  return false;
}

Result<Decoded> DecodeToUtf8(std::string_view bytes, std::string_view declared_label) {
  if (bytes.empty()) return Status::InvalidInput("empty file");
  if (bytes.size() > kMaxDecodeBytes) {
    return Status::InvalidInput(fmt::format("input too large to decode ({} bytes; the limit is {} bytes)",
                                            bytes.size(), kMaxDecodeBytes));
  }
  const std::optional<Encoding> declared = DeclaredEncoding(declared_label);
  const auto* s = reinterpret_cast<Bytes>(bytes.data());
  const size_t n = bytes.size();

  // 2. Byte order marks. A BOM is a stronger statement than any label.
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    return DecodeUtf8AfterBom(bytes);
  }
  if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
    return DecodeUtf16(bytes.substr(2), /*little_endian=*/true, 2, Encoding::kUtf16LE);
  }
  if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
    return DecodeUtf16(bytes.substr(2), /*little_endian=*/false, 2, Encoding::kUtf16BE);
  }

  // 3. UTF-16 without a BOM. Mostly-ASCII UTF-16 has a NUL byte in at least
  // half of its code units, all on one parity; errors in such input are
  // reported as UTF-16 errors. Sparser NULs (a text file with a trailing
  // NUL, a binary blob) are not enough on their own: only a declared UTF-16
  // label makes them UTF-16, and only when the bytes are clean UTF-16 and
  // not valid UTF-8.
  size_t nuls = 0;
  const std::optional<bool> nul_order = Utf16OrderFromNuls(bytes, &nuls);
  if (nul_order && nuls * 2 >= (n + 1) / 2) {
    return DecodeUtf16(bytes, *nul_order, 0, *nul_order ? Encoding::kUtf16LE : Encoding::kUtf16BE);
  }
  if (declared == Encoding::kUtf16LE || declared == Encoding::kUtf16BE) {
    const bool little = declared == Encoding::kUtf16LE;
    if ((!nul_order || *nul_order == little) && n % 2 == 0 && !CheckUtf16(bytes, little, 0).error &&
        !ScanUtf8(bytes).valid()) {
      return DecodeUtf16(bytes, little, 0, *declared);
    }
  }

  // 4. Binary.
  if (auto binary = CheckNotBinary(bytes, 0)) return *binary;

  // 5. ISO-2022-JP: 7-bit, so it must be tried before UTF-8 accepts it as ASCII.
  if (LooksIso2022Jp(bytes)) {
    Result<std::string> text = ConvertLegacy(Encoding::kIso2022Jp, bytes);
    if (!text.ok()) return text.status();
    return Decoded{std::move(text).value(), Encoding::kIso2022Jp};
  }

  // 6-7. UTF-8, then CP932 / EUC-JP.
  Result<Decoded> result = DecodeMultibyteLegacy(bytes, declared);
  assert(!result.ok() || IsValidUtf8(result->utf8));
  return result;
}

}  // namespace kenchi::text
