// Private entry points of the SQLite store, for the store itself and its
// tests. Everything else goes through OpenSqliteStore() in kenchi/store.h.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "kenchi/store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/open_database.h"
#include "store/sqlite/statement.h"

namespace kenchi::sqlite {

// How long a connection waits for another writer's lock before giving up
// with SQLITE_BUSY: long enough for a concurrent ingest to commit a batch,
// short enough that a stuck process is reported rather than waited on.
inline constexpr int kBusyTimeoutMs = 5000;

// The Store implementation. Declared here so that its methods can live in
// one file per topic (sqlite_store.cc: documents, search, incidents;
// sqlite_<topic>.cc for later stages); construct it via OpenSqliteStore().
// Each topic adds its overrides in a section of its own below.
class SqliteStore final : public Store {
 public:
  SqliteStore(Connection db, int version) : db_(std::move(db)), cache_(db_.get()), version_(version) {}
  ~SqliteStore() override {
    // Statements must be finalized before their connection closes.
    cache_.Clear();
  }

  int SchemaVersion() const override { return version_; }

  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;

  Result<PutOutcome> PutDocument(const Document& doc) override;
  Result<Document> GetDocument(int64_t id) override;
  Result<bool> HasDocumentWithHash(const std::string& content_hash) override;
  Result<std::vector<SearchHit>> Search(const std::string& query, int limit) override;

  // sqlite_sources.cc
  Result<int64_t> AddSource(const Source& source) override;
  Result<std::vector<Source>> ListSources() override;
  Status RemoveSource(const std::string& name) override;
  Status RecordSourcePoll(int64_t source_id, const std::string& etag,
                          const std::string& last_modified, const std::string& polled_at) override;
  Result<bool> HasDocumentWithUri(const std::string& uri) override;

  Result<int64_t> PutIncident(const Incident& incident) override;
  Result<std::vector<Incident>> ListIncidents(int limit) override;

  Result<StoreCounts> Counts() override;

  // underground listings (sqlite_listings.cc)
  Result<int64_t> PutListing(const Listing& listing) override;
  Result<std::vector<Listing>> ListListings(const ListingFilter& filter) override;
  Status ReplaceListing(int64_t id, const Listing& listing) override;
  Status RemoveListing(int64_t id) override;
  Result<std::vector<int64_t>> ListPostDocumentIds() override;

  // compromised hosts and IP enrichment (sqlite_hosts.cc)
  Result<int64_t> PutCompromisedHost(const CompromisedHost& host) override;
  Result<std::vector<CompromisedHost>> ListCompromisedHosts(const HostFilter& filter) override;
  Status SetHostEnrichment(int64_t host_id, const IpEnrichment& enrichment) override;
  Status SetIndicatorEnrichment(int64_t indicator_id, const IpEnrichment& enrichment) override;
  Result<std::vector<Indicator>> ListIpIndicators(const HostFilter& filter) override;

  // alert delivery: sinks and delivery records (sqlite_sinks.cc)
  Result<int64_t> AddSink(const SinkRecord& sink) override;
  Result<std::vector<SinkRecord>> ListSinks() override;
  Result<SinkRecord> GetSink(int64_t id) override;
  Status RemoveSink(int64_t id) override;
  Result<std::vector<DeliveryRecord>> ListDeliveries(int64_t sink_id) override;
  Status RecordDelivery(const DeliveryRecord& attempt) override;

  // organisations, watchlists and allow-lists (sqlite_watch.cc)
  Result<int64_t> PutOrganization(const Organization& org) override;
  Result<std::vector<Organization>> ListOrganizations() override;
  Result<Organization> GetOrganizationByName(const std::string& name) override;
  Status RemoveOrganization(int64_t id) override;
  Result<int64_t> PutAsset(const Asset& asset) override;
  Result<std::vector<Asset>> ListAssets() override;
  Status RemoveAsset(int64_t id) override;
  Result<int64_t> PutAllowEntry(const AllowEntry& entry) override;
  Result<std::vector<AllowEntry>> ListAllowEntries() override;
  Status RemoveAllowEntry(int64_t id) override;

  // matching progress and alerts (sqlite_alerts.cc)
  Result<std::vector<MatchableFact>> ListFactsForMatching(const std::string& kind, int64_t after_id,
                                                          int limit) override;
  Result<int64_t> GetMatchedUpTo(const std::string& kind, const std::string& fingerprint) override;
  Status SetMatchedUpTo(const std::string& kind, const std::string& fingerprint,
                        int64_t id) override;
  Result<UpsertAlertOutcome> UpsertAlert(const Alert& alert) override;
  Result<std::vector<Alert>> ListAlerts(const AlertFilter& filter) override;
  Result<Alert> GetAlert(int64_t id) override;
  Status SetAlertStatus(int64_t id, AlertStatus status, const std::string& note) override;

  // incident merging: sqlite_incidents_merge.cc
  Result<Incident> GetIncident(int64_t id) override;
  Result<std::vector<IncidentCandidate>> FindIncidentCandidates(const std::string& organization_key,
                                                                const std::string& from,
                                                                const std::string& to) override;
  Result<std::vector<IncidentRevision>> ListIncidentRevisions(int64_t incident_id) override;
  Status AddIncidentRevision(const IncidentRevision& revision) override;
  Status MergeIncident(int64_t incident_id, const Incident& merged,
                       const IncidentRevision& revision) override;
  // incident statistics: sqlite_incident_stats.cc
  Result<std::vector<IncidentStatsCell>> IncidentStatsCells(const std::string& from,
                                                            const std::string& to) override;
  Result<std::pair<std::string, std::string>> IncidentDateSpan() override;
  // credential exposures and dump scans: sqlite_scan.cc
  Result<int64_t> PutCredentialExposure(const CredentialExposure& exposure) override;
  Status PutCredentialExposures(const std::vector<CredentialExposure>& exposures) override;
  Result<std::vector<DomainExposureCount>> CountCredentialExposuresByDomain(
      const ExposureFilter& filter) override;
  Result<std::vector<CredentialExposure>> ListCredentialExposures(const std::string& domain,
                                                                  int64_t limit) override;
  Result<int64_t> PutScanRun(const ScanRun& run) override;
  Result<std::vector<ScanRun>> ListScanRuns(int64_t limit) override;
  // report subscribers and deliveries: sqlite_subscribers.cc
  Result<int64_t> AddSubscriber(const Subscriber& subscriber) override;
  Result<std::vector<Subscriber>> ListSubscribers() override;
  Status RemoveSubscriber(int64_t id) override;
  Result<std::optional<ReportDelivery>> GetReportDelivery(int64_t subscriber_id,
                                                          const std::string& report_key) override;
  Status RecordReportDelivery(const ReportDelivery& attempt) override;
  Result<std::vector<SourceDocumentCount>> CountDocumentsBySource(const std::string& from,
                                                                 const std::string& to) override;

 private:
  Status StageAndMoveExposures(const std::vector<CredentialExposure>& exposures);
  bool InTransaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }
  Status RunSql(std::string_view sql);
  // Runs `body` so that its writes happen entirely or not at all: inside
  // the caller's transaction as a savepoint, otherwise in its own.
  template <typename Body>
  Status Atomically(Body body);
  Status PutListingDataTypes(int64_t id, const std::vector<DataType>& types);

  Result<std::optional<int64_t>> FindDocumentByHash(std::string_view content_hash);
  Status InsertIncidentParts(int64_t incident_id, const Incident& incident);
  Status LoadIncidentParts(Incident& incident);
  // Cause/origin/date evidence spans (sqlite_incident_evidence.cc).
  Status InsertIncidentEvidence(int64_t incident_id, const Incident& incident);
  Status LoadIncidentEvidence(Incident& incident);
  Result<std::vector<SearchHit>> SearchIndex(std::string_view query, int limit);
  Result<std::vector<SearchHit>> SearchScan(std::string_view query, int limit);

  Connection db_;
  StatementCache cache_;
  int version_;
};

template <typename Body>
Status SqliteStore::Atomically(Body body) {
  if (!InTransaction()) {
    KENCHI_RETURN_IF_ERROR(Begin());
    Status status = body();
    if (status.ok()) return Commit();
    (void)Rollback();
    return status;
  }
  KENCHI_RETURN_IF_ERROR(RunSql("SAVEPOINT kenchi_atomic"));
  Status status = body();
  if (status.ok()) return RunSql("RELEASE kenchi_atomic");
  (void)RunSql("ROLLBACK TO kenchi_atomic");
  (void)RunSql("RELEASE kenchi_atomic");
  return status;
}

// OpenSqliteStore() with an explicit migration list, so that tests can
// exercise upgrades (the build's list plus one more) and refusals (a
// database from a "newer" list opened with the build's list).
// The path ":memory:" opens a private in-memory database.
Result<std::unique_ptr<Store>> OpenSqliteStoreWithMigrations(
    const std::string& path, std::span<const Migration> migrations);

}  // namespace kenchi::sqlite
