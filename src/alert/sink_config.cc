// Stored sink settings → validated options → a working Sink.
#include "kenchi/alert/sink_config.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "kenchi/alert/file_sink.h"
#include "kenchi/alert/mime.h"
#include "kenchi/alert/stdout_sink.h"
#include "kenchi/alert/webhook_sink.h"

namespace kenchi::alert {
namespace {

using nlohmann::json;

// The settings object, or an error naming the sink.
Result<json> Settings(const SinkRecord& r) {
  json j = json::parse(r.settings, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidInput(fmt::format("{} sink {}: settings are not a JSON object", r.kind, r.id));
  }
  return j;
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Status CheckString(const json& j, const char* key, bool required) {
  auto it = j.find(key);
  if (it == j.end()) {
    return required ? Status::InvalidInput(fmt::format("missing setting \"{}\"", key)) : Status::Ok();
  }
  if (!it->is_string() || it->get<std::string>().empty()) {
    return Status::InvalidInput(fmt::format("setting \"{}\" must be a non-empty string", key));
  }
  return Status::Ok();
}

Status CheckInt(const json& j, const char* key, int64_t min, int64_t max) {
  auto it = j.find(key);
  if (it == j.end()) return Status::Ok();
  if (!it->is_number_integer() || it->get<int64_t>() < min || it->get<int64_t>() > max) {
    return Status::InvalidInput(
        fmt::format("setting \"{}\" must be an integer from {} to {}", key, min, max));
  }
  return Status::Ok();
}

Status CheckOneOf(const json& j, const char* key, std::initializer_list<const char*> values) {
  const std::string v = Str(j, key);
  if (j.find(key) == j.end()) return Status::Ok();
  std::string list;
  for (const char* allowed : values) {
    if (v == allowed) return Status::Ok();
    list += (list.empty() ? "" : ", ") + std::string(allowed);
  }
  return Status::InvalidInput(fmt::format("setting \"{}\" must be one of: {}", key, list));
}

Status CheckSecretSource(const json& j, const char* env_key, const char* file_key) {
  KENCHI_RETURN_IF_ERROR(CheckString(j, env_key, false));
  KENCHI_RETURN_IF_ERROR(CheckString(j, file_key, false));
  if (j.contains(env_key) && j.contains(file_key)) {
    return Status::InvalidInput(fmt::format("give \"{}\" or \"{}\", not both", env_key, file_key));
  }
  return Status::Ok();
}

bool HasScheme(const std::string& url, std::initializer_list<const char*> schemes) {
  for (const char* s : schemes) {
    const std::string prefix = std::string(s) + "://";
    if (url.size() > prefix.size() && url.compare(0, prefix.size(), prefix) == 0) return true;
  }
  return false;
}

// Which keys each kind understands: anything else is a mistake worth
// reporting (an option meant for another kind of sink, a typo).
Status CheckKeys(const std::string& kind, const json& j) {
  static const std::map<std::string, std::set<std::string>> kKeys{
      {"file", {"path"}},
      {"stdout", {}},
      {"webhook", {"url", "secret_env", "secret_file", "timeout_ms", "attempts", "backoff_ms"}},
      {"email", {"smtp_url", "from", "from_name", "to", "starttls", "verify_tls", "username",
                 "password_env", "password_file", "auth", "mode", "throttle_minutes",
                 "timeout_ms"}}};
  auto known = kKeys.find(kind);
  if (known == kKeys.end()) return Status::Ok();  // reported by the caller
  for (const auto& [key, value] : j.items()) {
    if (!known->second.contains(key)) {
      return Status::InvalidInput(fmt::format("setting \"{}\" does not apply to a {} sink", key, kind));
    }
  }
  return Status::Ok();
}

Status ValidateSettings(const std::string& kind, const json& j) {
  KENCHI_RETURN_IF_ERROR(CheckKeys(kind, j));
  if (kind == "file") return CheckString(j, "path", true);
  if (kind == "stdout") return Status::Ok();
  if (kind == "webhook") {
    KENCHI_RETURN_IF_ERROR(CheckString(j, "url", true));
    if (!HasScheme(Str(j, "url"), {"http", "https"})) {
      return Status::InvalidInput(fmt::format("url \"{}\" must start with http:// or https://", Str(j, "url")));
    }
    KENCHI_RETURN_IF_ERROR(CheckSecretSource(j, "secret_env", "secret_file"));
    KENCHI_RETURN_IF_ERROR(CheckInt(j, "timeout_ms", 100, 600000));
    KENCHI_RETURN_IF_ERROR(CheckInt(j, "attempts", 1, 20));
    return CheckInt(j, "backoff_ms", 0, 600000);
  }
  if (kind == "email") {
    KENCHI_RETURN_IF_ERROR(CheckString(j, "smtp_url", true));
    if (!HasScheme(Str(j, "smtp_url"), {"smtp", "smtps"})) {
      return Status::InvalidInput(
          fmt::format("smtp_url \"{}\" must start with smtp:// or smtps://", Str(j, "smtp_url")));
    }
    KENCHI_RETURN_IF_ERROR(CheckString(j, "from", true));
    if (!IsPlausibleAddress(Str(j, "from"))) {
      return Status::InvalidInput(fmt::format("from \"{}\" is not an email address", Str(j, "from")));
    }
    auto to = j.find("to");
    if (to == j.end() || !to->is_array() || to->empty()) {
      return Status::InvalidInput("setting \"to\" must list at least one address");
    }
    for (const json& a : *to) {
      if (!a.is_string() || !IsPlausibleAddress(a.get<std::string>())) {
        return Status::InvalidInput(fmt::format("to: {} is not an email address", a.dump()));
      }
    }
    KENCHI_RETURN_IF_ERROR(CheckOneOf(j, "starttls", {"no", "try", "require"}));
    KENCHI_RETURN_IF_ERROR(CheckOneOf(j, "mode", {"immediate", "digest"}));
    KENCHI_RETURN_IF_ERROR(CheckString(j, "username", false));
    KENCHI_RETURN_IF_ERROR(CheckString(j, "auth", false));
    KENCHI_RETURN_IF_ERROR(CheckSecretSource(j, "password_env", "password_file"));
    KENCHI_RETURN_IF_ERROR(CheckInt(j, "throttle_minutes", 0, 7 * 24 * 60));
    KENCHI_RETURN_IF_ERROR(CheckInt(j, "timeout_ms", 100, 600000));
    if (j.contains("verify_tls") && !j["verify_tls"].is_boolean()) {
      return Status::InvalidInput("setting \"verify_tls\" must be true or false");
    }
    return Status::Ok();
  }
  return Status::InvalidInput(
      fmt::format("unknown sink kind \"{}\" (file, stdout, webhook or email)", kind));
}

// A secret from an environment variable or a file; "" when neither is set.
Result<std::string> ReadSecret(const SinkRecord& r, const json& j, const char* env_key,
                               const char* file_key) {
  if (const std::string var = Str(j, env_key); !var.empty()) {
    const char* value = std::getenv(var.c_str());
    if (value == nullptr || *value == '\0') {
      return Status::InvalidInput(fmt::format("{} sink {}: environment variable {} is not set",
                                              r.kind, r.id, var));
    }
    return std::string(value);
  }
  if (const std::string path = Str(j, file_key); !path.empty()) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line) || line.empty()) {
      return Status::InvalidInput(
          fmt::format("{} sink {}: cannot read the secret from {} (first line, non-empty)",
                      r.kind, r.id, path));
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  return std::string();
}

template <typename T>
T Get(const json& j, const char* key, T fallback) {
  auto it = j.find(key);
  return it == j.end() ? fallback : it->get<T>();
}

}  // namespace

Status ValidateSinkRecord(const SinkRecord& record) {
  Result<json> j = Settings(record);
  if (!j.ok()) return j.status();
  return ValidateSettings(record.kind, *j).WithContext(fmt::format("{} sink", record.kind));
}

bool IsDigest(const SinkRecord& record) {
  if (record.kind != "email") return false;
  Result<json> j = Settings(record);
  return j.ok() && Str(*j, "mode") == "digest";
}

int DigestThrottleMinutes(const SinkRecord& record) {
  if (!IsDigest(record)) return 0;
  Result<json> j = Settings(record);
  auto it = j->find("throttle_minutes");
  return it != j->end() && it->is_number_integer() ? it->get<int>() : 0;
}

Result<std::unique_ptr<Sink>> MakeSink(const SinkRecord& record) {
  KENCHI_RETURN_IF_ERROR(ValidateSinkRecord(record));
  const json j = *Settings(record);
  if (record.kind == "file") return MakeJsonLinesFileSink(Str(j, "path"));
  if (record.kind == "stdout") return MakeStdoutSink();
  if (record.kind == "webhook") {
    WebhookOptions o;
    o.url = Str(j, "url");
    Result<std::string> secret = ReadSecret(record, j, "secret_env", "secret_file");
    if (!secret.ok()) return secret.status();
    o.secret = *secret;
    o.sink_id = record.id;
    o.timeout_ms = Get<int>(j, "timeout_ms", o.timeout_ms);
    o.connect_timeout_ms = std::min(o.connect_timeout_ms, o.timeout_ms);
    o.attempts = Get<int>(j, "attempts", o.attempts);
    o.backoff_ms = Get<int>(j, "backoff_ms", o.backoff_ms);
    return MakeWebhookSink(std::move(o));
  }
  EmailOptions o;
  o.smtp_url = Str(j, "smtp_url");
  o.from = Str(j, "from");
  if (j.contains("from_name")) o.from_name = Str(j, "from_name");
  for (const json& a : j["to"]) o.to.push_back(a.get<std::string>());
  const std::string starttls = Str(j, "starttls");
  o.starttls = starttls == "no" ? StartTls::kNo : starttls == "try" ? StartTls::kTry : StartTls::kRequire;
  o.verify_tls = Get<bool>(j, "verify_tls", true);
  o.username = Str(j, "username");
  Result<std::string> password = ReadSecret(record, j, "password_env", "password_file");
  if (!password.ok()) return password.status();
  o.password = *password;
  o.auth = Str(j, "auth");
  o.mode = Str(j, "mode") == "digest" ? EmailMode::kDigest : EmailMode::kImmediate;
  o.timeout_ms = Get<int>(j, "timeout_ms", o.timeout_ms);
  return MakeEmailSink(std::move(o));
}

}  // namespace kenchi::alert
