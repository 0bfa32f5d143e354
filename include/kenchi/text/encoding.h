// Turning collected bytes into UTF-8.
//
// Japanese sources still arrive as Shift_JIS (CP932), EUC-JP and
// ISO-2022-JP as often as UTF-8. The encoding is *detected from the bytes*
// (BOMs, escape sequences, which multi-byte structures validate), with an
// optional declared charset (HTTP header, <meta charset>) used as a hint
// when more than one encoding validates. File names are never consulted.
#pragma once

#include <string>
#include <string_view>

#include "kenchi/model.h"
#include "kenchi/status.h"

namespace kenchi::text {

struct Decoded {
  std::string utf8;    // the text, valid UTF-8, without a BOM
  Encoding encoding;   // what the bytes were found to be
};

// Detects the encoding of `bytes` and converts them to UTF-8.
//
// `declared` is a charset label someone claimed ("shift_jis", "EUC-JP",
// "utf-8", ...) or empty. It decides between Shift_JIS and EUC-JP when both
// validate, and it never forces a conversion the bytes do not support.
// Valid UTF-8 stays UTF-8 whatever is declared, unless the UTF-8 reading
// has nothing Japanese-looking in it and the declared reading does (EUC-JP
// "発表" is also valid UTF-8). Without a declaration, the reading that looks
// more like Japanese wins; ties go to Shift_JIS. UTF-16 without a BOM is
// recognised only from NUL bytes in most code units, or when declared.
//
// Fails with kInvalidInput, naming the byte offset and what was expected,
// when the bytes are empty, look binary (NUL bytes or other control bytes),
// or are not valid in any supported encoding (e.g. invalid UTF-8, a
// Shift_JIS lead byte with its trail byte missing at the end).
Result<Decoded> DecodeToUtf8(std::string_view bytes, std::string_view declared = {});

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates).
// On failure, *bad_offset (if given) receives the offset of the first bad byte.
bool IsValidUtf8(std::string_view s, size_t* bad_offset = nullptr);

// Maps a charset label (case-insensitive, common aliases) to an Encoding.
// Returns false for labels kenchi does not decode.
bool EncodingFromLabel(std::string_view label, Encoding* out);

}  // namespace kenchi::text
