// Organisations, their watchlists (assets) and allow-lists.
//
// Assets keep their matching options as a JSON object in `assets.options`
// ({"case_sensitive": true, "whole_word": true, "exclusions": [...]}), so
// that an option added later needs no migration; only keys that differ
// from the defaults are written.
#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_store.h"

namespace kenchi::sqlite {
namespace {

std::string OptionsJson(const AssetOptions& o) {
  nlohmann::json j = nlohmann::json::object();
  if (o.case_sensitive) j["case_sensitive"] = true;
  if (o.whole_word) j["whole_word"] = true;
  if (!o.exclusions.empty()) j["exclusions"] = o.exclusions;
  return j.dump();
}

Result<AssetOptions> ParseOptionsJson(std::string_view text) {
  // Most assets have no options: 100k of them would otherwise be 100k JSON
  // parses when a scan loads its watchlist.
  if (text == "{}") return AssetOptions{};
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Status::IoError(fmt::format("asset options are not an object: {}", text));
  AssetOptions o;
  if (auto it = j.find("case_sensitive"); it != j.end() && it->is_boolean()) o.case_sensitive = *it;
  if (auto it = j.find("whole_word"); it != j.end() && it->is_boolean()) o.whole_word = *it;
  if (auto it = j.find("exclusions"); it != j.end() && it->is_array()) {
    for (const auto& e : *it) {
      if (e.is_string()) o.exclusions.push_back(e.get<std::string>());
    }
  }
  return o;
}

}  // namespace

// ---- organisations -------------------------------------------------------------

Result<int64_t> SqliteStore::PutOrganization(const Organization& org) {
  if (org.name.empty()) return Status::InvalidInput("an organisation needs a non-empty name");
  const std::string where = fmt::format("cannot store organisation \"{}\"", org.name);
  Result<Query> q = cache_.Get(
      "INSERT INTO organizations (name, display_name) VALUES (?1, ?2) "
      "ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name RETURNING id");
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(q->BindAll(org.name, org.display_name));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (!*row) return Status::Internal(where + ": upsert returned no id");
  return q->Int64(0);
}

Result<std::vector<Organization>> SqliteStore::ListOrganizations() {
  Result<Query> q = cache_.Get("SELECT id, name, display_name FROM organizations ORDER BY name");
  if (!q.ok()) return q.status().WithContext("cannot list organisations");
  std::vector<Organization> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("cannot list organisations");
    if (!*row) break;
    out.push_back(Organization{q->Int64(0), q->Text(1), q->Text(2)});
  }
  return out;
}

Result<Organization> SqliteStore::GetOrganizationByName(const std::string& name) {
  Result<Query> q = cache_.Get("SELECT id, name, display_name FROM organizations WHERE name = ?1");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(name));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(fmt::format("cannot look up organisation \"{}\"", name));
  if (!*row) return Status::NotFound(fmt::format("no organisation named \"{}\"", name));
  return Organization{q->Int64(0), q->Text(1), q->Text(2)};
}

Status SqliteStore::RemoveOrganization(int64_t id) {
  Result<Query> q = cache_.Get("DELETE FROM organizations WHERE id = ?1 RETURNING id");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(id));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(fmt::format("cannot remove organisation {}", id));
  if (!*row) return Status::NotFound(fmt::format("no organisation with id {}", id));
  return Status::Ok();
}

// ---- assets ------------------------------------------------------------------------

Result<int64_t> SqliteStore::PutAsset(const Asset& asset) {
  const std::string where =
      fmt::format("cannot store {} \"{}\"", ToString(asset.kind), asset.value);
  if (asset.value.empty()) return Status::InvalidInput(where + ": the value is empty");
  if (asset.organization_id <= 0) return Status::InvalidInput(where + ": no organisation given");
  Result<Query> q = cache_.Get(
      "INSERT INTO assets (organization_id, kind, value, label, options) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (organization_id, kind, value) DO UPDATE SET label = excluded.label, "
      "options = excluded.options RETURNING id");
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(q->BindAll(asset.organization_id, ToString(asset.kind), asset.value,
                                    asset.label, OptionsJson(asset.options)));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (!*row) return Status::Internal(where + ": upsert returned no id");
  return q->Int64(0);
}

Result<std::vector<Asset>> SqliteStore::ListAssets() {
  const std::string where = "cannot list assets";
  // In the table's own order (by id), and ordered by organisation here,
  // when they are not already (assets are usually added an organisation at
  // a time): with 100k assets, SQLite's sort took 80 ms of a scan's start,
  // and walking the (organization, kind, value) index, seeking every row
  // from it, took longer still.
  std::vector<Asset> out;
  {
    // Counted first: growing the vector would move every asset several
    // times, and touch twice the memory.
    Result<Query> count = cache_.Get("SELECT count(*) FROM assets");
    if (!count.ok()) return count.status().WithContext(where);
    Result<bool> row = count->Step();
    if (!row.ok()) return row.status().WithContext(where);
    out.reserve(static_cast<size_t>(*row ? count->Int64(0) : 0));
  }
  Result<Query> q = cache_.Get("SELECT id, organization_id, kind, value, label, options FROM assets ORDER BY id");
  if (!q.ok()) return q.status().WithContext(where);
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) break;
    Asset a;
    a.id = q->Int64(0);
    a.organization_id = q->Int64(1);
    // (Views where the text is only read: 100k rows, four columns each.)
    std::optional<AssetKind> kind = ParseAssetKind(q->TextView(2));
    if (!kind) return Status::IoError(fmt::format("{}: unknown asset kind \"{}\"", where, q->TextView(2)));
    a.kind = *kind;
    a.value = q->Text(3);
    a.label = q->Text(4);
    Result<AssetOptions> options = ParseOptionsJson(q->TextView(5));
    if (!options.ok()) return options.status().WithContext(where);
    a.options = std::move(options).value();
    out.push_back(std::move(a));
  }
  const auto by_organization = [](const Asset& x, const Asset& y) {
    return x.organization_id != y.organization_id ? x.organization_id < y.organization_id : x.id < y.id;
  };
  if (!std::is_sorted(out.begin(), out.end(), by_organization)) {
    std::sort(out.begin(), out.end(), by_organization);
  }
  return out;
}

Status SqliteStore::RemoveAsset(int64_t id) {
  Result<Query> q = cache_.Get("DELETE FROM assets WHERE id = ?1 RETURNING id");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(id));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(fmt::format("cannot remove asset {}", id));
  if (!*row) return Status::NotFound(fmt::format("no watchlist entry with id {}", id));
  return Status::Ok();
}

// ---- allow-lists -------------------------------------------------------------------

Result<int64_t> SqliteStore::PutAllowEntry(const AllowEntry& entry) {
  const std::string where =
      fmt::format("cannot store allow-list {} \"{}\"", ToString(entry.kind), entry.value);
  if (entry.value.empty()) return Status::InvalidInput(where + ": the value is empty");
  // The conflict target must repeat the unique index's expression.
  Result<Query> q = cache_.Get(
      "INSERT INTO allow_list (organization_id, kind, value, reason) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (COALESCE(organization_id, 0), kind, value) DO UPDATE SET "
      "reason = CASE WHEN excluded.reason = '' THEN reason ELSE excluded.reason END RETURNING id");
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(q->BindAll(NullIfZeroId(entry.organization_id), ToString(entry.kind),
                                    entry.value, entry.reason));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (!*row) return Status::Internal(where + ": upsert returned no id");
  return q->Int64(0);
}

Result<std::vector<AllowEntry>> SqliteStore::ListAllowEntries() {
  const std::string where = "cannot list the allow-lists";
  Result<Query> q = cache_.Get(
      "SELECT id, COALESCE(organization_id, 0), kind, value, reason FROM allow_list "
      "ORDER BY COALESCE(organization_id, 0), id");
  if (!q.ok()) return q.status().WithContext(where);
  std::vector<AllowEntry> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) break;
    std::optional<AllowKind> kind = ParseAllowKind(q->Text(2));
    if (!kind) return Status::IoError(fmt::format("{}: unknown kind \"{}\"", where, q->Text(2)));
    out.push_back(AllowEntry{q->Int64(0), q->Int64(1), *kind, q->Text(3), q->Text(4)});
  }
  return out;
}

Status SqliteStore::RemoveAllowEntry(int64_t id) {
  Result<Query> q = cache_.Get("DELETE FROM allow_list WHERE id = ?1 RETURNING id");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(id));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(fmt::format("cannot remove allow-list entry {}", id));
  if (!*row) return Status::NotFound(fmt::format("no allow-list entry with id {}", id));
  return Status::Ok();
}

}  // namespace kenchi::sqlite
