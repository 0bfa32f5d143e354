// PDF from the report's HTML with a real browser engine: headless
// Chromium (Debian's `chromium` package) prints the page with its print
// CSS (A4) to PDF. (scripts/render-report.sh takes screenshots the same way.) kenchi does not lay out pages
// itself; Chromium's layout handles Japanese line breaking, fonts and
// fallbacks (install fonts-noto-cjk) as a reader's browser would.
//
// The engine is $KENCHI_CHROMIUM when set, else the first of chromium,
// chromium-browser, google-chrome on PATH. It runs with a throw-away
// profile directory, no network needed (the HTML is self-contained) and a
// time limit.
#pragma once

#include <string>

#include "kenchi/status.h"

namespace kenchi::report {

// The engine's path; kNotFound with what to install when there is none
// (or when $KENCHI_CHROMIUM names no executable file).
Result<std::string> FindChromium();

// The PDF bytes of `html`. kNotFound when there is no engine; kIoError
// when it fails, times out (`timeout_seconds`) or writes no valid PDF.
Result<std::string> HtmlToPdf(const std::string& html, int timeout_seconds = 120);

}  // namespace kenchi::report
