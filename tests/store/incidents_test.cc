// Incidents: round trip with types, records and documents; ordering; a
// failed write keeps nothing; and Counts() covers every table.
#include <gtest/gtest.h>

#include <string>

#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi::store_test {
namespace {

using kenchi::testing::ScratchDir;

class StoreIncidents : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrFail(path_);
    ASSERT_NE(store_, nullptr);
  }

  int64_t PutDoc(const std::string& title) {
    Result<PutOutcome> put = store_->PutDocument(MakeDocument(title, title + "の本文"));
    EXPECT_TRUE(put.ok()) << put.status().message();
    return put.ok() ? put->document_id : 0;
  }

  static Incident Simple(const std::string& organization, const std::string& published_on) {
    Incident in;
    in.organization = organization;
    in.organization_key = organization;
    in.published_on = published_on;
    return in;
  }

  ScratchDir dir_;
  std::string path_ = dir_.path() + "/kenchi.db";
  std::unique_ptr<Store> store_;
};

TEST_F(StoreIncidents, RoundTripKeepsTypesRecordsAndDocuments) {
  const int64_t doc1 = PutDoc("第一報");
  const int64_t doc2 = PutDoc("第二報");

  Incident in;
  in.organization = "株式会社サンプル商事";
  in.organization_key = "サンプル商事";
  in.published_on = "2024-03-15";
  in.occurred_on = "2024-02-01";
  in.discovered_on = "2024-02-20";
  in.types = {IncidentType::kUnauthorizedAccess, IncidentType::kPersonalDataLeak,
              IncidentType::kCardDataLeak};
  in.records = {
      {DataType::kPersonalInfo, 20076016, Qualifier::kExact, {doc1, 10, 40}},
      {DataType::kCreditCard, 3000, Qualifier::kApprox, {doc2, 5, 9}},
      {DataType::kEmailAddress, 100, Qualifier::kUpperBound, {}},  // no evidence recorded
  };
  in.cause = "ウェブアプリケーションの脆弱性";
  in.origin_country = "JP";
  in.organization_evidence = {doc1, 0, 30};
  in.document_ids = {doc2, doc1};

  Result<int64_t> id = store_->PutIncident(in);
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_GT(*id, 0);

  Result<std::vector<Incident>> list = store_->ListIncidents(10);
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->size(), 1u);
  const Incident& got = list->front();
  EXPECT_EQ(got.id, *id);
  EXPECT_EQ(got.organization, in.organization);
  EXPECT_EQ(got.organization_key, in.organization_key);
  EXPECT_EQ(got.published_on, in.published_on);
  EXPECT_EQ(got.occurred_on, in.occurred_on);
  EXPECT_EQ(got.discovered_on, in.discovered_on);
  EXPECT_EQ(got.types, in.types);
  ASSERT_EQ(got.records.size(), in.records.size());
  for (size_t i = 0; i < in.records.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(got.records[i].data_type, in.records[i].data_type);
    EXPECT_EQ(got.records[i].count, in.records[i].count);
    EXPECT_EQ(got.records[i].qualifier, in.records[i].qualifier);
    EXPECT_EQ(got.records[i].evidence.document_id, in.records[i].evidence.document_id);
    EXPECT_EQ(got.records[i].evidence.begin, in.records[i].evidence.begin);
    EXPECT_EQ(got.records[i].evidence.end, in.records[i].evidence.end);
  }
  EXPECT_EQ(got.cause, in.cause);
  EXPECT_EQ(got.origin_country, in.origin_country);
  EXPECT_EQ(got.organization_evidence.document_id, doc1);
  EXPECT_EQ(got.organization_evidence.end, 30u);
  EXPECT_EQ(got.document_ids, in.document_ids);
}

TEST_F(StoreIncidents, NewestFirstWithUnknownDatesLast) {
  ASSERT_TRUE(store_->PutIncident(Simple("古い会社", "2023-01-10")).ok());
  ASSERT_TRUE(store_->PutIncident(Simple("日付不明の会社", "")).ok());
  ASSERT_TRUE(store_->PutIncident(Simple("新しい会社", "2024-06-30")).ok());
  ASSERT_TRUE(store_->PutIncident(Simple("中間の会社", "2023-12-31")).ok());

  Result<std::vector<Incident>> list = store_->ListIncidents(10);
  ASSERT_TRUE(list.ok()) << list.status().message();
  std::vector<std::string> order;
  for (const Incident& in : *list) order.push_back(in.organization);
  EXPECT_EQ(order, (std::vector<std::string>{"新しい会社", "中間の会社", "古い会社", "日付不明の会社"}));

  Result<std::vector<Incident>> two = store_->ListIncidents(2);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->size(), 2u);
  EXPECT_FALSE(store_->ListIncidents(0).ok());
}

TEST_F(StoreIncidents, RepeatedTypesAndDocumentsAreStoredOnce) {
  const int64_t doc = PutDoc("重複");
  Incident in = Simple("重複のある会社", "2024-01-01");
  in.types = {IncidentType::kRansomware, IncidentType::kRansomware, IncidentType::kMalware};
  in.document_ids = {doc, doc};
  ASSERT_TRUE(store_->PutIncident(in).ok());
  const Incident got = store_->ListIncidents(1)->front();
  EXPECT_EQ(got.types, (std::vector<IncidentType>{IncidentType::kRansomware, IncidentType::kMalware}));
  EXPECT_EQ(got.document_ids, std::vector<int64_t>{doc});
}

TEST_F(StoreIncidents, UnknownDocumentFailsTheWholeIncident) {
  const int64_t doc = PutDoc("実在する文書");
  Incident in = Simple("株式会社テスト", "2024-01-01");
  in.types = {IncidentType::kPhishing};
  in.records = {{DataType::kEmailAddress, 10, Qualifier::kExact, {doc, 0, 3}}};
  in.document_ids = {doc, doc + 1000};  // the second one does not exist
  Result<int64_t> id = store_->PutIncident(in);
  ASSERT_FALSE(id.ok());
  const std::string& message = id.status().message();
  EXPECT_NE(message.find("株式会社テスト"), std::string::npos) << message;
  EXPECT_NE(message.find("document " + std::to_string(doc + 1000)), std::string::npos) << message;

  // Nothing of it remains: not the incident row, nor its types or records.
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM incidents"), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM incident_types"), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM incident_records"), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM incident_documents"), 0);
}

TEST_F(StoreIncidents, InvalidFieldsAreRejected) {
  Incident no_org = Simple("", "2024-01-01");
  Result<int64_t> a = store_->PutIncident(no_org);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), Status::Code::kInvalidInput);

  Incident bad_date = Simple("株式会社日付", "2024-1-5");
  Result<int64_t> b = store_->PutIncident(bad_date);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(b.status().message().find("published_on"), std::string::npos);

  Incident negative = Simple("株式会社負数", "2024-01-05");
  negative.records = {{DataType::kPhone, -1, Qualifier::kExact, {}}};
  Result<int64_t> c = store_->PutIncident(negative);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("CHECK constraint failed"), std::string::npos)
      << c.status().message();

  EXPECT_EQ(store_->Counts()->incidents, 0);
}

TEST_F(StoreIncidents, CountsCoverEveryTable) {
  const int64_t doc = PutDoc("数える");
  ASSERT_TRUE(store_->PutIncident(Simple("数える会社", "2024-01-01")).ok());
  // The other tables have no write API yet: fill them directly, which also
  // shows that the schema takes well-formed rows.
  RawDb raw(path_);
  ASSERT_EQ(raw.Exec("PRAGMA foreign_keys = ON"), "");
  const std::string d = std::to_string(doc);
  ASSERT_EQ(raw.Exec(
                "INSERT INTO listings (document_id, offering, volume, price, currency) VALUES (" +
                d + ", 'data_sale', 100000, 500, 'USD');"
                "INSERT INTO listing_data_types (listing_id, data_type) VALUES (1, 'email_address');"
                "INSERT INTO credential_exposures (document_id, identity, domain, password_hash, "
                "password_preview) VALUES (" + d + ", 'taro@example.jp', 'example.jp', 'h1', 'p*****d');"
                "INSERT INTO compromised_hosts (document_id, ip, port, service) VALUES (" + d +
                ", '192.0.2.1', 3389, 'rdp');"
                "INSERT INTO indicators (document_id, type, value) VALUES (" + d +
                ", 'ipv4', '192.0.2.1');"
                "INSERT INTO organizations (name) VALUES ('sample');"
                "INSERT INTO assets (organization_id, kind, value) VALUES (1, 'domain', 'example.jp');"
                "INSERT INTO alerts (organization_id, asset_id, fact_kind, fact_id, severity, "
                "dedup_key, first_seen, last_seen) VALUES (1, 1, 'incident', 1, 'high', 'k1', "
                "'2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');"),
            "");
  Result<StoreCounts> c = store_->Counts();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->documents, 1);
  EXPECT_EQ(c->incidents, 1);
  EXPECT_EQ(c->listings, 1);
  EXPECT_EQ(c->credential_exposures, 1);
  EXPECT_EQ(c->compromised_hosts, 1);
  EXPECT_EQ(c->indicators, 1);
  EXPECT_EQ(c->organizations, 1);
  EXPECT_EQ(c->assets, 1);
  EXPECT_EQ(c->alerts, 1);
}

}  // namespace
}  // namespace kenchi::store_test
