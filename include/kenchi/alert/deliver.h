// The delivery engine behind `kenchi deliver`: every pending alert of every
// organisation to each of its sinks, exactly once per sink.
//
// Pending, for one sink, means an alert of the sink's organisation that
//   - is in status `new` (acknowledged, resolved and false-positive alerts
//     are not sent: someone has already looked at them), and
//   - has no delivery record for this sink, or its last attempt failed
//     (failures are retried on every run, with no limit), or it was
//     delivered at a lower severity than it has now (an escalation is news;
//     a new sighting at the same severity is not, so it is not re-sent).
// Pending alerts below the sink's minimum severity are skipped (not
// recorded: if they escalate past the minimum they are sent then). For an
// email sink in digest mode, a digest is deferred while the previous one is
// younger than the throttle; the alerts stay pending for a later run.
//
// Each attempt is recorded (kenchi/store.h DeliveryRecord) right after the
// sink answers, one alert at a time, so an interrupted run re-sends at most
// the batch that was in flight. Two `kenchi deliver` processes must not run
// at the same time on one database (run it from one cron job or timer).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kenchi/alert/sink.h"
#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::alert {

struct SinkOutcome {
  SinkRecord sink;
  int64_t sent = 0;
  int64_t failed = 0;
  int64_t skipped = 0;   // below the sink's minimum severity
  int64_t deferred = 0;  // held back by the digest throttle
  std::string error;     // the first failure's message, "" when none
};

struct DeliveryReport {
  std::vector<SinkOutcome> sinks;
  int64_t sent = 0;
  int64_t failed = 0;
  int64_t skipped = 0;
  int64_t deferred = 0;
};

struct DeliverOptions {
  int64_t now_unix_seconds = 0;  // 0: the clock; tests pin it
  int64_t only_sink_id = 0;      // 0: every sink
  // Makes the sink for a record; MakeSink (kenchi/alert/sink_config.h) when
  // unset. Tests substitute sinks here.
  std::function<Result<std::unique_ptr<Sink>>(const SinkRecord&)> make_sink;
};

// Fails only when the store fails; a sink that cannot deliver is reported
// in its SinkOutcome and the run goes on with the other sinks.
Result<DeliveryReport> DeliverPending(Store& store, const DeliverOptions& options = {});

// "2026-11-25T19:21:24Z" for a Unix time, and back (nullopt if malformed).
std::string IsoUtc(int64_t unix_seconds);
std::optional<int64_t> ParseIsoUtc(const std::string& iso);

}  // namespace kenchi::alert
