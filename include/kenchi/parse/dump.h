// Records of leak dumps, one line at a time.
//
// Three layouts are recognised from the first line of the (decompressed)
// stream, never from a file name:
// - combolists: `email:password`, `user;pass`, `email|pass`, `email<TAB>pass`,
//   stealer-log lines `https://host/path:user:pass`, `url|user|pass` or
//   `url<TAB>user<TAB>pass`, and card lines whose first field is a card
//   number (`4111111111111111|12|29|...`: only the number is kept);
// - CSV/TSV (`,` `;` `|` or TAB) with a header naming the columns: the
//   email, user name, password, card number and URL columns are found by
//   name in any order ("email", "mail", "login", "username", "password",
//   "pass", "card_number", "pan", "url", ...; Japanese names too);
// - SQL dumps: `INSERT INTO t [(columns)] VALUES (...),(...);` lines, one
//   record per tuple, strings in '...' with '' and backslash escapes. With a
//   column list the columns are found by name; without one, the first value
//   holding an '@' is the identity and the next string value the password.
//   Other SQL lines (CREATE TABLE, comments, SET) are skipped.
//
// A record is made of views into the line (or into the parser's scratch
// space for unescaped SQL/CSV strings), valid until the next call. Parsing
// allocates nothing per line once the scratch space has grown.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "kenchi/status.h"

namespace kenchi::parse {

enum class DumpFormat : uint8_t { kCombolist, kCsv, kSql };
std::string_view ToString(DumpFormat format);

// What the first line says about the rest. Column indexes are -1 when absent.
struct DumpLayout {
  DumpFormat format = DumpFormat::kCombolist;
  char delimiter = ',';
  bool header_line = false;  // the first line names columns: not a record
  int email_column = -1;
  int user_column = -1;
  int password_column = -1;
  int card_column = -1;
  int url_column = -1;
};

// Looks at the first line of `head` (the first bytes of the stream).
DumpLayout SniffDumpLayout(std::string_view head);

// One credential. Empty views are absent fields.
struct DumpRecord {
  std::string_view identity;  // email address or user name, as written
  std::string_view password;  // never kept: hashed and masked by the caller
  std::string_view url;       // where it was used (stealer logs, url columns)
  std::string_view card;      // card number as written (digits, spaces, dashes)
};

// Why a line was not a record.
enum class LineIssue : uint8_t {
  kNone,
  kNoSeparator,     // combolist line without ':' ';' '|' or TAB
  kEmptyIdentity,   // nothing before the separator
  kTooFewColumns,   // CSV/TSV line shorter than the header's columns it needs
  kUnbalancedQuote, // CSV/SQL string never closed on this line
  kBadSql,          // INSERT line that is not a VALUES list
};
std::string_view Describe(LineIssue issue);

// Combolist lines: `line` has no '\n' (a trailing '\r' is allowed).
// Returns kNone and fills `out`, or the issue.
LineIssue ParseComboLine(std::string_view line, DumpRecord& out);

// CSV/TSV record lines (not the header). `scratch` holds unquoted fields.
LineIssue ParseCsvLine(std::string_view line, const DumpLayout& layout, std::string& scratch,
                       DumpRecord& out);

// SQL INSERT lines. Calls `on_record(const DumpRecord&)` per tuple; lines
// that are not INSERT statements yield no record and no issue (`*is_insert`
// false).
class SqlLineParser {
 public:
  template <typename OnRecord>
  LineIssue Parse(std::string_view line, bool* is_insert, OnRecord&& on_record) {
    return ParseImpl(line, is_insert, &on_record,
                     [](void* f, const DumpRecord& r) {
                       (*static_cast<std::remove_reference_t<OnRecord>*>(f))(r);
                     });
  }

 private:
  LineIssue ParseImpl(std::string_view line, bool* is_insert, void* ctx,
                      void (*call)(void*, const DumpRecord&));
  std::string scratch_;
  std::string columns_;  // the INSERT's column names, lowercased
};

// Digits of a card number written with optional spaces or dashes, into
// `out` (capacity 19); returns the digit count, or 0 when `card` is not
// 13 to 19 digits.
size_t CardDigits(std::string_view card, char* out);

}  // namespace kenchi::parse
