// A sink's stored settings (SinkRecord::settings, a JSON object) and how a
// working Sink is made from them.
//
// Keys by kind (every key optional unless marked required):
//   file     path (required)
//   stdout   —
//   webhook  url (required), secret_env | secret_file, timeout_ms,
//            attempts, backoff_ms
//   email    smtp_url (required), from (required), to (required, a list),
//            from_name, starttls ("no" | "try" | "require"), verify_tls,
//            username, password_env | password_file, auth,
//            mode ("immediate" | "digest"), throttle_minutes, timeout_ms
//
// Secrets are never in the database: `secret_env` names an environment
// variable and `secret_file` a file (first line, trailing newline dropped)
// read each time the sink is made, so rotating a secret needs no kenchi
// command and a copied database leaks nothing.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "kenchi/alert/email_sink.h"
#include "kenchi/alert/sink.h"
#include "kenchi/store.h"

namespace kenchi::alert {

inline constexpr const char* kSinkKinds[] = {"file", "stdout", "webhook", "email"};

// Checks `record.kind` and its settings: required keys present, values of
// the right type and range (URLs with the right scheme, addresses that look
// like addresses, one secret source at most). kInvalidInput names the key.
Status ValidateSinkRecord(const SinkRecord& record);

// The digest throttle of an email sink in digest mode, in minutes (0: none);
// 0 for every other sink.
int DigestThrottleMinutes(const SinkRecord& record);

// Whether the sink sends a whole batch as one message (an email digest).
bool IsDigest(const SinkRecord& record);

// Makes the sink, reading its secrets. Fails with kInvalidInput naming the
// sink and the variable or file when a secret cannot be read.
Result<std::unique_ptr<Sink>> MakeSink(const SinkRecord& record);

}  // namespace kenchi::alert
