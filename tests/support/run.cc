#include "support/run.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kenchi::testing {
namespace fs = std::filesystem;

namespace {
constexpr int kCapDacOverride = 1;    // linux/capability.h CAP_DAC_OVERRIDE
constexpr int kCapDacReadSearch = 2;  // CAP_DAC_READ_SEARCH
}  // namespace

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string SourceDir() { return KENCHI_SOURCE_DIR; }

RunResult RunKenchi(const std::vector<std::string>& args, const RunOptions& options) {
  ScratchDir io;
  const std::string out_path = io.path() + "/stdout", err_path = io.path() + "/stderr";
  const std::string in_path = io.Write("stdin", options.stdin_data);

  std::vector<std::string> argv_storage{KENCHI_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int in = open(in_path.c_str(), O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (options.enforce_permissions && geteuid() == 0) {
      // Root ignores permission bits through these two capabilities; taking
      // them out of the bounding set makes the exec'd kenchi lack them.
      if (prctl(PR_CAPBSET_DROP, kCapDacOverride, 0, 0, 0) != 0 ||
          prctl(PR_CAPBSET_DROP, kCapDacReadSearch, 0, 0, 0) != 0)
        _exit(126);
    }
    setenv("KENCHI_DB", "", 1);  // tests always pass --db explicitly
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFileOrDie(out_path);
  r.err = ReadFileOrDie(err_path);
  return r;
}

ScratchDir::ScratchDir() {
  std::string tmpl = (fs::temp_directory_path() / "kenchi-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  // Tests chmod things to 000; give them back so they can be removed.
  for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

std::string ScratchDir::Write(const std::string& name, const std::string& bytes) const {
  const fs::path p = fs::path(path_) / name;
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + p.string());
  return p.string();
}

}  // namespace kenchi::testing
