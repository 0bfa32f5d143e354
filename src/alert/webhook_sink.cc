// The webhook sink: one signed POST per alert, retried with exponential
// backoff when the failure may be temporary.
#include "kenchi/alert/webhook_sink.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

#include <fmt/format.h>

#include "alert/curl_util.h"
#include "kenchi/alert/alert_json.h"
#include "kenchi/alert/signature.h"

namespace kenchi::alert {
namespace {

// Enough of a response body to explain a rejection; the rest is dropped.
constexpr size_t kMaxResponseBytes = 512;

size_t KeepSome(char* data, size_t size, size_t nmemb, void* user) {
  auto* out = static_cast<std::string*>(user);
  const size_t n = size * nmemb;
  if (out->size() < kMaxResponseBytes) out->append(data, std::min(n, kMaxResponseBytes - out->size()));
  return n;
}

struct Attempt {
  bool ok = false;
  bool retryable = false;
  std::string error;
};

// 408 and 429 say "not now" rather than "not this": worth another try.
bool RetryableHttp(long code) { return code >= 500 || code == 408 || code == 429; }

std::string OneLine(std::string s) {
  std::replace_if(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return s;
}

class WebhookSink final : public Sink {
 public:
  explicit WebhookSink(WebhookOptions options) : o_(std::move(options)) {
    EnsureCurlGlobalInit();
    o_.attempts = std::max(1, o_.attempts);
  }

  std::string Describe() const override { return "webhook " + o_.url; }

  std::vector<Status> Deliver(const Organization& org, std::span<const Alert> alerts) override {
    std::vector<Status> out;
    out.reserve(alerts.size());
    for (const Alert& a : alerts) out.push_back(DeliverOne(org, a));
    return out;
  }

 private:
  Status DeliverOne(const Organization& org, const Alert& alert) {
    const std::string body = AlertJsonLine(org, alert);
    const std::string delivery_id = fmt::format("{}-{}", alert.id, o_.sink_id);
    int64_t wait_ms = o_.backoff_ms;
    Attempt last;
    int tries = 0;
    for (; tries < o_.attempts; ++tries) {
      if (tries > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
        wait_ms = std::min<int64_t>(wait_ms * 2, o_.max_backoff_ms);
      }
      last = Post(body, delivery_id);
      if (last.ok) return Status::Ok();
      if (!last.retryable) {
        ++tries;
        break;
      }
    }
    return Status::IoError(fmt::format("webhook {}: {} ({} attempt{})", o_.url, last.error, tries,
                                       tries == 1 ? "" : "s"));
  }

  Attempt Post(const std::string& body, const std::string& delivery_id) {
    CurlEasy curl(curl_easy_init());
    if (!curl) return {false, true, "cannot initialise libcurl"};
    // Signed per attempt, so a retry carries a fresh timestamp.
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    CurlSlist headers;
    SlistAppend(headers, "Content-Type: application/json; charset=utf-8");
    SlistAppend(headers, "Expect:");  // no 100-continue round trip
    SlistAppend(headers, "X-Kenchi-Delivery: " + delivery_id);
    if (!o_.secret.empty()) {
      SlistAppend(headers, fmt::format("X-Kenchi-Timestamp: {}", now));
      SlistAppend(headers, "X-Kenchi-Signature: " + SignWebhookBody(o_.secret, now, body));
    }
    std::string response;
    char error[CURL_ERROR_SIZE] = {0};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, o_.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_USERAGENT, "kenchi/" KENCHI_VERSION);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(o_.timeout_ms));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o_.connect_timeout_ms));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, KeepSome);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) return {false, true, CurlErrorText(rc, error)};
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 200 && code < 300) return {true, false, ""};
    std::string why = fmt::format("HTTP {}", code);
    if (!response.empty()) why += ": " + OneLine(response);
    return {false, RetryableHttp(code), why};
  }

  WebhookOptions o_;
};

}  // namespace

std::unique_ptr<Sink> MakeWebhookSink(WebhookOptions options) {
  return std::make_unique<WebhookSink>(std::move(options));
}

}  // namespace kenchi::alert
