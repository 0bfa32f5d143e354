// Where alerts go once they exist: the Sink interface.
//
// A sink delivers the alerts of one organisation somewhere a person or a
// machine will see them: a JSON lines file a SIEM tails, stdout, a webhook,
// an email. Sinks know nothing of the database: which alerts are pending,
// what was already delivered, and the digest throttle are the delivery
// engine's business (kenchi/alert/deliver.h). A sink only sends, and says
// per alert whether that worked.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/status.h"

namespace kenchi::alert {

class Sink {
 public:
  virtual ~Sink() = default;

  // The destination in words, for messages: "webhook https://hooks.example.com/k",
  // "email to soc@example.jp via smtp://mail.example.jp:587". Never holds a secret.
  virtual std::string Describe() const = 0;

  // Delivers `alerts`, all of organisation `org`. Returns exactly one Status
  // per alert, in the same order: ok when that alert reached the
  // destination, else an error whose message names the destination and
  // says what went wrong. A sink that sends a batch as one unit (a file
  // append, an email digest) returns the same Status for all of them.
  virtual std::vector<Status> Deliver(const Organization& org, std::span<const Alert> alerts) = 0;
};

}  // namespace kenchi::alert
