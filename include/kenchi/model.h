// The records kenchi works with, and nothing else: no I/O lives here.
//
// The flow is sources -> documents -> facts -> store -> matches -> alerts.
// A Document is one collected thing with its provenance. Facts are a small
// closed set of typed records (Incident, Listing, CredentialExposure,
// CompromisedHost, Indicator), each pointing back to the documents it came
// from. Organizations and their Assets are what a customer tells us; an Alert
// is a match between a fact and an organization.
//
// Enums are closed on purpose: an open "extra" bag is how other tools lost
// their structure. Each enum has `kOther` plus a free-text detail field on
// the record for what the enum does not cover.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kenchi {

// ---- Documents -------------------------------------------------------------

enum class DocumentFormat { kText, kHtml, kJsonLines };

// The encoding the raw bytes were found to be in (detected, never guessed
// from a file name).
enum class Encoding { kUtf8, kUtf8Bom, kUtf16LE, kUtf16BE, kShiftJis, kEucJp, kIso2022Jp };

struct Document {
  int64_t id = 0;               // assigned by the store
  std::string source = "file";  // where it came from: "file", a feed name, ...
  std::string uri;              // path or URL; for JSON lines "path#L12"
  DocumentFormat format = DocumentFormat::kText;
  Encoding encoding = Encoding::kUtf8;
  std::string content_hash;     // SHA-256 of the raw bytes, lowercase hex: the natural key
  std::string raw;              // the bytes as collected (the store keeps them compressed)
  std::string title;            // UTF-8
  std::string text;             // UTF-8 body text, markup removed
  std::string published_on;     // YYYY-MM-DD if known, else empty
  std::string fetched_at;       // ISO 8601 UTC
};

// ---- Incidents -------------------------------------------------------------

enum class IncidentType {
  kUnauthorizedAccess, kDefacement, kSpamRelay, kPersonalDataLeak, kCardDataLeak,
  kRansomware, kMisconfiguration, kMalware, kPhishing, kInsider, kLostDevice, kOther,
};

enum class DataType {
  kPersonalInfo, kCreditCard, kEmailAddress, kPassword, kBankAccount, kMyNumber,
  kPhone, kAddress, kOther,
};

// How a count was stated: "2007万6016件" is exact, "約" approximate,
// "最大" an upper bound, "以上" a lower bound.
enum class Qualifier { kExact, kApprox, kUpperBound, kLowerBound };

// A fact's evidence: which document, and the byte span of the UTF-8 text.
struct Evidence {
  int64_t document_id = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct RecordCount {
  DataType data_type = DataType::kOther;
  int64_t count = 0;
  Qualifier qualifier = Qualifier::kExact;
  Evidence evidence;
};

struct Incident {
  int64_t id = 0;
  std::string organization;      // as named in the text: "株式会社サンプル商事"
  std::string organization_key;  // normalised for grouping
  std::string published_on;      // YYYY-MM-DD: when it was disclosed
  std::string occurred_on;       // YYYY-MM-DD or empty
  std::string discovered_on;     // YYYY-MM-DD or empty
  std::vector<IncidentType> types;
  std::vector<RecordCount> records;
  std::string cause;             // free text when stated
  std::string origin_country;    // ISO 3166 alpha-2, only when the text says so
  Evidence organization_evidence;
  std::vector<int64_t> document_ids;  // every document that reported it
};

// ---- Underground, dumps, indicators (filled by later stages) --------------

enum class OfferingType {
  kDataSale, kAccessSale, kCredentialSale, kVerificationService, kCards, kBankAccounts,
  kIdDocuments, kTools, kOther,
};

struct Listing {
  int64_t id = 0;
  int64_t document_id = 0;
  OfferingType offering = OfferingType::kOther;
  std::string target_organization;
  std::string target_country;
  std::vector<DataType> data_types;
  std::optional<int64_t> volume;
  std::optional<double> price;
  std::string currency;
  std::string seller;
  std::string contact;
  std::string posted_at;
};

// A credential seen in a dump. The plaintext password is never kept: only a
// keyed hash (per-installation secret) and a masked preview such as "p*****d".
struct CredentialExposure {
  int64_t id = 0;
  int64_t document_id = 0;
  std::string identity;  // email address or user name
  std::string domain;
  std::string password_hash;
  std::string password_preview;
  std::string first_seen;
  std::string last_seen;
};

struct CompromisedHost {
  int64_t id = 0;
  int64_t document_id = 0;
  std::string ip;
  int port = 0;
  std::string service;
  std::string username;
  std::string password_hash;
  std::string password_preview;
  std::string first_seen;
};

enum class IndicatorType { kIpv4, kIpv6, kCidr, kDomain, kUrl, kEmail, kSha256, kSha1, kMd5, kOther };

struct Indicator {
  int64_t id = 0;
  int64_t document_id = 0;
  IndicatorType type = IndicatorType::kOther;
  std::string value;
  std::string source;
  std::string first_seen;
  std::string last_seen;
};

// ---- Customers and alerts ---------------------------------------------------

struct Organization {
  int64_t id = 0;
  std::string name;
  std::string display_name;
};

enum class AssetKind {
  kName, kDomain, kEmailDomain, kIpv4, kIpv6, kCidr, kAsn, kBin, kCloudAccount, kPerson,
  kAddress, kKeyword,
};

struct Asset {
  int64_t id = 0;
  int64_t organization_id = 0;
  AssetKind kind = AssetKind::kKeyword;
  std::string value;
};

enum class Severity { kLow, kMedium, kHigh, kCritical };
enum class AlertStatus { kNew, kAcknowledged, kResolved, kFalsePositive };

struct Alert {
  int64_t id = 0;
  int64_t organization_id = 0;
  int64_t asset_id = 0;
  std::string fact_kind;  // "incident", "listing", ...
  int64_t fact_id = 0;
  Severity severity = Severity::kLow;
  AlertStatus status = AlertStatus::kNew;
  std::string dedup_key;
  std::string title;
  std::string evidence;
  std::string first_seen;
  std::string last_seen;
};

// ---- Names --------------------------------------------------------------------
// Stable snake_case names used in the database, JSON output and gold files.

std::string_view ToString(DocumentFormat v);
std::string_view ToString(Encoding v);
std::string_view ToString(IncidentType v);
std::string_view ToString(DataType v);
std::string_view ToString(Qualifier v);
std::string_view ToString(OfferingType v);
std::string_view ToString(IndicatorType v);
std::string_view ToString(AssetKind v);
std::string_view ToString(Severity v);
std::string_view ToString(AlertStatus v);

std::optional<DocumentFormat> ParseDocumentFormat(std::string_view s);
std::optional<Encoding> ParseEncoding(std::string_view s);
std::optional<IncidentType> ParseIncidentType(std::string_view s);
std::optional<DataType> ParseDataType(std::string_view s);
std::optional<Qualifier> ParseQualifier(std::string_view s);

}  // namespace kenchi
