// The JSON form of an alert, shared by every sink that speaks JSON (the
// JSON lines file, stdout, the webhook body), so a receiver parses one shape.
//
//   {"type":"kenchi.alert","version":1,"id":12,"organization":{"id":1,
//    "name":"sample","display_name":"株式会社サンプル"},"severity":"critical",
//    "status":"new","title":"...","evidence":"...","fact":{"kind":"listing","id":7},
//    "asset_id":3,"dedup_key":"...","first_seen":"...","last_seen":"..."}
//
// `version` changes only when a field changes meaning or disappears; new
// fields may be added at any time, so receivers should ignore unknown ones.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "kenchi/model.h"

namespace kenchi::alert {

inline constexpr int kAlertJsonVersion = 1;

nlohmann::json AlertToJson(const Organization& org, const Alert& alert);

// One line of JSON (no newline inside, none at the end). Invalid UTF-8 in
// the alert's text is replaced with U+FFFD rather than failing the delivery.
std::string AlertJsonLine(const Organization& org, const Alert& alert);

}  // namespace kenchi::alert
