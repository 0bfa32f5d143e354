// A compiled set of literal byte strings (Hyperscan block mode).
//
// Literal mode (hs_compile_lit_multi) takes the patterns as bytes, so no
// escaping is needed and any UTF-8 is fine. Matches are reported by end
// offset; the start is end minus the literal's length, which spares
// Hyperscan the cost of tracking start of match.
#pragma once

#include <hs/hs.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/status.h"

namespace kenchi::match {

struct LiteralHit {
  uint32_t id = 0;   // index into the literals given to Compile
  uint32_t end = 0;  // byte offset just past the match
};

class LiteralSet {
 public:
  LiteralSet() = default;
  ~LiteralSet();
  LiteralSet(LiteralSet&& other) noexcept;
  LiteralSet& operator=(LiteralSet&& other) noexcept;
  LiteralSet(const LiteralSet&) = delete;
  LiteralSet& operator=(const LiteralSet&) = delete;

  // Compiles non-empty literals; an empty list gives a set that never matches.
  static Result<LiteralSet> Compile(const std::vector<std::string>& literals);

  // Appends every match in `text` to `hits` (not cleared), ordered by end.
  Status Scan(std::string_view text, std::vector<LiteralHit>& hits) const;

  bool empty() const { return db_ == nullptr; }

 private:
  hs_database_t* db_ = nullptr;
  hs_scratch_t* scratch_ = nullptr;
};

}  // namespace kenchi::match
