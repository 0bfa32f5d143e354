// Pieces of the post parsers (telegram.cc, forum.cc, paste.cc,
// post_meta.cc) shared between them, their tests and fuzz targets.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace kenchi::parse::internal {

// Deeper than any real export; keeps a hostile "[[[[..." from costing more
// than it is worth (nlohmann parses recursively).
inline constexpr int kMaxTelegramDepth = 256;

// Deepest nesting of arrays/objects, ignoring brackets inside strings.
int JsonNestingDepth(std::string_view s);

// A Telegram message's "text": a string, or an array of strings and entity
// objects whose "text" members are concatenated. Null is "". Anything else
// is nullopt with `*reason` set.
std::optional<std::string> FlattenTelegramText(const nlohmann::json& text, std::string* reason);

// ISO 8601 UTC ("2024-06-01T03:34:56Z") for Unix seconds given as digits;
// empty when `s` is not a plausible Unix time.
std::string UnixTimeToIso(std::string_view s);

}  // namespace kenchi::parse::internal
