// Alerts as JSON lines on standard output, for piping into another tool
// (`kenchi deliver | jq`) or a supervisor that captures stdout.
// Same lines as the file sink; flushed after each batch.
#pragma once

#include <memory>

#include "kenchi/alert/sink.h"

namespace kenchi::alert {

// `fd` is 1 in real use; tests pass a pipe or a file.
std::unique_ptr<Sink> MakeStdoutSink(int fd = 1);

}  // namespace kenchi::alert
