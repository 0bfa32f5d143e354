// Underground listings: PutListing / ListListings.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace kenchi::sqlite {
namespace {

bool IsCountryOrEmpty(std::string_view s) {
  return s.empty() || (s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z');
}

}  // namespace

Result<int64_t> SqliteStore::PutListing(const Listing& l) {
  const std::string where = fmt::format("cannot store listing of document {}", l.document_id);
  if (!IsCountryOrEmpty(l.target_country)) {
    return Status::InvalidInput(fmt::format("{}: target_country must be ISO 3166 alpha-2, got \"{}\"",
                                            where, l.target_country));
  }
  if ((l.volume && *l.volume < 0) || (l.price && !(*l.price >= 0))) {
    return Status::InvalidInput(where + ": volume and price must not be negative");
  }
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
    KENCHI_RETURN_IF_ERROR(insert->BindAll(
        l.document_id, ToString(l.offering), l.target_organization, NullIfEmpty(l.target_country),
        l.volume, l.price, l.currency, l.seller, l.contact, NullIfEmpty(l.posted_at),
        ToString(l.access_kind), ToString(l.price_basis), l.language, l.summary,
        static_cast<int64_t>(l.offering_evidence.begin), static_cast<int64_t>(l.offering_evidence.end),
        static_cast<int64_t>(l.volume_evidence.begin), static_cast<int64_t>(l.volume_evidence.end),
        static_cast<int64_t>(l.price_evidence.begin), static_cast<int64_t>(l.price_evidence.end),
        ToString(l.sector), static_cast<int64_t>(l.sector_evidence.begin),
        static_cast<int64_t>(l.sector_evidence.end)));
    Result<bool> row = insert->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Internal("INSERT ... RETURNING gave no id");
    id = insert->Int64(0);
    for (DataType t : l.data_types) {
      Result<Query> q = cache_.Get(
          "INSERT INTO listing_data_types (listing_id, data_type) VALUES (?1, ?2) "
          "ON CONFLICT (listing_id, data_type) DO NOTHING");
      if (!q.ok()) return q.status();
      KENCHI_RETURN_IF_ERROR(q->BindAll(id, ToString(t)));
      KENCHI_RETURN_IF_ERROR(q->Run());
    }
    return Status::Ok();
  });
  if (!status.ok()) return status.WithContext(where);
  return id;
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
