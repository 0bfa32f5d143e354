// Textual IP addresses <-> IpAddress, through the C library's inet_pton /
// inet_ntop (strict: dotted-quad IPv4 only, RFC 4291 IPv6).
#include <arpa/inet.h>

#include <cstring>

#include <fmt/format.h>

#include "kenchi/enrich/geo.h"

namespace kenchi::enrich {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

uint64_t LoadBigEndian64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

void StoreBigEndian64(uint64_t v, unsigned char* p) {
  for (int i = 7; i >= 0; --i) {
    p[i] = static_cast<unsigned char>(v & 0xff);
    v >>= 8;
  }
}

}  // namespace

Result<IpAddress> ParseIpAddress(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  if (text.empty()) return Status::InvalidInput("empty IP address");
  // The longest valid form is an IPv6 address with an embedded IPv4 (45
  // characters); anything longer is not an address, and the bound keeps
  // the copy on the stack.
  char buf[64];
  if (text.size() >= sizeof(buf)) {
    return Status::InvalidInput(
        fmt::format("not an IP address (too long, {} characters)", text.size()));
  }
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  const bool colon = text.find(':') != std::string_view::npos;
  IpAddress ip;
  if (!colon) {
    in_addr a4;
    if (inet_pton(AF_INET, buf, &a4) != 1) {
      return Status::InvalidInput(fmt::format("not an IP address: \"{}\"", text));
    }
    ip.v4 = ntohl(a4.s_addr);
    return ip;
  }
  unsigned char b[16];
  if (inet_pton(AF_INET6, buf, b) != 1) {
    return Status::InvalidInput(fmt::format("not an IP address: \"{}\"", text));
  }
  ip.hi = LoadBigEndian64(b);
  ip.lo = LoadBigEndian64(b + 8);
  // ::ffff:a.b.c.d is an IPv4 address carried in IPv6.
  if (ip.hi == 0 && (ip.lo >> 32) == 0xffff) {
    ip.v4 = static_cast<uint32_t>(ip.lo);
    ip.hi = ip.lo = 0;
    return ip;
  }
  ip.v6 = true;
  return ip;
}

std::string FormatIpAddress(const IpAddress& ip) {
  char buf[INET6_ADDRSTRLEN];
  if (!ip.v6) {
    in_addr a4;
    a4.s_addr = htonl(ip.v4);
    inet_ntop(AF_INET, &a4, buf, sizeof(buf));
    return buf;
  }
  unsigned char b[16];
  StoreBigEndian64(ip.hi, b);
  StoreBigEndian64(ip.lo, b + 8);
  inet_ntop(AF_INET6, b, buf, sizeof(buf));
  return buf;
}

}  // namespace kenchi::enrich
