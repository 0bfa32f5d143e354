#include "kenchi/alert/mime.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

namespace kenchi::alert {
namespace {

// Raw bytes per encoded-word: 36 bytes are 48 base64 characters, so a word
// is 60 characters and "Subject: " plus a word stays under 78.
constexpr size_t kWordBytes = 36;

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool IsPlainAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  // "=?" would be read as the start of an encoded-word.
  return s.find("=?") == std::string_view::npos;
}

// Length of the UTF-8 sequence starting with lead byte `c` (1 for a stray
// continuation byte, so malformed input still advances).
size_t Utf8SequenceLength(unsigned char c) {
  if (c >= 0xf0) return 4;
  if (c >= 0xe0) return 3;
  if (c >= 0xc0) return 2;
  return 1;
}

std::string RandomHex(size_t bytes) {
  unsigned char buf[32];
  if (bytes > sizeof buf) bytes = sizeof buf;
  if (RAND_bytes(buf, static_cast<int>(bytes)) != 1) {
    // No entropy source is a broken system; a time-based value still
    // makes the id unique enough for a Message-ID.
    const auto t = static_cast<uint64_t>(std::time(nullptr));
    for (size_t i = 0; i < bytes; ++i) buf[i] = static_cast<unsigned char>(t >> (8 * (i % 8)));
  }
  std::string hex;
  for (size_t i = 0; i < bytes; ++i) hex += fmt::format("{:02x}", buf[i]);
  return hex;
}

std::string_view DomainOf(std::string_view address) {
  const size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view("localhost") : address.substr(at + 1);
}

std::string JoinAddresses(const std::vector<std::string>& to) {
  std::string out;
  for (const std::string& a : to) {
    if (!out.empty()) out += ",\r\n ";
    out += a;
  }
  return out;
}

// CRLF line ends in a text body as SMTP wants them, before encoding.
std::string CrLf(std::string_view in) {
  std::string out;
  out.reserve(in.size() + in.size() / 40);
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) out += '\r';
    out += in[i];
  }
  return out;
}

}  // namespace

std::string EncodeHeaderText(std::string_view utf8) {
  if (IsPlainAscii(utf8)) return std::string(utf8);
  std::string out;
  size_t i = 0;
  while (i < utf8.size()) {
    size_t end = i;
    while (end < utf8.size()) {
      const size_t len = Utf8SequenceLength(static_cast<unsigned char>(utf8[end]));
      if (end + len - i > kWordBytes) break;
      end += len;
    }
    if (end == i) end = std::min(utf8.size(), i + Utf8SequenceLength(static_cast<unsigned char>(utf8[i])));
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(utf8.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string FormatAddress(std::string_view display_name, std::string_view address) {
  if (display_name.empty()) return std::string(address);
  std::string name;
  if (IsPlainAscii(display_name)) {
    // A quoted-string, so commas and dots in a name need no thought.
    name = "\"";
    for (char c : display_name) {
      if (c == '"' || c == '\\') name += '\\';
      name += c;
    }
    name += "\"";
  } else {
    name = EncodeHeaderText(display_name);
  }
  return fmt::format("{} <{}>", name, address);
}

std::string Base64Lines(std::string_view bytes) {
  const std::string b64 = Base64(bytes);
  std::string out;
  out.reserve(b64.size() + b64.size() / 76 * 2 + 2);
  for (size_t i = 0; i < b64.size(); i += 76) {
    out.append(b64, i, 76);
    out += "\r\n";
  }
  return out;
}

std::string Rfc5322Date(int64_t unix_seconds) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  // Names spelled out here rather than by strftime: a locale must not
  // change a protocol header.
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string MakeMessageId(std::string_view domain) {
  return fmt::format("<{}.kenchi@{}>", RandomHex(16), domain);
}

bool IsPlausibleAddress(std::string_view a) {
  const size_t at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size()) return false;
  if (a.find('@', at + 1) != std::string_view::npos) return false;
  for (unsigned char c : a) {
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == '"' || c == '(' ||
        c == ')')
      return false;
  }
  return a.find('.', at) != std::string_view::npos;
}

std::string BuildMail(const MailMessage& m, int64_t unix_seconds) {
  const std::string text = CrLf(m.text);
  std::string out;
  out += "Date: " + Rfc5322Date(unix_seconds) + "\r\n";
  out += "From: " + FormatAddress(m.from_name, m.from_address) + "\r\n";
  out += "To: " + JoinAddresses(m.to) + "\r\n";
  out += "Subject: " + EncodeHeaderText(m.subject) + "\r\n";
  out += "Message-ID: " + MakeMessageId(DomainOf(m.from_address)) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  // RFC 3834: machines should not auto-reply to machines.
  out += "Auto-Submitted: auto-generated\r\n";
  out += "X-Mailer: kenchi/" KENCHI_VERSION "\r\n";
  const std::string text_part = "Content-Type: text/plain; charset=UTF-8\r\n"
                                "Content-Transfer-Encoding: base64\r\n\r\n" + Base64Lines(text);
  // The body: the text alone, or text and HTML as alternatives.
  std::string body = text_part;
  if (!m.html.empty()) {
    // "=_" cannot occur in base64 text, so the boundary never appears in a part.
    const std::string alt = "=_kenchi_alt_" + RandomHex(12);
    // Folded: the boundary parameter on its own line keeps lines under 78.
    body = "Content-Type: multipart/alternative;\r\n boundary=\"" + alt + "\"\r\n\r\n";
    body += "--" + alt + "\r\n" + text_part;
    body += "--" + alt + "\r\nContent-Type: text/html; charset=UTF-8\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n" + Base64Lines(CrLf(m.html));
    body += "--" + alt + "--\r\n";
  }
  if (m.attachments.empty()) {
    out += body;
    return out;
  }
  const std::string boundary = "=_kenchi_" + RandomHex(12);
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a MIME message.\r\n";
  out += "--" + boundary + "\r\n" + body;
  for (const MimeAttachment& a : m.attachments) {
    const bool textual = a.content_type.rfind("text/", 0) == 0 || a.content_type == "application/json";
    out += "--" + boundary + "\r\n";
    out += "Content-Type: " + a.content_type + (textual ? "; charset=UTF-8" : "") + "\r\n";
    out += "Content-Transfer-Encoding: base64\r\n";
    out += "Content-Disposition: attachment; filename=\"" + a.filename + "\"\r\n\r\n";
    out += Base64Lines(a.bytes);
  }
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace kenchi::alert
