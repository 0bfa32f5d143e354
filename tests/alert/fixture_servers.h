// Real servers for the sink tests: the Python scripts in tests/fixtures/,
// started on 127.0.0.1 with a free port (the script picks it and writes it
// to a file) and stopped (SIGTERM, then reaped) when the object dies.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kenchi/model.h"
#include "support/run.h"

namespace kenchi::alert_test {

inline const char* kPython = "/usr/bin/python3";

inline std::string Fixture(const std::string& name) {
  return kenchi::testing::SourceDir() + "/tests/fixtures/" + name;
}

class ServerProcess {
 public:
  // Runs `script` with `args` plus --port-file; waits (at most 15 s) until
  // the port is known.
  ServerProcess(const std::string& script, std::vector<std::string> args, const std::string& dir) {
    port_file_ = dir + "/port-" + std::to_string(reinterpret_cast<uintptr_t>(this));
    args.insert(args.begin(), Fixture(script));
    args.insert(args.begin(), {kPython, "-W", "ignore"});  // aiosmtpd warns about AUTH without TLS
    args.push_back("--port-file");
    args.push_back(port_file_);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      const int null = open("/dev/null", O_WRONLY);
      if (null >= 0) dup2(null, 1);
      execv(kPython, argv.data());
      _exit(127);
    }
    for (int i = 0; i < 300 && port_ == 0; ++i) {
      std::ifstream in(port_file_);
      if (in >> port_) break;
      port_ = 0;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (port_ == 0) ADD_FAILURE() << script << " did not start";
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }

 private:
  std::string port_file_;
  pid_t pid_ = -1;
  int port_ = 0;
};


// A loopback port nobody listens on: bound by the kernel's choice, then closed.
inline int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// Alerts for tests, fictional.
inline Alert MakeAlert(int64_t id, Severity severity, const std::string& title) {
  Alert a;
  a.id = id;
  a.organization_id = 1;
  a.fact_kind = "listing";
  a.fact_id = 100 + id;
  a.severity = severity;
  a.dedup_key = "dedup-" + std::to_string(id);
  a.title = title;
  a.evidence = "…サンプル商事の顧客データ[sample-shoji.example.jp]を販売…";
  a.matched = "sample-shoji.example.jp";
  a.asset_kind = AssetKind::kDomain;
  a.asset_value = "sample-shoji.example.jp";
  a.first_seen = "2026-11-20T03:00:00Z";
  a.last_seen = "2026-11-24T05:30:00Z";
  return a;
}

inline Organization SampleOrg() { return Organization{1, "sample-shoji", "株式会社サンプル商事"}; }

// Every line of a JSON lines file (none when it does not exist).
inline std::vector<nlohmann::json> ReadJsonLines(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << line;
    out.push_back(std::move(j));
  }
  return out;
}

// What Python's email package makes of a message (tests/fixtures/parse_mail.py).
inline nlohmann::json ParseMail(const std::string& eml) {
  const std::string cmd = std::string(kPython) + " " + Fixture("parse_mail.py") + " '" + eml + "'";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while (p != nullptr && (n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (p != nullptr) pclose(p);
  nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "parse_mail.py said: " << out;
  return j;
}

// The .eml files the SMTP fixture stored, in arrival order.
inline std::vector<std::string> StoredMails(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".eml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kenchi::alert_test
