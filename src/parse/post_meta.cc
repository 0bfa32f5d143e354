// Who posted a post and when, read back from the record it is stored as.
#include <nlohmann/json.hpp>

#include <ctime>
#include <string>
#include <string_view>

#include "kenchi/parse/posts.h"
#include "parse/internal.h"
#include "parse/posts_internal.h"

namespace kenchi::parse {
namespace {

using nlohmann::json;

// Unix times before 2000 or after 2100 are more likely ids than times.
constexpr int64_t kEarliestUnix = 946684800;   // 2000-01-01
constexpr int64_t kLatestUnix = 4102444800;    // 2100-01-01
constexpr size_t kMaxMetaBytes = 200;

std::string Scalar(const json& v) {
  if (v.is_string()) return std::string(internal::CutUtf8(v.get_ref<const std::string&>(), kMaxMetaBytes));
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  return {};
}

std::string FirstOf(const json& obj, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = obj.find(key);
    if (it == obj.end()) continue;
    std::string s = Scalar(*it);
    // {"author": {"name": ...}} as some scrapers write it.
    if (s.empty() && it->is_object()) s = FirstOf(*it, {"name", "username", "handle"});
    if (!s.empty()) return s;
  }
  return {};
}

// A time field: Unix seconds (number or digits) become ISO 8601 UTC.
std::string TimeOf(const json& obj, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = obj.find(key);
    if (it == obj.end()) continue;
    std::string s = Scalar(*it);
    if (s.empty()) continue;
    std::string iso = internal::UnixTimeToIso(s);
    if (!iso.empty()) return iso;
    if (!internal::NormalizeDate(s).empty()) return s;
  }
  return {};
}

}  // namespace

namespace internal {

std::string UnixTimeToIso(std::string_view s) {
  if (s.empty() || s.size() > 12) return {};
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return {};
    v = v * 10 + (c - '0');
  }
  if (v < kEarliestUnix || v > kLatestUnix) return {};
  std::time_t t = static_cast<std::time_t>(v);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace internal

bool IsPost(const Document& doc) {
  return doc.source == kSourceTelegram || doc.source == kSourceForum ||
         doc.source == kSourcePaste || doc.format == DocumentFormat::kJsonLines;
}

PostMeta ReadPostMeta(const Document& doc) {
  PostMeta meta;
  if (doc.format == DocumentFormat::kJsonLines && !doc.raw.empty() && doc.raw.front() == '{' &&
      internal::JsonNestingDepth(doc.raw) <= internal::kMaxTelegramDepth) {
    json j = json::parse(doc.raw, nullptr, /*allow_exceptions=*/false);
    if (j.is_object()) {
      if (doc.source == kSourceTelegram && j.contains("message") && j["message"].is_object()) {
        const json& m = j["message"];
        meta.author = FirstOf(m, {"from", "actor", "author"});
        meta.author_id = FirstOf(m, {"from_id", "actor_id"});
        meta.posted_at = TimeOf(m, {"date_unixtime", "date"});
      } else {
        meta.author = FirstOf(j, {"author", "user", "username", "from", "seller", "poster",
                                  "nick", "name"});
        meta.author_id = FirstOf(j, {"author_id", "user_id", "from_id"});
        meta.posted_at = TimeOf(j, {"posted_at", "created_at", "published_at", "published",
                                    "date", "time", "timestamp"});
      }
    }
  }
  if (meta.posted_at.empty()) meta.posted_at = doc.published_on;
  return meta;
}

}  // namespace kenchi::parse
