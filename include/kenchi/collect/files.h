// Finding and reading input files on the local file system.
//
// `kenchi ingest PATH...` accepts files and directories. Directories are
// walked recursively in sorted order (so runs are reproducible); hidden
// entries (names starting with '.') are skipped; symbolic links to files
// are followed, links to directories are not (no cycles). A path that is
// missing or a directory that cannot be read is reported, not fatal: the
// rest of the walk goes on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kenchi/status.h"

namespace kenchi::collect {

struct InputFile {
  std::string path;
  uint64_t size = 0;
};

// Something on the way that could not be used, and why.
struct InputProblem {
  std::string where;
  std::string reason;
};

struct WalkResult {
  std::vector<InputFile> files;
  std::vector<InputProblem> problems;
};

WalkResult WalkPaths(const std::vector<std::string>& paths);

// Reads a whole file. Fails with kInvalidInput when it is larger than
// `max_bytes`, kIoError (naming the path and the OS reason) when it cannot
// be read.
Result<std::string> ReadWholeFile(const std::string& path, uint64_t max_bytes);

}  // namespace kenchi::collect
