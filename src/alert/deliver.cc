// The delivery engine: pending alerts → sinks → delivery records.
#include "kenchi/alert/deliver.h"

#include <cstdio>
#include <ctime>
#include <unordered_map>

#include <fmt/format.h>

#include "kenchi/alert/sink_config.h"

namespace kenchi::alert {
namespace {

struct SinkRun {
  SinkRecord& sink;
  SinkOutcome& outcome;
  std::string now_iso;
};

Status Record(Store& store, const SinkRun& run, const Alert& alert, const Status& status) {
  DeliveryRecord r;
  r.alert_id = alert.id;
  r.sink_id = run.sink.id;
  r.delivered = status.ok();
  r.severity = alert.severity;
  r.last_error = status.message();
  r.last_attempt_at = run.now_iso;
  if (status.ok()) {
    ++run.outcome.sent;
  } else {
    ++run.outcome.failed;
    if (run.outcome.error.empty()) run.outcome.error = status.message();
  }
  return store.RecordDelivery(r);
}

// The alerts this sink still owes its organisation (see deliver.h).
Result<std::vector<Alert>> Pending(Store& store, const SinkRecord& sink, SinkOutcome& outcome) {
  AlertFilter filter;
  filter.organization_id = sink.organization_id;
  filter.status = AlertStatus::kNew;
  Result<std::vector<Alert>> alerts = store.ListAlerts(filter);
  if (!alerts.ok()) return alerts.status();
  Result<std::vector<DeliveryRecord>> records = store.ListDeliveries(sink.id);
  if (!records.ok()) return records.status();
  std::unordered_map<int64_t, const DeliveryRecord*> by_alert;
  for (const DeliveryRecord& r : *records) by_alert[r.alert_id] = &r;

  std::vector<Alert> pending;
  for (Alert& a : *alerts) {
    auto it = by_alert.find(a.id);
    const bool already = it != by_alert.end() && it->second->delivered &&
                         static_cast<int>(a.severity) <= static_cast<int>(it->second->severity);
    if (already) continue;
    if (static_cast<int>(a.severity) < static_cast<int>(sink.min_severity)) {
      ++outcome.skipped;
      continue;
    }
    pending.push_back(std::move(a));
  }
  return pending;
}

}  // namespace

std::string IsoUtc(int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::optional<int64_t> ParseIsoUtc(const std::string& iso) {
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char z = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 ||
      z != 'Z')
    return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm));
}

Result<DeliveryReport> DeliverPending(Store& store, const DeliverOptions& options) {
  const int64_t now = options.now_unix_seconds != 0 ? options.now_unix_seconds
                                                    : static_cast<int64_t>(std::time(nullptr));
  Result<std::vector<SinkRecord>> sinks = store.ListSinks();
  if (!sinks.ok()) return sinks.status();

  DeliveryReport report;
  for (SinkRecord& sink : *sinks) {
    if (options.only_sink_id != 0 && sink.id != options.only_sink_id) continue;
    SinkOutcome& outcome = report.sinks.emplace_back();
    outcome.sink = sink;
    SinkRun run{outcome.sink, outcome, IsoUtc(now)};

    Result<std::vector<Alert>> pending = Pending(store, sink, outcome);
    if (!pending.ok()) return pending.status().WithContext(fmt::format("sink {}", sink.id));
    if (pending->empty()) continue;

    // The throttle counts from the last digest that went out, so a failed
    // digest is retried on the next run rather than after the throttle.
    if (const int minutes = DigestThrottleMinutes(sink); minutes > 0) {
      std::optional<int64_t> last = ParseIsoUtc(sink.last_delivered_at);
      if (last && now - *last < int64_t{minutes} * 60) {
        outcome.deferred += static_cast<int64_t>(pending->size());
        continue;
      }
    }

    Result<std::unique_ptr<Sink>> made =
        options.make_sink ? options.make_sink(sink) : MakeSink(sink);
    const Organization org{sink.organization_id, sink.organization_name,
                           sink.organization_display_name};
    std::vector<Status> statuses;
    if (!made.ok()) {
      statuses.assign(pending->size(), made.status());
    } else {
      statuses = (*made)->Deliver(org, *pending);
      if (statuses.size() != pending->size()) {
        return Status::Internal(fmt::format("{} answered {} statuses for {} alerts",
                                            (*made)->Describe(), statuses.size(), pending->size()));
      }
    }
    for (size_t i = 0; i < pending->size(); ++i) {
      KENCHI_RETURN_IF_ERROR(Record(store, run, (*pending)[i], statuses[i]));
    }
  }
  for (const SinkOutcome& o : report.sinks) {
    report.sent += o.sent;
    report.failed += o.failed;
    report.skipped += o.skipped;
    report.deferred += o.deferred;
  }
  return report;
}

}  // namespace kenchi::alert
