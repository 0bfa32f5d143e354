#include "match/literal_set.h"

#include <fmt/format.h>

#include <climits>
#include <utility>

namespace kenchi::match {
namespace {

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to,
            unsigned int /*flags*/, void* context) {
  auto* hits = static_cast<std::vector<LiteralHit>*>(context);
  hits->push_back(LiteralHit{id, static_cast<uint32_t>(to)});
  return 0;  // continue scanning
}

}  // namespace

LiteralSet::~LiteralSet() {
  if (scratch_) hs_free_scratch(scratch_);
  if (db_) hs_free_database(db_);
}

LiteralSet::LiteralSet(LiteralSet&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), scratch_(std::exchange(other.scratch_, nullptr)) {}

LiteralSet& LiteralSet::operator=(LiteralSet&& other) noexcept {
  if (this != &other) {
    if (scratch_) hs_free_scratch(scratch_);
    if (db_) hs_free_database(db_);
    db_ = std::exchange(other.db_, nullptr);
    scratch_ = std::exchange(other.scratch_, nullptr);
  }
  return *this;
}

Result<LiteralSet> LiteralSet::Compile(const std::vector<std::string>& literals) {
  LiteralSet set;
  if (literals.empty()) return set;
  if (literals.size() > UINT_MAX) return Status::InvalidInput("too many patterns");
  std::vector<const char*> expressions;
  std::vector<size_t> lengths;
  std::vector<unsigned> ids;
  std::vector<unsigned> flags(literals.size(), 0);
  expressions.reserve(literals.size());
  lengths.reserve(literals.size());
  ids.reserve(literals.size());
  for (size_t i = 0; i < literals.size(); ++i) {
    if (literals[i].empty()) return Status::Internal("empty literal given to the matcher");
    expressions.push_back(literals[i].data());
    lengths.push_back(literals[i].size());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* error = nullptr;
  const hs_error_t rc = hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(),
                                             lengths.data(), static_cast<unsigned>(literals.size()),
                                             HS_MODE_BLOCK, nullptr, &set.db_, &error);
  if (rc != HS_SUCCESS) {
    std::string message = error && error->message ? error->message : "unknown error";
    const int expression = error ? error->expression : -1;
    if (error) hs_free_compile_error(error);
    set.db_ = nullptr;
    return Status::Internal(fmt::format("cannot compile {} patterns with Hyperscan: {} (pattern {})",
                                        literals.size(), message, expression));
  }
  if (hs_alloc_scratch(set.db_, &set.scratch_) != HS_SUCCESS) {
    return Status::Internal("cannot allocate Hyperscan scratch space");
  }
  return set;
}

Status LiteralSet::Scan(std::string_view text, std::vector<LiteralHit>& hits) const {
  if (db_ == nullptr || text.empty()) return Status::Ok();
  if (text.size() > UINT_MAX) return Status::InvalidInput("text too large to scan");
  const hs_error_t rc = hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch_,
                                OnMatch, &hits);
  if (rc != HS_SUCCESS) return Status::Internal(fmt::format("Hyperscan scan failed ({})", rc));
  return Status::Ok();
}

}  // namespace kenchi::match
