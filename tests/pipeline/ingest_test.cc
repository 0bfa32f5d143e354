// The ingest pipeline over a real SQLite store: idempotency, atomicity per
// file when the store fails half-way, and reporting of rejected input.
#include "kenchi/pipeline/ingest.h"

#include <gtest/gtest.h>

#include "support/run.h"

namespace kenchi::pipeline {
namespace {

using kenchi::testing::ScratchDir;

// Passes everything through to a real store, but fails the Nth PutDocument
// call: what an interrupted or failing write looks like to the pipeline.
class FailingStore : public Store {
 public:
  FailingStore(Store& inner, int fail_on_put) : inner_(inner), fail_on_put_(fail_on_put) {}
  int SchemaVersion() const override { return inner_.SchemaVersion(); }
  Status Begin() override { return inner_.Begin(); }
  Status Commit() override { return inner_.Commit(); }
  Status Rollback() override { return inner_.Rollback(); }
  Result<PutOutcome> PutDocument(const Document& doc) override {
    if (++puts_ == fail_on_put_) return Status::IoError("disk full (injected)");
    return inner_.PutDocument(doc);
  }
  Result<Document> GetDocument(int64_t id) override { return inner_.GetDocument(id); }
  Result<bool> HasDocumentWithHash(const std::string& h) override { return inner_.HasDocumentWithHash(h); }
  Result<int64_t> AddSource(const Source& s) override { return inner_.AddSource(s); }
  Result<std::vector<Source>> ListSources() override { return inner_.ListSources(); }
  Status RemoveSource(const std::string& name) override { return inner_.RemoveSource(name); }
  Status RecordSourcePoll(int64_t id, const std::string& etag, const std::string& lm,
                          const std::string& at) override {
    return inner_.RecordSourcePoll(id, etag, lm, at);
  }
  Result<bool> HasDocumentWithUri(const std::string& uri) override { return inner_.HasDocumentWithUri(uri); }
  Result<std::vector<SearchHit>> Search(const std::string& q, int limit) override {
    return inner_.Search(q, limit);
  }
  Result<int64_t> PutIncident(const Incident& incident) override { return inner_.PutIncident(incident); }
  Result<std::vector<Incident>> ListIncidents(int limit) override { return inner_.ListIncidents(limit); }
  Result<StoreCounts> Counts() override { return inner_.Counts(); }
  Result<int64_t> PutListing(const Listing& l) override { return inner_.PutListing(l); }
  Result<std::vector<Listing>> ListListings(const ListingFilter& f) override {
    return inner_.ListListings(f);
  }
  Status ReplaceListing(int64_t id, const Listing& l) override { return inner_.ReplaceListing(id, l); }
  Status RemoveListing(int64_t id) override { return inner_.RemoveListing(id); }
  Result<std::vector<int64_t>> ListPostDocumentIds() override { return inner_.ListPostDocumentIds(); }
  Result<Incident> GetIncident(int64_t id) override { return inner_.GetIncident(id); }
  Result<std::vector<IncidentCandidate>> FindIncidentCandidates(const std::string& key,
                                                                const std::string& from,
                                                                const std::string& to) override {
    return inner_.FindIncidentCandidates(key, from, to);
  }
  Result<std::vector<IncidentRevision>> ListIncidentRevisions(int64_t id) override {
    return inner_.ListIncidentRevisions(id);
  }
  Status AddIncidentRevision(const IncidentRevision& r) override { return inner_.AddIncidentRevision(r); }
  Status MergeIncident(int64_t id, const Incident& merged, const IncidentRevision& r) override {
    return inner_.MergeIncident(id, merged, r);
  }
  Result<std::vector<IncidentStatsCell>> IncidentStatsCells(const std::string& from,
                                                            const std::string& to) override {
    return inner_.IncidentStatsCells(from, to);
  }
  Result<std::pair<std::string, std::string>> IncidentDateSpan() override {
    return inner_.IncidentDateSpan();
  }
  Result<int64_t> PutCompromisedHost(const CompromisedHost& h) override {
    return inner_.PutCompromisedHost(h);
  }
  Result<std::vector<CompromisedHost>> ListCompromisedHosts(const HostFilter& f) override {
    return inner_.ListCompromisedHosts(f);
  }
  Status SetHostEnrichment(int64_t id, const IpEnrichment& e) override {
    return inner_.SetHostEnrichment(id, e);
  }
  Status SetIndicatorEnrichment(int64_t id, const IpEnrichment& e) override {
    return inner_.SetIndicatorEnrichment(id, e);
  }
  Result<std::vector<Indicator>> ListIpIndicators(const HostFilter& f) override {
    return inner_.ListIpIndicators(f);
  }
  Result<int64_t> AddSink(const SinkRecord& s) override { return inner_.AddSink(s); }
  Result<std::vector<SinkRecord>> ListSinks() override { return inner_.ListSinks(); }
  Result<SinkRecord> GetSink(int64_t id) override { return inner_.GetSink(id); }
  Status RemoveSink(int64_t id) override { return inner_.RemoveSink(id); }
  Result<std::vector<DeliveryRecord>> ListDeliveries(int64_t id) override {
    return inner_.ListDeliveries(id);
  }
  Status RecordDelivery(const DeliveryRecord& d) override { return inner_.RecordDelivery(d); }
  // report subscribers and deliveries
  Result<int64_t> AddSubscriber(const Subscriber& s) override { return inner_.AddSubscriber(s); }
  Result<std::vector<Subscriber>> ListSubscribers() override { return inner_.ListSubscribers(); }
  Status RemoveSubscriber(int64_t id) override { return inner_.RemoveSubscriber(id); }
  Result<std::optional<ReportDelivery>> GetReportDelivery(int64_t id, const std::string& key) override {
    return inner_.GetReportDelivery(id, key);
  }
  Status RecordReportDelivery(const ReportDelivery& d) override { return inner_.RecordReportDelivery(d); }
  Result<std::vector<SourceDocumentCount>> CountDocumentsBySource(const std::string& from,
                                                                 const std::string& to) override {
    return inner_.CountDocumentsBySource(from, to);
  }

  // organisations, watchlists, allow-lists, matching progress, alerts
  Result<int64_t> PutOrganization(const Organization& o) override { return inner_.PutOrganization(o); }
  Result<std::vector<Organization>> ListOrganizations() override { return inner_.ListOrganizations(); }
  Result<Organization> GetOrganizationByName(const std::string& n) override {
    return inner_.GetOrganizationByName(n);
  }
  Status RemoveOrganization(int64_t id) override { return inner_.RemoveOrganization(id); }
  Result<int64_t> PutAsset(const Asset& a) override { return inner_.PutAsset(a); }
  Result<std::vector<Asset>> ListAssets() override { return inner_.ListAssets(); }
  Status RemoveAsset(int64_t id) override { return inner_.RemoveAsset(id); }
  Result<int64_t> PutAllowEntry(const AllowEntry& e) override { return inner_.PutAllowEntry(e); }
  Result<std::vector<AllowEntry>> ListAllowEntries() override { return inner_.ListAllowEntries(); }
  Status RemoveAllowEntry(int64_t id) override { return inner_.RemoveAllowEntry(id); }
  Result<std::vector<MatchableFact>> ListFactsForMatching(const std::string& k, int64_t after,
                                                          int limit) override {
    return inner_.ListFactsForMatching(k, after, limit);
  }
  Result<int64_t> GetMatchedUpTo(const std::string& k, const std::string& f) override {
    return inner_.GetMatchedUpTo(k, f);
  }
  Status SetMatchedUpTo(const std::string& k, const std::string& f, int64_t id) override {
    return inner_.SetMatchedUpTo(k, f, id);
  }
  Result<UpsertAlertOutcome> UpsertAlert(const Alert& a) override { return inner_.UpsertAlert(a); }
  Result<int64_t> PutCredentialExposure(const CredentialExposure& e) override {
    return inner_.PutCredentialExposure(e);
  }
  Result<std::vector<DomainExposureCount>> CountCredentialExposuresByDomain(
      const ExposureFilter& f) override {
    return inner_.CountCredentialExposuresByDomain(f);
  }
  Result<std::vector<CredentialExposure>> ListCredentialExposures(const std::string& d,
                                                                  int64_t limit) override {
    return inner_.ListCredentialExposures(d, limit);
  }
  Result<int64_t> PutScanRun(const ScanRun& r) override { return inner_.PutScanRun(r); }
  Result<std::vector<ScanRun>> ListScanRuns(int64_t limit) override { return inner_.ListScanRuns(limit); }
  Result<std::vector<Alert>> ListAlerts(const AlertFilter& f) override { return inner_.ListAlerts(f); }
  Result<Alert> GetAlert(int64_t id) override { return inner_.GetAlert(id); }
  Status SetAlertStatus(int64_t id, AlertStatus s, const std::string& note) override {
    return inner_.SetAlertStatus(id, s, note);
  }

 private:
  Store& inner_;
  int fail_on_put_;
  int puts_ = 0;
};

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.path() + "/kenchi.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
  }
  int64_t Documents() { return store_->Counts()->documents; }

  ScratchDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(IngestTest, SecondRunIsANoOp) {
  dir_.Write("in/a.txt", "一つ目の文書です。\n");
  dir_.Write("in/b.html", "<!DOCTYPE html><html><head><title>二つ目</title></head>"
                          "<body><p>二つ目の文書です。</p></body></html>");
  auto first = Ingest(*store_, {dir_.path() + "/in"}, {});
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->documents_new, 2);
  auto second = Ingest(*store_, {dir_.path() + "/in"}, {});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->documents_new, 0);
  EXPECT_EQ(second->documents_unchanged, 2);
  EXPECT_EQ(Documents(), 2);
}

TEST_F(IngestTest, FailureHalfWayThroughAFileLeavesNoneOfItsDocuments) {
  // Two JSON lines records in one file: the store fails on the second.
  dir_.Write("in/posts.jsonl",
             "{\"title\":\"一件目\",\"body\":\"最初の投稿の本文\"}\n"
             "{\"title\":\"二件目\",\"body\":\"二番目の投稿の本文\"}\n");
  FailingStore failing(*store_, /*fail_on_put=*/2);
  auto report = Ingest(failing, {dir_.path() + "/in"}, {});
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().message().find("disk full"), std::string::npos);
  EXPECT_EQ(Documents(), 0) << "the first record of the file must have been rolled back";

  // A later run without the fault stores both.
  auto retry = Ingest(*store_, {dir_.path() + "/in"}, {});
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->documents_new, 2);
}

TEST_F(IngestTest, EarlierFilesSurviveAFailureInALaterOne) {
  dir_.Write("in/1.txt", "最初のファイル。\n");
  dir_.Write("in/2.txt", "二番目のファイル。\n");
  FailingStore failing(*store_, /*fail_on_put=*/2);
  auto report = Ingest(failing, {dir_.path() + "/in"}, {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(Documents(), 1);
}

TEST_F(IngestTest, RejectionsAreListedWithReasons) {
  dir_.Write("in/empty.txt", "");
  dir_.Write("in/ok.txt", "正常。\n");
  auto report = Ingest(*store_, {dir_.path() + "/in", dir_.path() + "/nope"}, {});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->documents_new, 1);
  EXPECT_EQ(report->rejected, 2);
  int seen = 0;
  for (const auto& item : report->items) {
    if (item.outcome != IngestItem::Outcome::kRejected) continue;
    EXPECT_FALSE(item.reason.empty());
    // The path is in `uri`; the reason does not repeat it.
    EXPECT_EQ(item.reason.find(item.uri), std::string::npos) << item.reason;
    ++seen;
  }
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace kenchi::pipeline
