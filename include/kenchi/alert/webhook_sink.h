// Alerts as HTTP POSTs of JSON (libcurl): one request per alert, the body
// being the alert's JSON (kenchi/alert/alert_json.h).
//
// Headers: Content-Type: application/json; charset=utf-8, User-Agent:
// kenchi/<version>, X-Kenchi-Delivery: <alert id>-<sink id> (stable across
// retries and runs, for receivers that deduplicate), and, when a secret is
// configured, X-Kenchi-Timestamp and X-Kenchi-Signature (kenchi/alert/signature.h).
//
// Success is any 2xx. A 5xx, 408, 429 or a transport failure (refused,
// DNS, TLS, timeout) is retried with exponential backoff: `backoff_ms`,
// then twice that, ... up to `attempts` tries in all. Any other 4xx means
// the receiver rejected this request and a retry would be rejected too: it
// fails at once. Redirects are not followed (a signed POST should reach the
// configured URL or nobody), and only http:// and https:// are accepted.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "kenchi/alert/sink.h"

namespace kenchi::alert {

struct WebhookOptions {
  std::string url;
  std::string secret;            // empty: unsigned (the headers are left out)
  int64_t sink_id = 0;           // for X-Kenchi-Delivery
  int timeout_ms = 10000;        // per attempt, connection included
  int connect_timeout_ms = 5000;
  int attempts = 4;              // tries in all, >= 1
  int backoff_ms = 1000;         // wait before the 2nd try; doubles each time
  int max_backoff_ms = 60000;
};

std::unique_ptr<Sink> MakeWebhookSink(WebhookOptions options);

}  // namespace kenchi::alert
