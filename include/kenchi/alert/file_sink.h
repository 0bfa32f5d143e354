// A JSON lines file that a SIEM (Splunk, Elastic, Wazuh, ...) tails.
//
// One JSON object per alert (kenchi/alert/alert_json.h), one per line,
// appended. The guarantees a tailer relies on:
//   - Never half a line: a batch is written with one write(2) on a file
//     opened O_APPEND, under an exclusive flock(2) so that two kenchi
//     processes never interleave; if the write fails part-way (disk full)
//     the file is truncated back to where the batch started.
//   - Durable before "delivered": the file is fsync'd before Deliver
//     returns ok, so an alert recorded as delivered survives a crash.
//   - The file is created (mode 0640) if missing, never truncated or rotated
//     by kenchi: rotate it with logrotate's `copytruncate` or by renaming it
//     (the next delivery creates a new file).
#pragma once

#include <memory>
#include <string>

#include "kenchi/alert/sink.h"

namespace kenchi::alert {

std::unique_ptr<Sink> MakeJsonLinesFileSink(std::string path);

}  // namespace kenchi::alert
