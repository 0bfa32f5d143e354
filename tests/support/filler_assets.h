// Many watched values at once, for tests whose tables must outgrow the
// cache (the scan's prefetch pipeline starts there). Added with
// WatchSet::AddAssets, whose duplicate check is a hash set (Add's is
// linear).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kenchi/model.h"

namespace kenchi::testing {

// `count` assets of `kind` named prefix0<suffix>, prefix1<suffix>, ...
inline std::vector<Asset> FillerAssets(size_t count, AssetKind kind, const std::string& prefix,
                                       const std::string& suffix) {
  std::vector<Asset> out(count);
  for (size_t i = 0; i < count; ++i) {
    out[i].id = static_cast<int64_t>(i + 1);
    out[i].kind = kind;
    out[i].value = prefix + std::to_string(i) + suffix;
  }
  return out;
}

}  // namespace kenchi::testing
