// The combolist fast path built with -mavx2 (see CMakeLists.txt); used only
// when the CPU has AVX2 (ComboBlock in scan_combo.cc checks).
#include "pipeline/scan_combo_loop.inc"

namespace kenchi::pipeline::internal {

void ComboBlockAvx2(ScanWorker& worker, std::string_view block, uint64_t base) {
  ComboLoop(worker, block, base);
}

}  // namespace kenchi::pipeline::internal
