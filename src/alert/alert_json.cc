#include "kenchi/alert/alert_json.h"

namespace kenchi::alert {
namespace {

nlohmann::json OrNull(const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); }
nlohmann::json OrNull(int64_t id) { return id == 0 ? nlohmann::json() : nlohmann::json(id); }

}  // namespace

nlohmann::json AlertToJson(const Organization& org, const Alert& a) {
  nlohmann::json asset = nlohmann::json::object();
  asset["id"] = OrNull(a.asset_id);
  if (!a.asset_value.empty()) {
    asset["kind"] = ToString(a.asset_kind);
    asset["value"] = a.asset_value;
  }
  return {{"type", "kenchi.alert"},
          {"version", kAlertJsonVersion},
          {"id", a.id},
          {"organization",
           {{"id", org.id}, {"name", org.name}, {"display_name", OrNull(org.display_name)}}},
          {"severity", ToString(a.severity)},
          {"status", ToString(a.status)},
          {"title", a.title},
          {"evidence", a.evidence},
          {"matched", OrNull(a.matched)},
          {"fact", {{"kind", a.fact_kind}, {"id", a.fact_id}}},
          {"asset", std::move(asset)},
          {"document",
           {{"id", OrNull(a.document_id)},
            {"uri", OrNull(a.document_uri)},
            {"source", OrNull(a.document_source)}}},
          {"dedup_key", a.dedup_key},
          {"sightings", a.sightings},
          {"first_seen", a.first_seen},
          {"last_seen", a.last_seen}};
}

std::string AlertJsonLine(const Organization& org, const Alert& alert) {
  // dump() escapes control characters, so the line never contains "\n".
  return AlertToJson(org, alert).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kenchi::alert
