// Test support: a real server for tests of code that talks to one. Runs a
// python3 script (stdlib only, under tests/fixtures/) that binds 127.0.0.1
// on a free port and prints "PORT <n>" as its first line on stdout; the
// server is stopped (SIGTERM, then waited for) when the object dies.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace kenchi::testing {

class FixtureServer {
 public:
  // Starts `python3 script args...` and waits (at most 15 s) for its port.
  // Throws std::runtime_error if it does not come up.
  FixtureServer(const std::string& script, const std::vector<std::string>& args);
  ~FixtureServer();
  FixtureServer(const FixtureServer&) = delete;
  FixtureServer& operator=(const FixtureServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:<port>"
  std::string base() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace kenchi::testing
