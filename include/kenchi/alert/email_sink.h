// Alerts by email, over SMTP with libcurl.
//
// `smtp_url` is smtp://host[:port] (plain, upgraded with STARTTLS as
// `starttls` says) or smtps://host[:port] (TLS from the first byte).
// Authentication is used when `username` is set (`auth` picks the SASL
// mechanism, e.g. "PLAIN" or "LOGIN"; empty lets libcurl choose).
//
// Modes:
//   immediate  one message per alert, subject "[kenchi] <SEVERITY> <title>";
//   digest     one message for the whole batch, alerts grouped by severity
//              (highest first), subject "[kenchi] <org>: N alerts (...)".
// Either way the message is text/plain UTF-8 with the alerts as a JSON
// attachment (kenchi-alerts.json, one alert per line) for scripts. How
// often a digest may go out (the throttle) is the delivery engine's rule,
// not the sink's: see kenchi/alert/deliver.h.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kenchi/alert/mime.h"
#include "kenchi/alert/sink.h"

namespace kenchi::alert {

enum class StartTls { kNo, kTry, kRequire };
enum class EmailMode { kImmediate, kDigest };

struct EmailOptions {
  std::string smtp_url;
  std::string from;               // address
  std::string from_name = "kenchi";
  std::vector<std::string> to;    // addresses, at least one
  StartTls starttls = StartTls::kRequire;
  bool verify_tls = true;
  std::string username;           // empty: no AUTH
  std::string password;
  std::string auth;               // SASL mechanism; empty: libcurl's choice
  EmailMode mode = EmailMode::kImmediate;
  int timeout_ms = 30000;
};

std::unique_ptr<Sink> MakeEmailSink(EmailOptions options);

// Sends one message over SMTP as `options` say (server, STARTTLS, login,
// timeout; MAIL FROM is options.from), to the recipients in `message.to`
// (options.to is not used). kIoError naming the SMTP URL with libcurl's
// explanation when the server cannot be reached or refuses. The sink and
// the monthly report's delivery (kenchi/report/mail.h) both send this way.
Status SendMail(const EmailOptions& options, const MailMessage& message);

}  // namespace kenchi::alert
