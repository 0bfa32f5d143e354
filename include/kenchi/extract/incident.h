// Incident facts from the text of a notice or news article.
//
// Given a Document, decides whether it reports a breach and, if so, pulls
// out the victim organisation, the disclosure date and the records put at
// risk per data type. Rules run over NFKC-normalised text, so full-width
// digits and brackets need no special cases; evidence offsets refer to the
// document's own (un-normalised) text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kenchi/model.h"

namespace kenchi::extract {

// Returns the incident the document reports, or nothing when it reports
// none. `doc.id` is copied into the evidence and document_ids.
//
// Uses MeCab (kenchi/text/mecab.h) for Japanese subjects and negation when
// it can be loaded; without it the rules alone run (MecabStatus() says why).
std::optional<Incident> ExtractIncident(const Document& doc);

// The grouping key of an organisation name: NFKC, case-folded, without
// legal forms (株式会社, 国立大学法人, Co., Ltd., Inc. ...), bracketed
// aliases ("PayPay(ペイペイ)" -> "paypay") and spaces. Two names with the
// same key are taken to be the same organisation.
std::string OrganizationKey(std::string_view name);

}  // namespace kenchi::extract
