// libFuzzer target: ExtractIncident on arbitrary text.
//
// Beyond "does not crash": every evidence span lies within doc.text and is
// not reversed, dates are YYYY-MM-DD, origins are two capital letters, and
// the date, cause and origin finders keep their spans inside their input.
// A violated promise aborts so the fuzzer keeps the input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kenchi/extract/cause.h"
#include "kenchi/extract/dates.h"
#include "kenchi/extract/incident.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "extract_fuzz: broken promise: %s\n", what);
    std::abort();
  }
}

void CheckSpan(const kenchi::Evidence& e, size_t text_size, const char* what) {
  Check(e.begin <= e.end, what);
  Check(e.end <= text_size, what);
}

bool IsDate(const std::string& s) {
  if (s.empty()) return true;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // documents are capped upstream; keep runs fast
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  kenchi::Document doc;
  doc.id = 1;
  // Up to the first newline is the title, the rest the text; a leading
  // "@YYYY-MM-DD\n" sets the publication date so relative dates resolve.
  std::string_view rest = in;
  if (rest.size() >= 12 && rest[0] == '@' && rest[11] == '\n') {
    doc.published_on = std::string(rest.substr(1, 10));
    if (!IsDate(doc.published_on)) doc.published_on.clear();
    rest.remove_prefix(12);
  }
  const size_t nl = rest.find('\n');
  if (nl != std::string_view::npos) doc.title = std::string(rest.substr(0, nl));
  doc.text = std::string(rest);

  if (auto inc = kenchi::extract::ExtractIncident(doc)) {
    const size_t n = doc.text.size();
    CheckSpan(inc->organization_evidence, n, "organization evidence");
    CheckSpan(inc->cause_evidence, n, "cause evidence");
    CheckSpan(inc->origin_evidence, n, "origin evidence");
    CheckSpan(inc->occurred_evidence, n, "occurred evidence");
    CheckSpan(inc->discovered_evidence, n, "discovered evidence");
    for (const auto& r : inc->records) {
      CheckSpan(r.evidence, n, "record evidence");
      Check(r.count > 0, "record count positive");
    }
    Check(IsDate(inc->occurred_on) && IsDate(inc->discovered_on), "event dates are YYYY-MM-DD");
    Check(inc->origin_country.empty() ||
              (inc->origin_country.size() == 2 && inc->origin_country[0] >= 'A' && inc->origin_country[0] <= 'Z'),
          "origin is alpha-2");
    Check(!inc->types.empty(), "an incident has a type");
  }
  for (const auto& d : kenchi::extract::FindDateMentions(doc.text, doc.published_on)) {
    Check(d.begin < d.end && d.end <= doc.text.size(), "date span");
    Check(IsDate(d.Iso()), "date is YYYY-MM-DD");
  }
  if (auto c = kenchi::extract::FindCause(doc.text)) Check(c->end <= doc.text.size(), "cause span");
  if (auto o = kenchi::extract::FindOrigin(doc.text)) Check(o->end <= doc.text.size(), "origin span");
  return 0;
}
