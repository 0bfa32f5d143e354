// The sections of the report model, one builder per file (model.cc puts
// them together). Internal to src/report.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "kenchi/report/report.h"

namespace kenchi::report::internal {

// Whether an ISO date or time (YYYY-MM-DD...) falls in the period; only
// its first ten characters count. Empty is outside every period.
bool InPeriod(const std::string& date_or_time, const Period& period);

// Section 4: compromised hosts first seen in the period, by provider and country.
Result<nlohmann::json> HostsSection(Store& store, const Period& period);
// Section 5: underground listings posted in the period, aggregated (no target names).
Result<nlohmann::json> UndergroundSection(Store& store, const Period& period);
// Section 6: the organisation's alerts and the facts behind them.
Result<nlohmann::json> OrganizationSection(Store& store, const Organization& org,
                                           const Period& period, int samples);

}  // namespace kenchi::report::internal
