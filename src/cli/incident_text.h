// How incidents read in the terminal and in JSON, shared by `kenchi
// incidents` and `kenchi incidents show`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kenchi/model.h"

namespace kenchi::cli {

// "" exact, "~" approx, "≤" at most, "≥" at least.
std::string_view QualifierMark(Qualifier q);
// Type names joined by `separator`; "-" for none.
std::string TypesText(const std::vector<IncidentType>& types, std::string_view separator);
// "personal_info ~12,000; credit_card 300"; "-" for none.
std::string RecordsText(const std::vector<RecordCount>& records);
nlohmann::json TypesJson(const std::vector<IncidentType>& types);
// Each figure with its qualifier and evidence span.
nlohmann::json RecordsJson(const std::vector<RecordCount>& records);

}  // namespace kenchi::cli
