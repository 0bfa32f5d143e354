#include "cli/context.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace kenchi::cli {

std::unique_ptr<Store> Context::OpenStore(bool create_if_missing) const {
  std::error_code ec;
  if (!create_if_missing && !std::filesystem::exists(db_path, ec)) {
    Error("no database at " + db_path + " (run `kenchi ingest PATH...` first, or pass --db)");
    return nullptr;
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(db_path);
  if (!store.ok()) {
    Error(store.status().message());
    return nullptr;
  }
  return std::move(store).value();
}

void Context::Error(const std::string& message) const {
  std::fprintf(stderr, "kenchi: %s\n", message.c_str());
}

void Context::Info(const std::string& message) const {
  if (!quiet) std::fprintf(stderr, "%s\n", message.c_str());
}

void Context::Detail(const std::string& message) const {
  if (verbose && !quiet) std::fprintf(stderr, "%s\n", message.c_str());
}

void Context::PrintJson(const nlohmann::json& value) const {
  std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

bool Context::ShowProgress() const { return !quiet && !json && isatty(STDERR_FILENO); }

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk: return kExitOk;
    case Status::Code::kInvalidInput:
    case Status::Code::kNotFound: return kExitBadInput;
    case Status::Code::kIoError:
    case Status::Code::kInternal: return kExitFailure;
  }
  return kExitFailure;
}

}  // namespace kenchi::cli
