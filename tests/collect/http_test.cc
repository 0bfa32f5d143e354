// HttpClient against a real server on loopback, and the small helpers
// around it (URL parts, Content-Type parameters, the per-host delay).
#include "kenchi/collect/http.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "kenchi/collect/throttle.h"
#include "support/fixture_server.h"
#include "support/run.h"

namespace kenchi::collect {
namespace {

using kenchi::testing::FixtureServer;
using kenchi::testing::ScratchDir;
using kenchi::testing::SourceDir;

class HttpServerTest : public ::testing::Test {
 protected:
  std::string Url(const std::string& path) const { return server_.base() + path; }
  ScratchDir dir_;
  FixtureServer server_{SourceDir() + "/tests/fixtures/collect/server.py",
                        {"--root", SourceDir() + "/tests/fixtures/collect/site", "--log",
                         dir_.path() + "/requests.jsonl"}};
};

TEST(HttpHelpers, ContentTypeParameters) {
  EXPECT_EQ(CharsetOf("text/html; charset=EUC-JP"), "EUC-JP");
  EXPECT_EQ(CharsetOf("text/html;charset=\"Shift_JIS\""), "Shift_JIS");
  EXPECT_EQ(CharsetOf("text/html; foo=bar; Charset=utf-8"), "utf-8");
  EXPECT_EQ(CharsetOf("text/html"), "");
  EXPECT_EQ(CharsetOf(""), "");
  EXPECT_EQ(MediaTypeOf(" Text/HTML ; charset=x"), "text/html");
  EXPECT_EQ(MediaTypeOf(""), "");
}

TEST(HttpHelpers, OnlyAbsoluteHttpUrlsAreFetchable) {
  EXPECT_TRUE(IsFetchableUrl("http://www.example.jp/feed.rdf"));
  EXPECT_TRUE(IsFetchableUrl("HTTPS://News.Example.jp/a?b=c"));
  EXPECT_FALSE(IsFetchableUrl("ftp://files.example.jp/notice.txt"));
  EXPECT_FALSE(IsFetchableUrl("file:///etc/passwd"));
  EXPECT_FALSE(IsFetchableUrl("javascript:alert(1)"));
  EXPECT_FALSE(IsFetchableUrl("/relative/path.html"));
  EXPECT_FALSE(IsFetchableUrl("www.example.jp/feed"));
  EXPECT_FALSE(IsFetchableUrl(""));
  Result<UrlParts> parts = SplitUrl("HTTPS://News.Example.JP:8443/x");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->scheme, "https");
  EXPECT_EQ(parts->host, "news.example.jp");
}

TEST(HttpThrottle, SpacesRequestsToOneHostOnly) {
  using namespace std::chrono_literals;
  HostThrottle::Clock::time_point now{};
  std::vector<HostThrottle::Clock::duration> sleeps;
  HostThrottle throttle([&] { return now; },
                        [&](HostThrottle::Clock::duration d) {
                          sleeps.push_back(d);
                          now += d;
                        });
  throttle.Wait("a.example.jp", 1000ms);  // first request: no wait
  EXPECT_TRUE(sleeps.empty());
  now += 300ms;
  throttle.Wait("b.example.jp", 1000ms);  // another host: no wait
  EXPECT_TRUE(sleeps.empty());
  throttle.Wait("a.example.jp", 1000ms);  // 300 ms after the first: 700 ms to go
  ASSERT_EQ(sleeps.size(), 1u);
  EXPECT_EQ(sleeps[0], HostThrottle::Clock::duration(700ms));
  now += 2000ms;
  throttle.Wait("a.example.jp", 1000ms);  // long enough ago
  EXPECT_EQ(sleeps.size(), 1u);
  throttle.Wait("a.example.jp", 0ms);     // no delay configured
  EXPECT_EQ(sleeps.size(), 1u);
}

TEST_F(HttpServerTest, ConditionalRequestGetsNotModified) {
  HttpClient client({});
  Result<HttpResponse> first = client.Get({Url("/feeds/news.atom"), "", "", ""});
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->status, 200);
  EXPECT_FALSE(first->etag.empty());
  EXPECT_EQ(first->last_modified, "Mon, 03 Jun 2024 01:00:00 GMT");
  EXPECT_EQ(MediaTypeOf(first->content_type), "application/atom+xml");
  EXPECT_NE(first->body.find("サンプル大学"), std::string::npos);

  Result<HttpResponse> by_etag = client.Get({Url("/feeds/news.atom"), "", first->etag, ""});
  ASSERT_TRUE(by_etag.ok());
  EXPECT_TRUE(by_etag->not_modified());
  EXPECT_TRUE(by_etag->body.empty());
  Result<HttpResponse> by_date =
      client.Get({Url("/feeds/news.atom"), "", "", first->last_modified});
  ASSERT_TRUE(by_date.ok());
  EXPECT_TRUE(by_date->not_modified());
  Result<HttpResponse> changed = client.Get({Url("/feeds/news.atom"), "", "\"stale\"", ""});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->status, 200);
}

TEST_F(HttpServerTest, ErrorStatusIsAResponse) {
  HttpClient client({});
  Result<HttpResponse> r = client.Get({Url("/missing/0603.html"), "", "", ""});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, 404);
  EXPECT_FALSE(r->ok());
}

TEST_F(HttpServerTest, SlowServerTimesOut) {
  HttpOptions options;
  options.total_timeout_ms = 300;
  HttpClient client(options);
  Result<HttpResponse> r = client.Get({Url("/slow/0604.html"), "", "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("timed out"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("/slow/0604.html"), std::string::npos);
}

TEST_F(HttpServerTest, StreamOverTheCapIsCut) {
  HttpOptions options;
  options.max_bytes = 1u << 20;
  HttpClient client(options);
  Result<HttpResponse> r = client.Get({Url("/big/0605.pdf"), "", "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("larger than the 1048576-byte cap"), std::string::npos)
      << r.status().message();
  // The same client still works afterwards.
  Result<HttpResponse> ok = client.Get({Url("/feeds/empty.xml"), "", "", ""});
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->status, 200);
}

TEST_F(HttpServerTest, RedirectsAreFollowedUpToTheLimit) {
  HttpClient client({});
  Result<HttpResponse> two = client.Get({Url("/redirect/2"), "", "", ""});
  ASSERT_TRUE(two.ok()) << two.status().message();
  EXPECT_EQ(two->status, 200);
  EXPECT_EQ(two->redirects, 2);
  EXPECT_EQ(two->effective_url, Url("/redirect/0"));
  Result<HttpResponse> eight = client.Get({Url("/redirect/8"), "", "", ""});
  ASSERT_FALSE(eight.ok());
  EXPECT_NE(eight.status().message().find("more than 5 redirects"), std::string::npos)
      << eight.status().message();
}

TEST_F(HttpServerTest, RedirectToAnotherSchemeIsRefused) {
  HttpClient client({});
  Result<HttpResponse> r = client.Get({Url("/to-file"), "", "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("refused"), std::string::npos) << r.status().message();
  Result<HttpResponse> ftp = client.Get({"ftp://files.example.jp/notice/0606.txt", "", "", ""});
  ASSERT_FALSE(ftp.ok());
  EXPECT_NE(ftp.status().message().find("only http"), std::string::npos) << ftp.status().message();
}

TEST_F(HttpServerTest, SendsItsUserAgent) {
  HttpClient client({});
  ASSERT_TRUE(client.Get({Url("/feeds/empty.xml"), "", "", ""}).ok());
  const std::string log = kenchi::testing::ReadFileOrDie(dir_.path() + "/requests.jsonl");
  EXPECT_NE(log.find("kenchi/"), std::string::npos) << log;
}

}  // namespace
}  // namespace kenchi::collect
