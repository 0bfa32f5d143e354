// Running headless Chromium on the report's HTML. The page goes to a
// private temporary directory with a throw-away browser profile; Chromium
// runs in its own process group so that, on a timeout, it and its helper
// processes are stopped together.
#include "kenchi/report/pdf.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "kenchi/report/output.h"

namespace kenchi::report {
namespace {
namespace fs = std::filesystem;

bool IsExecutable(const std::string& path) {
  struct stat st{};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

// A temporary directory removed when the object dies.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/kenchi-report-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The last non-empty lines of Chromium's output, for an error message.
std::string Tail(const std::string& log) {
  std::vector<std::string> lines;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  std::string out;
  for (size_t i = lines.size() > 3 ? lines.size() - 3 : 0; i < lines.size(); ++i) out += "\n  " + lines[i];
  return out;
}

// Writes `html` into a temp dir, runs Chromium with `mode_args` (which
// name `out_name` in that dir) and returns the bytes it wrote there.
Result<std::string> RunChromium(const std::string& html, const std::vector<std::string>& mode_args,
                                const std::string& out_name, int timeout_seconds) {
  Result<std::string> engine = FindChromium();
  if (!engine.ok()) return engine.status();
  TempDir dir;
  if (dir.path().empty()) return Status::IoError("cannot create a temporary directory for Chromium");
  const std::string page = dir.path() + "/report.html";
  KENCHI_RETURN_IF_ERROR(WriteFileAtomically(page, html));
  const std::string out = dir.path() + "/" + out_name;
  const std::string log = dir.path() + "/chromium.log";

  std::vector<std::string> args{*engine,
                                "--headless",
                                // The sandbox needs user namespaces, which
                                // containers and root often lack; the page
                                // is kenchi's own, without scripts.
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-dev-shm-usage",
                                "--no-first-run",
                                "--no-default-browser-check",
                                "--disable-extensions",
                                "--user-data-dir=" + dir.path() + "/profile"};
  for (const std::string& a : mode_args) args.push_back(fmt::format(fmt::runtime(a), fmt::arg("out", out)));
  args.push_back("file://" + page);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid < 0) return Status::IoError("cannot start Chromium: fork failed");
  if (pid == 0) {
    setpgid(0, 0);
    const std::string home = dir.path();
    setenv("HOME", home.c_str(), 1);
    setenv("XDG_CONFIG_HOME", (home + "/config").c_str(), 1);
    setenv("XDG_CACHE_HOME", (home + "/cache").c_str(), 1);
    FILE* f = std::fopen(log.c_str(), "w");
    if (f != nullptr) {
      dup2(fileno(f), 1);
      dup2(fileno(f), 2);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  setpgid(pid, pid);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  int status = 0;
  for (;;) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      return Status::IoError(fmt::format("Chromium ({}) did not finish within {} s", *engine, timeout_seconds));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Helpers Chromium left behind go with it.
  kill(-pid, SIGKILL);
  std::string bytes = ReadAll(out);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || bytes.empty()) {
    return Status::IoError(fmt::format("Chromium ({}) failed to render the report (exit status {}):{}", *engine,
                                       WIFEXITED(status) ? WEXITSTATUS(status) : -1, Tail(ReadAll(log))));
  }
  return bytes;
}

}  // namespace

Result<std::string> FindChromium() {
  if (const char* env = std::getenv("KENCHI_CHROMIUM"); env != nullptr && *env != '\0') {
    if (IsExecutable(env)) return std::string(env);
    return Status::NotFound(fmt::format(
        "PDF engine not found: KENCHI_CHROMIUM={} is not an executable file", env));
  }
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::vector<std::string> entries;
  for (std::string d; std::getline(dirs, d, ':');) entries.push_back(d.empty() ? "." : d);
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    for (const std::string& d : entries) {
      const std::string candidate = d + "/" + name;
      if (IsExecutable(candidate)) return candidate;
    }
  }
  return Status::NotFound(
      "PDF engine not found: kenchi prints PDF with headless Chromium; install Debian's `chromium` "
      "package (apt-get install chromium fonts-noto-cjk) or set KENCHI_CHROMIUM to its path");
}

Result<std::string> HtmlToPdf(const std::string& html, int timeout_seconds) {
  Result<std::string> pdf = RunChromium(
      html, {"--no-pdf-header-footer", "--print-to-pdf={out}"}, "report.pdf", timeout_seconds);
  if (!pdf.ok()) return pdf.status();
  if (pdf->rfind("%PDF-", 0) != 0) return Status::IoError("Chromium wrote something that is not a PDF");
  return pdf;
}

}  // namespace kenchi::report
