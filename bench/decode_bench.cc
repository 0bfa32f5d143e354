// Decoding collected bytes to UTF-8: kenchi's detector + ICU conversion
// against glibc iconv told the encoding up front (the obvious baseline: it
// does no detection at all, so the ratio is the price of detecting).
//
//   build/decode_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <iconv.h>

#include <stdexcept>
#include <string>

#include <benchmark/benchmark.h>

#include "kenchi/text/encoding.h"

namespace {

// About 4 MiB of notice-like Japanese text with ASCII digits and punctuation.
std::string JapaneseUtf8() {
  const std::string para =
      "このたび、弊社が運営する通信販売サイトにおいて第三者による不正アクセスを受け、"
      "お客様のクレジットカード情報５，８９２件および個人情報最大１８，７４６名分が"
      "流出した可能性があることが判明いたしました。2024年5月28日 お問い合わせ窓口 "
      "0120-000-000（受付時間 10:00〜17:00）。\n";
  std::string s;
  while (s.size() < (4u << 20)) s += para;
  return s;
}

std::string Iconv(const std::string& in, const char* to, const char* from) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open");
  std::string out(in.size() * 4, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  if (iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<size_t>(-1)) {
    iconv_close(cd);
    throw std::runtime_error("iconv failed");
  }
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

const std::string& Utf8() { static const std::string s = JapaneseUtf8(); return s; }
const std::string& ShiftJis() { static const std::string s = Iconv(Utf8(), "CP932", "UTF-8"); return s; }
const std::string& EucJp() { static const std::string s = Iconv(Utf8(), "EUC-JP", "UTF-8"); return s; }

void Decode(benchmark::State& state, const std::string& bytes) {
  for (auto _ : state) {
    auto r = kenchi::text::DecodeToUtf8(bytes);
    if (!r.ok()) state.SkipWithError(r.status().message().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}

void IconvKnown(benchmark::State& state, const std::string& bytes, const char* from) {
  for (auto _ : state) benchmark::DoNotOptimize(Iconv(bytes, "UTF-8", from));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}

void BM_Kenchi_Utf8(benchmark::State& s) { Decode(s, Utf8()); }
void BM_Kenchi_ShiftJis(benchmark::State& s) { Decode(s, ShiftJis()); }
void BM_Kenchi_EucJp(benchmark::State& s) { Decode(s, EucJp()); }
void BM_Iconv_Utf8(benchmark::State& s) { IconvKnown(s, Utf8(), "UTF-8"); }
void BM_Iconv_ShiftJis(benchmark::State& s) { IconvKnown(s, ShiftJis(), "CP932"); }
void BM_Iconv_EucJp(benchmark::State& s) { IconvKnown(s, EucJp(), "EUC-JP"); }

BENCHMARK(BM_Kenchi_Utf8)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Iconv_Utf8)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Kenchi_ShiftJis)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Iconv_ShiftJis)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Kenchi_EucJp)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Iconv_EucJp)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
