// The combolist fast path built for AVX2, BMI1/2, LZCNT and POPCNT; used
// only when the CPU has them (ComboBlock in scan_combo.cc checks).
//
// Those instruction sets are switched on for the loop's own functions, by a
// pragma after the headers, not by compiler flags for the whole file. With
// flags, every inline function of a header that this file does not inline
// (all of them at -O0: the prefilter's, the worker's, the standard
// library's) would be compiled here with AVX2 as well as baseline in the
// other files, and the linker keeps one copy: possibly this one, which
// would then run on a CPU without AVX2. Header functions stay baseline
// here, and are inlined into the loop all the same.
#include <algorithm>
#include <cstring>
#include <string_view>

#include "pipeline/scan_worker.h"

#if defined(__x86_64__) && defined(KENCHI_HAVE_AVX2_BUILD)
#include <immintrin.h>
#define KENCHI_SCAN_AVX2 1
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,bmi,bmi2,lzcnt,popcnt"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,bmi,bmi2,lzcnt,popcnt")
#endif
#endif

#include "pipeline/scan_combo_loop.inc"

namespace kenchi::pipeline::internal {

void ComboBlockAvx2(ScanWorker& worker, std::string_view block, uint64_t base) {
  ComboLoop(worker, block, base);
}

}  // namespace kenchi::pipeline::internal

#if defined(KENCHI_SCAN_AVX2)
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif
