// The schema itself: every table of the model exists, closed enums are
// guarded by CHECK lists that agree with the names in src/model/names.cc,
// and no column can hold a plaintext password.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi::store_test {
namespace {

using kenchi::testing::ScratchDir;

class StoreSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrFail(path_);
    ASSERT_NE(store_, nullptr);
  }

  std::string TableSql(const std::string& table) {
    RawDb raw(path_);
    return raw.Text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'");
  }

  // Every name ToString() gives for E, found by walking the enum until the
  // name table runs out, so a value added to the model is checked too.
  template <typename E>
  static std::vector<std::string> NamesOf() {
    std::vector<std::string> names;
    for (int i = 0;; ++i) {
      const std::string_view name = ToString(static_cast<E>(i));
      if (name == "unknown") break;
      names.emplace_back(name);
    }
    return names;
  }

  template <typename E>
  void ExpectCheckLists(const std::string& table) {
    const std::string sql = TableSql(table);
    ASSERT_FALSE(sql.empty()) << "no table " << table;
    const std::vector<std::string> names = NamesOf<E>();
    ASSERT_FALSE(names.empty());
    for (const std::string& name : names) {
      EXPECT_NE(sql.find("'" + name + "'"), std::string::npos)
          << table << " does not accept '" << name << "'";
    }
  }

  ScratchDir dir_;
  std::string path_ = dir_.path() + "/kenchi.db";
  std::unique_ptr<Store> store_;
};

TEST_F(StoreSchema, EveryTableOfTheModelExists) {
  RawDb raw(path_);
  for (const char* table :
       {"schema_migrations", "sources", "documents", "documents_fts", "incidents",
        "incident_types", "incident_records", "incident_documents", "listings",
        "listing_data_types", "credential_exposures", "compromised_hosts", "indicators",
        "organizations", "assets", "alerts"}) {
    EXPECT_EQ(raw.Int(std::string("SELECT count(*) FROM sqlite_master WHERE name = '") + table +
                      "'"),
              1)
        << table;
  }
}

TEST_F(StoreSchema, ClosedEnumCheckListsMatchTheModelNames) {
  ExpectCheckLists<DocumentFormat>("documents");
  ExpectCheckLists<Encoding>("documents");
  ExpectCheckLists<IncidentType>("incident_types");
  ExpectCheckLists<DataType>("incident_records");
  ExpectCheckLists<Qualifier>("incident_records");
  ExpectCheckLists<OfferingType>("listings");
  ExpectCheckLists<Sector>("listings");
  ExpectCheckLists<DataType>("listing_data_types");
  ExpectCheckLists<IndicatorType>("indicators");
  ExpectCheckLists<AssetKind>("assets");
  ExpectCheckLists<Severity>("alerts");
  ExpectCheckLists<AlertStatus>("alerts");
}

TEST_F(StoreSchema, ValuesOutsideTheEnumsAreRefused) {
  RawDb raw(path_);
  ASSERT_EQ(raw.Exec("INSERT INTO organizations (name) VALUES ('org')"), "");
  EXPECT_NE(raw.Exec("INSERT INTO assets (organization_id, kind, value) VALUES (1, 'bogus', 'x')")
                .find("CHECK constraint failed"),
            std::string::npos);
  EXPECT_NE(raw.Exec("INSERT INTO alerts (organization_id, fact_kind, fact_id, severity, "
                     "dedup_key, first_seen, last_seen) VALUES (1, 'incident', 1, 'severe', 'k', "
                     "'t', 't')")
                .find("CHECK constraint failed"),
            std::string::npos);
}

TEST_F(StoreSchema, NoColumnCanHoldAPlaintextPassword) {
  RawDb raw(path_);
  for (const char* table : {"credential_exposures", "compromised_hosts"}) {
    const std::string columns =
        raw.Text(std::string("SELECT group_concat(name, ',') FROM pragma_table_info('") + table +
                 "')");
    SCOPED_TRACE(columns);
    EXPECT_NE(columns.find("password_hash"), std::string::npos);
    EXPECT_NE(columns.find("password_preview"), std::string::npos);
    EXPECT_EQ(("," + columns + ",").find(",password,"), std::string::npos);
  }
  EXPECT_EQ(raw.Int("SELECT count(*) FROM pragma_table_list() AS t, pragma_table_info(t.name) AS c "
                    "WHERE c.name IN ('password', 'plaintext_password', 'pass')"),
            0);
}

TEST_F(StoreSchema, DeletingADocumentCascadesToItsLinks) {
  Result<PutOutcome> doc = store_->PutDocument(MakeDocument("消される", "消される文書"));
  ASSERT_TRUE(doc.ok());
  Incident in;
  in.organization = "株式会社残る";
  in.document_ids = {doc->document_id};
  in.records = {{DataType::kPhone, 5, Qualifier::kExact, {doc->document_id, 0, 3}}};
  ASSERT_TRUE(store_->PutIncident(in).ok());

  RawDb raw(path_);
  ASSERT_EQ(raw.Exec("PRAGMA foreign_keys = ON"), "");
  ASSERT_EQ(raw.Exec("DELETE FROM documents"), "");
  // The incident stays (others may report it); the link goes, the evidence
  // pointer becomes "not recorded".
  EXPECT_EQ(raw.Int("SELECT count(*) FROM incidents"), 1);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM incident_documents"), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM incident_records WHERE evidence_document_id IS NULL"), 1);
}

}  // namespace
}  // namespace kenchi::store_test
