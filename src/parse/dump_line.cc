// Parsers of leak-dump lines: combolists, CSV/TSV with a header, SQL INSERTs.
#include <algorithm>
#include <array>
#include <cstring>

#include "kenchi/parse/dump.h"

namespace kenchi::parse {
namespace {

bool StartsWithCi(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view StripCr(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

// Separators of combolist fields; a lookup table keeps the scan to one load
// and one test per byte.
constexpr std::array<bool, 256> MakeSeparators() {
  std::array<bool, 256> t{};
  t[':'] = t[';'] = t['|'] = t['\t'] = true;
  return t;
}
constexpr std::array<bool, 256> kSeparator = MakeSeparators();

// "scheme://" at the start of the line (http, https, android, ftp, ...).
size_t SchemeEnd(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && i < 16) {
    const char c = line[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') ||
                                                                       c == '+' || c == '-' || c == '.'))) {
      ++i;
      continue;
    }
    break;
  }
  if (i == 0 || line.substr(i, 3) != "://") return 0;
  return i + 3;
}

enum class Column { kNone, kEmail, kUser, kPassword, kCard, kUrl };

// Header names seen in real dumps, compared lowercased, quotes and spaces removed.
Column ColumnFor(std::string_view name) {
  static constexpr std::pair<std::string_view, Column> kNames[] = {
      {"email", Column::kEmail}, {"e-mail", Column::kEmail}, {"mail", Column::kEmail},
      {"email_address", Column::kEmail}, {"emailaddress", Column::kEmail},
      {"user_email", Column::kEmail}, {"mail_address", Column::kEmail},
      {"メールアドレス", Column::kEmail}, {"メール", Column::kEmail}, {"邮箱", Column::kEmail},
      {"username", Column::kUser}, {"user", Column::kUser}, {"user_name", Column::kUser},
      {"login", Column::kUser}, {"account", Column::kUser}, {"uname", Column::kUser},
      {"ユーザー名", Column::kUser}, {"ログインid", Column::kUser}, {"用户名", Column::kUser},
      {"password", Column::kPassword}, {"pass", Column::kPassword}, {"passwd", Column::kPassword},
      {"pwd", Column::kPassword}, {"password_hash", Column::kPassword},
      {"plain_password", Column::kPassword}, {"hash", Column::kPassword},
      {"パスワード", Column::kPassword}, {"密码", Column::kPassword},
      {"card", Column::kCard}, {"card_number", Column::kCard}, {"cardnumber", Column::kCard},
      {"cc", Column::kCard}, {"cc_number", Column::kCard}, {"ccnum", Column::kCard},
      {"pan", Column::kCard}, {"カード番号", Column::kCard},
      {"url", Column::kUrl}, {"host", Column::kUrl}, {"site", Column::kUrl},
      {"login_url", Column::kUrl}, {"origin_url", Column::kUrl}, {"action_url", Column::kUrl},
  };
  std::string lower;
  for (char c : name) {
    if (c == '"' || c == '\'' || c == '`' || c == ' ') continue;
    lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
  for (const auto& [n, col] : kNames) {
    if (lower == n) return col;
  }
  return Column::kNone;
}

void Assign(DumpLayout& layout, int index, Column col) {
  int* slot = nullptr;
  switch (col) {
    case Column::kEmail: slot = &layout.email_column; break;
    case Column::kUser: slot = &layout.user_column; break;
    case Column::kPassword: slot = &layout.password_column; break;
    case Column::kCard: slot = &layout.card_column; break;
    case Column::kUrl: slot = &layout.url_column; break;
    case Column::kNone: return;
  }
  if (*slot < 0) *slot = index;
}

bool IsSqlStart(std::string_view line) {
  for (std::string_view k : {"--", "/*", "insert ", "insert\t", "create ", "set ", "drop ",
                             "lock ", "use ", "begin", "pragma ", "start transaction"}) {
    if (StartsWithCi(line, k)) return true;
  }
  return false;
}

// Splits a CSV line field by field, unquoting into `scratch` only when a
// field holds doubled quotes. Calls field(index, view) until it returns false.
template <typename Field>
LineIssue SplitCsv(std::string_view line, char delim, std::string& scratch, Field field) {
  size_t i = 0;
  for (int index = 0;; ++index) {
    std::string_view value;
    if (i < line.size() && line[i] == '"') {
      size_t j = i + 1;
      bool doubled = false;
      while (true) {
        const size_t q = line.find('"', j);
        if (q == std::string_view::npos) return LineIssue::kUnbalancedQuote;
        if (q + 1 < line.size() && line[q + 1] == '"') {
          doubled = true;
          j = q + 2;
          continue;
        }
        value = line.substr(i + 1, q - i - 1);
        i = q + 1;
        break;
      }
      if (doubled) {
        const size_t start = scratch.size();
        for (size_t k = 0; k < value.size(); ++k) {
          scratch.push_back(value[k]);
          if (value[k] == '"') ++k;  // "" -> "
        }
        value = std::string_view(scratch).substr(start);
      }
      // Anything between the closing quote and the delimiter is ignored.
      const size_t d = line.find(delim, i);
      i = d == std::string_view::npos ? line.size() + 1 : d + 1;
    } else {
      const size_t d = line.find(delim, i);
      const size_t end = d == std::string_view::npos ? line.size() : d;
      value = i <= line.size() ? line.substr(i, end - i) : std::string_view();
      i = end + 1;
    }
    if (!field(index, value)) return LineIssue::kNone;
    if (i > line.size()) return LineIssue::kNone;
  }
}

}  // namespace

std::string_view ToString(DumpFormat format) {
  switch (format) {
    case DumpFormat::kCombolist: return "combolist";
    case DumpFormat::kCsv: return "csv";
    case DumpFormat::kSql: return "sql";
  }
  return "combolist";
}

std::string_view Describe(LineIssue issue) {
  switch (issue) {
    case LineIssue::kNone: return "ok";
    case LineIssue::kNoSeparator: return "no separator (':' ';' '|' or TAB) between identity and password";
    case LineIssue::kEmptyIdentity: return "empty identity before the separator";
    case LineIssue::kTooFewColumns: return "fewer columns than the header";
    case LineIssue::kUnbalancedQuote: return "a quoted value is not closed on this line";
    case LineIssue::kBadSql: return "INSERT statement without a VALUES (...) list";
  }
  return "bad line";
}

DumpLayout SniffDumpLayout(std::string_view head) {
  DumpLayout layout;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  // The first non-blank line decides.
  std::string_view line;
  while (!head.empty()) {
    const size_t nl = head.find('\n');
    line = Trim(head.substr(0, nl));
    if (!line.empty() || nl == std::string_view::npos) break;
    head.remove_prefix(nl + 1);
  }
  if (IsSqlStart(line)) {
    layout.format = DumpFormat::kSql;
    return layout;
  }
  char best = 0;
  size_t best_count = 0;
  for (char d : {'\t', ',', ';', '|'}) {
    const size_t n = static_cast<size_t>(std::count(line.begin(), line.end(), d));
    if (n > best_count) best = d, best_count = n;
  }
  if (best == 0) return layout;
  DumpLayout csv;
  csv.format = DumpFormat::kCsv;
  csv.delimiter = best;
  csv.header_line = true;
  std::string scratch;
  scratch.reserve(line.size());
  (void)SplitCsv(line, best, scratch, [&](int index, std::string_view name) {
    Assign(csv, index, ColumnFor(Trim(name)));
    return true;
  });
  if (csv.email_column >= 0 || csv.user_column >= 0 || csv.card_column >= 0 || csv.url_column >= 0)
    return csv;
  return layout;
}

LineIssue ParseComboLine(std::string_view line, DumpRecord& out) {
  line = StripCr(line);
  out = DumpRecord{};
  if (const size_t scheme = SchemeEnd(line); scheme > 0) {
    // Stealer logs: url|user|pass, url<TAB>user<TAB>pass, url user pass, url:user:pass.
    char sep = 0;
    for (char c : {'|', '\t', ' '}) {
      if (line.find(c, scheme) != std::string_view::npos) {
        sep = c;
        break;
      }
    }
    size_t a, b;
    if (sep != 0) {
      a = line.find(sep, scheme);
      b = line.find(sep, a + 1);
    } else {
      // The last two ':' (memrchr: string_view::rfind went a byte at a
      // time, a sixteenth of a stealer-log line's work).
      const auto last_colon = [&](size_t before) {
        const void* c = memrchr(line.data(), ':', before);
        return c == nullptr ? std::string_view::npos : static_cast<size_t>(static_cast<const char*>(c) - line.data());
      };
      b = last_colon(line.size());
      a = b != std::string_view::npos && b > scheme ? last_colon(b) : std::string_view::npos;
      if (a != std::string_view::npos && a < scheme) a = std::string_view::npos;
    }
    if (a == std::string_view::npos) return LineIssue::kNoSeparator;
    out.url = line.substr(0, a);
    if (b == std::string_view::npos) {
      out.identity = Trim(line.substr(a + 1));
    } else {
      out.identity = Trim(line.substr(a + 1, b - a - 1));
      const size_t c = sep != 0 ? line.find(sep, b + 1) : std::string_view::npos;
      out.password = line.substr(b + 1, c == std::string_view::npos ? std::string_view::npos : c - b - 1);
    }
    if (out.identity.empty()) return LineIssue::kEmptyIdentity;
    return LineIssue::kNone;
  }
  size_t i = 0;
  const size_t n = line.size();
  while (i < n && !kSeparator[static_cast<unsigned char>(line[i])]) ++i;
  if (i == n) return LineIssue::kNoSeparator;
  out.identity = Trim(line.substr(0, i));
  if (out.identity.empty()) return LineIssue::kEmptyIdentity;
  out.password = line.substr(i + 1);
  const char first = out.identity.front();
  if (first >= '0' && first <= '9') {
    char digits[19];
    if (CardDigits(out.identity, digits) > 0) {
      // Card lines carry expiry and CVV after the number: none of it is kept.
      out.card = out.identity;
      out.password = {};
    }
  }
  return LineIssue::kNone;
}

LineIssue ParseCsvLine(std::string_view line, const DumpLayout& layout, std::string& scratch,
                       DumpRecord& out) {
  line = StripCr(line);
  out = DumpRecord{};
  scratch.clear();
  scratch.reserve(line.size());  // views into scratch stay valid: it never grows past this
  const int needed = std::max({layout.email_column, layout.user_column, layout.password_column,
                               layout.card_column, layout.url_column});
  std::string_view email, user;
  int seen = 0;
  LineIssue issue = SplitCsv(line, layout.delimiter, scratch, [&](int index, std::string_view v) {
    seen = index + 1;
    if (index == layout.email_column) email = Trim(v);
    if (index == layout.user_column) user = Trim(v);
    if (index == layout.password_column) out.password = v;
    if (index == layout.card_column) out.card = Trim(v);
    if (index == layout.url_column) out.url = Trim(v);
    return index < needed;
  });
  if (issue != LineIssue::kNone) return issue;
  if (seen <= needed) return LineIssue::kTooFewColumns;
  out.identity = !email.empty() ? email : user;
  if (out.identity.empty() && out.card.empty()) return LineIssue::kEmptyIdentity;
  return LineIssue::kNone;
}

LineIssue SqlLineParser::ParseImpl(std::string_view line, bool* is_insert, void* ctx,
                                   void (*call)(void*, const DumpRecord&)) {
  line = Trim(line);
  *is_insert = false;
  if (!StartsWithCi(line, "insert")) return LineIssue::kNone;
  *is_insert = true;
  size_t i = 6;
  auto skip_spaces = [&] {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  };
  auto keyword = [&](std::string_view k) {
    skip_spaces();
    if (!StartsWithCi(line.substr(i), k)) return false;
    i += k.size();
    return true;
  };
  (void)keyword("ignore");
  if (!keyword("into")) return LineIssue::kBadSql;
  skip_spaces();
  // Table name: up to a space or '('.
  while (i < line.size() && line[i] != ' ' && line[i] != '(' && line[i] != '\t') ++i;
  skip_spaces();

  DumpLayout layout;
  const bool named = i < line.size() && line[i] == '(';
  if (named) {
    const size_t close = line.find(')', i);
    if (close == std::string_view::npos) return LineIssue::kBadSql;
    std::string_view list = line.substr(i + 1, close - i - 1);
    int index = 0;
    while (true) {
      const size_t comma = list.find(',');
      Assign(layout, index++, ColumnFor(Trim(list.substr(0, comma))));
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    i = close + 1;
  }
  if (!keyword("values")) return LineIssue::kBadSql;

  scratch_.reserve(line.size());
  while (true) {
    skip_spaces();
    if (i >= line.size() || line[i] != '(') return LineIssue::kBadSql;
    ++i;
    scratch_.clear();
    DumpRecord rec;
    std::string_view email, user;
    bool want_password = false;  // heuristic: the string after the '@' value
    for (int index = 0;; ++index) {
      skip_spaces();
      std::string_view value;
      bool quoted = false;
      if (i < line.size() && line[i] == '\'') {
        quoted = true;
        const size_t start = scratch_.size();
        ++i;
        bool closed = false;
        while (i < line.size()) {
          const char c = line[i];
          if (c == '\\' && i + 1 < line.size()) {
            const char e = line[i + 1];
            scratch_.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == '0' ? '\0' : e);
            i += 2;
          } else if (c == '\'') {
            if (i + 1 < line.size() && line[i + 1] == '\'') {
              scratch_.push_back('\'');
              i += 2;
            } else {
              ++i;
              closed = true;
              break;
            }
          } else {
            scratch_.push_back(c);
            ++i;
          }
        }
        if (!closed) return LineIssue::kUnbalancedQuote;
        value = std::string_view(scratch_).substr(start);
      } else {
        const size_t start = i;
        while (i < line.size() && line[i] != ',' && line[i] != ')') ++i;
        value = Trim(line.substr(start, i - start));
        if (StartsWithCi(value, "null") && value.size() == 4) value = {};
      }
      if (named) {
        if (index == layout.email_column) email = value;
        if (index == layout.user_column) user = value;
        if (index == layout.password_column) rec.password = value;
        if (index == layout.card_column) rec.card = value;
        if (index == layout.url_column) rec.url = value;
      } else if (email.empty() && value.find('@') != std::string_view::npos) {
        email = value;
        want_password = true;
      } else if (want_password && quoted) {
        rec.password = value;
        want_password = false;
      }
      skip_spaces();
      if (i >= line.size()) return LineIssue::kBadSql;
      if (line[i] == ',') {
        ++i;
        continue;
      }
      if (line[i] == ')') {
        ++i;
        break;
      }
      return LineIssue::kBadSql;
    }
    rec.identity = !email.empty() ? email : user;
    if (!rec.identity.empty() || !rec.card.empty()) call(ctx, rec);
    skip_spaces();
    if (i < line.size() && line[i] == ',') {
      ++i;
      continue;
    }
    return LineIssue::kNone;  // ';' or the end of the line
  }
}

size_t CardDigits(std::string_view card, char* out) {
  size_t n = 0;
  for (char c : card) {
    if (c >= '0' && c <= '9') {
      if (n == 19) return 0;
      out[n++] = c;
    } else if (c != ' ' && c != '-') {
      return 0;
    }
  }
  return n >= 13 ? n : 0;
}

}  // namespace kenchi::parse
