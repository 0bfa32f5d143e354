// English notices and news: the parts of extraction that differ from
// Japanese (organisation names, counts of people and records, the voice of
// a report). Internal to extract/; offsets are into the NFKC text given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "kenchi/model.h"

namespace kenchi::extract::english {

// Whether the text is mostly written in English (Latin letters outnumber
// kana and kanji).
bool IsEnglish(std::string_view s);

struct Signals {
  bool incident_word = false;  // "unauthorized access", "data breach", "ransomware", ...
  bool voice = false;          // "said", "announced", "we discovered", an apology
  int negatives = 0;           // guide, survey, webinar, free trial, ...
};
Signals CollectSignals(std::string_view s);

struct NameSpan {
  size_t begin = 0;
  size_t end = 0;
};
// The victim: the subject of a report verb ("Fabrikam Foods said"), a name
// with a legal form ("Example Widgets Co., Ltd."), "City of X", "X
// University", first in the text.
std::optional<NameSpan> FindOrganization(std::string_view s);

struct Count {
  size_t begin = 0;
  size_t end = 0;
  int64_t value = 0;
  Qualifier qualifier = Qualifier::kExact;
  DataType type = DataType::kPersonalInfo;
};
// "approximately 41,000 customers", "up to 7,211 customers", "more than
// 500,000 customer records": counts of people or records, typed by the data
// named in the same sentence. Accounts, companies, sites and messages are
// not records.
std::vector<Count> FindCounts(std::string_view s);

// Incident types from English wording.
void AddTypes(std::string_view s, bool has_card, bool has_personal, std::vector<IncidentType>* types);

}  // namespace kenchi::extract::english
