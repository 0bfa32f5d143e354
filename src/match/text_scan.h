// Finding typed values (IP addresses, card numbers, BIN mentions) in
// folded text, and the word-boundary test of the whole_word option.
// Private to src/match/.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "kenchi/match/asset_value.h"

namespace kenchi::match {

// Calls `found(begin, end, address)` for each IPv4 or IPv6 literal in `text`.
void FindIpLiterals(std::string_view text,
                    const std::function<void(size_t, size_t, const IpBytes&)>& found);

// Calls `found(begin, end, digits)` for each card number in `text`: 13-19
// digits, optionally in groups separated by single spaces or hyphens,
// passing the Luhn check, not touching other digits; and for each BIN
// mention ("BIN 453201", "bin:45320112"): 6-8 digits after the word BIN.
// `digits` holds the digits only.
void FindCardNumbers(std::string_view text,
                     const std::function<void(size_t, size_t, std::string_view)>& found);

// Whether the code point is a "word" character for whole_word: an ASCII
// letter or digit, or a Latin-script letter (é, ß, ...).
bool IsWordCodePoint(int32_t c);

// Whether [begin, end) in `text` has no word character touching it on a
// side where the match itself starts or ends with a word character.
bool AtWordBoundaries(std::string_view text, size_t begin, size_t end);

// Whether [begin, end) is a whole host name (or its right-hand part) in
// `text`: no host character before it other than '.', and none after it
// (a '.' after it may only end a sentence). Returns the start of the whole
// host name (extended left over labels) in `host_begin`.
bool AtDomainBoundaries(std::string_view text, size_t begin, size_t end, size_t* host_begin);

}  // namespace kenchi::match
