// Extraction throughput: documents/s and MB/s over a generated corpus of
// notices and news (bench/extract_corpus.h), MeCab and rules together, and
// the stages on their own so the cost of each is visible:
//
//   BM_Extract          ExtractIncident: NFKC + offset map, MeCab, rules (the product)
//   BM_StageNfkc        NFKC normalisation of title and text alone
//   BM_StageMecab       MeCab tokenisation alone (the baseline: no rules)
//   BM_StageFacts       cause, origin and event-date finders over NFKC text
//
// Run: build-bench/extract_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "../bench/extract_corpus.h"
#include "kenchi/extract/cause.h"
#include "kenchi/extract/dates.h"
#include "kenchi/extract/incident.h"
#include "kenchi/text/mecab.h"
#include "kenchi/text/normalize.h"

namespace {

const std::vector<kenchi::Document>& Corpus() {
  static const std::vector<kenchi::Document> docs = kenchi::bench::GenerateExtractionCorpus(3000);
  return docs;
}

const std::vector<std::string>& NormalizedCorpus() {
  static const std::vector<std::string> out = [] {
    std::vector<std::string> v;
    for (const auto& d : Corpus()) v.push_back(kenchi::text::Nfkc(d.title) + "\n" + kenchi::text::Nfkc(d.text));
    return v;
  }();
  return out;
}

int64_t Bytes(const kenchi::Document& d) { return static_cast<int64_t>(d.title.size() + d.text.size()); }

void BM_Extract(benchmark::State& state) {
  const auto& docs = Corpus();
  size_t i = 0, incidents = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const auto& d = docs[i++ % docs.size()];
    auto inc = kenchi::extract::ExtractIncident(d);
    incidents += inc.has_value();
    bytes += Bytes(d);
    benchmark::DoNotOptimize(inc);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
  state.counters["incident_share"] = static_cast<double>(incidents) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Extract);

void BM_StageNfkc(benchmark::State& state) {
  const auto& docs = Corpus();
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const auto& d = docs[i++ % docs.size()];
    std::string t = kenchi::text::Nfkc(d.title);
    std::string b = kenchi::text::Nfkc(d.text);
    bytes += Bytes(d);
    benchmark::DoNotOptimize(t);
    benchmark::DoNotOptimize(b);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_StageNfkc);

void BM_StageMecab(benchmark::State& state) {
  const auto& docs = NormalizedCorpus();
  if (!kenchi::text::MecabStatus().ok()) {
    state.SkipWithError(kenchi::text::MecabStatus().message().c_str());
    return;
  }
  std::vector<kenchi::text::Morpheme> m;
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const auto& s = docs[i++ % docs.size()];
    (void)kenchi::text::Tokenize(s, &m);
    bytes += static_cast<int64_t>(s.size());
    benchmark::DoNotOptimize(m.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_StageMecab);

void BM_StageFacts(benchmark::State& state) {
  const auto& docs = NormalizedCorpus();
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const auto& s = docs[i++ % docs.size()];
    auto c = kenchi::extract::FindCause(s);
    auto o = kenchi::extract::FindOrigin(s);
    auto d = kenchi::extract::FindEventDates(s, "2024-06-10");
    bytes += static_cast<int64_t>(s.size());
    benchmark::DoNotOptimize(c);
    benchmark::DoNotOptimize(o);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_StageFacts);

}  // namespace

BENCHMARK_MAIN();
