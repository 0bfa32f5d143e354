// Japanese morphology with MeCab, IPADIC and kenchi's user dictionary.
//
// The system dictionary is opened by an explicit path, never MeCab's
// default: the build finds a UTF-8 IPADIC (mecab-ipadic-utf8) and bakes its
// directory in; $KENCHI_MECAB_DICDIR overrides it. The user dictionary
// (data/mecab/kenchi-user.csv: legal forms of organisations, security
// vocabulary, product names) is compiled by mecab-dict-index at build time
// into <build>/mecab/kenchi-user.dic; $KENCHI_MECAB_USERDIC overrides it.
//
// One MeCab model is loaded per process (on first use) and each thread gets
// its own tagger and lattice from it, so tokenising a document costs no
// dictionary loading and no locking.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/status.h"

namespace kenchi::text {

// A coarse part of speech: what extraction rules need, nothing more.
enum class Pos : uint8_t {
  kNoun,         // 名詞 (general, サ変, proper, ...), except the classes below
  kProperOrg,    // 名詞,固有名詞,組織
  kPlace,        // 名詞,固有名詞,地域
  kNumber,       // 名詞,数
  kSuffix,       // 名詞,接尾 (日, 件, 社, 市 ...)
  kDependent,    // 名詞,非自立 / 代名詞
  kVerb,
  kAdjective,
  kAuxiliary,    // 助動詞
  kNegation,     // 助動詞 or 形容詞 whose base form is ない/ぬ/ん
  kTopic,        // 係助詞 は/も
  kParticle,     // other 助詞
  kSymbol,       // 記号 (brackets, punctuation)
  kOther,
};

// Tag of an entry of kenchi's user dictionary.
enum class UserTag : uint8_t { kNone, kOrgForm, kSecurity, kData, kProduct };

struct Morpheme {
  uint32_t begin = 0;  // byte offsets into the tokenised text
  uint32_t end = 0;
  Pos pos = Pos::kOther;
  UserTag tag = UserTag::kNone;
};

struct MecabPaths {
  std::string dicdir;   // IPADIC, UTF-8
  std::string userdic;  // compiled kenchi user dictionary; empty if none
};

// The paths that will be used (environment, then build-time defaults).
MecabPaths ResolveMecabPaths();

// Whether the model could be loaded; the status says why not.
Status MecabStatus();

// Tokenises `text` with this thread's tagger. `out` is cleared and reused,
// so a caller that keeps its vector allocates nothing per document once it
// has grown. Fails only when MeCab cannot be loaded.
Status Tokenize(std::string_view text, std::vector<Morpheme>* out);

}  // namespace kenchi::text
