// The combolist fast path, baseline build (SSE2 on x86-64, plain C++
// elsewhere), and the choice between it and the AVX2 build.
#include "pipeline/scan_combo_loop.inc"

namespace kenchi::pipeline::internal {

void ComboBlockSse2(ScanWorker& worker, std::string_view block, uint64_t base) {
  ComboLoop(worker, block, base);
}

void ComboBlock(ScanWorker& worker, std::string_view block, uint64_t base) {
#if defined(__x86_64__) && defined(KENCHI_HAVE_AVX2_BUILD)
  // The AVX2 build also uses BMI1/2, LZCNT and POPCNT, which every CPU
  // with AVX2 kenchi may meet has (Intel since Haswell, AMD since
  // Excavator); checked all the same, but for LZCNT, which not every
  // compiler can ask about and which came with BMI1 on both.
  static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
                           __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
  if (avx2) {
    ComboBlockAvx2(worker, block, base);
    return;
  }
#endif
  ComboBlockSse2(worker, block, base);
}

}  // namespace kenchi::pipeline::internal
