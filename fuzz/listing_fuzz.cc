// libFuzzer target: listing extraction on arbitrary post text.
//
// Beyond "does not crash": evidence spans lie inside the text, volumes and
// prices are not negative, and a country is two capital letters.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kenchi/extract/listing.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "listing_fuzz: broken promise: %s\n", what);
    std::abort();
  }
}

void CheckSpan(const kenchi::Evidence& e, size_t size) {
  Check(e.begin <= e.end && e.end <= size, "evidence inside the text");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kenchi::Document doc;
  doc.id = 1;
  doc.source = "telegram";
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  std::optional<kenchi::Listing> l = kenchi::extract::ExtractListing(doc, {});
  if (!l) return 0;
  CheckSpan(l->offering_evidence, size);
  CheckSpan(l->volume_evidence, size);
  CheckSpan(l->price_evidence, size);
  Check(!l->volume || *l->volume >= 0, "volume >= 0");
  Check(!l->price || *l->price >= 0, "price >= 0");
  Check(l->target_country.empty() ||
            (l->target_country.size() == 2 && l->target_country[0] >= 'A' &&
             l->target_country[0] <= 'Z'),
        "country");
  return 0;
}
