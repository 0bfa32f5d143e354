// The JSON lines file and stdout sinks: content, appending, whole lines only.
#include "kenchi/alert/file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <thread>

#include "alert/fixture_servers.h"
#include "kenchi/alert/alert_json.h"
#include "kenchi/alert/stdout_sink.h"

namespace kenchi::alert {
namespace {

using alert_test::MakeAlert;
using alert_test::ReadJsonLines;
using alert_test::SampleOrg;
using kenchi::testing::ReadFileOrDie;
using kenchi::testing::ScratchDir;

TEST(SinkJsonLinesFile, WritesOneObjectPerAlertWithEveryField) {
  ScratchDir dir;
  const std::string path = dir.path() + "/siem/kenchi-alerts.jsonl";
  std::filesystem::create_directories(dir.path() + "/siem");
  auto sink = MakeJsonLinesFileSink(path);
  std::vector<Alert> alerts{MakeAlert(1, Severity::kCritical, "管理画面のアクセス権が販売されている"),
                            MakeAlert(2, Severity::kLow, "brand mention")};
  alerts[0].document_uri = "telegram/result.json#message-42";
  alerts[0].document_source = "telegram";
  std::vector<Status> st = sink->Deliver(SampleOrg(), alerts);
  ASSERT_EQ(st.size(), 2u);
  EXPECT_TRUE(st[0].ok()) << st[0].message();
  EXPECT_TRUE(st[1].ok());

  auto lines = ReadJsonLines(path);
  ASSERT_EQ(lines.size(), 2u);
  const nlohmann::json& a = lines[0];
  EXPECT_EQ(a["type"], "kenchi.alert");
  EXPECT_EQ(a["version"], 1);
  EXPECT_EQ(a["id"], 1);
  EXPECT_EQ(a["severity"], "critical");
  EXPECT_EQ(a["status"], "new");
  EXPECT_EQ(a["title"], "管理画面のアクセス権が販売されている");
  EXPECT_EQ(a["organization"]["name"], "sample-shoji");
  EXPECT_EQ(a["organization"]["display_name"], "株式会社サンプル商事");
  EXPECT_EQ(a["asset"]["kind"], "domain");
  EXPECT_EQ(a["asset"]["value"], "sample-shoji.example.jp");
  EXPECT_EQ(a["fact"]["kind"], "listing");
  EXPECT_EQ(a["document"]["uri"], "telegram/result.json#message-42");
  EXPECT_EQ(a["dedup_key"], "dedup-1");
  EXPECT_EQ(a["first_seen"], "2026-11-20T03:00:00Z");
  EXPECT_EQ(lines[1]["severity"], "low");
  EXPECT_EQ(lines[1]["document"]["uri"], nullptr);
}

TEST(SinkJsonLinesFile, AppendsAndNeverTruncates) {
  ScratchDir dir;
  const std::string path = dir.Write("alerts.jsonl", "{\"earlier\":true}\n");
  auto sink = MakeJsonLinesFileSink(path);
  std::vector<Alert> one{MakeAlert(1, Severity::kHigh, "one")};
  std::vector<Alert> two{MakeAlert(2, Severity::kHigh, "two")};
  EXPECT_TRUE(sink->Deliver(SampleOrg(), one)[0].ok());
  EXPECT_TRUE(sink->Deliver(SampleOrg(), two)[0].ok());
  auto lines = ReadJsonLines(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["earlier"], true);
  EXPECT_EQ(lines[1]["title"], "one");
  EXPECT_EQ(lines[2]["title"], "two");
}

TEST(SinkJsonLinesFile, NewlinesAndBadUtf8InTextStayInsideTheLine) {
  ScratchDir dir;
  const std::string path = dir.path() + "/a.jsonl";
  Alert a = MakeAlert(1, Severity::kMedium, "line one\nline two\r\n");
  a.evidence = std::string("broken \xff\xfe bytes");
  std::vector<Alert> alerts{a};
  ASSERT_TRUE(MakeJsonLinesFileSink(path)->Deliver(SampleOrg(), alerts)[0].ok());
  const std::string content = ReadFileOrDie(path);
  EXPECT_EQ(std::count(content.begin(), content.end(), '\n'), 1);
  auto lines = ReadJsonLines(path);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["title"], "line one\nline two\r\n");
  EXPECT_NE(lines[0]["evidence"].get<std::string>().find("\xef\xbf\xbd"), std::string::npos);
}

TEST(SinkJsonLinesFile, ConcurrentWritersNeverInterleaveLines) {
  // Four threads, each with its own sink (so its own descriptor and lock),
  // append large lines at once: every line must come out whole.
  ScratchDir dir;
  const std::string path = dir.path() + "/a.jsonl";
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto sink = MakeJsonLinesFileSink(path);
      for (int batch = 0; batch < 10; ++batch) {
        std::vector<Alert> alerts;
        for (int i = 0; i < 5; ++i) {
          Alert a = MakeAlert(t * 1000 + batch * 10 + i, Severity::kHigh, "t" + std::to_string(t));
          a.evidence = std::string(20000, static_cast<char>('a' + t));
          alerts.push_back(a);
        }
        for (const Status& s : sink->Deliver(SampleOrg(), alerts)) EXPECT_TRUE(s.ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  auto lines = ReadJsonLines(path);
  ASSERT_EQ(lines.size(), 200u);
  for (const auto& l : lines) {
    const std::string ev = l["evidence"].get<std::string>();
    ASSERT_EQ(ev.size(), 20000u);
    EXPECT_EQ(ev, std::string(20000, ev[0]));
  }
}

TEST(SinkJsonLinesFile, UnwritablePathFailsEveryAlertNamingThePath) {
  ScratchDir dir;
  const std::string path = dir.path() + "/no-such-dir/alerts.jsonl";
  std::vector<Alert> alerts{MakeAlert(1, Severity::kHigh, "a"), MakeAlert(2, Severity::kLow, "b")};
  std::vector<Status> st = MakeJsonLinesFileSink(path)->Deliver(SampleOrg(), alerts);
  ASSERT_EQ(st.size(), 2u);
  for (const Status& s : st) {
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("No such file"), std::string::npos) << s.message();
  }
}

TEST(SinkJsonLinesFile, DiskFullIsAnError) {
  std::vector<Alert> alerts{MakeAlert(1, Severity::kHigh, "a")};
  Status s = MakeJsonLinesFileSink("/dev/full")->Deliver(SampleOrg(), alerts)[0];
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/dev/full"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("No space"), std::string::npos) << s.message();
}

TEST(SinkStdout, WritesTheSameJsonLines) {
  ScratchDir dir;
  const std::string path = dir.path() + "/out";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(fd, 0);
  std::vector<Alert> alerts{MakeAlert(7, Severity::kCritical, "漏洩")};
  EXPECT_TRUE(MakeStdoutSink(fd)->Deliver(SampleOrg(), alerts)[0].ok());
  ::close(fd);
  EXPECT_EQ(ReadFileOrDie(path), AlertJsonLine(SampleOrg(), alerts[0]) + "\n");
}

}  // namespace
}  // namespace kenchi::alert
