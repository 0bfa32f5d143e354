// Hacked-server lists: the lines that underground channels share to sell or
// give away access to servers, one server per line.
//
// Accepted line shapes (IPv4, or IPv6 in brackets; port 1-65535):
//   203.0.113.5:3389 administrator P@ssw0rd!      address, user, password (the
//                                                 rest of the line) separated by
//                                                 spaces or tabs
//   203.0.113.5:22;root;toor                      ';', '|' or ',' separated
//   rdp://198.51.100.7:3389|admin|pass            a scheme names the service
//   ssh://root:toor@198.51.100.9:22               credentials in the URL
//   CSV with a header naming the columns: ip (or host, address), port,
//   service (or protocol), user (or username, login), password (or pass),
//   and optionally the date the entry was first seen (first_seen, seen,
//   date, added, date_added)
// The user is required (a bare address list is a proxy or scan list, not
// a list of compromised servers); the password may be missing. Without a
// scheme or column the service comes from the port (3389 rdp, 22 ssh,
// 21 ftp, 5900 vnc, 445 smb, 3306 mysql, 1433 mssql, 5432 postgresql,
// 23 telnet, 2083 cpanel, 80/8080 http, 443/8443 https). Blank lines and
// lines starting with '#' or "//" are skipped, except a date line,
// "# date: 2024-06-07" (or "seen:"), which dates the entries after it up to
// the next date line: lists are passed around without dates, and the day a
// list was shared is what says when its servers were known to be taken.
// A date in a CSV date column outranks it. Dates are YYYY-MM-DD (or
// 2024/6/7, 2024年6月7日, an ISO date-time's day); a date that is not one
// rejects its line.
//
// The parse keeps the plaintext password only in memory, for the caller
// to hash (kenchi/text/keyed_hash.h); the redacted text it returns is what
// may be stored.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/parse/parse.h"

namespace kenchi::parse {

struct HostEntry {
  std::string ip;  // as written, without brackets
  int port = 0;
  std::string service;   // lowercase: "rdp", "ssh", ...; empty when unknown
  std::string username;
  std::string password;  // plaintext: hash it, never store it
  std::string seen_on;   // YYYY-MM-DD from a date column or date line; empty if none
  size_t line = 0;       // 1-based line number in the file
};

struct HostList {
  std::vector<HostEntry> entries;
  std::vector<Rejection> rejected;  // "path:line", the reason (never the line itself)
  // One line per entry, "service://ip:port user p*****d", under a comment
  // saying what was removed: the text that may be stored for the file.
  std::string redacted;
};

// Longest line considered; longer lines are rejected.
inline constexpr size_t kMaxHostLineBytes = 4096;

// One line in the non-CSV shapes; nullopt when it is not a host entry.
std::optional<HostEntry> ParseHostLine(std::string_view line);

// Whether most lines (at least 80% of the first 200 non-blank,
// non-comment lines, and at least one) are host entries, or the first line
// is a CSV header naming ip and user columns. Works on raw bytes.
bool LooksLikeHostList(std::string_view text);

// Every line of a host list. `path` names rejections.
HostList ParseHostList(std::string_view text, const std::string& path);

}  // namespace kenchi::parse
