// The few pieces of MIME (RFC 2045-2047, RFC 5322) that an alert email
// needs, so that Japanese subjects, names and bodies arrive intact through
// any mail system, 7-bit relays included.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kenchi::alert {

// A header value as RFC 2047 encoded-words when it is not plain ASCII:
// "=?UTF-8?B?...?=" words of at most 75 characters, split only between
// whole UTF-8 characters and joined by CRLF SP (folding), so no header line
// grows past 78 characters. ASCII text is returned as it is.
std::string EncodeHeaderText(std::string_view utf8);

// "Display Name <addr@example.jp>" with the name encoded when needed, or
// just the address when the name is empty.
std::string FormatAddress(std::string_view display_name, std::string_view address);

// Base64 of `bytes` in lines of 76 characters, each ending in CRLF
// (Content-Transfer-Encoding: base64).
std::string Base64Lines(std::string_view bytes);

// An RFC 5322 date: "Wed, 25 Nov 2026 19:21:24 +0000".
std::string Rfc5322Date(int64_t unix_seconds);

// "<random.hex@domain>": unique without coordination (128 random bits).
std::string MakeMessageId(std::string_view domain);

// Whether `address` looks like local@domain with no spaces, angle brackets
// or line breaks (what may go into MAIL FROM / RCPT TO and a header).
bool IsPlausibleAddress(std::string_view address);

struct MimeAttachment {
  std::string content_type;  // "application/json"
  std::string filename;      // ASCII
  std::string bytes;
};

struct MailMessage {
  std::string from_name;
  std::string from_address;
  std::vector<std::string> to;  // addresses
  std::string subject;          // UTF-8
  std::string text;             // UTF-8 body, "\n" line ends
  // Optional HTML version of the same body (UTF-8). When set, the body is
  // multipart/alternative: text first, HTML last (the preferred one, as
  // RFC 2046 orders them), so a text-only client still reads the text.
  std::string html;
  std::vector<MimeAttachment> attachments;
};

// The whole message, CRLF line ends: Date, From, To, Subject, Message-ID,
// MIME-Version, then the body: a single text/plain; charset=UTF-8 part, or
// multipart/alternative (text, HTML) when `html` is set; with attachments,
// multipart/mixed with that body first and the attachments after. Every
// part is base64-encoded. Text attachments (text/*, application/json) are
// labelled charset=UTF-8; binary ones (application/pdf) are not.
std::string BuildMail(const MailMessage& message, int64_t unix_seconds);

}  // namespace kenchi::alert
