// libFuzzer target for the text decoder and the normaliser.
//
// Properties checked on every input:
//   - DecodeToUtf8 never crashes, with no label and with each kind of label;
//   - on success its output is valid UTF-8, and UTF-8 input comes back
//     byte for byte (minus a BOM);
//   - on failure the status is kInvalidInput with a non-empty message;
//   - Nfkc / NfkcCaseFold of anything (including the raw, possibly invalid,
//     input) is valid UTF-8.
// The first input byte picks the declared label so the fuzzer can explore
// the tie-breaking paths without a dictionary.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <string>
#include <string_view>

#include "kenchi/text/encoding.h"
#include "kenchi/text/normalize.h"

namespace {

constexpr std::string_view kLabels[] = {
    "", "utf-8", "Shift_JIS", "EUC-JP", "ISO-2022-JP", "utf-16le", "utf-16be", "utf-16", "bogus",
};

void Check(bool ok) {
  if (!ok) std::abort();
}

void DecodeAndCheck(std::string_view bytes, std::string_view label) {
  kenchi::Result<kenchi::text::Decoded> r = kenchi::text::DecodeToUtf8(bytes, label);
  if (!r.ok()) {
    // Bad bytes are the user's problem, never an internal failure.
    Check(r.status().code() == kenchi::Status::Code::kInvalidInput);
    Check(!r.status().message().empty());
    return;
  }
  const std::string& utf8 = r->utf8;
  Check(kenchi::text::IsValidUtf8(utf8));
  // UTF-8 input passes through untouched, minus its BOM.
  if (r->encoding == kenchi::Encoding::kUtf8) Check(utf8 == bytes);
  if (r->encoding == kenchi::Encoding::kUtf8Bom) Check(utf8 == bytes.substr(3));
  Check(kenchi::text::IsValidUtf8(kenchi::text::Nfkc(utf8)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);

  // Without a label, on the whole input.
  DecodeAndCheck(all, {});

  // With a label chosen by the first byte, on the rest.
  if (size > 0) {
    const std::string_view label = kLabels[data[0] % std::size(kLabels)];
    DecodeAndCheck(all.substr(1), label);
  }

  // The normaliser must cope with raw bytes too.
  Check(kenchi::text::IsValidUtf8(kenchi::text::Nfkc(all)));
  Check(kenchi::text::IsValidUtf8(kenchi::text::NfkcCaseFold(all)));
  return 0;
}
