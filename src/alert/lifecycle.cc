#include "kenchi/alert/lifecycle.h"

#include <fmt/format.h>

#include "kenchi/match/asset_value.h"
#include "kenchi/match/folded_text.h"

namespace kenchi::alert {
namespace {

std::string_view Verb(AlertAction a) {
  switch (a) {
    case AlertAction::kAcknowledge: return "acknowledge";
    case AlertAction::kResolve: return "resolve";
    case AlertAction::kFalsePositive: return "mark as false positive";
  }
  return "change";
}

}  // namespace

Result<AlertStatus> NextStatus(AlertStatus from, AlertAction action) {
  switch (action) {
    case AlertAction::kAcknowledge:
      if (from == AlertStatus::kNew || from == AlertStatus::kAcknowledged) return AlertStatus::kAcknowledged;
      break;
    case AlertAction::kResolve:
      if (from != AlertStatus::kFalsePositive) return AlertStatus::kResolved;
      break;
    case AlertAction::kFalsePositive:
      return AlertStatus::kFalsePositive;
  }
  return Status::InvalidInput(
      fmt::format("cannot {} an alert that is {}", Verb(action), ToString(from)));
}

Result<AllowEntry> AllowEntryFor(const Alert& alert, bool global) {
  AllowEntry e;
  e.organization_id = global ? 0 : alert.organization_id;
  e.reason = fmt::format("false positive (alert {})", alert.id);
  if (alert.matched.empty()) {
    return Status::InvalidInput(fmt::format("alert {} has no matched text to allow-list", alert.id));
  }
  switch (alert.asset_kind) {
    case AssetKind::kBin:
      return Status::InvalidInput(fmt::format(
          "alert {} matched a card number; a watched BIN cannot be allow-listed (remove the BIN "
          "from the watchlist instead)",
          alert.id));
    case AssetKind::kDomain:
    case AssetKind::kEmailDomain: {
      std::optional<std::string> d = match::CanonicalDomain(alert.matched);
      if (!d) return Status::InvalidInput(fmt::format("alert {}: \"{}\" is not a domain", alert.id, alert.matched));
      e.kind = AllowKind::kDomain;
      e.value = *d;
      return e;
    }
    case AssetKind::kIpv4:
    case AssetKind::kIpv6:
    case AssetKind::kCidr:
    case AssetKind::kAsn:
      if (!match::ParseIp(alert.matched)) {
        return Status::InvalidInput(fmt::format(
            "alert {} matched {}, not an address; allow-list the network with `kenchi allow add`",
            alert.id, alert.matched));
      }
      e.kind = AllowKind::kNetwork;
      e.value = alert.matched;
      return e;
    default:
      e.kind = AllowKind::kTerm;
      e.value = alert.matched;
      return e;
  }
}

Result<AllowEntry> AllowEntryWithPhrase(const Alert& alert, const std::string& phrase, bool global) {
  Result<AllowEntry> e = AllowEntryFor(alert, global);
  if (!e.ok()) return e.status();
  if (e->kind != AllowKind::kTerm) {
    return Status::InvalidInput(fmt::format(
        "alert {} matched a {}; a phrase applies to names and keywords only", alert.id,
        ToString(alert.asset_kind)));
  }
  const std::string folded_phrase = match::FoldPattern(phrase, match::Folding::kNfkcCaseFold);
  const std::string folded_match = match::FoldPattern(alert.matched, match::Folding::kNfkcCaseFold);
  if (folded_phrase.find(folded_match) == std::string::npos) {
    return Status::InvalidInput(fmt::format(
        "the phrase \"{}\" does not contain what alert {} matched (\"{}\"), so it would not stop it",
        phrase, alert.id, alert.matched));
  }
  e->value = phrase;
  return e;
}

Result<ActionOutcome> ApplyAlertAction(Store& store, int64_t alert_id, AlertAction action,
                                       const std::string& note, const AllowRequest& allow) {
  Transaction tx(store);
  KENCHI_RETURN_IF_ERROR(tx.status());
  Result<Alert> alert = store.GetAlert(alert_id);
  if (!alert.ok()) return alert.status();
  Result<AlertStatus> next = NextStatus(alert->status, action);
  if (!next.ok()) return next.status().WithContext(fmt::format("alert {}", alert_id));
  ActionOutcome outcome;
  outcome.changed = *next != alert->status;
  if (outcome.changed || !note.empty()) {
    KENCHI_RETURN_IF_ERROR(store.SetAlertStatus(alert_id, *next, note));
  }
  if (allow.add) {
    Result<AllowEntry> entry = allow.phrase.empty() ? AllowEntryFor(*alert, allow.global)
                                                    : AllowEntryWithPhrase(*alert, allow.phrase, allow.global);
    if (!entry.ok()) return entry.status();
    Result<int64_t> id = store.PutAllowEntry(*entry);
    if (!id.ok()) return id.status();
    entry->id = *id;
    outcome.allowed = *entry;
  }
  KENCHI_RETURN_IF_ERROR(tx.Commit());
  Result<Alert> after = store.GetAlert(alert_id);
  if (!after.ok()) return after.status();
  outcome.alert = std::move(after).value();
  return outcome;
}

}  // namespace kenchi::alert
