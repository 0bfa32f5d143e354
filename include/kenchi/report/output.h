// Writing a report file so that a reader never sees half of one: the bytes
// go to a temporary file in the same directory, are flushed to disk, and
// only then renamed over the target (rename is atomic within a file
// system). A failure leaves the old file, if any, as it was and no
// temporary behind.
#pragma once

#include <string>
#include <string_view>

#include "kenchi/status.h"

namespace kenchi::report {

// kIoError naming `path` and the reason (missing directory, permission,
// disk full) when it cannot be written.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace kenchi::report
