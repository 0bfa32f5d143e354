// Text in the form names are compared in, with a way back to the original.
//
// Names and keywords are matched on NFKC text, case-folded unless the asset
// asks for case sensitivity, so that "ＰａｙＰａｙ", "PAYPAY" and "paypay" are
// one spelling and half-width "ﾍﾟｲﾍﾟｲ" meets "ペイペイ". Patterns go through
// the same folding (FoldPattern) as the text (FoldedText), so both sides
// agree. Evidence must quote the original text, so FoldedText remembers
// ICU's edit record and maps a span of the folded text back to source bytes.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace kenchi::match {

enum class Folding {
  kNfkc,          // width and compatibility forms only: case-sensitive matching
  kNfkcCaseFold,  // plus Unicode case folding: the default
};

// The folded form of a pattern. Pure-ASCII input takes a fast path with the
// same result as ICU (NFKC of ASCII is ASCII; case folding lowercases).
std::string FoldPattern(std::string_view utf8, Folding folding);

// A reusable buffer holding one folded text. Assign() reuses its storage, so
// matching a stream of documents allocates only when a text is larger than
// any before it.
class FoldedText {
 public:
  FoldedText();
  ~FoldedText();
  FoldedText(FoldedText&&) noexcept;
  FoldedText& operator=(FoldedText&&) noexcept;

  // Folds `source`, which must stay alive while spans are mapped back.
  void Assign(std::string_view source, Folding folding);

  std::string_view text() const { return text_; }
  std::string_view source() const { return source_; }

  // The source bytes [first, second) that produced folded bytes [begin, end):
  // a span that starts or ends inside a changed character widens to the
  // whole original character(s).
  std::pair<size_t, size_t> SourceSpan(size_t begin, size_t end) const;

 private:
  struct Edits;
  std::string_view source_;
  std::string text_;
  bool identity_offsets_ = true;  // folded byte i came from source byte i
  std::unique_ptr<Edits> edits_;
};

}  // namespace kenchi::match
