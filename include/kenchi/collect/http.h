// Fetching feeds and pages over HTTP(S), politely and within limits.
//
// Collection talks to servers kenchi does not control, so every transfer is
// bounded: a connect timeout, a total timeout, a size cap (the transfer is
// aborted as soon as the body would exceed it, whatever Content-Length
// says, and it applies to the decoded bytes, so a gzip bomb is cut too), at
// most `max_redirects` redirects, and only the http and https schemes (a
// redirect to file://, ftp://, gopher://... is refused by libcurl itself).
// Requests carry a User-Agent that names kenchi, and conditional-request
// validators (ETag, Last-Modified) when the caller has them, so a feed that
// has not changed costs the server a 304.
//
// An HttpClient keeps one libcurl handle, so consecutive requests to the
// same server reuse the connection. It is not thread-safe; use one per
// thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "kenchi/status.h"

namespace kenchi::collect {

struct HttpOptions {
  std::string user_agent;            // empty: DefaultUserAgent()
  int64_t connect_timeout_ms = 10'000;
  int64_t total_timeout_ms = 30'000;  // the whole transfer, redirects included
  uint64_t max_bytes = 16u << 20;     // body bytes after content decoding
  int max_redirects = 5;
};

struct HttpRequest {
  std::string url;
  std::string accept;         // Accept header; empty: */*
  std::string etag;           // sent as If-None-Match when non-empty
  std::string last_modified;  // sent verbatim as If-Modified-Since when non-empty
};

struct HttpResponse {
  long status = 0;             // of the final response (after redirects)
  std::string body;            // empty for 304
  std::string content_type;    // the Content-Type header as sent, or empty
  std::string etag;            // validators of the final response, as sent
  std::string last_modified;
  std::string effective_url;   // where the redirects ended
  int redirects = 0;

  bool not_modified() const { return status == 304; }
  bool ok() const { return status >= 200 && status < 300; }
};

// "kenchi/<version> (breach early-warning feed collector; libcurl)".
std::string DefaultUserAgent();

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Performs a GET. Any HTTP status is a response (the caller decides what
  // a 404 means); the Status fails only when no complete response arrived:
  // a refused scheme, DNS or connection failure, a timeout, the size cap,
  // too many redirects. The message names the URL and the limit that was
  // hit, e.g. "http://...: transfer aborted: larger than 16777216 bytes".
  Result<HttpResponse> Get(const HttpRequest& request);

  const HttpOptions& options() const { return options_; }

 private:
  HttpOptions options_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The parts of an absolute URL that collection needs.
struct UrlParts {
  std::string scheme;  // lowercase: "http", "https", "ftp", ...
  std::string host;    // lowercase
};

// Splits an absolute URL (libcurl's parser, so it agrees with what would be
// fetched). Fails with kInvalidInput for anything that is not an absolute
// URL with a host.
Result<UrlParts> SplitUrl(std::string_view url);

// True for absolute http:// and https:// URLs with a host.
bool IsFetchableUrl(std::string_view url);

// The charset parameter of a Content-Type value ("text/html; charset=EUC-JP"
// -> "EUC-JP"), unquoted, or empty.
std::string CharsetOf(std::string_view content_type);

// The media type of a Content-Type value, lowercase, without parameters
// ("Text/HTML; charset=x" -> "text/html").
std::string MediaTypeOf(std::string_view content_type);

}  // namespace kenchi::collect
