// kenchi scan's engine and its store side: formats, compression, buffer
// boundaries, threads, privacy and bad input.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "kenchi/pipeline/scan.h"
#include "support/run.h"

namespace kenchi::pipeline {
namespace {

using kenchi::testing::ScratchDir;

match::WatchSet Watch() {
  match::WatchSet w;
  EXPECT_TRUE(w.Add(match::WatchKind::kDomain, "example.co.jp").ok());
  EXPECT_TRUE(w.Add(match::WatchKind::kEmailDomain, "example.jp").ok());
  EXPECT_TRUE(w.Add(match::WatchKind::kBin, "411111").ok());
  return w;
}

struct Scan {
  ScanStats stats;
  std::set<std::tuple<std::string, std::string, std::string>> found;  // identity, password, domain
};

Scan ScanFile(const std::string& path, ScanOptions options = {}) {
  match::WatchSet w = Watch();
  match::Matcher m(w);
  Scan out;
  Result<ScanStats> s = ScanDump(path, m, options, [&](FoundCredential& f) {
    out.found.emplace(f.identity, f.password, f.domain);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.status().message();
  if (s.ok()) out.stats = *s;
  return out;
}

// Writes `text` as one entry compressed with libarchive (the same library
// that reads it, but the formats are the standard ones).
std::string Compress(const ScratchDir& dir, const std::string& name, const std::string& text,
                     const std::string& kind) {
  const std::string path = dir.path() + "/" + name;
  archive* a = archive_write_new();
  if (kind == "zip") archive_write_set_format_zip(a);
  else if (kind == "7z") archive_write_set_format_7zip(a);
  else {
    archive_write_set_format_raw(a);
    if (kind == "gz") archive_write_add_filter_gzip(a);
    if (kind == "xz") archive_write_add_filter_xz(a);
    if (kind == "zst") archive_write_add_filter_zstd(a);
    if (kind == "bz2") archive_write_add_filter_bzip2(a);
  }
  EXPECT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, "dump.txt");
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  archive_entry_set_size(e, static_cast<la_int64_t>(text.size()));
  EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
  EXPECT_EQ(archive_write_data(a, text.data(), text.size()), static_cast<la_ssize_t>(text.size()));
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
  return path;
}

const char* kCombo =
    "taro@example.jp:hunter22\n"
    "someone@other.example:nope\n"
    "hanako@Mail.Example.CO.JP;s3cret!\n"
    "https://login.example.co.jp/sso:jiro:pw-jiro\n"
    "4111111111111111|12|29|123\n"
    "5500000000000004|01|30|999\n"
    "user-only-no-password\n";

TEST(ScanTest, CombolistVariantsStealerLinesAndBins) {
  ScratchDir dir;
  Scan s = ScanFile(dir.Write("combo.txt", kCombo));
  EXPECT_EQ(s.stats.format, "combolist");
  EXPECT_EQ(s.stats.compression, "none");
  EXPECT_EQ(s.stats.lines, 7u);
  EXPECT_EQ(s.stats.records, 6u);
  EXPECT_EQ(s.stats.matched, 4u);
  EXPECT_EQ(s.stats.unmatched(), 2u);
  EXPECT_EQ(s.stats.bad_lines, 1u);
  ASSERT_EQ(s.stats.bad_samples.size(), 1u);
  EXPECT_EQ(s.stats.bad_samples[0].line, 7u);
  EXPECT_TRUE(s.found.count({"taro@example.jp", "hunter22", "example.jp"}));
  EXPECT_TRUE(s.found.count({"hanako@Mail.Example.CO.JP", "s3cret!", "mail.example.co.jp"}))
      << "subdomain of a watched domain, case-insensitive";
  EXPECT_TRUE(s.found.count({"jiro", "pw-jiro", "login.example.co.jp"}));
  EXPECT_TRUE(s.found.count({"411111******1111", "4111111111111111", "411111"}));
  EXPECT_EQ(s.stats.matches_by_watch.at("example.co.jp"), 2u);
  EXPECT_EQ(s.stats.matches_by_watch.at("example.jp"), 1u);
  EXPECT_EQ(s.stats.matches_by_watch.at("411111"), 1u);
  EXPECT_EQ(s.stats.matches_by_watch.size(), 3u);
}

// A stealer-log line's host ends at its path, query, fragment or port, and
// a user:pass@ before it is not the host; a host not watched as a domain
// (only as an email domain) does not match.
TEST(ScanTest, StealerLogHostsEndWhereTheUrlSaysSo) {
  ScratchDir dir;
  const std::string text =
      "https://login.example.jp?next=1:u1:p1\n"
      "https://login.example.jp#top:u2:p2\n"
      "https://LOGIN.Example.JP:8443/x:u3:p3\n"
      "https://someone:secret@shop.example.jp/cart:u4:p4\n"
      "https://login.example.jpx/:u5:p5\n"
      "https://mail.example.org/:u6:p6\n";
  match::WatchSet w;
  ASSERT_TRUE(w.Add(match::WatchKind::kDomain, "example.jp").ok());
  ASSERT_TRUE(w.Add(match::WatchKind::kEmailDomain, "example.org").ok());
  match::Matcher m(std::move(w));
  std::set<std::string> identities;
  Result<ScanStats> s = ScanDump(dir.Write("ulp.txt", text), m, {}, [&](const FoundCredential& f) {
    identities.insert(f.identity);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(identities, (std::set<std::string>{"u1", "u2", "u3", "u4"}));
  EXPECT_EQ(s->matched, 4u);
}

// A value watched both as an email domain and as a domain is one key of
// matches_by_watch, with the matches of both entries.
TEST(ScanTest, MatchesByWatchAddsUpAValueWatchedTwice) {
  ScratchDir dir;
  const std::string path = dir.Write("twice.txt",
                                     "a@example.net:1\nb@example.net:2\nhttps://www.example.net/login:c:3\n"
                                     "d@example.org:4\n");
  match::WatchSet w;
  // Added apart, with a value of the same first eight bytes between them
  // (the counts are sorted by those first): they must still add up.
  ASSERT_TRUE(w.Add(match::WatchKind::kEmailDomain, "example.net").ok());
  ASSERT_TRUE(w.Add(match::WatchKind::kDomain, "example.org").ok());
  ASSERT_TRUE(w.Add(match::WatchKind::kDomain, "example.net").ok());
  match::Matcher m(w);
  Result<ScanStats> s = ScanDump(path, m, {}, nullptr);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->matched, 4u);
  EXPECT_EQ(s->matches_by_watch, (std::map<std::string, uint64_t>{{"example.net", 3}, {"example.org", 1}}));
}

// Many watched values, whose first bytes differ and some of which share
// their first eight, some watched twice: matches_by_watch holds each value
// once with all its matches, as a map built one match at a time would.
TEST(ScanTest, MatchesByWatchAgreesWithAReferenceCount) {
  ScratchDir dir;
  match::WatchSet w;
  std::map<std::string, uint64_t> want;
  std::string dump;
  const std::vector<std::string> stems = {"a", "zz", "m-", "0", "example-", "example-corp", "x_"};
  for (int i = 0; i < 140; ++i) {
    const std::string domain = stems[static_cast<size_t>(i) % stems.size()] + std::to_string(i) + ".example.jp";
    ASSERT_TRUE(w.Add(match::WatchKind::kEmailDomain, domain).ok());
    if (i % 3 == 0) {
      ASSERT_TRUE(w.Add(match::WatchKind::kDomain, domain).ok());
    }
    const int lines = 1 + i % 5;
    for (int k = 0; k < lines; ++k) {
      dump += "u" + std::to_string(k) + "@" + domain + ":pw\n";
      if (i % 3 == 0) dump += "https://www." + domain + "/login:v" + std::to_string(k) + ":pw\n";
    }
    want[domain] = static_cast<uint64_t>(i % 3 == 0 ? 2 * lines : lines);
  }
  const std::string path = dir.Write("many.txt", dump);
  match::Matcher m(std::move(w));
  Result<ScanStats> s = ScanDump(path, m, {}, nullptr);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->matches_by_watch, want);
}

// The fast path for plain combolist lines must agree with the general
// parser on every kind of line, wherever it falls in a block.
TEST(ScanTest, FastPathAgreesWithTheGeneralParser) {
  const std::vector<std::string> kinds = {
      "alice@example.jp:pw1",
      "Bob@Mail.EXAMPLE.JP:Secret",            // case folded
      "carol@sub.example.co.jp;pass;extra",    // domain watched, subdomain, ';'
      "dave@example.com:not-watched",
      "erin@example.jp|pipe",
      "frank@example.jp\ttab",
      "grace@example.jp:p@ss:with:colons",      // '@' and ':' in the password
      "pw-first:heidi@example.jp",              // '@' only after the separator
      "ivan@evil@example.jp:two-ats",
      "judy@exa!mple.jp:bad-host-byte",
      "  mallory@example.jp:leading-space",
      "oscar@example.jp :trailing-space",
      "https://login.example.co.jp/path:peggy:pw",  // stealer line
      "https://example.co.jp|trent|pw2",
      "4111 1111 1111 1111|12/29|123",          // a card line, BIN watched
      "4111111111111111:12/29:123",
      "no separator here",
      ":empty-identity",
      "victor@example.jp",                      // no password: no separator
      "walter@ex\xC3\xA9" "ample.jp:utf8",         // non-ASCII domain
      "xavier@example.jp:\xFF\xFE-bad-utf8",
      "yvonne@example.jp:ctl\x01" "byte",
      "zoe@example.jp:crlf\r",
      "",
      "\r",
      "long-user-name-padding-padding-padding-padding@example.jp:long-password-padding-padding",
      "arthur@EXAMPLE.CO.JP:upper",
      "beth@example.jp.evil.example:suffix-not-parent",
  };
  std::string text;
  uint32_t x = 12345;
  for (int i = 0; i < 3000; ++i) {
    x = x * 1103515245 + 12345;
    std::string line = kinds[(x >> 8) % kinds.size()];
    text += line + (i % 7 == 0 ? std::string(x % 5, 'z') : "") + "\n";
  }
  ScratchDir dir;
  const std::string path = dir.Write("mixed.txt", "first@example.jp:line\n" + text);
  for (size_t buffer : {size_t{4096}, size_t{1} << 20}) {
    for (int threads : {1, 2}) {
      SCOPED_TRACE(std::to_string(buffer) + " bytes, " + std::to_string(threads) + " threads");
      ScanOptions fast;
      fast.buffer_bytes = buffer;
      fast.threads = threads;
      fast.max_bad_samples = 50;
      ScanOptions general = fast;
      general.fast_path = false;
      const Scan a = ScanFile(path, fast);
      const Scan b = ScanFile(path, general);
      EXPECT_EQ(a.found, b.found);
      EXPECT_GT(a.found.size(), 5u);
      EXPECT_EQ(a.stats.lines, b.stats.lines);
      EXPECT_EQ(a.stats.records, b.stats.records);
      EXPECT_EQ(a.stats.matched, b.stats.matched);
      EXPECT_EQ(a.stats.bad_lines, b.stats.bad_lines);
      EXPECT_EQ(a.stats.invalid_utf8_lines, b.stats.invalid_utf8_lines);
      EXPECT_EQ(a.stats.skipped_lines, b.stats.skipped_lines);
      EXPECT_EQ(a.stats.matches_by_watch, b.stats.matches_by_watch);
      ASSERT_EQ(a.stats.bad_samples.size(), b.stats.bad_samples.size());
      for (size_t k = 0; k < a.stats.bad_samples.size(); ++k) {
        EXPECT_EQ(a.stats.bad_samples[k].offset, b.stats.bad_samples[k].offset);
        EXPECT_EQ(a.stats.bad_samples[k].reason, b.stats.bad_samples[k].reason);
      }
    }
  }
}

TEST(ScanTest, CsvWithHeaderInAnotherOrderAndTsv) {
  ScratchDir dir;
  Scan csv = ScanFile(dir.Write("users.csv",
                           "id,pass,full_name,mail\r\n"
                           "1,\"a,b\"\"c\",Taro,taro@example.jp\r\n"
                           "2,x,Jiro,jiro@elsewhere.example\r\n"
                           "3,short\r\n"));
  EXPECT_EQ(csv.stats.format, "csv");
  EXPECT_EQ(csv.stats.records, 2u);
  EXPECT_EQ(csv.stats.matched, 1u);
  EXPECT_EQ(csv.stats.bad_lines, 1u);
  EXPECT_TRUE(csv.found.count({"taro@example.jp", "a,b\"c", "example.jp"}));

  Scan tsv = ScanFile(dir.Write("users.tsv", "card_number\tholder\n4111-1111-1111-1111\tTARO\n"));
  EXPECT_EQ(tsv.stats.format, "csv");
  EXPECT_EQ(tsv.stats.matched, 1u);
}

TEST(ScanTest, SqlInsertDump) {
  ScratchDir dir;
  Scan s = ScanFile(dir.Write("dump.sql",
                         "-- MySQL dump 10.13\n"
                         "CREATE TABLE `users` (\n  `id` int,\n  `email` varchar(255)\n);\n"
                         "INSERT INTO `users` (`id`,`email`,`password`) VALUES "
                         "(1,'a@example.jp','o''neil'),(2,'b@example.org','x'),"
                         "(3,'c@shop.example.co.jp','back\\\\slash');\n"));
  EXPECT_EQ(s.stats.format, "sql");
  EXPECT_EQ(s.stats.records, 3u);
  EXPECT_EQ(s.stats.matched, 2u);
  EXPECT_EQ(s.stats.bad_lines, 0u);
  EXPECT_TRUE(s.found.count({"a@example.jp", "o'neil", "example.jp"}));
  EXPECT_TRUE(s.found.count({"c@shop.example.co.jp", "back\\slash", "shop.example.co.jp"}));
}

TEST(ScanTest, EveryCompressionGivesTheSameResult) {
  ScratchDir dir;
  Scan plain = ScanFile(dir.Write("plain.txt", kCombo));
  for (const std::string kind : {"gz", "xz", "zst", "bz2", "zip", "7z"}) {
    // The names lie on purpose: the format is found from the bytes.
    Scan s = ScanFile(Compress(dir, "dump-" + kind + ".txt", kCombo, kind));
    EXPECT_NE(s.stats.compression, "none") << kind;
    EXPECT_EQ(s.found, plain.found) << kind;
    EXPECT_EQ(s.stats.lines, plain.stats.lines) << kind;
    EXPECT_EQ(s.stats.bad_lines, plain.stats.bad_lines) << kind;
    ASSERT_EQ(s.stats.bad_samples.size(), 1u) << kind;
    EXPECT_EQ(s.stats.bad_samples[0].offset, plain.stats.bad_samples[0].offset) << kind;
  }
}

// Many lines, tiny buffers and several threads: lines cut by every buffer
// and range boundary must come out whole, exactly once.
std::string ManyLines(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += (i % 3 == 0 ? "user" + std::to_string(i) + "@example.jp:pw" + std::to_string(i)
                        : "user" + std::to_string(i) + "@example.net:pw" + std::to_string(i)) + "\n";
  }
  return text;
}

TEST(ScanTest, LinesSplitAcrossBuffersAndThreadsComeOutWhole) {
  ScratchDir dir;
  const std::string text = ManyLines(3000);
  const std::string path = dir.Write("many.txt", text);
  Scan one = ScanFile(path, {.threads = 1});
  EXPECT_EQ(one.stats.lines, 3000u);
  EXPECT_EQ(one.stats.matched, 1000u);
  EXPECT_EQ(one.stats.bad_lines, 0u);
  for (size_t buffer : {64, 97, 4096}) {
    for (int threads : {1, 2, 3, 7}) {
      ScanOptions o{.threads = threads, .buffer_bytes = buffer, .max_line_bytes = 60};
      for (bool map : {true, false}) {
        o.map_files = map;
        Scan s = ScanFile(path, o);
        EXPECT_EQ(s.found, one.found) << buffer << " " << threads << " map " << map;
        EXPECT_EQ(s.stats.lines, 3000u) << buffer << " " << threads << " map " << map;
        EXPECT_EQ(s.stats.bad_lines, 0u);
      }
      Scan z = ScanFile(Compress(dir, "many.gz", text, "gz"), o);
      EXPECT_EQ(z.found, one.found) << "gz " << buffer << " " << threads;
      EXPECT_EQ(z.stats.lines, 3000u);
    }
  }
}

TEST(ScanTest, PlainFilesAreSplitAcrossThreadsWhenLarge) {
  ScratchDir dir;
  // Over 2 MiB so that two ranges are used with 1 MiB buffers.
  const std::string text = ManyLines(90000);
  const std::string path = dir.Write("big.txt", text);
  Scan one = ScanFile(path, {.threads = 1});
  Scan two = ScanFile(path, {.threads = 2, .buffer_bytes = 1 << 20, .max_line_bytes = 1 << 16});
  EXPECT_EQ(two.found, one.found);
  EXPECT_EQ(two.stats.lines, one.stats.lines);
  EXPECT_EQ(one.stats.matched, 30000u);
  Scan read = ScanFile(path, {.threads = 2, .buffer_bytes = 1 << 20, .max_line_bytes = 1 << 16, .map_files = false});
  EXPECT_EQ(read.found, one.found);
  EXPECT_EQ(read.stats.lines, one.stats.lines);
  // Small windows: two workers share some eighty chunks of 32 KiB.
  for (int threads : {2, 3}) {
    Scan chunks = ScanFile(path, {.threads = threads, .buffer_bytes = 4096, .max_line_bytes = 1000});
    EXPECT_EQ(chunks.found, one.found) << threads;
    EXPECT_EQ(chunks.stats.lines, one.stats.lines) << threads;
    EXPECT_EQ(chunks.stats.matched, 30000u) << threads;
  }
}

TEST(ScanTest, LongLinesAreCountedSkippedAndSampled) {
  ScratchDir dir;
  std::string text = "a@example.jp:1\n" + std::string(20000, 'x') + "\nb@example.jp:2\n" +
                     std::string(300, 'y') + "@example.jp:3\nc@example.jp:4";
  const std::string path = dir.Write("long.txt", text);
  for (const auto& [threads, map] : {std::pair{1, true}, {2, true}, {1, false}, {2, false}}) {
    SCOPED_TRACE(std::to_string(threads) + " threads, map " + std::to_string(map));
    Scan s = ScanFile(path, {.threads = threads, .buffer_bytes = 1024, .max_line_bytes = 200, .map_files = map});
    EXPECT_EQ(s.stats.lines, 5u);
    EXPECT_EQ(s.stats.bad_lines, 2u);
    EXPECT_EQ(s.stats.matched, 3u) << "the last line has no newline and still counts";
    ASSERT_EQ(s.stats.bad_samples.size(), 2u);
    EXPECT_EQ(s.stats.bad_samples[0].line, 2u);
    EXPECT_NE(s.stats.bad_samples[0].reason.find("longer than 200"), std::string::npos);
    EXPECT_EQ(s.stats.bad_samples[1].line, 4u);
  }
  // Decompressed, the same lines are framed in the reader's blocks: the
  // same counts, and the same samples by offset.
  const Scan plain = ScanFile(path, {.threads = 1, .buffer_bytes = 1024, .max_line_bytes = 200});
  for (const std::string kind : {"gz", "zst"}) {
    for (int threads : {1, 2}) {
      SCOPED_TRACE(kind + ", " + std::to_string(threads) + " threads");
      Scan z = ScanFile(Compress(dir, "long." + kind, text, kind),
                        {.threads = threads, .buffer_bytes = 1024, .max_line_bytes = 200});
      EXPECT_EQ(z.stats.lines, 5u);
      EXPECT_EQ(z.stats.bad_lines, 2u);
      EXPECT_EQ(z.found, plain.found);
      ASSERT_EQ(z.stats.bad_samples.size(), 2u);
      EXPECT_EQ(z.stats.bad_samples[0].offset, plain.stats.bad_samples[0].offset);
      EXPECT_EQ(z.stats.bad_samples[1].offset, plain.stats.bad_samples[1].offset);
      EXPECT_EQ(z.stats.bad_samples[0].excerpt, plain.stats.bad_samples[0].excerpt);
    }
  }
}

// A mapped file that shrinks under the scan raises SIGBUS: kenchi says so
// and exits with its failure code, rather than dying with a core dump.
TEST(ScanDeathTest, AFileThatShrinksWhileMappedEndsTheScanWithAClearError) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  ScratchDir dir;
  const std::string path = dir.Write("shrinks.txt", ManyLines(120000));
  const auto scan = [&] {
    match::WatchSet w = Watch();
    match::Matcher m(w);
    bool truncated = false;
    // The worker waits once 8192 matches are pending, so it is still in the
    // first megabytes when the first match arrives here.
    (void)ScanDump(path, m, {.threads = 1, .buffer_bytes = 4096, .map_files = true}, [&](FoundCredential&) {
      if (!truncated) truncated = truncate(path.c_str(), 0) == 0;
      return Status::Ok();
    });
  };
  EXPECT_EXIT(scan(), ::testing::ExitedWithCode(3), "shrank while it was read");
}

// Read with pread (the default), a file that shrinks under the scan is an
// error naming it, not a scan that quietly stopped short.
TEST(ScanTest, AFileThatShrinksWhileReadIsAnErrorNotAShortScan) {
  ScratchDir dir;
  const std::string path = dir.Write("shrinks.txt", ManyLines(120000));
  match::WatchSet w = Watch();
  match::Matcher m(w);
  bool truncated = false;
  // Small buffers and lines: chunks of 32 KiB, so the cut is met in the
  // middle of one or at the start of another.
  Result<ScanStats> r = ScanDump(path, m, {.threads = 1, .buffer_bytes = 4096, .max_line_bytes = 1000},
                                 [&](FoundCredential&) {
    if (!truncated) truncated = truncate(path.c_str(), 0) == 0;
    return Status::Ok();
  });
  ASSERT_TRUE(truncated);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("shrinks.txt shrank while it was read"), std::string::npos)
      << r.status().message();
}

// Bad lines far into a file keep exact line numbers (counted 16 bytes at a
// time, through mappings or pread), including a last line cut off with no
// '\n', as in a truncated dump.
TEST(ScanTest, BadLinesDeepInAFileKeepTheirLineNumbers) {
  ScratchDir dir;
  std::string text;
  std::vector<uint64_t> want;
  uint32_t r = 7;
  for (int i = 0; i < 70000; ++i) {
    r = r * 1103515245u + 12345u;
    if (i == 123 || i == 40000 || i == 69998) {
      text += "no separator here\n";
      want.push_back(static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n')));
      continue;
    }
    text += "u" + std::to_string(i) + std::string((r >> 16) % 40, 'x') + "@example.jp:pw\n";
  }
  want.push_back(static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  text += "cut@example.jp";  // the last line, cut off before its separator
  const std::string path = dir.Write("deep.txt", text);
  for (bool map : {true, false}) {
    Scan s = ScanFile(path, {.threads = 2, .map_files = map});
    ASSERT_EQ(s.stats.bad_samples.size(), want.size()) << map;
    for (size_t k = 0; k < want.size(); ++k) EXPECT_EQ(s.stats.bad_samples[k].line, want[k]) << map << " " << k;
  }
}

TEST(ScanTest, InvalidUtf8IsCountedNotFatalControlBytesAreBad) {
  ScratchDir dir;
  Scan s = ScanFile(dir.Write("mixed.txt", "\xff\xfe-bad@example.jp:pw\nok@example.jp:p\x01w\nq@example.jp:r\n"));
  EXPECT_EQ(s.stats.invalid_utf8_lines, 1u);
  EXPECT_EQ(s.stats.bad_lines, 1u);
  EXPECT_EQ(s.stats.matched, 2u);
  ASSERT_EQ(s.stats.bad_samples.size(), 1u);
  EXPECT_EQ(s.stats.bad_samples[0].excerpt, "ok@example.jp:p.w");
}

TEST(ScanTest, AtMostFiveSamplesTheEarliest) {
  ScratchDir dir;
  std::string text;
  for (int i = 0; i < 20; ++i) text += "garbage line " + std::to_string(i) + "\n";
  Scan s = ScanFile(dir.Write("g.txt", text), {.threads = 2, .buffer_bytes = 64, .max_line_bytes = 32});
  EXPECT_EQ(s.stats.bad_lines, 20u);
  ASSERT_EQ(s.stats.bad_samples.size(), 5u);
  EXPECT_EQ(s.stats.bad_samples[0].line, 1u);
  EXPECT_EQ(s.stats.bad_samples[4].line, 5u);
}

Status ScanError(const std::string& path) {
  match::WatchSet w = Watch();
  match::Matcher m(w);
  Result<ScanStats> s = ScanDump(path, m, {}, nullptr);
  return s.ok() ? Status::Ok() : s.status();
}

TEST(ScanTest, RejectsEmptyBinaryDirectoriesAndBrokenArchives) {
  ScratchDir dir;
  Status empty = ScanError(dir.Write("empty.txt", ""));
  EXPECT_EQ(empty.code(), Status::Code::kInvalidInput);
  EXPECT_NE(empty.message().find("empty.txt: empty file"), std::string::npos);

  Status binary = ScanError(dir.Write("blob.bin", std::string("ab:c\n\0\x01\x02", 8)));
  EXPECT_EQ(binary.code(), Status::Code::kInvalidInput);
  EXPECT_NE(binary.message().find("NUL byte at byte 5"), std::string::npos) << binary.message();

  EXPECT_EQ(ScanError(dir.path()).code(), Status::Code::kInvalidInput);
  EXPECT_EQ(ScanError(dir.path() + "/missing.txt").code(), Status::Code::kIoError);

  // A gzip stream cut in half: the error names the file and the offsets.
  const std::string gz = kenchi::testing::ReadFileOrDie(Compress(dir, "full.gz", ManyLines(5000), "gz"));
  Status cut = ScanError(dir.Write("cut.gz", gz.substr(0, gz.size() / 2)));
  EXPECT_EQ(cut.code(), Status::Code::kInvalidInput) << cut.message();
  EXPECT_NE(cut.message().find("cut.gz"), std::string::npos) << cut.message();
  EXPECT_NE(cut.message().find("byte"), std::string::npos) << cut.message();
}

}  // namespace
}  // namespace kenchi::pipeline
