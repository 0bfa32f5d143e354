// Test support: run the real kenchi binary and capture what it says, and
// make scratch directories that clean up after themselves.
#pragma once

#include <string>
#include <vector>

namespace kenchi::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

struct RunOptions {
  // Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the child, so that
  // file permissions apply even when the tests run as root (as CI does).
  bool enforce_permissions = false;
  std::string stdin_data;
};

// Runs KENCHI_BINARY with `args` (no shell), waits, and captures output.
RunResult RunKenchi(const std::vector<std::string>& args, const RunOptions& options = {});

// A fresh directory under the system temp dir, removed (permissions
// restored first) when the object dies.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `bytes` to path()/name (creating subdirectories) and returns the full path.
  std::string Write(const std::string& name, const std::string& bytes) const;

 private:
  std::string path_;
};

std::string ReadFileOrDie(const std::string& path);

// The repository's folder (for sample data and fixtures).
std::string SourceDir();

}  // namespace kenchi::testing
