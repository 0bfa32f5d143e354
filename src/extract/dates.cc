// Date mentions and their roles; see kenchi/extract/dates.h.
#include "kenchi/extract/dates.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace kenchi::extract {
namespace {

using std::string_view;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool ReadInt(string_view s, size_t* pos, size_t max_digits, int* v) {
  size_t i = *pos;
  int x = 0;
  while (i < s.size() && i - *pos < max_digits && IsDigit(s[i])) x = x * 10 + (s[i++] - '0');
  if (i == *pos || (i < s.size() && IsDigit(s[i]))) return false;
  *pos = i;
  *v = x;
  return true;
}

bool Eat(string_view s, size_t* pos, string_view w) {
  size_t i = *pos;
  while (i < s.size() && s[i] == ' ') ++i;
  if (s.compare(i, w.size(), w) != 0) return false;
  i += w.size();
  while (i < s.size() && s[i] == ' ') ++i;
  *pos = i;
  return true;
}

int DaysIn(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

bool Valid(int y, int m, int d) {
  return y >= 1970 && y <= 2100 && m >= 1 && m <= 12 && d >= 0 && (d == 0 || d <= DaysIn(y, m));
}

struct Anchor {
  int year = 0;
  int month = 0;
  int day = 0;
  bool ok() const { return year != 0; }
};

Anchor ParseIso(string_view iso) {
  Anchor a;
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return a;
  size_t i = 0;
  int y = 0, m = 0, d = 0;
  if (!ReadInt(iso, &i, 4, &y) || !Eat(iso, &i, "-") || !ReadInt(iso, &i, 2, &m) || !Eat(iso, &i, "-") ||
      !ReadInt(iso, &i, 2, &d) || !Valid(y, m, d)) {
    return a;
  }
  return {y, m, d};
}

constexpr std::array<string_view, 12> kMonths = {"january", "february", "march",     "april",   "may",      "june",
                                                 "july",    "august",   "september", "october", "november", "december"};

// "November", "Nov", "Nov." at pos: the month number and the length read.
int EnglishMonth(string_view s, size_t pos, size_t* len) {
  for (size_t m = 0; m < kMonths.size(); ++m) {
    const string_view full = kMonths[m];
    size_t k = 0;
    while (pos + k < s.size() && k < full.size() && (s[pos + k] | 0x20) == full[k]) ++k;
    if (k == full.size() || (k >= 3 && (pos + k >= s.size() || s[pos + k] == '.' || s[pos + k] == ' '))) {
      if (pos + k < s.size() && ((s[pos + k] | 0x20) >= 'a' && (s[pos + k] | 0x20) <= 'z')) continue;
      if (k < full.size() && pos + k < s.size() && s[pos + k] == '.') ++k;
      *len = k;
      return static_cast<int>(m) + 1;
    }
  }
  return 0;
}

struct Context {
  Anchor published;
  int last_year = 0;   // the last year stated explicitly
  int last_month = 0;  // the last date's month and year (for 同月/同日)
  int last_day = 0;
};

// Resolves a month/day without a year.
int YearFor(const Context& c, int month, int day) {
  if (c.last_year != 0) return c.last_year;
  if (!c.published.ok()) return 0;
  int y = c.published.year;
  if (month > c.published.month || (month == c.published.month && day > c.published.day)) --y;
  return y;
}

std::optional<DateMention> MatchAt(string_view s, size_t pos, const Context& c) {
  DateMention d;
  d.begin = pos;
  size_t i = pos;
  const bool digit_before = pos > 0 && IsDigit(s[pos - 1]);
  int era = 0;
  if (s.compare(i, 6, "令和") == 0) era = 2018;
  if (s.compare(i, 6, "平成") == 0) era = 1988;
  auto finish_md = [&](size_t* j) -> bool {  // "M月D日" or "M月"
    if (!ReadInt(s, j, 2, &d.month) || !Eat(s, j, "月")) return false;
    size_t k = *j;
    int day = 0;
    if (ReadInt(s, &k, 2, &day) && s.compare(k, 3, "日") == 0) {
      d.day = day;
      *j = k + 3;
    }
    return true;
  };
  if (era != 0) {
    i += 6;
    int n = 0;
    if (s.compare(i, 3, "元") == 0) {
      n = 1;
      i += 3;
    } else if (!ReadInt(s, &i, 2, &n)) {
      return std::nullopt;
    }
    d.year = era + n;
    if (!Eat(s, &i, "年") || !finish_md(&i)) return std::nullopt;
  } else if (IsDigit(s[i]) && !digit_before) {
    const size_t start = i;
    int first = 0;
    if (!ReadInt(s, &i, 4, &first)) return std::nullopt;
    if (i - start == 4 && i < s.size() && (s[i] == '/' || s[i] == '-' || s[i] == '.')) {
      const char sep = s[i++];
      d.year = first;
      if (!ReadInt(s, &i, 2, &d.month) || i >= s.size() || s[i] != sep) return std::nullopt;
      ++i;
      if (!ReadInt(s, &i, 2, &d.day)) return std::nullopt;
    } else if (i - start == 4 && Eat(s, &i, "年")) {
      d.year = first;
      if (!finish_md(&i)) return std::nullopt;
    } else if (i - start <= 2 && s.compare(i, 3, "月") == 0) {
      i = start;
      if (!finish_md(&i) || d.day == 0) return std::nullopt;  // a bare "9月" is too vague
      d.year = YearFor(c, d.month, d.day);
    } else if (i - start <= 2 && i < s.size() && s[i] == ' ') {
      // "4 November 2024"
      size_t j = i + 1, len = 0;
      const int m = EnglishMonth(s, j, &len);
      if (m == 0) return std::nullopt;
      j += len;
      int y = 0;
      if (!Eat(s, &j, "") || !ReadInt(s, &j, 4, &y)) return std::nullopt;
      d.year = y;
      d.month = m;
      d.day = first;
      i = j;
    } else {
      return std::nullopt;
    }
  } else if (s.compare(i, 6, "同月") == 0 || s.compare(i, 6, "先月") == 0) {
    const bool prev = s.compare(i, 6, "先月") == 0;
    i += 6;
    int day = 0;
    if (!ReadInt(s, &i, 2, &day) || s.compare(i, 3, "日") != 0) return std::nullopt;
    i += 3;
    if (prev) {
      if (!c.published.ok()) return std::nullopt;
      d.year = c.published.year;
      d.month = c.published.month - 1;
      if (d.month == 0) {
        d.month = 12;
        --d.year;
      }
    } else {
      if (c.last_month == 0) return std::nullopt;
      d.year = c.last_year;
      d.month = c.last_month;
    }
    d.day = day;
  } else if (s.compare(i, 6, "同日") == 0) {
    if (c.last_day == 0) return std::nullopt;
    i += 6;
    d.year = c.last_year;
    d.month = c.last_month;
    d.day = c.last_day;
  } else if (s.compare(i, 6, "今年") == 0 || s.compare(i, 6, "本年") == 0 || s.compare(i, 6, "昨年") == 0 ||
             s.compare(i, 6, "去年") == 0) {
    if (!c.published.ok()) return std::nullopt;
    const bool last = s.compare(i, 6, "昨年") == 0 || s.compare(i, 6, "去年") == 0;
    i += 6;
    d.year = c.published.year - (last ? 1 : 0);
    if (!finish_md(&i)) return std::nullopt;
  } else {
    size_t len = 0;
    const int m = EnglishMonth(s, i, &len);
    if (m == 0 || (pos > 0 && ((s[pos - 1] | 0x20) >= 'a' && (s[pos - 1] | 0x20) <= 'z'))) return std::nullopt;
    i += len;
    int day = 0, y = 0;
    if (!Eat(s, &i, "") || !ReadInt(s, &i, 2, &day)) return std::nullopt;
    size_t j = i;
    if (Eat(s, &j, ",") && ReadInt(s, &j, 4, &y)) {
      i = j;
    } else {
      y = YearFor(c, m, day);
    }
    d.year = y;
    d.month = m;
    d.day = day;
  }
  if (!Valid(d.year, d.month, d.day)) return std::nullopt;
  d.end = i;
  return d;
}

bool CanStart(string_view s, size_t i) {
  const unsigned char ch = static_cast<unsigned char>(s[i]);
  if (IsDigit(static_cast<char>(ch))) return true;
  if (ch >= 'A' && ch <= 'Z') return true;  // English month names are capitalised
  return ch == 0xE4 || ch == 0xE5 || ch == 0xE6;  // 令平同先今本昨去 start with these bytes
}

}  // namespace

std::string DateMention::Iso() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day == 0 ? 1 : day); }

std::vector<DateMention> FindDateMentions(string_view s, string_view published_on) {
  std::vector<DateMention> out;
  Context c;
  c.published = ParseIso(published_on);
  size_t i = 0;
  while (i < s.size()) {
    if (CanStart(s, i)) {
      if (auto d = MatchAt(s, i, c)) {
        out.push_back(*d);
        c.last_year = d->year;
        c.last_month = d->month;
        c.last_day = d->day;
        i = d->end;
        continue;
      }
      // Skip a whole number so "12024年" is not read from its middle.
      while (i < s.size() && IsDigit(s[i])) ++i;
      if (i < s.size() && !IsDigit(s[i])) ++i;
      continue;
    }
    ++i;
  }
  // Track explicit years written alone ("2024年は…") only through dates: a
  // bare year is too often a fiscal or statistical year.
  return out;
}

namespace {

enum class Role { kNone, kOccurred, kDiscovered, kNeither };

struct RoleWord {
  string_view word;
  Role role;
};

constexpr std::array<RoleWord, 44> kRoleWords = {{
    {"判明", Role::kDiscovered},      {"発覚", Role::kDiscovered},     {"検知", Role::kDiscovered},
    {"確認", Role::kDiscovered},      {"気づ", Role::kDiscovered},     {"気付", Role::kDiscovered},
    {"把握", Role::kDiscovered},      {"discovered", Role::kDiscovered}, {"detected", Role::kDiscovered},
    {"identified", Role::kDiscovered}, {"became aware", Role::kDiscovered}, {"learned", Role::kDiscovered},
    {"発生", Role::kOccurred},        {"改ざん", Role::kOccurred},     {"紛失", Role::kOccurred},
    {"盗難", Role::kOccurred},        {"盗まれ", Role::kOccurred},     {"侵入", Role::kOccurred},
    {"送信され", Role::kOccurred},    {"送信し", Role::kOccurred},     {"不正アクセスを受け", Role::kOccurred},
    {"不正アクセスがあ", Role::kOccurred}, {"感染", Role::kOccurred},  {"暗号化", Role::kOccurred},
    {"置き忘れ", Role::kOccurred},    {"誤送信", Role::kOccurred},     {"閲覧可能", Role::kOccurred},
    {"occurred", Role::kOccurred},    {"stolen", Role::kOccurred},     {"defaced", Role::kOccurred},
    {"happened", Role::kOccurred},    {"took place", Role::kOccurred}, {"was accessed", Role::kOccurred},
    {"公表", Role::kNeither},         {"発表", Role::kNeither},        {"お知らせ", Role::kNeither},
    {"報告", Role::kNeither},         {"掲載", Role::kNeither},        {"第1報", Role::kNeither},
    {"announced", Role::kNeither},    {"published", Role::kNeither},   {"notif", Role::kNeither},
    {"現在", Role::kNeither},         {"更新", Role::kNeither},
}};

size_t SentenceEnd(string_view s, size_t from) {
  size_t e = s.size();
  for (string_view t : {string_view("。"), string_view("\n"), string_view(". ")}) {
    const size_t p = s.find(t, from);
    if (p != string_view::npos) e = std::min(e, p);
  }
  return e;
}

size_t SentenceBegin(string_view s, size_t to) {
  size_t b = 0;
  for (string_view t : {string_view("。"), string_view("\n"), string_view(". ")}) {
    const size_t p = to == 0 ? string_view::npos : s.rfind(t, to - 1);
    if (p != string_view::npos) b = std::max(b, p + t.size());
  }
  return b;
}

Role FirstRole(string_view window, bool last) {
  size_t best = string_view::npos;
  Role role = Role::kNone;
  for (const RoleWord& w : kRoleWords) {
    const size_t p = last ? window.rfind(w.word) : window.find(w.word);
    if (p == string_view::npos) continue;
    if (best == string_view::npos || (last ? p > best : p < best)) {
      best = p;
      role = w.role;
    }
  }
  return role;
}

}  // namespace

EventDates FindEventDates(string_view s, string_view published_on) {
  EventDates ev;
  const std::vector<DateMention> dates = FindDateMentions(s, published_on);
  for (size_t k = 0; k < dates.size(); ++k) {
    const DateMention& d = dates[k];
    const size_t se = SentenceEnd(s, d.end);
    const size_t stop = k + 1 < dates.size() ? std::min(se, dates[k + 1].begin) : se;
    Role role = FirstRole(s.substr(d.end, stop - d.end), false);
    const size_t sb = SentenceBegin(s, d.begin);
    const string_view before = s.substr(sb, d.begin - sb);
    if (role == Role::kNone) {
      // "閲覧可能となっていた期間は令和6年8月1日から": the start of a period.
      if (s.compare(d.end, 6, "から") == 0 && before.find("期間") != string_view::npos) role = Role::kOccurred;
      // English puts the verb first: "was stolen … on August 3, 2024".
      if (role == Role::kNone) {
        const size_t from = k > 0 && dates[k - 1].end > sb ? dates[k - 1].end - sb : 0;
        string_view b = before.substr(from);
        if (b.size() > 120) b = b.substr(b.size() - 120);
        role = FirstRole(b, true);
      }
    }
    if (role == Role::kOccurred && !ev.occurred) ev.occurred = d;
    if (role == Role::kDiscovered && !ev.discovered) ev.discovered = d;
  }
  return ev;
}

}  // namespace kenchi::extract
