// NFKC / NFKC_Casefold with ICU, keeping the edit record for evidence.
//
// ICU's Normalizer2::normalizeUTF8 can report its edits (which source spans
// became which output spans); mapping a match back to the source is then a
// lookup in that record, with no per-byte offset table. ASCII-only text, the
// bulk of many dumps and forums, skips ICU: folding it is a lowercase copy
// and offsets are unchanged.
#include "kenchi/match/folded_text.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/utf8.h>

#include <climits>
#include <cstdint>

namespace kenchi::match {
namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

void AsciiFold(std::string_view in, Folding folding, std::string& out) {
  out.assign(in);
  if (folding == Folding::kNfkc) return;
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

bool IsWellFormedUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

// Ill-formed bytes become U+FFFD, as everywhere else in kenchi.
void Sanitize(std::string_view in, std::string& out) {
  out.clear();
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  const size_t n = in.size();
  size_t i = 0;
  while (i < n) {
    const size_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) out.append("\xEF\xBF\xBD");
    else out.append(in.data() + start, i - start);
  }
}

const icu::Normalizer2* NormalizerFor(Folding folding) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = folding == Folding::kNfkc
                                  ? icu::Normalizer2::getNFKCInstance(status)
                                  : icu::Normalizer2::getNFKCCasefoldInstance(status);
  return U_SUCCESS(status) ? n : nullptr;
}

}  // namespace

struct FoldedText::Edits {
  icu::Edits edits;
  std::string sanitized;  // the source when the caller's had ill-formed bytes
};

std::string FoldPattern(std::string_view utf8, Folding folding) {
  FoldedText folded;
  folded.Assign(utf8, folding);
  return std::string(folded.text());
}

FoldedText::FoldedText() : edits_(std::make_unique<Edits>()) {}
FoldedText::~FoldedText() = default;
FoldedText::FoldedText(FoldedText&&) noexcept = default;
FoldedText& FoldedText::operator=(FoldedText&&) noexcept = default;

void FoldedText::Assign(std::string_view source, Folding folding) {
  source_ = source;
  identity_offsets_ = true;
  if (IsAscii(source)) {
    AsciiFold(source, folding, text_);
    return;
  }
  if (!IsWellFormedUtf8(source)) {
    Sanitize(source, edits_->sanitized);
    source_ = edits_->sanitized;
  }
  const icu::Normalizer2* norm = NormalizerFor(folding);
  // ICU takes int32 lengths; documents are capped far below that (64 MiB),
  // so an oversized text is only a fallback: compared unfolded.
  if (norm == nullptr || source_.size() > static_cast<size_t>(INT32_MAX / 2)) {
    text_.assign(source_);
    return;
  }
  text_.clear();
  edits_->edits.reset();
  UErrorCode status = U_ZERO_ERROR;
  {
    icu::StringByteSink<std::string> sink(&text_);
    norm->normalizeUTF8(0, icu::StringPiece(source_.data(), static_cast<int32_t>(source_.size())),
                        sink, &edits_->edits, status);
  }
  if (U_FAILURE(status)) {
    text_.assign(source_);
    return;
  }
  identity_offsets_ = !edits_->edits.hasChanges();
}

std::pair<size_t, size_t> FoldedText::SourceSpan(size_t begin, size_t end) const {
  if (identity_offsets_ || end <= begin) return {begin, end};
  UErrorCode status = U_ZERO_ERROR;
  icu::Edits::Iterator it = edits_->edits.getFineIterator();
  size_t src_begin = begin;
  if (it.findDestinationIndex(static_cast<int32_t>(begin), status) && U_SUCCESS(status)) {
    src_begin = it.hasChange() ? static_cast<size_t>(it.sourceIndex())
                               : static_cast<size_t>(it.sourceIndex()) + (begin - it.destinationIndex());
  }
  size_t src_end = end;
  status = U_ZERO_ERROR;
  const size_t last = end - 1;
  if (it.findDestinationIndex(static_cast<int32_t>(last), status) && U_SUCCESS(status)) {
    src_end = it.hasChange()
                  ? static_cast<size_t>(it.sourceIndex() + it.oldLength())
                  : static_cast<size_t>(it.sourceIndex()) + (last - it.destinationIndex()) + 1;
  }
  if (src_end > source_.size()) src_end = source_.size();
  if (src_begin > src_end) src_begin = src_end;
  return {src_begin, src_end};
}

}  // namespace kenchi::match
