// Incident facts from the text of a notice or news article.
//
// Given a Document, decides whether it reports a breach and, if so, pulls
// out the victim organisation, the disclosure date and the records put at
// risk per data type. Rules run over NFKC-normalised text, so full-width
// digits and brackets need no special cases; evidence offsets refer to the
// document's own (un-normalised) text.
#pragma once

#include <optional>

#include "kenchi/model.h"

namespace kenchi::extract {

// Returns the incident the document reports, or nothing when it reports
// none. `doc.id` is copied into the evidence and document_ids.
std::optional<Incident> ExtractIncident(const Document& doc);

}  // namespace kenchi::extract
