// Sentences and names both renderers print, built from the model and the
// labels in one place so the HTML and the Markdown say the same thing.
// Internal to src/report.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kenchi/report/labels.h"

namespace kenchi::report::internal {

int64_t Int(const nlohmann::json& j, const char* key);
std::string Str(const nlohmann::json& j, const char* key);

// "the organisation's display name (name)" for section 6, or its name.
std::string OrgLabel(const nlohmann::json& model);
// Section 1's first sentence: incidents, the previous period, the change.
std::string HeadlineSentence(const nlohmann::json& model, const Labels& l);
// "1,203万4,567件" / "approx. 12,000,000 records" for one record row.
std::string RecordText(const nlohmann::json& record, const Labels& l);
// The incident's types as words, joined.
std::string TypesText(const nlohmann::json& types, const Labels& l);
// The note under the monthly table listing the partial months, or "".
std::string PartialNote(const nlohmann::json& model, const Labels& l);
// A provider or country key as printed ("(others)" and "(unknown)" translated).
std::string ShareKey(const std::string& key, const Labels& l);
// The provider with most hosts if it is a real one (not unknown, not
// enriched, others) and leads the table; else null.
const nlohmann::json* LeadingProvider(const nlohmann::json& hosts);
// "exact 100 / approx. 2,000" for a records_at_risk row's qualifiers.
std::string BreakdownText(const nlohmann::json& row, const Labels& l);
// A price row: "12 USD – 15 USD".
std::string PriceText(const nlohmann::json& row);
// The sentences of the counting rules in section 7.
std::vector<std::string> CountingNotes(const nlohmann::json& model, const Labels& l);
// Section 7's sentence on the IP dataset.
std::string GeoSentence(const nlohmann::json& model, const Labels& l);

}  // namespace kenchi::report::internal
