#include <gtest/gtest.h>

#include <string>

#include "kenchi/parse/parse.h"

namespace kenchi::parse {
namespace {

// Vectors from FIPS 180-2 appendix B.
TEST(ParseSha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(ParseSha256Test, HashesBytesNotCStrings) {
  // Embedded NULs and high bytes are part of the content.
  std::string with_nul("a\0b", 3);
  EXPECT_NE(Sha256Hex(with_nul), Sha256Hex("a"));
  EXPECT_EQ(Sha256Hex(with_nul).size(), 64u);
  EXPECT_EQ(Sha256Hex("\x82\xa8\x92\x6d"), Sha256Hex(std::string("\x82\xa8\x92\x6d")));
}

}  // namespace
}  // namespace kenchi::parse
