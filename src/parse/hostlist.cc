// Hacked-server lists -> host entries (see kenchi/parse/hostlist.h).
#include "kenchi/parse/hostlist.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "kenchi/text/keyed_hash.h"
#include "parse/internal.h"

namespace kenchi::parse {
namespace {

constexpr size_t kSniffLines = 200;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsComment(std::string_view line) {
  return line.empty() || line.front() == '#' || line.substr(0, 2) == "//";
}

bool ValidIp(const std::string& ip) {
  unsigned char buf[16];
  if (ip.find(':') != std::string::npos) return inet_pton(AF_INET6, ip.c_str(), buf) == 1;
  return inet_pton(AF_INET, ip.c_str(), buf) == 1;
}

std::optional<int> ParsePort(std::string_view s) {
  if (s.empty() || s.size() > 5) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < 1 || v > 65535) return std::nullopt;
  return v;
}

std::string ServiceForPort(int port) {
  switch (port) {
    case 3389: return "rdp";
    case 22: return "ssh";
    case 21: return "ftp";
    case 5900: return "vnc";
    case 445: return "smb";
    case 3306: return "mysql";
    case 1433: return "mssql";
    case 5432: return "postgresql";
    case 23: return "telnet";
    case 2083: return "cpanel";
    case 80:
    case 8080: return "http";
    case 443:
    case 8443: return "https";
    default: return "";
  }
}

// "203.0.113.5:3389" or "[2001:db8::1]:22" at the start of `s`; the rest
// after it in *rest.
bool ReadAddress(std::string_view s, HostEntry* e, std::string_view* rest) {
  size_t colon;
  if (!s.empty() && s.front() == '[') {
    size_t close = s.find(']');
    if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != ':') return false;
    e->ip = std::string(s.substr(1, close - 1));
    colon = close + 1;
  } else {
    colon = s.find(':');
    if (colon == std::string_view::npos) return false;
    e->ip = std::string(s.substr(0, colon));
  }
  if (!ValidIp(e->ip)) return false;
  size_t p = colon + 1;
  size_t q = p;
  while (q < s.size() && s[q] >= '0' && s[q] <= '9') ++q;
  std::optional<int> port = ParsePort(s.substr(p, q - p));
  if (!port) return false;
  e->port = *port;
  *rest = s.substr(q);
  return true;
}

std::optional<HostEntry> FromUrl(std::string_view line) {
  size_t sep = line.find("://");
  HostEntry e;
  e.service = Lower(line.substr(0, sep));
  if (e.service.empty() || e.service.size() > 16 ||
      !std::all_of(e.service.begin(), e.service.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return std::nullopt;
  }
  std::string_view rest = line.substr(sep + 3);
  // ssh://user:pass@host:port
  size_t at = rest.rfind('@');
  size_t first_sep = rest.find_first_of("|; \t,");
  if (at != std::string_view::npos && (first_sep == std::string_view::npos || at < first_sep)) {
    std::string_view cred = rest.substr(0, at);
    std::string_view tail;
    if (!ReadAddress(rest.substr(at + 1), &e, &tail)) return std::nullopt;
    tail = Trim(tail);
    if (!tail.empty() && tail != "/") return std::nullopt;
    size_t c = cred.find(':');
    e.username = std::string(cred.substr(0, c));
    if (c != std::string_view::npos) e.password = std::string(cred.substr(c + 1));
    if (e.username.empty()) return std::nullopt;
    return e;
  }
  std::string_view tail;
  if (!ReadAddress(rest, &e, &tail)) return std::nullopt;
  if (!tail.empty() && tail.front() == '/') tail.remove_prefix(1);
  if (tail.empty() || (tail.front() != '|' && tail.front() != ';' && tail.front() != ',' && !IsSpace(tail.front()))) {
    return std::nullopt;
  }
  const char delim = tail.front();
  tail.remove_prefix(1);
  if (IsSpace(delim)) {
    tail = Trim(tail);
    size_t sp = tail.find_first_of(" \t");
    e.username = std::string(tail.substr(0, sp));
    if (sp != std::string_view::npos) e.password = std::string(Trim(tail.substr(sp)));
  } else {
    size_t d = tail.find(delim);
    e.username = std::string(Trim(tail.substr(0, d)));
    if (d != std::string_view::npos) e.password = std::string(tail.substr(d + 1));
  }
  if (e.username.empty()) return std::nullopt;
  return e;
}

// Splits a CSV line (RFC 4180 quotes) into fields.
std::vector<std::string> SplitCsv(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"' && fields.back().empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back().push_back(c);
    }
  }
  return fields;
}

struct CsvColumns {
  int ip = -1, port = -1, service = -1, user = -1, pass = -1, seen = -1;
};

std::optional<CsvColumns> CsvHeader(std::string_view line) {
  if (line.find(',') == std::string_view::npos) return std::nullopt;
  CsvColumns c;
  std::vector<std::string> fields = SplitCsv(line);
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string f = Lower(Trim(fields[i]));
    const int k = static_cast<int>(i);
    if (f == "ip" || f == "host" || f == "address" || f == "ip_address") c.ip = k;
    else if (f == "port") c.port = k;
    else if (f == "service" || f == "protocol" || f == "proto") c.service = k;
    else if (f == "user" || f == "username" || f == "login") c.user = k;
    else if (f == "password" || f == "pass" || f == "passwd") c.pass = k;
    else if (f == "first_seen" || f == "seen" || f == "date" || f == "added" || f == "date_added") c.seen = k;
  }
  if (c.ip < 0 || c.user < 0) return std::nullopt;
  return c;
}

std::optional<HostEntry> FromCsv(std::string_view line, const CsvColumns& c) {
  std::vector<std::string> f = SplitCsv(line);
  auto at = [&](int i) -> std::string { return i >= 0 && i < static_cast<int>(f.size()) ? std::string(Trim(f[i])) : std::string(); };
  HostEntry e;
  std::string ip = at(c.ip);
  if (c.port < 0) {
    std::string_view rest;
    if (!ReadAddress(ip, &e, &rest) || !rest.empty()) return std::nullopt;
  } else {
    if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
    e.ip = ip;
    std::optional<int> port = ParsePort(at(c.port));
    if (!ValidIp(e.ip) || !port) return std::nullopt;
    e.port = *port;
  }
  e.service = Lower(at(c.service));
  e.username = at(c.user);
  if (c.pass >= 0 && c.pass < static_cast<int>(f.size())) e.password = f[c.pass];
  if (e.username.empty()) return std::nullopt;
  if (const std::string seen = at(c.seen); !seen.empty()) {
    e.seen_on = internal::NormalizeDate(seen);
    if (e.seen_on.empty()) return std::nullopt;
  }
  return e;
}

// A comment line "# date: 2024-06-07" / "// seen: 2024-06-07": nullopt when
// the comment is not a date line, "" when it is one without a valid date.
std::optional<std::string> DateLine(std::string_view comment) {
  comment.remove_prefix(comment.front() == '#' ? 1 : std::min<size_t>(2, comment.size()));
  comment = Trim(comment);
  const std::string lower = Lower(comment.substr(0, 12));
  for (std::string_view label : {"date:", "seen:", "first_seen:"}) {
    if (lower.rfind(label, 0) == 0) return internal::NormalizeDate(Trim(comment.substr(label.size())));
  }
  return std::nullopt;
}

template <typename Fn>
void ForEachLine(std::string_view text, Fn&& fn) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t pos = 0, n = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    if (!fn(++n, text.substr(pos, end - pos))) return;
    pos = end + 1;
  }
}

}  // namespace

std::optional<HostEntry> ParseHostLine(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line.size() > kMaxHostLineBytes) return std::nullopt;
  std::optional<HostEntry> e;
  if (line.find("://") != std::string_view::npos) {
    e = FromUrl(line);
  } else {
    HostEntry h;
    std::string_view rest;
    if (!ReadAddress(line, &h, &rest) || rest.empty()) return std::nullopt;
    const char delim = rest.front();
    rest.remove_prefix(1);
    if (IsSpace(delim)) {
      rest = Trim(rest);
      size_t sp = rest.find_first_of(" \t");
      h.username = std::string(rest.substr(0, sp));
      if (sp != std::string_view::npos) h.password = std::string(Trim(rest.substr(sp)));
    } else if (delim == ';' || delim == '|' || delim == ',' || delim == ':') {
      size_t d = rest.find(delim);
      h.username = std::string(Trim(rest.substr(0, d)));
      if (d != std::string_view::npos) h.password = std::string(rest.substr(d + 1));
    } else {
      return std::nullopt;
    }
    if (h.username.empty()) return std::nullopt;
    e = std::move(h);
  }
  if (e && e->service.empty()) e->service = ServiceForPort(e->port);
  return e;
}

bool LooksLikeHostList(std::string_view text) {
  size_t seen = 0, good = 0;
  bool first = true, csv = false;
  ForEachLine(text, [&](size_t, std::string_view line) {
    line = Trim(line);
    if (IsComment(line)) return true;
    if (first) {
      first = false;
      if (CsvHeader(line)) {
        csv = true;
        return false;
      }
    }
    ++seen;
    if (ParseHostLine(line)) ++good;
    return seen < kSniffLines;
  });
  return csv || (good > 0 && good * 5 >= seen * 4);
}

HostList ParseHostList(std::string_view text, const std::string& path) {
  HostList out;
  std::optional<CsvColumns> csv;
  bool first = true;
  std::string body;
  std::string dated;  // the last date line's date
  ForEachLine(text, [&](size_t n, std::string_view raw_line) {
    std::string_view line = Trim(raw_line);
    const std::string where = path + ":" + std::to_string(n);
    if (IsComment(line)) {
      if (line.empty()) return true;
      if (std::optional<std::string> date = DateLine(line)) {
        if (date->empty()) {
          out.rejected.push_back({where, "date line without a valid date (expected # date: YYYY-MM-DD)"});
        }
        dated = *date;  // a bad date line dates nothing after it
      }
      return true;
    }
    if (first) {
      first = false;
      if ((csv = CsvHeader(line))) return true;
    }
    if (line.size() > kMaxHostLineBytes) {
      out.rejected.push_back({where, "line is longer than " + std::to_string(kMaxHostLineBytes) + " bytes"});
      return true;
    }
    std::optional<HostEntry> e = csv ? FromCsv(line, *csv) : ParseHostLine(line);
    if (!e) {
      // The line itself is not repeated: it may hold a password.
      out.rejected.push_back({where, csv ? "not a host entry (expected the header's columns: an "
                                           "IP address, a port 1-65535, a user and, in a date "
                                           "column, a date YYYY-MM-DD or nothing)"
                                         : "not a host entry (expected IP:PORT USER [PASSWORD], "
                                           "IP:PORT;USER;PASSWORD or SCHEME://IP:PORT|USER|PASSWORD)"});
      return true;
    }
    e->line = n;
    if (e->seen_on.empty()) e->seen_on = dated;
    if (e->service.empty()) e->service = ServiceForPort(e->port);
    const std::string addr = e->ip.find(':') != std::string::npos ? "[" + e->ip + "]" : e->ip;
    body += (e->service.empty() ? std::string() : e->service + "://") + addr + ":" +
            std::to_string(e->port) + " " + e->username + " " + text::MaskSecret(e->password) + "\n";
    out.entries.push_back(std::move(*e));
    return true;
  });
  out.redacted = "# host list " + path + ": " + std::to_string(out.entries.size()) +
                 " entries; passwords kept only as keyed hashes, shown masked\n" + body;
  return out;
}

}  // namespace kenchi::parse
