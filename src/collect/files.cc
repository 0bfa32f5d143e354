#include "kenchi/collect/files.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace kenchi::collect {
namespace fs = std::filesystem;
namespace {

bool IsHidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.' && name != "." && name != "..";
}

void WalkDirectory(const fs::path& dir, WalkResult& out) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    out.problems.push_back({dir.string(), "cannot read directory: " + ec.message()});
    return;
  }
  // Collect first, then sort: directory order is file-system dependent and
  // reproducible runs are worth the small vector.
  std::vector<fs::directory_entry> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      out.problems.push_back({dir.string(), "cannot read directory: " + ec.message()});
      break;
    }
    if (!IsHidden(it->path())) entries.push_back(*it);
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  for (const auto& entry : entries) {
    std::error_code sec;
    const bool is_link = entry.is_symlink(sec);
    if (entry.is_directory(sec)) {
      if (!is_link) WalkDirectory(entry.path(), out);  // never follow directory links: no cycles
    } else if (entry.is_regular_file(sec)) {
      out.files.push_back({entry.path().string(), static_cast<uint64_t>(entry.file_size(sec))});
    } else if (is_link) {
      out.problems.push_back({entry.path().string(), "broken symbolic link"});
    }
  }
}

}  // namespace

WalkResult WalkPaths(const std::vector<std::string>& paths) {
  WalkResult out;
  for (const auto& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      out.problems.push_back({p, "no such file or directory"});
    } else if (fs::is_directory(st)) {
      WalkDirectory(p, out);
    } else if (fs::is_regular_file(st)) {
      out.files.push_back({p, static_cast<uint64_t>(fs::file_size(p, ec))});
    } else {
      out.problems.push_back({p, "not a regular file or directory"});
    }
  }
  return out;
}

Result<std::string> ReadWholeFile(const std::string& path, uint64_t max_bytes) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Status::IoError(path + ": cannot open: " + std::strerror(errno));
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
    if (data.size() + n > max_bytes) {
      return Status::InvalidInput(path + ": file is larger than the " +
                                  std::to_string(max_bytes >> 20) + " MiB limit for one document");
    }
    data.append(buf, n);
  }
  if (std::ferror(f.get())) return Status::IoError(path + ": read failed: " + std::strerror(errno));
  return data;
}

}  // namespace kenchi::collect
