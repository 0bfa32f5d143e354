// What every subcommand shares: the global options, the exit codes, and
// how output reaches the user.
//
// Results go to stdout (a table for people, JSON with --json); messages,
// warnings and progress go to stderr, so `kenchi ... --json | jq` always
// sees clean JSON.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "kenchi/status.h"
#include "kenchi/store.h"

namespace CLI {
class App;
}

namespace kenchi::cli {

// Exit codes (documented in the README and in `kenchi --help`).
enum ExitCode : int {
  kExitOk = 0,        // done; for search-like commands: something was found
  kExitNoResults = 1, // done, but nothing matched (like grep)
  kExitBadInput = 2,  // the user's input was wrong: bad usage, a rejected file or line
  kExitFailure = 3,   // kenchi could not do the work: database or I/O failure
};

struct Context {
  std::string db_path;  // --db, else $KENCHI_DB, else ./var/kenchi.db
  bool json = false;
  bool quiet = false;
  bool verbose = false;
  // Set by the chosen subcommand's parse callback; main runs it.
  std::function<int()> run;

  // Opens the store, creating it if asked; prints the error and returns
  // null on failure.
  std::unique_ptr<Store> OpenStore(bool create_if_missing) const;

  // Prints "kenchi: <message>" to stderr.
  void Error(const std::string& message) const;
  // Prints to stderr unless --quiet.
  void Info(const std::string& message) const;
  // Prints to stderr only with --verbose.
  void Detail(const std::string& message) const;
  // Pretty JSON on stdout.
  void PrintJson(const nlohmann::json& value) const;
  // Whether progress may be drawn on stderr (a terminal, not --quiet/--json).
  bool ShowProgress() const;
};

// Maps a failed Status to an exit code.
int ExitCodeFor(const Status& status);

// One registration function per subcommand (one file each).
void AddIngestCommand(CLI::App& app, Context& ctx);
void AddIncidentsCommand(CLI::App& app, Context& ctx);
void AddSearchCommand(CLI::App& app, Context& ctx);
void AddStatusCommand(CLI::App& app, Context& ctx);

}  // namespace kenchi::cli
