// Compromised hosts and the IP enrichment of hosts and indicators.
//
// A compromised host's natural key is (ip, port, username, password_hash):
// the same server listed again in another dump, or in the same dump twice,
// is one row whose first_seen is the earliest sighting.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace kenchi::sqlite {
namespace {

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

Status CheckFilter(const HostFilter& f) {
  for (const std::string* d : {&f.from, &f.to}) {
    if (!d->empty() && !IsIsoDate(*d)) {
      return Status::InvalidInput(fmt::format("a period bound must be YYYY-MM-DD, got \"{}\"", *d));
    }
  }
  if (f.limit < 0) return Status::InvalidInput(fmt::format("limit must be >= 0, got {}", f.limit));
  return Status::Ok();
}

// The shared WHERE clause for the period; parameters ?1..?3.
constexpr std::string_view kFilterSql =
    "(?1 = '' OR substr(first_seen, 1, 10) >= ?1) AND (?2 = '' OR substr(first_seen, 1, 10) <= ?2) "
    "ORDER BY id LIMIT ?3";

IpEnrichment ReadEnrichment(const Query& q, int first) {
  IpEnrichment e;
  e.country = q.Text(first);
  e.asn = q.Int64(first + 1);
  e.as_org = q.Text(first + 2);
  e.provider = q.Text(first + 3);
  e.enriched_with = q.Text(first + 4);
  return e;
}

}  // namespace

Result<int64_t> SqliteStore::PutCompromisedHost(const CompromisedHost& host) {
  const std::string where =
      fmt::format("cannot store compromised host {}:{}", host.ip, host.port);
  if (host.ip.empty()) return Status::InvalidInput(where + ": the IP address is empty");
  if (host.port < 0 || host.port > 65535) {
    return Status::InvalidInput(where + ": port must be between 0 and 65535");
  }
  if (host.enrichment.asn < 0) return Status::InvalidInput(where + ": negative ASN");
  // Unqualified columns in DO UPDATE are the stored row, excluded.* the new one.
  Result<Query> q = cache_.Get(
      "INSERT INTO compromised_hosts (document_id, ip, port, service, username, password_hash, "
      "password_preview, first_seen, country, asn, as_org, provider, enriched_with) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
      "ON CONFLICT (ip, port, username, password_hash) DO UPDATE SET "
      "service = CASE WHEN excluded.service <> '' THEN excluded.service ELSE service END, "
      "password_preview = CASE WHEN excluded.password_preview <> '' "
      "  THEN excluded.password_preview ELSE password_preview END, "
      "first_seen = CASE WHEN first_seen IS NULL THEN excluded.first_seen "
      "  WHEN excluded.first_seen IS NULL THEN first_seen "
      "  ELSE min(first_seen, excluded.first_seen) END, "
      "country = CASE WHEN excluded.enriched_with IS NULL THEN country ELSE excluded.country END, "
      "asn = CASE WHEN excluded.enriched_with IS NULL THEN asn ELSE excluded.asn END, "
      "as_org = CASE WHEN excluded.enriched_with IS NULL THEN as_org ELSE excluded.as_org END, "
      "provider = CASE WHEN excluded.enriched_with IS NULL THEN provider ELSE excluded.provider END, "
      "enriched_with = coalesce(excluded.enriched_with, enriched_with) "
      "RETURNING id");
  if (!q.ok()) return q.status().WithContext(where);
  const IpEnrichment& e = host.enrichment;
  KENCHI_RETURN_IF_ERROR(q->BindAll(host.document_id, host.ip, host.port, host.service,
                                    host.username, host.password_hash, host.password_preview,
                                    NullIfEmpty(host.first_seen), e.country, e.asn, e.as_org,
                                    e.provider, NullIfEmpty(e.enriched_with)));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (!*row) return Status::Internal(where + ": the upsert returned no row");
  return q->Int64(0);
}

Result<std::vector<CompromisedHost>> SqliteStore::ListCompromisedHosts(const HostFilter& filter) {
  KENCHI_RETURN_IF_ERROR(CheckFilter(filter));
  Result<Query> q = cache_.Get(fmt::format(
      "SELECT id, document_id, ip, port, service, username, password_hash, password_preview, "
      "first_seen, country, asn, as_org, provider, enriched_with FROM compromised_hosts WHERE {}",
      kFilterSql));
  if (!q.ok()) return q.status().WithContext("cannot list compromised hosts");
  KENCHI_RETURN_IF_ERROR(q->BindAll(filter.from, filter.to, filter.limit == 0 ? int64_t{-1} : filter.limit));
  std::vector<CompromisedHost> hosts;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("cannot list compromised hosts");
    if (!*row) break;
    CompromisedHost h;
    h.id = q->Int64(0);
    h.document_id = q->Int64(1);
    h.ip = q->Text(2);
    h.port = static_cast<int>(q->Int64(3));
    h.service = q->Text(4);
    h.username = q->Text(5);
    h.password_hash = q->Text(6);
    h.password_preview = q->Text(7);
    h.first_seen = q->Text(8);
    h.enrichment = ReadEnrichment(*q, 9);
    hosts.push_back(std::move(h));
  }
  return hosts;
}

Result<std::vector<Indicator>> SqliteStore::ListIpIndicators(const HostFilter& filter) {
  KENCHI_RETURN_IF_ERROR(CheckFilter(filter));
  Result<Query> q = cache_.Get(fmt::format(
      "SELECT id, document_id, type, value, source, first_seen, last_seen, country, asn, as_org, "
      "provider, enriched_with FROM indicators WHERE type IN ('ipv4', 'ipv6') AND {}",
      kFilterSql));
  if (!q.ok()) return q.status().WithContext("cannot list IP indicators");
  KENCHI_RETURN_IF_ERROR(q->BindAll(filter.from, filter.to, filter.limit == 0 ? int64_t{-1} : filter.limit));
  std::vector<Indicator> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("cannot list IP indicators");
    if (!*row) break;
    Indicator ind;
    ind.id = q->Int64(0);
    ind.document_id = q->Int64(1);
    ind.type = q->Text(2) == "ipv6" ? IndicatorType::kIpv6 : IndicatorType::kIpv4;
    ind.value = q->Text(3);
    ind.source = q->Text(4);
    ind.first_seen = q->Text(5);
    ind.last_seen = q->Text(6);
    ind.enrichment = ReadEnrichment(*q, 7);
    out.push_back(std::move(ind));
  }
  return out;
}

namespace {

// One UPDATE shape for both tables; `table` is a constant, never input.
Status UpdateEnrichment(StatementCache& cache, std::string_view table, int64_t id,
                        const IpEnrichment& e) {
  const std::string where = fmt::format("cannot record the enrichment of {} row {}", table, id);
  if (e.enriched_with.empty()) {
    return Status::InvalidInput(where + ": the dataset version (enriched_with) is empty");
  }
  if (e.asn < 0) return Status::InvalidInput(where + ": negative ASN");
  Result<Query> q = cache.Get(fmt::format(
      "UPDATE {} SET country = ?2, asn = ?3, as_org = ?4, provider = ?5, enriched_with = ?6 "
      "WHERE id = ?1 RETURNING id",
      table));
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(q->BindAll(id, e.country, e.asn, e.as_org, e.provider, e.enriched_with));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (!*row) return Status::NotFound(where + ": no such row");
  return Status::Ok();
}

}  // namespace

Status SqliteStore::SetHostEnrichment(int64_t host_id, const IpEnrichment& enrichment) {
  return UpdateEnrichment(cache_, "compromised_hosts", host_id, enrichment);
}

Status SqliteStore::SetIndicatorEnrichment(int64_t indicator_id, const IpEnrichment& enrichment) {
  return UpdateEnrichment(cache_, "indicators", indicator_id, enrichment);
}

}  // namespace kenchi::sqlite
