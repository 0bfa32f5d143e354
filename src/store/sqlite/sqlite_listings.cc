// Underground listings: PutListing, ReplaceListing, RemoveListing, ListListings, and the post
// documents they come from.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace kenchi::sqlite {
namespace {

bool IsCountryOrEmpty(std::string_view s) {
  return s.empty() || (s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z');
}

Status CheckListing(const Listing& l, const std::string& where) {
  if (!IsCountryOrEmpty(l.target_country)) {
    return Status::InvalidInput(fmt::format("{}: target_country must be ISO 3166 alpha-2, got \"{}\"",
                                            where, l.target_country));
  }
  if ((l.volume && *l.volume < 0) || (l.price && !(*l.price >= 0))) {
    return Status::InvalidInput(where + ": volume and price must not be negative");
  }
  return Status::Ok();
}

}  // namespace

// The listing's columns after document_id, in the order of the INSERT and
// UPDATE below (?2 to ?23).
#define KENCHI_LISTING_VALUES(l)                                                                              \
  ToString(l.offering), l.target_organization, NullIfEmpty(l.target_country), l.volume, l.price, l.currency, \
      l.seller, l.contact, NullIfEmpty(l.posted_at), ToString(l.access_kind), ToString(l.price_basis),       \
      l.language, l.summary, static_cast<int64_t>(l.offering_evidence.begin),                                 \
      static_cast<int64_t>(l.offering_evidence.end), static_cast<int64_t>(l.volume_evidence.begin),           \
      static_cast<int64_t>(l.volume_evidence.end), static_cast<int64_t>(l.price_evidence.begin),              \
      static_cast<int64_t>(l.price_evidence.end), ToString(l.sector),                                         \
      static_cast<int64_t>(l.sector_evidence.begin), static_cast<int64_t>(l.sector_evidence.end)

Status SqliteStore::PutListingDataTypes(int64_t id, const std::vector<DataType>& types) {
  for (DataType t : types) {
    Result<Query> q = cache_.Get(
        "INSERT INTO listing_data_types (listing_id, data_type) VALUES (?1, ?2) "
        "ON CONFLICT (listing_id, data_type) DO NOTHING");
    if (!q.ok()) return q.status();
    KENCHI_RETURN_IF_ERROR(q->BindAll(id, ToString(t)));
    KENCHI_RETURN_IF_ERROR(q->Run());
  }
  return Status::Ok();
}

Result<int64_t> SqliteStore::PutListing(const Listing& l) {
  const std::string where = fmt::format("cannot store listing of document {}", l.document_id);
  KENCHI_RETURN_IF_ERROR(CheckListing(l, where));
  int64_t id = 0;
  Status status = Atomically([&]() -> Status {
    Result<Query> insert = cache_.Get(
        "INSERT INTO listings (document_id, offering, target_organization, target_country, "
        "volume, price, currency, seller, contact, posted_at, access_kind, price_basis, "
        "language, summary, offering_begin, offering_end, volume_begin, volume_end, "
        "price_begin, price_end, sector, sector_begin, sector_end) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23) "
        "RETURNING id");
    if (!insert.ok()) return insert.status();
    KENCHI_RETURN_IF_ERROR(insert->BindAll(l.document_id, KENCHI_LISTING_VALUES(l)));
    Result<bool> row = insert->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Internal("INSERT ... RETURNING gave no id");
    id = insert->Int64(0);
    return PutListingDataTypes(id, l.data_types);
  });
  if (!status.ok()) return status.WithContext(where);
  return id;
}

Status SqliteStore::ReplaceListing(int64_t id, const Listing& l) {
  const std::string where = fmt::format("cannot replace listing {}", id);
  KENCHI_RETURN_IF_ERROR(CheckListing(l, where));
  Status status = Atomically([&]() -> Status {
    Result<Query> update = cache_.Get(
        "UPDATE listings SET offering = ?2, target_organization = ?3, target_country = ?4, "
        "volume = ?5, price = ?6, currency = ?7, seller = ?8, contact = ?9, posted_at = ?10, "
        "access_kind = ?11, price_basis = ?12, language = ?13, summary = ?14, offering_begin = ?15, "
        "offering_end = ?16, volume_begin = ?17, volume_end = ?18, price_begin = ?19, "
        "price_end = ?20, sector = ?21, sector_begin = ?22, sector_end = ?23 WHERE id = ?1");
    if (!update.ok()) return update.status();
    KENCHI_RETURN_IF_ERROR(update->BindAll(id, KENCHI_LISTING_VALUES(l)));
    KENCHI_RETURN_IF_ERROR(update->Run());
    if (sqlite3_changes(db_.get()) == 0) return Status::NotFound(fmt::format("no listing with id {}", id));
    Result<Query> clear = cache_.Get("DELETE FROM listing_data_types WHERE listing_id = ?1");
    if (!clear.ok()) return clear.status();
    KENCHI_RETURN_IF_ERROR(clear->BindAll(id));
    KENCHI_RETURN_IF_ERROR(clear->Run());
    return PutListingDataTypes(id, l.data_types);
  });
  return status.WithContext(where);
}

#undef KENCHI_LISTING_VALUES

Status SqliteStore::RemoveListing(int64_t id) {
  Status status = Atomically([&]() -> Status {
    Result<Query> q = cache_.Get("DELETE FROM listings WHERE id = ?1");  // data types by cascade
    if (!q.ok()) return q.status();
    KENCHI_RETURN_IF_ERROR(q->BindAll(id));
    KENCHI_RETURN_IF_ERROR(q->Run());
    if (sqlite3_changes(db_.get()) == 0) return Status::NotFound(fmt::format("no listing with id {}", id));
    // Its sightings go too: listing ids are reused (the highest one, once
    // removed, is the next one's), and a later listing with this id must
    // count as a sighting of its own, not as one already recorded.
    Result<Query> sightings = cache_.Get("DELETE FROM alert_sightings WHERE fact_kind = 'listing' AND fact_id = ?1");
    if (!sightings.ok()) return sightings.status();
    KENCHI_RETURN_IF_ERROR(sightings->BindAll(id));
    return sightings->Run();
  });
  return status.WithContext(fmt::format("cannot remove listing {}", id));
}

Result<std::vector<int64_t>> SqliteStore::ListPostDocumentIds() {
  // parse::IsPost's test, in SQL.
  Result<Query> q = cache_.Get(
      "SELECT id FROM documents WHERE source IN ('telegram', 'forum', 'paste') OR format = 'jsonl' "
      "ORDER BY id");
  if (!q.ok()) return q.status().WithContext("cannot list post documents");
  std::vector<int64_t> ids;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("cannot list post documents");
    if (!*row) break;
    ids.push_back(q->Int64(0));
  }
  return ids;
}

Result<std::vector<Listing>> SqliteStore::ListListings(const ListingFilter& filter) {
  const std::string where = "cannot list listings";
  Result<Query> q = cache_.Get(
      "SELECT id, document_id, offering, target_organization, target_country, volume, price, "
      "currency, seller, contact, posted_at, access_kind, price_basis, language, summary, "
      "offering_begin, offering_end, volume_begin, volume_end, price_begin, price_end, sector, "
      "sector_begin, sector_end "
      "FROM listings WHERE (?1 IS NULL OR offering = ?1) AND (?2 IS NULL OR target_country = ?2) "
      "AND (?3 IS NULL OR sector = ?3) "
      "ORDER BY posted_at DESC NULLS LAST, id DESC LIMIT ?4");
  if (!q.ok()) return q.status().WithContext(where);
  std::optional<std::string_view> offering;
  if (filter.offering) offering = ToString(*filter.offering);
  std::optional<std::string_view> sector;
  if (filter.sector) sector = ToString(*filter.sector);
  KENCHI_RETURN_IF_ERROR(q->BindAll(offering, NullIfEmpty(filter.country), sector,
                                    filter.limit > 0 ? filter.limit : int64_t{-1}));
  std::vector<Listing> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) break;
    Listing& l = out.emplace_back();
    l.id = q->Int64(0);
    l.document_id = q->Int64(1);
    std::optional<OfferingType> o = ParseOfferingType(q->Text(2));
    std::optional<AccessKind> a = ParseAccessKind(q->Text(11));
    std::optional<PriceBasis> b = ParsePriceBasis(q->Text(12));
    std::optional<Sector> sec = ParseSector(q->Text(21));
    if (!o || !a || !b || !sec) {
      return Status::IoError(where + ": unknown offering, access kind, price basis or sector");
    }
    l.sector = *sec;
    l.offering = *o;
    l.access_kind = *a;
    l.price_basis = *b;
    l.target_organization = q->Text(3);
    l.target_country = q->Text(4);
    if (!q->IsNull(5)) l.volume = q->Int64(5);
    if (!q->IsNull(6)) l.price = q->Double(6);
    l.currency = q->Text(7);
    l.seller = q->Text(8);
    l.contact = q->Text(9);
    l.posted_at = q->Text(10);
    l.language = q->Text(13);
    l.summary = q->Text(14);
    auto span = [&](int col) {
      return Evidence{l.document_id, static_cast<uint32_t>(q->Int64(col)),
                      static_cast<uint32_t>(q->Int64(col + 1))};
    };
    l.offering_evidence = span(15);
    l.volume_evidence = span(17);
    l.price_evidence = span(19);
    l.sector_evidence = span(22);
  }
  for (Listing& l : out) {
    Result<Query> t = cache_.Get(
        "SELECT data_type FROM listing_data_types WHERE listing_id = ?1 ORDER BY data_type");
    if (!t.ok()) return t.status().WithContext(where);
    KENCHI_RETURN_IF_ERROR(t->BindAll(l.id));
    for (;;) {
      Result<bool> row = t->Step();
      if (!row.ok()) return row.status().WithContext(where);
      if (!*row) break;
      if (std::optional<DataType> d = ParseDataType(t->Text(0))) l.data_types.push_back(*d);
    }
  }
  return out;
}

}  // namespace kenchi::sqlite
