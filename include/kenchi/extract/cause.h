// The stated cause of an incident and where the attacker's access came from.
//
// Both work on NFKC-normalised text (Japanese or English) and return the
// span of the sentence part that states them, as byte offsets into that
// text, so the caller can keep it as evidence.
//
// Cause labels are short, stable and lower-case, so that they can be
// counted: sql_injection, credential_stuffing, brute_force, weak_password,
// contractor_compromise, misconfiguration, vulnerability (optionally with the
// product: "vulnerability:ec-cube", "vulnerability:vpn"), rdp_exposure,
// phishing, insider, malware, human_error, software_bug.
//
// The origin is an ISO 3166 alpha-2 code, and only when the text says the
// access came from that country ("ブラジルからのアクセス", "アクセス元はオランダ
// のIPアドレス", "originating from servers in China"). A country named for
// any other reason (an office, an affiliate, a regulator) is not an origin,
// and when the access is said to come from several countries there is no
// single origin.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kenchi::extract {

struct Finding {
  std::string value;  // the label or the country code
  size_t begin = 0;   // the span of the trigger words in the searched text
  size_t end = 0;
};

std::optional<Finding> FindCause(std::string_view nfkc_text);
std::optional<Finding> FindOrigin(std::string_view nfkc_text);

}  // namespace kenchi::extract
