// What people do with an alert, and which changes of status are allowed.
//
//   new ──ack──► acknowledged ──resolve──► resolved
//    │                │                       │
//    └────────────────┴──false-positive──────►┴──► false_positive
//
// - Doing what has already been done is fine and changes nothing
//   (resolving a resolved alert, acknowledging an acknowledged one).
// - A resolved or false-positive alert cannot be acknowledged, and a false
//   positive cannot be resolved: those would hide a decision already made.
// - `resolve` is allowed from `new` too (fixed before anyone acknowledged).
// - A resolved alert seen again is reopened as `new` by matching
//   (Store::UpsertAlert); a false positive stays closed.
//
// A false positive can also add an allow-list entry (AllowEntryFor) so the
// same noise stops: the matched term, domain or address, for the alert's
// organisation or for everyone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kenchi/model.h"
#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::alert {

enum class AlertAction { kAcknowledge, kResolve, kFalsePositive };

// The status after `action`, or kInvalidInput explaining why not.
Result<AlertStatus> NextStatus(AlertStatus from, AlertAction action);

// The allow-list entry that stops `alert`'s finding: kTerm with the matched
// text for names and keywords, kDomain with the matched domain, kNetwork
// with the matched address. kInvalidInput when the match cannot be
// allow-listed (card numbers: a BIN is the customer's own and cannot be noise).
Result<AllowEntry> AllowEntryFor(const Alert& alert, bool global);

struct ActionOutcome {
  Alert alert;             // after the change
  bool changed = false;    // false: it already had that status
  std::optional<AllowEntry> allowed;  // the entry added, with its id
};

// Like AllowEntryFor, but with a phrase chosen by the user: for names and
// keywords it must contain the matched text (compared folded), so that it
// stops this noise and not more ("Kakuu Hotel" rather than all of "Kakuu").
Result<AllowEntry> AllowEntryWithPhrase(const Alert& alert, const std::string& phrase, bool global);

struct AllowRequest {
  bool add = false;     // add an allow-list entry
  bool global = false;  // for every organisation
  std::string phrase;   // "" = the matched text itself
};

// Loads the alert (kNotFound "no alert with id N"), checks the transition,
// sets the status with `note`, and adds the allow-list entry when asked,
// all in one transaction.
Result<ActionOutcome> ApplyAlertAction(Store& store, int64_t alert_id, AlertAction action,
                                       const std::string& note, const AllowRequest& allow = {});

}  // namespace kenchi::alert
