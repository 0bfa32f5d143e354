// Where kenchi keeps what it has collected and concluded.
//
// `Store` is the seam between the pipeline and a database. The embedded
// default is SQLite (one file, WAL mode, foreign keys on, FTS5 trigram
// index over document text so that Japanese and Chinese can be searched
// without a tokenizer). A PostgreSQL implementation for shared servers
// goes behind the same interface.
//
// Opening a store applies any pending schema migrations, in order, each in
// its own transaction; the schema version is recorded in the database.
//
// Writes are grouped in transactions: a document and the facts extracted
// from it are stored together or not at all, so an interrupted ingest never
// leaves a document without its facts or a fact without its document.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/status.h"

namespace kenchi {

// One hit of a full-text search.
struct SearchHit {
  int64_t document_id = 0;
  std::string uri;
  std::string title;
  // The matched passage with about 30 characters of context, UTF-8; the
  // match is wrapped in [ ] and text cut at either end is marked with …
  std::string snippet;
};

// What PutDocument did.
struct PutOutcome {
  int64_t document_id = 0;
  bool inserted = false;  // false: a document with the same content hash existed
};

struct StoreCounts {
  int64_t documents = 0;
  int64_t incidents = 0;
  int64_t listings = 0;
  int64_t credential_exposures = 0;
  int64_t compromised_hosts = 0;
  int64_t indicators = 0;
  int64_t organizations = 0;
  int64_t assets = 0;
  int64_t alerts = 0;
};

// Which compromised hosts / IP indicators to list. Dates compare on the
// first ten characters of first_seen (YYYY-MM-DD); a row without first_seen
// is outside every bounded period.
struct HostFilter {
  std::string from;  // inclusive YYYY-MM-DD, empty: no lower bound
  std::string to;    // inclusive YYYY-MM-DD, empty: no upper bound
  int64_t limit = 0;  // 0: all
};

// ---- organisations, watchlists, matching and alerts: value types ----

// What UpsertAlert did with an alert.
struct UpsertAlertOutcome {
  int64_t alert_id = 0;
  bool inserted = false;      // a new alert: no alert had this dedup key
  bool new_sighting = false;  // the fact (kind, id) was not yet a sighting of the alert
  bool reopened = false;      // a resolved alert seen again went back to "new"
};

// Which alerts to list; unset fields do not filter.
struct AlertFilter {
  int64_t organization_id = 0;          // 0: every organisation
  std::optional<AlertStatus> status;
  std::optional<Severity> min_severity;  // this severity and above
  int64_t after_id = 0;                  // only alerts with a larger id (for paging and sinks)
  int64_t limit = 0;                     // 0: all
};

// One stored row as the matcher sees it, whichever table it comes from:
// the text to search for names and keywords, and the typed values
// (domain, address, ASN) to compare with the watchlists.
struct MatchableFact {
  std::string kind;         // "document", "incident", "listing", "credential_exposure",
                            // "compromised_host", "indicator"
  int64_t id = 0;           // row id in its table
  int64_t document_id = 0;  // the document it came from (itself for a document); 0 if none
  // What makes two rows the same finding, for the alert's dedup key: a
  // document's content hash, an incident's organisation key and date, a
  // credential's identity and password hash, a host's ip:port:user:hash, ...
  std::string natural_key;
  std::string text;    // searched for names, keywords and card numbers
  std::string domain;  // a host or email domain the fact is about (lowercase), or empty
  std::string ip;      // an address the fact is about, or empty
  int64_t asn = 0;     // the address's AS number when enrichment knows it
  // For the severity rules: listing offering, host service, indicator type.
  std::string detail;
  bool has_secret = false;  // a (hashed) password was seen with it
  std::string seen_at;      // ISO 8601 UTC, or empty
  // A short description for alert titles, never a secret: the document's
  // uri, the identity, "ip:port service", "type value", ...
  std::string summary;
};

// ---- alert delivery: value types ----

// A configured destination for one organisation's alerts (`kenchi sink add`).
// `settings` is a JSON object whose keys depend on `kind` (see
// kenchi/alert/sink_config.h). It never holds a secret itself, only where
// to read one at delivery time (an environment variable or a file).
struct SinkRecord {
  int64_t id = 0;
  int64_t organization_id = 0;
  std::string kind;    // "file", "stdout", "webhook", "email"
  std::string target;  // path, URL or SMTP URL and recipients: what `sink list` shows
  std::string settings = "{}";
  Severity min_severity = Severity::kLow;  // alerts below it are not sent here
  std::string created_at;

  // Filled in when reading.
  std::string organization_name;
  std::string organization_display_name;
  std::string last_delivered_at;  // newest successful delivery, "" if none
  int64_t delivered = 0;          // alerts delivered here
  int64_t failing = 0;            // alerts whose last attempt here failed
};

// What happened to one alert at one sink, kept so that an alert is never
// delivered twice to the same sink and failures are retried next run.
struct DeliveryRecord {
  int64_t alert_id = 0;
  int64_t sink_id = 0;
  bool delivered = false;   // the last attempt succeeded
  Severity severity = Severity::kLow;  // the alert's severity when last delivered
  int64_t attempts = 0;     // runs that tried to deliver it (retries within a run count once)
  std::string last_error;   // of the last failed attempt, "" after a success
  std::string last_attempt_at;  // ISO 8601 UTC
  std::string delivered_at;     // ISO 8601 UTC of the last success, "" if never
};

// ---- incident merging and statistics: value types ----

// One document's own account of an incident: what it reported, as it
// reported it. Merging several reports into one incident keeps every
// account, so the history of the figures is never lost.
struct IncidentRevision {
  int64_t id = 0;           // assigned by the store
  int64_t incident_id = 0;
  int64_t document_id = 0;  // the reporting document (0 once it is deleted)
  // The reporting document's disclosure date, YYYY-MM-DD or empty: orders
  // the history (then document_id, which is ingest order).
  std::string reported_on;
  // The incident as this document told it: organization, dates, types,
  // records, cause, origin. Its id and document_ids are not used;
  // reported.published_on equals reported_on when read back.
  Incident reported;
  std::string recorded_at;  // ISO 8601 UTC, set by the store
  // Filled in when reading: the reporting document's uri and title.
  std::string uri;
  std::string title;
};

// An existing incident that a new report of the same organisation might
// belong to, with the span of dates over which it was reported.
struct IncidentCandidate {
  Incident incident;
  std::string first_reported_on;  // YYYY-MM-DD
  std::string last_reported_on;   // YYYY-MM-DD
};

// One cell of the incident statistics for one disclosure month.
struct IncidentStatsCell {
  enum class Dimension {
    kIncidents,  // incidents disclosed in the month (key and qualifier empty)
    kType,       // incidents of type `key`
    kRecords,    // records at risk of data type `key` stated with `qualifier`
  };
  std::string month;  // YYYY-MM
  Dimension dimension = Dimension::kIncidents;
  std::string key;
  std::string qualifier;
  int64_t incidents = 0;  // kRecords: how many figures were summed (one per incident as a rule)
  int64_t total = 0;      // kRecords: the sum of the counts; 0 otherwise
};

// ---- underground listings: value types ----

// Which listings to list; unset fields do not filter.
struct ListingFilter {
  std::optional<OfferingType> offering;
  std::string country;  // ISO 3166 alpha-2 target country, empty: any
  std::optional<Sector> sector;
  int64_t limit = 0;    // 0: all
};

// Which credential exposures to count (CountCredentialExposuresByDomain).
struct ExposureFilter {
  std::string from, to;          // first_seen dates, inclusive; empty: no bound
  int64_t organization_id = 0;   // 0: every organisation
};

struct DomainExposureCount {
  std::string domain;      // as stored: lowercase, punycode
  int64_t exposures = 0;   // distinct identity + password pairs
  int64_t sightings = 0;   // times they were seen, rescans included
};

// ---- report subscribers and report deliveries: value types ----

// Someone who receives the monthly report by email (`kenchi subscribers`).
// Without an organisation they get the landscape report; with one, the
// report with that organisation's own findings added.
struct Subscriber {
  int64_t id = 0;
  std::string email;
  std::string lang = "ja";        // "ja" or "en"
  int64_t organization_id = 0;    // 0: no organisation (landscape only)
  bool attach_pdf = false;        // also attach the report as PDF
  std::string created_at;
  // Filled in when reading.
  std::string organization_name;
};

// What happened to one report (its key: period, organisation, language) for
// one subscriber, kept so that nobody gets the same report twice and a
// failed send is retried on the next run.
struct ReportDelivery {
  int64_t subscriber_id = 0;
  std::string report_key;        // "2020-11-01..2020-11-30|org|ja" (see kenchi/report/mail.h)
  bool delivered = false;        // the last attempt succeeded
  int64_t attempts = 0;
  std::string last_error;
  std::string last_attempt_at;   // ISO 8601 UTC
  std::string delivered_at;      // ISO 8601 UTC, "" if never
};

// How many stored documents came from one source in a period (for the
// report's "method and sources" section).
struct SourceDocumentCount {
  std::string source;  // Document::source: "file", a feed name, "scan", ...
  int64_t documents = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // The schema version after migrations, and the newest version this build knows.
  virtual int SchemaVersion() const = 0;

  // Transactions. Nesting is not supported; see Transaction below for the
  // scoped form that rolls back unless committed.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // ---- documents ----
  // Stores a document unless one with the same content hash exists.
  // The raw bytes are compressed; title and text are indexed for search.
  virtual Result<PutOutcome> PutDocument(const Document& doc) = 0;
  // Loads a document, decompressing its raw bytes.
  virtual Result<Document> GetDocument(int64_t id) = 0;
  virtual Result<bool> HasDocumentWithHash(const std::string& content_hash) = 0;
  // Full-text search over title and text. Queries of three or more
  // characters use the trigram index; shorter ones fall back to a scan.
  virtual Result<std::vector<SearchHit>> Search(const std::string& query, int limit) = 0;

  // ---- feed sources (kenchi source, kenchi collect) ----
  // Registers a feed; returns its id. kInvalidInput when the name is taken.
  virtual Result<int64_t> AddSource(const Source& source) = 0;
  // Every source, by name.
  virtual Result<std::vector<Source>> ListSources() = 0;
  // Forgets a source and its poll state (its documents stay).
  // kNotFound "no source named X".
  virtual Status RemoveSource(const std::string& name) = 0;
  // Records a successful poll: the new validators (empty clears one) and
  // the time. kNotFound for an unknown id.
  virtual Status RecordSourcePoll(int64_t source_id, const std::string& etag,
                                  const std::string& last_modified,
                                  const std::string& polled_at) = 0;
  // Whether a document with exactly this uri (a URL, for collected pages)
  // is stored: how an entry already collected is recognised.
  virtual Result<bool> HasDocumentWithUri(const std::string& uri) = 0;

  // ---- incidents ----
  // Inserts the incident with its types, records and source documents;
  // returns its id.
  virtual Result<int64_t> PutIncident(const Incident& incident) = 0;
  // Incidents newest first (by published date), with types, records and
  // document ids filled in.
  virtual Result<std::vector<Incident>> ListIncidents(int limit) = 0;

  virtual Result<StoreCounts> Counts() = 0;

  // ---- underground listings ----
  // Inserts a listing with its data types; returns its id. `document_id`
  // must name a stored document; target_country is empty or two capitals.
  virtual Result<int64_t> PutListing(const Listing& listing) = 0;
  // Listings newest first (by posted_at, unknown last), data types and
  // evidence filled in.
  virtual Result<std::vector<Listing>> ListListings(const ListingFilter& filter) = 0;
  // Replaces every field of listing `id` (its id and document stay), data
  // types too; kNotFound for an unknown id.
  virtual Status ReplaceListing(int64_t id, const Listing& listing) = 0;
  // Removes a listing, its data types and its alert sightings (listing ids
  // are reused); kNotFound for an unknown id.
  virtual Status RemoveListing(int64_t id) = 0;
  // The ids of the stored documents that are posts (parse::IsPost: Telegram,
  // forum and paste documents, JSON-lines records), oldest first.
  virtual Result<std::vector<int64_t>> ListPostDocumentIds() = 0;

  // ---- compromised hosts and IP enrichment ----
  // Inserts a compromised host, or updates the one with the same natural key
  // (ip, port, username, password_hash), and returns its id. On update,
  // non-empty service and password_preview replace the stored ones,
  // first_seen keeps the earliest date, and enrichment is replaced only
  // when `host.enrichment.enriched_with` is set. The plaintext password is
  // never passed here: password_hash is the keyed hash. `document_id` must
  // name a stored document.
  virtual Result<int64_t> PutCompromisedHost(const CompromisedHost& host) = 0;
  // Compromised hosts oldest first (by id) matching `filter`, enrichment
  // filled in.
  virtual Result<std::vector<CompromisedHost>> ListCompromisedHosts(const HostFilter& filter) = 0;
  // Records what the IP dataset says about one stored host / indicator.
  virtual Status SetHostEnrichment(int64_t host_id, const IpEnrichment& enrichment) = 0;
  virtual Status SetIndicatorEnrichment(int64_t indicator_id, const IpEnrichment& enrichment) = 0;
  // Indicators of type ipv4 or ipv6 (oldest first).
  virtual Result<std::vector<Indicator>> ListIpIndicators(const HostFilter& filter) = 0;

  // ---- organisations and watchlists ----
  // Inserts an organisation, or updates the display name of the one with
  // the same name; returns its id. The name must be non-empty.
  virtual Result<int64_t> PutOrganization(const Organization& org) = 0;
  // Every organisation, by name.
  virtual Result<std::vector<Organization>> ListOrganizations() = 0;
  // kNotFound "no organisation named X" when there is none.
  virtual Result<Organization> GetOrganizationByName(const std::string& name) = 0;
  // Removes an organisation with its assets, allow-list entries and alerts.
  // kNotFound for an unknown id.
  virtual Status RemoveOrganization(int64_t id) = 0;
  // Inserts an asset, or updates label and options of the one with the same
  // (organisation, kind, value); returns its id. Values are stored as given:
  // validation and canonical forms are the watchlist module's job.
  virtual Result<int64_t> PutAsset(const Asset& asset) = 0;
  // Every asset of every organisation, by organisation then id.
  virtual Result<std::vector<Asset>> ListAssets() = 0;
  // kNotFound for an unknown id. Alerts keep living, without their asset.
  virtual Status RemoveAsset(int64_t id) = 0;

  // ---- allow-lists ----
  // Inserts an allow-list entry, or updates the reason of the same
  // (organisation or global, kind, value); returns its id.
  virtual Result<int64_t> PutAllowEntry(const AllowEntry& entry) = 0;
  // Every entry, global ones (organization_id 0) included.
  virtual Result<std::vector<AllowEntry>> ListAllowEntries() = 0;
  virtual Status RemoveAllowEntry(int64_t id) = 0;

  // ---- matching progress ----
  // Stored rows of one kind (see MatchableFact::kind) with an id above
  // `after_id`, oldest first, at most `limit`.
  virtual Result<std::vector<MatchableFact>> ListFactsForMatching(const std::string& kind,
                                                                  int64_t after_id,
                                                                  int limit) = 0;
  // The last row id of `kind` matched against the watchlists whose
  // fingerprint is `fingerprint`; 0 when none was, or when the watchlists
  // have changed since (a different fingerprint), so everything is matched again.
  virtual Result<int64_t> GetMatchedUpTo(const std::string& kind,
                                         const std::string& fingerprint) = 0;
  virtual Status SetMatchedUpTo(const std::string& kind, const std::string& fingerprint,
                                int64_t id) = 0;

  // ---- alerts ----
  // Inserts the alert, or, when one with the same dedup key exists, records
  // (fact_kind, fact_id) as a sighting of it: a fact not seen before adds
  // one to `sightings` and moves `last_seen` forward (and reopens a resolved
  // alert); the same fact again changes nothing. Severity only ever rises.
  virtual Result<UpsertAlertOutcome> UpsertAlert(const Alert& alert) = 0;
  // Alerts by id, with organisation name, asset and document filled in.
  virtual Result<std::vector<Alert>> ListAlerts(const AlertFilter& filter) = 0;
  // kNotFound "no alert with id N".
  virtual Result<Alert> GetAlert(int64_t id) = 0;
  // Sets the status and its note unconditionally (the allowed transitions
  // are kenchi/alert/lifecycle.h's business). kNotFound for an unknown id.
  virtual Status SetAlertStatus(int64_t id, AlertStatus status, const std::string& note) = 0;

  // ---- alert delivery (sinks) ----
  // Inserts a sink for `sink.organization_id`; returns its id. kNotFound
  // when the organisation does not exist; kInvalidInput when the same
  // organisation already has a sink of this kind and target.
  virtual Result<int64_t> AddSink(const SinkRecord& sink) = 0;
  // Every sink, by organisation name then id, with the "filled in" fields.
  virtual Result<std::vector<SinkRecord>> ListSinks() = 0;
  // kNotFound "no sink with id N".
  virtual Result<SinkRecord> GetSink(int64_t id) = 0;
  // Removes a sink and its delivery records. kNotFound for an unknown id.
  virtual Status RemoveSink(int64_t id) = 0;
  // The delivery records of one sink, by alert id.
  virtual Result<std::vector<DeliveryRecord>> ListDeliveries(int64_t sink_id) = 0;
  // Records one attempt: inserts the (alert, sink) record or updates it,
  // adding one to `attempts`. A success sets delivered, severity and
  // delivered_at and clears last_error; a failure sets delivered = false
  // and last_error, keeping the severity and time of an earlier success.
  virtual Status RecordDelivery(const DeliveryRecord& attempt) = 0;

  // ---- incident merging (several reports of one incident) ----
  // The incident with types, records and document ids; kNotFound
  // "no incident with id N".
  virtual Result<Incident> GetIncident(int64_t id) = 0;
  // Incidents with this organisation key reported (by any of their
  // revisions, else their disclosure date) at some date within
  // [from, to] (YYYY-MM-DD, inclusive), oldest first. Undated incidents
  // are never candidates.
  virtual Result<std::vector<IncidentCandidate>> FindIncidentCandidates(
      const std::string& organization_key, const std::string& from, const std::string& to) = 0;
  // An incident's reports, oldest first: by reported_on (undated first),
  // then document id.
  virtual Result<std::vector<IncidentRevision>> ListIncidentRevisions(int64_t incident_id) = 0;
  // Records one report of an existing incident without changing the
  // incident (its first report, right after PutIncident). The same
  // (incident, document) again changes nothing.
  virtual Status AddIncidentRevision(const IncidentRevision& revision) = 0;
  // Atomically records `revision` and replaces the incident's current
  // state (organization name, dates, cause, origin, types, records) with
  // `merged`, which the caller folded from all revisions; document links
  // are added, never removed. The organisation key is not changed.
  // kNotFound for an unknown id.
  virtual Status MergeIncident(int64_t incident_id, const Incident& merged,
                               const IncidentRevision& revision) = 0;

  // ---- incident statistics ----
  // Statistics cells for incidents disclosed within [from, to]
  // (YYYY-MM-DD, inclusive), at most one per (month, dimension, key,
  // qualifier), cells that count nothing left out. Whole months come from
  // the monthly aggregate the store maintains on every write; a month cut
  // by the range is counted from the indexed disclosure dates.
  virtual Result<std::vector<IncidentStatsCell>> IncidentStatsCells(const std::string& from,
                                                                    const std::string& to) = 0;
  // The earliest and latest disclosure dates of all incidents; both empty
  // when there is no dated incident.
  virtual Result<std::pair<std::string, std::string>> IncidentDateSpan() = 0;

  // ---- credential exposures and dump scans (kenchi scan) ----
  // Inserts the exposure, or, when one with the same (identity,
  // password_hash) exists, moves its last_seen forward, adds one to its
  // sightings and fills an organisation/asset it did not have; returns its
  // id. password_hash is the keyed hash: a plaintext password never comes
  // here. `document_id` must name a stored document.
  virtual Result<int64_t> PutCredentialExposure(const CredentialExposure& exposure) = 0;
  // The same for many exposures at once, as a scan stores them; each one as
  // if put alone, in order (a repeat within the batch is one more sighting).
  // The default puts them one by one; a store may do it in one statement.
  virtual Status PutCredentialExposures(const std::vector<CredentialExposure>& exposures) {
    for (const CredentialExposure& e : exposures) {
      Result<int64_t> id = PutCredentialExposure(e);
      if (!id.ok()) return id.status();
    }
    return Status::Ok();
  }
  // Exposures newest first (by last_seen, then id); `domain` non-empty keeps
  // those whose domain or matched value is it; `limit` 0: all.
  virtual Result<std::vector<CredentialExposure>> ListCredentialExposures(
      const std::string& domain, int64_t limit) = 0;
  // Credential exposures (email and stealer-log kinds; cards have no
  // domain) first seen in [filter.from, filter.to] (YYYY-MM-DD, inclusive,
  // empty for no bound), of one organisation or all (0), counted per
  // domain as stored. `kenchi stats exposures` groups them by registrable
  // domain.
  virtual Result<std::vector<DomainExposureCount>> CountCredentialExposuresByDomain(
      const ExposureFilter& filter) = 0;
  // Records one finished scan of a dump file; returns its id.
  virtual Result<int64_t> PutScanRun(const ScanRun& run) = 0;
  // Scan runs newest first; `limit` 0: all.
  virtual Result<std::vector<ScanRun>> ListScanRuns(int64_t limit) = 0;

  // ---- report subscribers and deliveries (kenchi subscribers, kenchi report --mail) ----
  // Adds a subscriber; returns its id. kNotFound when the organisation
  // does not exist; kInvalidInput when the same address already receives
  // the report of the same organisation (or the landscape report).
  virtual Result<int64_t> AddSubscriber(const Subscriber& subscriber) = 0;
  // Every subscriber, by email then id, organisation name filled in.
  virtual Result<std::vector<Subscriber>> ListSubscribers() = 0;
  // Removes a subscriber and its delivery records. kNotFound "no subscriber with id N".
  virtual Status RemoveSubscriber(int64_t id) = 0;
  // The delivery record of one report for one subscriber, if any attempt was made.
  virtual Result<std::optional<ReportDelivery>> GetReportDelivery(int64_t subscriber_id,
                                                                  const std::string& report_key) = 0;
  // Records one attempt (upsert on subscriber and report key, attempts + 1).
  virtual Status RecordReportDelivery(const ReportDelivery& attempt) = 0;
  // Documents per source whose disclosure date (else fetch date) lies in
  // [from, to] (YYYY-MM-DD, inclusive), most documents first.
  virtual Result<std::vector<SourceDocumentCount>> CountDocumentsBySource(const std::string& from,
                                                                         const std::string& to) = 0;
};

// Opens (creating if needed) the SQLite database at `path` and migrates it.
// Fails with kIoError naming the path when it cannot be created or written.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

// The newest schema version this build creates.
int LatestSchemaVersion();

// Rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Store& store) : store_(store) { status_ = store_.Begin(); }
  ~Transaction() {
    if (status_.ok() && !done_) (void)store_.Rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // The status of Begin(): check it before writing.
  const Status& status() const { return status_; }
  Status Commit() {
    done_ = true;
    return store_.Commit();
  }

 private:
  Store& store_;
  Status status_;
  bool done_ = false;
};

}  // namespace kenchi
