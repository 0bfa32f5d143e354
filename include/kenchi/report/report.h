// The monthly security report: what happened in a period, drawn from the
// store, for everyone (the landscape) and, with an organisation, for that
// organisation (its own findings).
//
// The report is built once as JSON (BuildReportModel) and every output is
// rendered from that JSON: HTML (kenchi/report/html.h), Markdown
// (kenchi/report/markdown.h), PDF from the HTML (kenchi/report/pdf.h) and
// the mail (kenchi/report/mail.h). The JSON is the source of truth, so the
// formats can never disagree, and `--format json` shows exactly what the
// others print. Its shape (every key always present; lists may be empty):
//
// {
//   "report": "kenchi-security-report", "version": 1,
//   "lang": "ja", "generated_at": "2026-11-25T10:00:00Z", "today": "2026-11-25",
//   "period": {"from": "2020-09-01", "to": "2020-12-09", "month": null | "2020-11",
//              "days": 100},
//   "previous_period": {"from": "2020-05-24", "to": "2020-08-31"},
//   "organization": null | {"name": "kakuu-mart", "display_name": "株式会社カクウマート"},
//   "empty": false,            // nothing at all was found in the period
//   "headline": {"incidents": 72, "previous_incidents": 51,
//                "records_at_risk": 28210000,   // every data type and qualifier summed
//                "largest": [ {"id": 3, "organization": "...", "published_on": "2020-12-07",
//                              "types": ["unauthorized_access", ...],
//                              "records": [{"data_type": "personal_info", "count": 20076016,
//                                           "qualifier": "exact"}, ...],
//                              "total_records": 20076016,
//                              "sources": [{"uri": "https://...", "title": "..."}]} ]},
//   "incidents_by_month": {"incidents": 72,
//       "months": [{"month": "2020-12", "from": "2020-12-01", "to": "2020-12-09",
//                   "partial": true, "incidents": 8, "types": {"unauthorized_access": 8, ...},
//                   // each incident once, under its most specific type (the chart):
//                   "primary_types": {"card_data_leak": 2, "unauthorized_access": 6}}],
//       "types": [{"type": "unauthorized_access", "incidents": 60}, ...]},   // non-zero, most first
//   "records_at_risk": {"total": 28210000,
//       "rows": [{"data_type": "personal_info", "total": 28060000, "figures": 30,
//                 "by_qualifier": {"exact": {"records": .., "figures": ..}, "approx": ..,
//                                  "upper_bound": .., "lower_bound": ..}}]},   // non-zero, most first
//   "hosts": {"hosts": 120, "not_enriched": 0,
//             "by_provider": [{"key": "Amazon", "hosts": 30, "share": 0.25}],   // top 10, then "(others)"
//             "by_country": [{"key": "JP", "hosts": 50, "share": 0.41}],
//             "datasets": ["ip-location-db ... 2.3.x"]},
//   "underground": {"listings": 9,
//       "by_offering": [{"offering": "data_sale", "listings": 3, "volume": 220000000}],
//       "by_country": [{"country": "JP", "listings": 5}],          // "" = not stated
//       // the target's sector (kenchi/model.h, Sector) with its share of the
//       // period's listings; most first, "unknown" (not stated) always last
//       "by_sector": [{"sector": "retail", "listings": 3, "share": 0.33},
//                     {"sector": "unknown", "listings": 2, "share": 0.22}],
//       "by_data_type": [{"data_type": "credit_card", "listings": 2}],
//       "prices": [{"offering": "cards", "currency": "USD", "basis": "per_record",
//                   "listings": 1, "min": 12, "max": 12}]},
//   "organization_findings": null | {
//       "alerts": 4, "by_severity": {"critical": 1, "high": 2, "medium": 1, "low": 0},
//       "by_kind": {"listing": 1, "credential_exposure": 2, ...},
//       "credentials": {"exposures": 2, "identities": 2, "with_password": 2,
//                       "samples": [{"identity": "t***@mail.example.jp", "password": "p******d",
//                                    "domain": "...", "last_seen": "..."}]},
//       "listings": [{"id": 1, "offering": "data_sale", "posted_at": "...", "volume": 20000000,
//                     "price": 8000, "currency": "USDT", "severity": "critical"}],
//       "hosts": [{"ip": "198.51.100.7", "port": 3389, "service": "rdp", "first_seen": "...",
//                  "provider": "...", "country": "JP"}],
//       "actions": ["credentials", "listings", "hosts"]},   // label keys action.<name>
//   "method": {"documents": 40, "sources": [{"source": "file", "documents": 11}],
//              "geo_dataset": null | {"name", "version", "date", "license", "path"},
//              "host_datasets": [...], "incident_span": {"first": "...", "last": "..."},
//              "kenchi_version": "0.1.0"}
// }
//
// Privacy: a plaintext password is never stored, so it can never reach a
// report; credentials appear only as counts and masked samples (the
// identity's local part and the store's masked preview). Section 5 never
// names the organisations a listing targets: the landscape report goes to
// every subscriber; an organisation sees listings naming itself in its own
// section 6.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kenchi/enrich/geo.h"
#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::report {

// The period a report covers, inclusive, as YYYY-MM-DD.
struct Period {
  std::string from;
  std::string to;
  std::string month;  // "2020-11" when the period is that calendar month, else empty
};

// `--period 2020-11`: that calendar month. kInvalidInput naming the value.
Result<Period> MonthPeriod(std::string_view month);
// `--from D --to D` (YYYY-MM-DD, or YYYY-MM as the month's first/last day).
// kInvalidInput when a date is malformed or from > to.
Result<Period> RangePeriod(std::string_view from, std::string_view to);
// The period before: the previous calendar month for a month, else as many
// days ending the day before `from`.
Period PreviousPeriod(const Period& period);
// How many days the period covers (both ends included).
int64_t DaysIn(const Period& period);

struct ReportRequest {
  Period period;
  std::string organization;  // organisation name (kenchi org list); empty: landscape only
  std::string lang = "ja";   // "ja" or "en"
  std::string today;         // YYYY-MM-DD: which months are not over yet
  std::string generated_at;  // ISO 8601 UTC
  int largest = 5;           // incidents listed in the headline
  int samples = 5;           // masked credential samples for the organisation
};

// What the report says about the datasets it relied on (section 7).
struct ReportDatasets {
  std::optional<enrich::GeoDatasetInfo> geo;  // the IP dataset, when one is installed
  std::string geo_path;
};

// Builds the report's JSON from the store. kNotFound "no organisation
// named X" for an unknown organisation; kInvalidInput for a bad language;
// store errors as they come. An empty period is not an error: the report
// then says there was nothing ("empty": true).
Result<nlohmann::json> BuildReportModel(Store& store, const ReportRequest& request,
                                        const ReportDatasets& datasets);

// "t***@example.jp" for "taro@example.jp", "s***" for a user name: enough
// for the organisation to recognise whose account it is, not enough to
// copy it from a forwarded report.
std::string MaskIdentity(std::string_view identity);

}  // namespace kenchi::report
