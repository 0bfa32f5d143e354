// Matching what is stored against every organisation's watchlist, and
// turning the hits into alerts (`kenchi match`, and after `kenchi ingest`).
//
// Every fact kind is read in id order above the watermark recorded for the
// current watchlists (Store::GetMatchedUpTo), so a re-run only looks at rows
// stored since. When the watchlists or allow-lists change, their fingerprint
// changes and every row is matched again; alerts are deduplicated by their
// key and sightings by (fact kind, fact id), so that costs time but never
// creates a duplicate alert or sighting. Each batch of rows is matched and
// its alerts and watermark are written in one transaction: an interrupted
// run resumes where it stopped.
//
// Facts are matched before documents, and a document that produced a fact
// alert for an organisation (a listing, an incident) does not also raise a
// "mentioned in" alert for it: one finding, one alert.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::pipeline {

struct MatchRunOptions {
  int batch_size = 500;  // rows read and committed together
  // Called for each alert created or seen again (not for unchanged ones).
  std::function<void(const Alert&, const UpsertAlertOutcome&)> on_alert;
};

struct MatchRunReport {
  int64_t organizations = 0;
  int64_t assets = 0;
  int64_t rows_matched = 0;      // rows read this run, all kinds
  std::map<std::string, int64_t> rows_by_kind;
  int64_t hits = 0;              // watchlist hits, before grouping into alerts
  int64_t alerts_new = 0;
  int64_t sightings_new = 0;     // new sightings of existing alerts
  int64_t reopened = 0;          // resolved alerts seen again
  std::string fingerprint;
};

// The fact kinds in the order they are matched.
const std::vector<std::string>& MatchFactKinds();

Result<MatchRunReport> RunMatching(Store& store, const MatchRunOptions& options);

}  // namespace kenchi::pipeline
