// HttpClient over libcurl. The limits are enforced by libcurl where it can
// (timeouts, redirects, protocols, a Content-Length over the cap) and by the
// write callback otherwise (chunked or close-delimited bodies, compressed
// bodies that grow when decoded).
#include "kenchi/collect/http.h"

#include <curl/curl.h>

#include <mutex>
#include <string>

#include <fmt/format.h>

namespace kenchi::collect {
namespace {

void InitCurlOnce() {
  // curl_global_init is not thread-safe; everything after it is per handle.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// What one transfer collects through libcurl's callbacks.
struct Transfer {
  uint64_t max_bytes = 0;
  bool over_cap = false;
  std::string body;
  std::string content_type, etag, last_modified;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (t->body.size() + n > t->max_bytes) {
    t->over_cap = true;
    return 0;  // anything but n aborts the transfer (CURLE_WRITE_ERROR)
  }
  t->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  std::string_view line(data, n);
  // Each response of a redirect chain starts with a status line; only the
  // last response's headers describe the body.
  if (line.rfind("HTTP/", 0) == 0) {
    t->content_type.clear();
    t->etag.clear();
    t->last_modified.clear();
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  const std::string name = AsciiLower(Trim(line.substr(0, colon)));
  const std::string_view value = Trim(line.substr(colon + 1));
  if (name == "content-type") t->content_type = std::string(value);
  else if (name == "etag") t->etag = std::string(value);
  else if (name == "last-modified") t->last_modified = std::string(value);
  return n;
}

struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct CurlUrlFree {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

}  // namespace

std::string DefaultUserAgent() {
  return std::string("kenchi/") + KENCHI_VERSION +
         " (breach early-warning feed collector; libcurl/" + curl_version_info(CURLVERSION_NOW)->version +
         ")";
}

struct HttpClient::Impl {
  CURL* curl = nullptr;
};

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)), impl_(new Impl) {
  InitCurlOnce();
  if (options_.user_agent.empty()) options_.user_agent = DefaultUserAgent();
  impl_->curl = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (impl_->curl) curl_easy_cleanup(impl_->curl);
}

Result<HttpResponse> HttpClient::Get(const HttpRequest& request) {
  CURL* curl = impl_->curl;
  if (!curl) return Status::Internal("libcurl could not be initialised");
  if (!IsFetchableUrl(request.url)) {
    return Status::InvalidInput(request.url + ": refused: only http:// and https:// URLs are fetched");
  }
  // Reset drops the previous request's options but keeps the connection
  // cache, so the next request to the same server reuses the connection.
  curl_easy_reset(curl);

  Transfer t;
  t.max_bytes = options_.max_bytes;
  char error[CURL_ERROR_SIZE] = {0};
  std::unique_ptr<curl_slist, SlistFree> headers;
  auto add_header = [&](const std::string& h) {
    headers.reset(curl_slist_append(headers.release(), h.c_str()));
  };
  add_header("Accept: " + (request.accept.empty() ? std::string("*/*") : request.accept));
  add_header("Accept-Language: ja, en;q=0.8");
  if (!request.etag.empty()) add_header("If-None-Match: " + request.etag);
  if (!request.last_modified.empty()) add_header("If-Modified-Since: " + request.last_modified);

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_bytes));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // whatever this libcurl can decode
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);

  const CURLcode rc = curl_easy_perform(curl);
  // The error buffer points into this frame: detach it before returning.
  auto finish = [&] {
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  };
  if (rc != CURLE_OK) {
    finish();
    const std::string detail = error[0] ? std::string(error) : curl_easy_strerror(rc);
    switch (rc) {
      case CURLE_OPERATION_TIMEDOUT:
        return Status::IoError(fmt::format("{}: timed out (limits: connect {} ms, total {} ms)",
                                           request.url, options_.connect_timeout_ms,
                                           options_.total_timeout_ms));
      case CURLE_FILESIZE_EXCEEDED:
        return Status::InvalidInput(fmt::format(
            "{}: refused: larger than the {}-byte cap (Content-Length)", request.url, options_.max_bytes));
      case CURLE_WRITE_ERROR:
        if (t.over_cap) {
          return Status::InvalidInput(fmt::format(
              "{}: transfer aborted: larger than the {}-byte cap", request.url, options_.max_bytes));
        }
        break;
      case CURLE_TOO_MANY_REDIRECTS:
        return Status::InvalidInput(
            fmt::format("{}: more than {} redirects", request.url, options_.max_redirects));
      case CURLE_UNSUPPORTED_PROTOCOL:
        return Status::InvalidInput(fmt::format(
            "{}: refused: only http and https are fetched ({})", request.url, detail));
      default:
        break;
    }
    return Status::IoError(fmt::format("{}: {}", request.url, detail));
  }

  HttpResponse r;
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  r.status = status;
  char* effective = nullptr;
  curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
  if (effective) r.effective_url = effective;
  long redirects = 0;
  curl_easy_getinfo(curl, CURLINFO_REDIRECT_COUNT, &redirects);
  r.redirects = static_cast<int>(redirects);
  finish();
  r.body = std::move(t.body);
  r.content_type = std::move(t.content_type);
  r.etag = std::move(t.etag);
  r.last_modified = std::move(t.last_modified);
  return r;
}

Result<UrlParts> SplitUrl(std::string_view url) {
  InitCurlOnce();
  std::unique_ptr<CURLU, CurlUrlFree> u(curl_url());
  if (!u) return Status::Internal("libcurl could not allocate a URL");
  const std::string s(url);
  // No default scheme: "example.jp/feed" is not an absolute URL.
  if (curl_url_set(u.get(), CURLUPART_URL, s.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return Status::InvalidInput("not an absolute URL: " + s);
  }
  UrlParts parts;
  char* part = nullptr;
  if (curl_url_get(u.get(), CURLUPART_SCHEME, &part, 0) == CURLUE_OK && part) {
    parts.scheme = AsciiLower(part);
    curl_free(part);
  }
  part = nullptr;
  if (curl_url_get(u.get(), CURLUPART_HOST, &part, 0) == CURLUE_OK && part) {
    parts.host = AsciiLower(part);
    curl_free(part);
  }
  if (parts.scheme.empty()) return Status::InvalidInput("not an absolute URL: " + s);
  return parts;
}

bool IsFetchableUrl(std::string_view url) {
  Result<UrlParts> parts = SplitUrl(url);
  return parts.ok() && (parts->scheme == "http" || parts->scheme == "https") && !parts->host.empty();
}

std::string MediaTypeOf(std::string_view content_type) {
  return AsciiLower(Trim(content_type.substr(0, content_type.find(';'))));
}

std::string CharsetOf(std::string_view content_type) {
  size_t pos = content_type.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = content_type.substr(pos + 1);
    const size_t next = rest.find(';');
    std::string_view param = Trim(rest.substr(0, next));
    const size_t eq = param.find('=');
    if (eq != std::string_view::npos && AsciiLower(Trim(param.substr(0, eq))) == "charset") {
      std::string_view value = Trim(param.substr(eq + 1));
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
          value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
    pos = next == std::string_view::npos ? next : pos + 1 + next;
  }
  return {};
}

}  // namespace kenchi::collect
