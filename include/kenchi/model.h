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

// kPdf: a PDF whose text poppler extracted; raw keeps the PDF bytes.
enum class DocumentFormat { kText, kHtml, kJsonLines, kPdf };

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

// A feed that `kenchi collect` polls. The validators of its last good
// response (etag, last_modified, as the server sent them) make the next poll
// a conditional request.
struct Source {
  int64_t id = 0;
  std::string name;            // unique, the Document::source of what it yields
  std::string kind = "auto";   // "rss", "atom", "rdf" or "auto" (detected per poll)
  std::string url;             // http(s) URL of the feed
  std::optional<int64_t> delay_ms;  // per-host delay for this source; unset: the default
  std::string etag;
  std::string last_modified;
  std::string last_polled_at;  // ISO 8601 UTC of the last successful poll, or empty
  std::string created_at;
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
  std::string cause;             // a short label when stated: "sql_injection", "vulnerability:ec-cube"
  std::string origin_country;    // ISO 3166 alpha-2, only when the text says so
  Evidence organization_evidence;
  Evidence cause_evidence;       // the words stating the cause
  Evidence origin_evidence;      // the country named as where the access came from
  Evidence occurred_evidence;    // the date mentions behind occurred_on / discovered_on
  Evidence discovered_evidence;
  std::vector<int64_t> document_ids;  // every document that reported it
};

// ---- Underground, dumps, indicators (filled by later stages) --------------

enum class OfferingType {
  kDataSale, kAccessSale, kCredentialSale, kVerificationService, kCards, kBankAccounts,
  kIdDocuments, kTools, kOther,
};

// For an access sale: what the buyer gets into.
enum class AccessKind { kNone, kAdminPanel, kRdp, kVpn, kWebshell, kCloudConsole, kSsh, kOther };

// What a listing's price pays for: one record ("每条0.1元", "$0.05/record")
// or everything offered ("打包", "for the lot", "一括").
enum class PriceBasis { kUnknown, kPerRecord, kForTheLot };

// The line of business a listing's target is in, as the post or the target's
// domain says (see kenchi/extract/listing.h). kOther: a sector named that is
// not one of these (real estate, construction, a law firm); kUnknown: none
// named. Finance is banks, securities, insurance, payments and card issuers;
// crypto (exchanges, wallets) is kept apart because its buyers are.
enum class Sector {
  kFinance, kCrypto, kRetail, kGovernment, kHealthcare, kEducation, kTelecom, kTechnology,
  kManufacturing, kEnergy, kTransport, kHospitality, kGaming, kMedia, kOther, kUnknown,
};

// One offer in an underground post (see kenchi/extract/listing.h).
struct Listing {
  int64_t id = 0;
  int64_t document_id = 0;
  OfferingType offering = OfferingType::kOther;
  AccessKind access_kind = AccessKind::kNone;  // kNone unless offering is kAccessSale
  std::string target_organization;  // as named in the post, or a domain
  std::string target_country;       // ISO 3166 alpha-2, only when the post says so
  Sector sector = Sector::kUnknown; // the target's line of business
  std::vector<DataType> data_types;
  std::optional<int64_t> volume;    // records offered
  std::optional<double> price;
  std::string currency;             // "CNY", "USD", "USDT", "BTC", "JPY", "EUR"
  PriceBasis price_basis = PriceBasis::kUnknown;
  std::string seller;               // the poster's handle or name
  std::string contact;              // "telegram:@x, qq:12345, email:x@example.com"
  std::string posted_at;            // ISO 8601 (UTC "Z" when the source says so) or YYYY-MM-DD
  std::string language;             // "ja", "zh", "en": the post's main script
  std::string summary;              // the post's first line, cut to 200 bytes
  // Where the offering, the volume and the price were read (byte spans of
  // the document's text; [0, 0) when read from the title or not found).
  Evidence offering_evidence;
  Evidence volume_evidence;
  Evidence price_evidence;
  Evidence sector_evidence;  // the sector word, or the target domain's suffix
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
  // Whose watchlist it matched (0: a value given on the command line) and
  // how: "email", "url" (stealer-log host) or "card" (identity is then the
  // masked number "411111******1111").
  int64_t organization_id = 0;
  int64_t asset_id = 0;
  std::string matched_on;  // the watched value: a domain or a BIN
  std::string kind = "email";
  std::string url;         // stealer-log URL, when the dump gave one
  int64_t sightings = 1;   // times seen (the same pair again counts)
};

// One `kenchi scan` of one dump file: the counts kept for everything that
// matched no watchlist (nothing else of those lines is stored).
struct ScanRun {
  int64_t id = 0;
  int64_t document_id = 0;
  std::string path;
  int64_t file_bytes = 0;
  std::string file_mtime;   // ISO 8601 UTC
  std::string compression;  // "none", "gzip", ...
  std::string format;       // "combolist", "csv", "sql"
  int64_t bytes = 0;        // decompressed bytes scanned
  int64_t lines = 0;
  int64_t records = 0;
  int64_t matched = 0;
  int64_t unmatched = 0;
  int64_t bad_lines = 0;
  int64_t invalid_utf8_lines = 0;
  std::string matches_by_watch;  // JSON object: watched value -> matches
  std::string started_at;
  std::string finished_at;
};

// What kenchi's IP dataset says about an address (see kenchi/enrich/geo.h).
// Empty `enriched_with` means "not enriched yet"; otherwise it names the
// dataset and its version, so a figure can always be traced to its data.
struct IpEnrichment {
  std::string country;        // ISO 3166 alpha-2, empty when unknown
  int64_t asn = 0;            // 0 when the address is in no announced range
  std::string as_org;         // AS organisation as published by the dataset
  std::string provider;       // provider family ("amazon", ...) or the AS organisation
  std::string enriched_with;  // "<dataset> <version>", empty when not enriched
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
  IpEnrichment enrichment;  // filled by `kenchi enrich`
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
  IpEnrichment enrichment;  // for ipv4/ipv6 indicators, filled by `kenchi enrich`
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

// How a text-like asset (name, keyword, person, address, cloud account) is
// matched. By default matching is case- and width-insensitive (NFKC with
// case folding of both sides) and finds the value anywhere, which suits
// Japanese and Chinese, where words are not separated by spaces.
struct AssetOptions {
  bool case_sensitive = false;  // compare after NFKC only, without case folding
  bool whole_word = false;      // Latin letters and digits must not touch the match
  // A match inside an occurrence of one of these phrases is not a match
  // ("Sakura" watched, "sakura season" excluded). Compared like the value.
  std::vector<std::string> exclusions;
};

struct Asset {
  int64_t id = 0;
  int64_t organization_id = 0;
  AssetKind kind = AssetKind::kKeyword;
  std::string value;  // as the user gave it; domains and CIDRs canonical (lowercase)
  // The brand or entry this value is a variant of ("PayPay" for "ペイペイ"),
  // shown in alerts; empty when the value stands for itself.
  std::string label;
  AssetOptions options;
};

// An allow-list entry: known noise that must not become an alert.
// `organization_id` 0 means global (every organisation).
enum class AllowKind {
  kTerm,     // a name/keyword match lying inside an occurrence of this phrase is dropped
  kDomain,   // a domain or email-domain match on this domain or a subdomain is dropped
  kNetwork,  // an address match inside this IP or CIDR range is dropped
};

struct AllowEntry {
  int64_t id = 0;
  int64_t organization_id = 0;  // 0: global
  AllowKind kind = AllowKind::kTerm;
  std::string value;
  std::string reason;  // why it is noise, for the next person
};

enum class Severity { kLow, kMedium, kHigh, kCritical };
enum class AlertStatus { kNew, kAcknowledged, kResolved, kFalsePositive };

struct Alert {
  int64_t id = 0;
  int64_t organization_id = 0;
  int64_t asset_id = 0;
  std::string fact_kind;  // "document", "incident", "listing", "credential_exposure", ...
  int64_t fact_id = 0;    // the fact of the first sighting
  Severity severity = Severity::kLow;
  AlertStatus status = AlertStatus::kNew;
  // Hash of organisation + asset + fact kind + the fact's natural key: the
  // same finding seen again is a new sighting of this alert, not a new alert.
  std::string dedup_key;
  std::string title;
  std::string evidence;  // the matched text with context ("…が[ペイペイ]の…")
  std::string matched;   // the matched text itself, as found in the fact
  int64_t document_id = 0;  // where it was seen (first sighting); 0 if none
  std::string first_seen;
  std::string last_seen;
  int64_t sightings = 1;   // distinct facts that produced this finding
  std::string status_note; // the note given with the last status change

  // Filled in when reading, from the joined rows (not stored twice).
  std::string organization_name;
  AssetKind asset_kind = AssetKind::kKeyword;
  std::string asset_value;
  std::string document_uri;
  std::string document_source;
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
std::string_view ToString(AllowKind v);

std::optional<DocumentFormat> ParseDocumentFormat(std::string_view s);
std::optional<Encoding> ParseEncoding(std::string_view s);
std::optional<IncidentType> ParseIncidentType(std::string_view s);
std::optional<DataType> ParseDataType(std::string_view s);
std::optional<Qualifier> ParseQualifier(std::string_view s);
std::optional<AssetKind> ParseAssetKind(std::string_view s);
std::optional<Severity> ParseSeverity(std::string_view s);
std::optional<AlertStatus> ParseAlertStatus(std::string_view s);
std::optional<AllowKind> ParseAllowKind(std::string_view s);
// Listing names (src/model/listing_names.cc).
std::string_view ToString(AccessKind v);
std::string_view ToString(PriceBasis v);
std::string_view ToString(Sector v);
std::optional<OfferingType> ParseOfferingType(std::string_view s);
std::optional<AccessKind> ParseAccessKind(std::string_view s);
std::optional<PriceBasis> ParsePriceBasis(std::string_view s);
std::optional<Sector> ParseSector(std::string_view s);

}  // namespace kenchi
