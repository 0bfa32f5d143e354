// Severity, title, evidence and dedup key of an alert (see rules.h).
#include "kenchi/alert/rules.h"

#include <fmt/format.h>

#include "kenchi/parse/parse.h"

namespace kenchi::alert {
namespace {

bool IsNetworkKind(AssetKind k) {
  return k == AssetKind::kIpv4 || k == AssetKind::kIpv6 || k == AssetKind::kCidr ||
         k == AssetKind::kAsn;
}
bool IsDomainKind(AssetKind k) { return k == AssetKind::kDomain || k == AssetKind::kEmailDomain; }

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Moves `i` back over `chars` code points (not past 0).
size_t BackChars(std::string_view s, size_t i, size_t chars) {
  while (i > 0 && chars > 0) {
    --i;
    while (i > 0 && IsContinuation(static_cast<unsigned char>(s[i]))) --i;
    --chars;
  }
  return i;
}

size_t ForwardChars(std::string_view s, size_t i, size_t chars) {
  while (i < s.size() && chars > 0) {
    ++i;
    while (i < s.size() && IsContinuation(static_cast<unsigned char>(s[i]))) ++i;
    --chars;
  }
  return i;
}

void AppendFlat(std::string_view part, std::string& out) {
  bool space = false;
  for (char c : part) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!space) out.push_back(' ');
      space = true;
    } else {
      out.push_back(c);
      space = false;
    }
  }
}

std::string_view KindNoun(std::string_view fact_kind) {
  if (fact_kind == "credential_exposure") return "credential";
  if (fact_kind == "compromised_host") return "compromised host";
  return fact_kind;
}

}  // namespace

Severity SeverityFor(const MatchableFact& fact, const match::WatchHit& hit) {
  const std::string_view kind = fact.kind;
  if (kind == "credential_exposure") return fact.has_secret ? Severity::kCritical : Severity::kHigh;
  if (kind == "compromised_host") return fact.has_secret ? Severity::kCritical : Severity::kHigh;
  if (kind == "listing") return fact.detail == "access_sale" ? Severity::kCritical : Severity::kHigh;
  if (kind == "incident") return Severity::kHigh;
  if (kind == "indicator") return Severity::kMedium;
  // A document: what was named in it.
  switch (hit.kind) {
    case AssetKind::kBin:
      return Severity::kHigh;
    case AssetKind::kPerson:
    case AssetKind::kCloudAccount:
      return Severity::kMedium;
    default:
      if (IsNetworkKind(hit.kind) || IsDomainKind(hit.kind)) return Severity::kMedium;
      return Severity::kLow;
  }
}

std::string DedupKey(int64_t organization_id, const Asset& asset, std::string_view fact_kind,
                     std::string_view natural_key) {
  // Unit separators keep the fields apart whatever they contain.
  return parse::Sha256Hex(fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", organization_id, ToString(asset.kind),
                               match::AssetGroup(asset), fact_kind, natural_key));
}

std::string EvidenceSnippet(std::string_view text, size_t begin, size_t end, size_t context_chars) {
  if (end > text.size()) end = text.size();
  if (begin > end) begin = end;
  const size_t from = BackChars(text, begin, context_chars);
  const size_t to = ForwardChars(text, end, context_chars);
  std::string out;
  if (from > 0) out += "…";
  AppendFlat(text.substr(from, begin - from), out);
  out += '[';
  AppendFlat(text.substr(begin, end - begin), out);
  out += ']';
  AppendFlat(text.substr(end, to - end), out);
  if (to < text.size()) out += "…";
  return out;
}

Alert MakeAlert(const Organization& org, const Asset& asset, const MatchableFact& fact,
                const match::WatchHit& hit) {
  Alert a;
  a.organization_id = org.id;
  a.asset_id = asset.id;
  a.fact_kind = fact.kind;
  a.fact_id = fact.id;
  a.severity = SeverityFor(fact, hit);
  a.status = AlertStatus::kNew;
  a.dedup_key = DedupKey(org.id, asset, fact.kind, fact.natural_key);
  a.matched = hit.matched;
  a.document_id = fact.document_id;
  a.first_seen = fact.seen_at;
  a.last_seen = fact.seen_at;
  const std::string_view group = match::AssetGroup(asset);
  const std::string_view org_name = org.display_name.empty() ? org.name : org.display_name;

  if (hit.field == match::HitField::kText) {
    a.evidence = EvidenceSnippet(fact.text, hit.begin, hit.end, kEvidenceContextChars);
  } else {
    a.evidence = fmt::format("{} {} ({} of {})", KindNoun(fact.kind), fact.summary,
                             ToString(hit.kind), hit.matched);
  }
  const std::string_view kind = fact.kind;
  if (kind == "credential_exposure") {
    a.title = fmt::format("{}: credential {} in a dump{}", org_name, fact.summary,
                          fact.has_secret ? " with a password" : "");
  } else if (kind == "compromised_host") {
    a.title = fmt::format("{}: compromised host {} listed{}", org_name, fact.summary,
                          fact.has_secret ? " with credentials" : "");
  } else if (kind == "listing") {
    a.title = fmt::format("{}: underground listing ({}) names {}", org_name,
                          fact.detail.empty() ? "other" : fact.detail, group);
  } else if (kind == "incident") {
    a.title = fmt::format("{}: incident reported for {}", org_name, fact.summary);
  } else if (kind == "indicator") {
    a.title = fmt::format("{}: {} ({}) appears as an indicator {}", org_name, hit.matched,
                          ToString(hit.kind), fact.summary);
  } else {
    a.title = fmt::format("{}: {} \"{}\" mentioned in {}", org_name, ToString(hit.kind),
                          hit.kind == AssetKind::kBin ? std::string_view(asset.value) : group,
                          fact.summary);
  }
  return a;
}

}  // namespace kenchi::alert
