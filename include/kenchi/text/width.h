// How wide text is on a terminal.
//
// Japanese and Chinese characters take two columns, so a table that pads
// by bytes or code points comes out ragged. Widths follow Unicode's East
// Asian Width property (Wide and Fullwidth are 2, combining marks 0).
#pragma once

#include <string>
#include <string_view>

namespace kenchi::text {

// Terminal columns needed to show `utf8`.
int DisplayWidth(std::string_view utf8);

// Cuts `utf8` to at most `columns` columns, ending with "…" when cut.
std::string TruncateToWidth(std::string_view utf8, int columns);

}  // namespace kenchi::text
