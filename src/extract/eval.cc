// Gold file reading and scoring; see kenchi/extract/eval.h.
#include "kenchi/extract/eval.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "kenchi/extract/incident.h"

namespace kenchi::extract {
namespace {

using nlohmann::json;

// The largest gold file read: gold sets are written by hand.
constexpr size_t kMaxLineBytes = 1 << 20;

bool IsIsoDate(const std::string& s, bool allow_month) {
  auto digits = [&](size_t b, size_t n) {
    for (size_t i = b; i < b + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  if (s.size() == 7 && allow_month) return digits(0, 4) && s[4] == '-' && digits(5, 2);
  return s.size() == 10 && digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2);
}

class LineError {
 public:
  LineError(const std::string& path, size_t line) : where_(fmt::format("{}:{}", path, line)) {}
  Status operator()(const std::string& what) const { return Status::InvalidInput(where_ + ": " + what); }

 private:
  std::string where_;
};

// An optional string member: absent or null is empty.
Status OptString(const json& obj, const char* key, const LineError& err, std::string* out) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return err(fmt::format("\"{}\" must be a string or null", key));
  *out = it->get<std::string>();
  return Status::Ok();
}

Status CheckKeys(const json& obj, std::initializer_list<const char*> allowed, const LineError& err,
                 const char* where) {
  for (const auto& item : obj.items()) {
    // A named copy: clang 14 cannot capture a structured binding.
    const std::string& k = item.key();
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; })) {
      return err(fmt::format("unknown key \"{}\" in {}", k, where));
    }
  }
  return Status::Ok();
}

Status ParseExpect(const json& e, const LineError& err, GoldItem* item) {
  if (!e.is_object()) return err("\"expect\" must be an object");
  KENCHI_RETURN_IF_ERROR(CheckKeys(e,
                                   {"incident", "organization", "types", "records", "cause", "origin_country",
                                    "occurred_on", "discovered_on"},
                                   err, "\"expect\""));
  const auto inc = e.find("incident");
  if (inc == e.end() || !inc->is_boolean()) return err("\"expect.incident\" must be true or false");
  item->incident = inc->get<bool>();
  KENCHI_RETURN_IF_ERROR(OptString(e, "organization", err, &item->organization));
  KENCHI_RETURN_IF_ERROR(OptString(e, "cause", err, &item->cause));
  KENCHI_RETURN_IF_ERROR(OptString(e, "origin_country", err, &item->origin_country));
  KENCHI_RETURN_IF_ERROR(OptString(e, "occurred_on", err, &item->occurred_on));
  KENCHI_RETURN_IF_ERROR(OptString(e, "discovered_on", err, &item->discovered_on));
  const std::string& oc = item->origin_country;
  if (!oc.empty() && (oc.size() != 2 || oc[0] < 'A' || oc[0] > 'Z' || oc[1] < 'A' || oc[1] > 'Z')) {
    return err(fmt::format("origin_country \"{}\" is not an ISO 3166 alpha-2 code", oc));
  }
  for (const std::string* d : {&item->occurred_on, &item->discovered_on}) {
    if (!d->empty() && !IsIsoDate(*d, /*allow_month=*/true)) {
      return err(fmt::format("date \"{}\" is not YYYY-MM-DD or YYYY-MM", *d));
    }
  }
  if (const auto t = e.find("types"); t != e.end() && !t->is_null()) {
    if (!t->is_array()) return err("\"types\" must be an array");
    for (const json& v : *t) {
      const auto type = v.is_string() ? ParseIncidentType(v.get<std::string>()) : std::nullopt;
      if (!type) return err(fmt::format("unknown incident type {}", v.dump()));
      item->types.push_back(*type);
    }
  }
  if (const auto r = e.find("records"); r != e.end() && !r->is_null()) {
    if (!r->is_array()) return err("\"records\" must be an array");
    for (const json& v : *r) {
      if (!v.is_object()) return err("each record must be an object");
      KENCHI_RETURN_IF_ERROR(CheckKeys(v, {"data_type", "count", "qualifier"}, err, "a record"));
      GoldRecord g;
      const auto dt = v.contains("data_type") && v["data_type"].is_string()
                          ? ParseDataType(v["data_type"].get<std::string>())
                          : std::nullopt;
      if (!dt) return err(fmt::format("record has no valid data_type: {}", v.dump()));
      g.data_type = *dt;
      if (!v.contains("count") || !v["count"].is_number_integer() || v["count"].get<int64_t>() <= 0) {
        return err(fmt::format("record count must be a positive integer: {}", v.dump()));
      }
      g.count = v["count"].get<int64_t>();
      if (v.contains("qualifier")) {
        const auto q = v["qualifier"].is_string() ? ParseQualifier(v["qualifier"].get<std::string>()) : std::nullopt;
        if (!q) return err(fmt::format("unknown qualifier {}", v["qualifier"].dump()));
        g.qualifier = *q;
      }
      item->records.push_back(g);
    }
  }
  if (!item->incident && (!item->organization.empty() || !item->types.empty() || !item->records.empty())) {
    return err("an item that is not an incident cannot expect an organization, types or records");
  }
  return Status::Ok();
}

Status ParseItem(const std::string& text, const LineError& err, GoldItem* item) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return err("not valid JSON");
  if (!j.is_object()) return err("an item must be a JSON object");
  KENCHI_RETURN_IF_ERROR(CheckKeys(j, {"id", "title", "published_on", "text", "expect", "note"}, err, "the item"));
  KENCHI_RETURN_IF_ERROR(OptString(j, "id", err, &item->id));
  KENCHI_RETURN_IF_ERROR(OptString(j, "title", err, &item->doc.title));
  KENCHI_RETURN_IF_ERROR(OptString(j, "published_on", err, &item->doc.published_on));
  KENCHI_RETURN_IF_ERROR(OptString(j, "text", err, &item->doc.text));
  if (item->doc.text.empty()) return err("\"text\" is missing or empty");
  if (!item->doc.published_on.empty() && !IsIsoDate(item->doc.published_on, false)) {
    return err(fmt::format("published_on \"{}\" is not YYYY-MM-DD", item->doc.published_on));
  }
  const auto e = j.find("expect");
  if (e == j.end()) return err("\"expect\" is missing");
  return ParseExpect(*e, err, item);
}

// ---- scoring ----------------------------------------------------------------------

class Scorer {
 public:
  explicit Scorer(EvalReport* r) : r_(r) {
    for (const char* f : {"incident", "organization", "types", "records", "record_counts", "cause",
                          "origin_country", "dates"}) {
      r_->fields.push_back(FieldScore{f});
    }
  }

  // Compares two sets of facts (as strings) for one field of one item.
  void Sets(const GoldItem& g, const std::string& field, const std::set<std::string>& expected,
            const std::set<std::string>& got) {
    FieldScore& f = Get(field);
    for (const std::string& e : expected) {
      if (got.count(e)) {
        ++f.tp;
      } else {
        ++f.fn;
        r_->misses.push_back({g.id, g.line, field, e, Join(got, expected)});
      }
    }
    for (const std::string& x : got) {
      if (!expected.count(x)) {
        ++f.fp;
        if (expected.empty()) r_->misses.push_back({g.id, g.line, field, "", x});
      }
    }
  }

 private:
  FieldScore& Get(const std::string& name) {
    for (FieldScore& f : r_->fields) {
      if (f.field == name) return f;
    }
    return r_->fields.front();
  }
  // What was extracted instead (the facts not in the gold).
  static std::string Join(const std::set<std::string>& got, const std::set<std::string>& expected) {
    std::string out;
    for (const std::string& x : got) {
      if (expected.count(x)) continue;
      if (!out.empty()) out += ", ";
      out += x;
    }
    return out;
  }
  EvalReport* r_;
};

std::set<std::string> One(const std::string& s) { return s.empty() ? std::set<std::string>{} : std::set{s}; }

// A gold date "2024-09" matches any extracted day of that month: then the
// extracted date is reported as the gold's form.
std::string DateAs(const std::string& gold, const std::string& got) {
  if (gold.size() == 7 && got.starts_with(gold)) return gold;
  return got;
}

}  // namespace

Result<std::vector<GoldItem>> LoadGold(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("cannot read gold file {}", path));
  std::vector<GoldItem> items;
  std::set<std::string> ids;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    const LineError err(path, n);
    if (line.size() > kMaxLineBytes) return err(fmt::format("line longer than {} bytes", kMaxLineBytes));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    GoldItem item;
    item.line = n;
    KENCHI_RETURN_IF_ERROR(ParseItem(line, err, &item));
    if (item.id.empty()) item.id = fmt::format("line{}", n);
    if (!ids.insert(item.id).second) return err(fmt::format("duplicate id \"{}\"", item.id));
    item.doc.id = static_cast<int64_t>(items.size()) + 1;
    item.doc.uri = fmt::format("{}#L{}", path, n);
    items.push_back(std::move(item));
  }
  if (in.bad()) return Status::IoError(fmt::format("error reading {}", path));
  if (items.empty()) return Status::InvalidInput(fmt::format("{}: no gold items", path));
  return items;
}

const FieldScore* EvalReport::Field(const std::string& name) const {
  for (const FieldScore& f : fields) {
    if (f.field == name) return &f;
  }
  return nullptr;
}

EvalReport EvaluateExtraction(const std::vector<GoldItem>& gold) {
  EvalReport report;
  report.items = gold.size();
  Scorer sc(&report);
  for (const GoldItem& g : gold) {
    const std::optional<Incident> got = ExtractIncident(g.doc);
    sc.Sets(g, "incident", g.incident ? One("incident") : std::set<std::string>{},
            got ? One("incident") : std::set<std::string>{});
    const Incident none;
    const Incident& in = got ? *got : none;
    const auto key_of = [](const std::string& name) {
      return name.empty() ? std::string() : OrganizationKey(name);
    };
    // Report names as written, compared by key.
    std::set<std::string> org_expected, org_got;
    if (!g.organization.empty()) org_expected.insert(key_of(g.organization));
    if (!in.organization.empty()) org_got.insert(key_of(in.organization));
    sc.Sets(g, "organization", org_expected, org_got);

    std::set<std::string> te, tg;
    for (IncidentType t : g.types) te.insert(std::string(ToString(t)));
    for (IncidentType t : in.types) tg.insert(std::string(ToString(t)));
    sc.Sets(g, "types", te, tg);

    std::set<std::string> re, rg, ce, cg;
    for (const GoldRecord& r : g.records) {
      re.insert(fmt::format("{} {} {}", ToString(r.data_type), r.count, ToString(r.qualifier)));
      ce.insert(fmt::format("{} {}", ToString(r.data_type), r.count));
    }
    for (const RecordCount& r : in.records) {
      rg.insert(fmt::format("{} {} {}", ToString(r.data_type), r.count, ToString(r.qualifier)));
      cg.insert(fmt::format("{} {}", ToString(r.data_type), r.count));
    }
    sc.Sets(g, "records", re, rg);
    sc.Sets(g, "record_counts", ce, cg);
    sc.Sets(g, "cause", One(g.cause), One(in.cause));
    sc.Sets(g, "origin_country", One(g.origin_country), One(in.origin_country));

    std::set<std::string> de, dg;
    if (!g.occurred_on.empty()) {
      de.insert("occurred " + g.occurred_on);
      if (!in.occurred_on.empty()) dg.insert("occurred " + DateAs(g.occurred_on, in.occurred_on));
    }
    if (!g.discovered_on.empty()) {
      de.insert("discovered " + g.discovered_on);
      if (!in.discovered_on.empty()) dg.insert("discovered " + DateAs(g.discovered_on, in.discovered_on));
    }
    sc.Sets(g, "dates", de, dg);
  }
  return report;
}

}  // namespace kenchi::extract
