// Credential exposures counted by registrable domain.
//
// A dump names mail.kakuu-mart.example.jp, shop.kakuu-mart.example.jp and
// kakuu-mart.example.jp; they are one victim. `kenchi stats exposures`
// (and the report) count exposures under the registrable domain the Public
// Suffix List gives for each stored domain (kenchi/enrich/domain.h), with
// the host names that were merged and each domain's share of the total.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kenchi/enrich/domain.h"
#include "kenchi/store.h"

namespace kenchi::enrich {

struct RegistrableExposures {
  std::string registrable;          // A-label form (punycode), the key
  std::string registrable_unicode;  // U-label form, for people
  int64_t exposures = 0;            // distinct identity + password pairs
  int64_t sightings = 0;            // times seen, rescans included
  double share = 0;                 // exposures / total exposures, 0..1
  std::vector<std::string> domains; // the stored domains merged here, sorted
};

struct ExposureStats {
  std::string from, to;  // the period asked for (YYYY-MM-DD or empty)
  int64_t exposures = 0;
  int64_t sightings = 0;
  // Most exposures first; ties by registrable domain. A stored domain the
  // list cannot analyse (not a host name) is kept under its own name.
  std::vector<RegistrableExposures> by_registrable;
  std::string suffix_list;  // the Public Suffix List file used
};

ExposureStats ComputeExposureStats(const std::vector<DomainExposureCount>& counts,
                                   const PublicSuffixList& psl);

}  // namespace kenchi::enrich
