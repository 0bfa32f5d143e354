#include "cli/incident_text.h"

#include "cli/table.h"

namespace kenchi::cli {

std::string_view QualifierMark(Qualifier q) {
  switch (q) {
    case Qualifier::kExact: return "";
    case Qualifier::kApprox: return "~";
    case Qualifier::kUpperBound: return "≤";
    case Qualifier::kLowerBound: return "≥";
  }
  return "";
}

std::string TypesText(const std::vector<IncidentType>& types, std::string_view separator) {
  std::string out;
  for (IncidentType t : types) {
    if (!out.empty()) out += separator;
    out += ToString(t);
  }
  return out.empty() ? "-" : out;
}

std::string RecordsText(const std::vector<RecordCount>& records) {
  std::string out;
  for (const RecordCount& r : records) {
    if (!out.empty()) out += "; ";
    out += std::string(ToString(r.data_type)) + " " + std::string(QualifierMark(r.qualifier)) +
           WithThousands(r.count);
  }
  return out.empty() ? "-" : out;
}

nlohmann::json TypesJson(const std::vector<IncidentType>& types) {
  nlohmann::json out = nlohmann::json::array();
  for (IncidentType t : types) out.push_back(ToString(t));
  return out;
}

nlohmann::json RecordsJson(const std::vector<RecordCount>& records) {
  nlohmann::json out = nlohmann::json::array();
  for (const RecordCount& r : records) {
    out.push_back({{"data_type", ToString(r.data_type)},
                   {"count", r.count},
                   {"qualifier", ToString(r.qualifier)},
                   {"evidence",
                    {{"document_id", r.evidence.document_id},
                     {"begin", r.evidence.begin},
                     {"end", r.evidence.end}}}});
  }
  return out;
}

}  // namespace kenchi::cli
