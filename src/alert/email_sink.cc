// The email sink: alerts as UTF-8 mail over SMTP (libcurl), one message per
// alert or one digest per batch.
#include "kenchi/alert/email_sink.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "alert/curl_util.h"
#include "kenchi/alert/alert_json.h"
#include "kenchi/alert/mime.h"

namespace kenchi::alert {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  return out;
}

std::string OrgLabel(const Organization& org) {
  return org.display_name.empty() ? org.name : org.display_name;
}

// One alert as plain text, the same block in immediate mails and digests.
std::string AlertText(const Organization& org, const Alert& a) {
  std::string t = fmt::format("[{}] {}\n", Upper(ToString(a.severity)), a.title);
  t += fmt::format("  organisation: {} ({})\n", OrgLabel(org), org.name);
  if (!a.asset_value.empty()) t += fmt::format("  asset: {} {}\n", ToString(a.asset_kind), a.asset_value);
  if (!a.evidence.empty()) t += fmt::format("  evidence: {}\n", a.evidence);
  if (!a.document_uri.empty()) {
    t += fmt::format("  seen in: {}{}\n", a.document_uri,
                     a.document_source.empty() ? "" : " (" + a.document_source + ")");
  }
  t += fmt::format("  first seen: {}  last seen: {}  sightings: {}\n", a.first_seen, a.last_seen,
                   a.sightings);
  t += fmt::format("  alert {}: kenchi alerts show {}\n", a.id, a.id);
  return t;
}

std::string JsonLines(const Organization& org, std::span<const Alert> alerts) {
  std::string out;
  for (const Alert& a : alerts) out += AlertJsonLine(org, a) + "\n";
  return out;
}

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t nitems, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t n = std::min(size * nitems, up->data->size() - up->offset);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

class EmailSink final : public Sink {
 public:
  explicit EmailSink(EmailOptions options) : o_(std::move(options)) { EnsureCurlGlobalInit(); }

  std::string Describe() const override {
    std::string to;
    for (const std::string& a : o_.to) to += (to.empty() ? "" : ", ") + a;
    return fmt::format("email to {} via {}", to, o_.smtp_url);
  }

  std::vector<Status> Deliver(const Organization& org, std::span<const Alert> alerts) override {
    if (alerts.empty()) return {};
    if (o_.mode == EmailMode::kDigest) {
      return std::vector<Status>(alerts.size(), Send(DigestMessage(org, alerts)));
    }
    std::vector<Status> out;
    for (size_t i = 0; i < alerts.size(); ++i) out.push_back(Send(ImmediateMessage(org, alerts.subspan(i, 1))));
    return out;
  }

 private:
  MailMessage Base() const {
    MailMessage m;
    m.from_name = o_.from_name;
    m.from_address = o_.from;
    m.to = o_.to;
    return m;
  }

  MailMessage ImmediateMessage(const Organization& org, std::span<const Alert> one) const {
    const Alert& a = one.front();
    MailMessage m = Base();
    m.subject = fmt::format("[kenchi] {} {}: {}", Upper(ToString(a.severity)), OrgLabel(org), a.title);
    m.text = AlertText(org, a);
    m.text += "\n-- \nkenchi breach early warning. The alert as JSON is attached.\n";
    m.attachments.push_back({"application/json", "kenchi-alerts.json", JsonLines(org, one)});
    return m;
  }

  MailMessage DigestMessage(const Organization& org, std::span<const Alert> alerts) const {
    // Highest severity first; within one severity, oldest alert first.
    std::vector<const Alert*> sorted;
    for (const Alert& a : alerts) sorted.push_back(&a);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Alert* x, const Alert* y) {
      return static_cast<int>(x->severity) > static_cast<int>(y->severity);
    });
    std::array<int, 4> per_severity{};
    for (const Alert& a : alerts) ++per_severity[static_cast<size_t>(a.severity)];
    std::string counts;
    for (int s = 3; s >= 0; --s) {
      if (per_severity[static_cast<size_t>(s)] == 0) continue;
      if (!counts.empty()) counts += ", ";
      counts += fmt::format("{} {}", ToString(static_cast<Severity>(s)), per_severity[static_cast<size_t>(s)]);
    }
    MailMessage m = Base();
    m.subject = fmt::format("[kenchi] {}: {} alert{} ({})", OrgLabel(org), alerts.size(),
                            alerts.size() == 1 ? "" : "s", counts);
    m.text = fmt::format("{} new alert{} for {} ({}).\n", alerts.size(), alerts.size() == 1 ? "" : "s",
                         OrgLabel(org), counts);
    int current = -1;
    for (const Alert* a : sorted) {
      const int s = static_cast<int>(a->severity);
      if (s != current) {
        m.text += fmt::format("\n== {} ({}) ==\n", Upper(ToString(a->severity)),
                              per_severity[static_cast<size_t>(s)]);
        current = s;
      }
      m.text += "\n" + AlertText(org, *a);
    }
    m.text += "\n-- \nkenchi breach early warning. The alerts as JSON lines are attached.\n";
    m.attachments.push_back({"application/json", "kenchi-alerts.json", JsonLines(org, alerts)});
    return m;
  }

  Status Send(const MailMessage& message) { return SendMail(o_, message); }

  EmailOptions o_;
};

}  // namespace

Status SendMail(const EmailOptions& o, const MailMessage& message) {
  EnsureCurlGlobalInit();
  const std::string mail = BuildMail(message, static_cast<int64_t>(std::time(nullptr)));
  CurlEasy curl(curl_easy_init());
  if (!curl) return Status::Internal("email: cannot initialise libcurl");
  CURL* c = curl.get();
  CurlSlist rcpt;
  for (const std::string& a : message.to) SlistAppend(rcpt, "<" + a + ">");
  Upload upload{&mail};
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, o.smtp_url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + o.from + ">").c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout_ms));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(o.timeout_ms, 10000)));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  if (o.smtp_url.rfind("smtp://", 0) == 0) {
    const long use_ssl = o.starttls == StartTls::kRequire ? CURLUSESSL_ALL
                         : o.starttls == StartTls::kTry   ? CURLUSESSL_TRY
                                                           : CURLUSESSL_NONE;
    curl_easy_setopt(c, CURLOPT_USE_SSL, use_ssl);
  }
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, o.verify_tls ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, o.verify_tls ? 2L : 0L);
  if (!o.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, o.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, o.password.c_str());
    const std::string login = o.auth.empty() ? "" : "AUTH=" + o.auth;
    if (!login.empty()) curl_easy_setopt(c, CURLOPT_LOGIN_OPTIONS, login.c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return Status::IoError(fmt::format("email via {}: {}", o.smtp_url, CurlErrorText(rc, error)));
  }
  return Status::Ok();
}

std::unique_ptr<Sink> MakeEmailSink(EmailOptions options) {
  return std::make_unique<EmailSink>(std::move(options));
}

}  // namespace kenchi::alert
