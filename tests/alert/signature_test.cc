// Webhook signatures: known answer, the receiver's checks, replay window.
#include "kenchi/alert/signature.h"

#include <gtest/gtest.h>

namespace kenchi::alert {
namespace {

TEST(WebhookSignature, KnownAnswer) {
  // HMAC-SHA256(key="secret", "1700000000.{}") computed independently:
  // python3 -c 'import hmac,hashlib;print(hmac.new(b"secret",b"1700000000.{}",hashlib.sha256).hexdigest())'
  EXPECT_EQ(SignWebhookBody("secret", 1700000000, "{}"),
            "sha256=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163");
}

TEST(WebhookSignature, VerifiesAndRejects) {
  const std::string body = R"({"id":1,"title":"テスト"})";
  const std::string sig = SignWebhookBody("s3cret", 1764098484, body);
  EXPECT_TRUE(VerifyWebhookSignature("s3cret", "1764098484", body, sig, 1764098500));
  EXPECT_FALSE(VerifyWebhookSignature("wrong", "1764098484", body, sig, 1764098500));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "1764098484", body + " ", sig, 1764098500));
  // The timestamp is signed: changing it breaks the signature...
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "1764098485", body, sig, 1764098500));
  // ...and an old one is refused even with its own valid signature (replay).
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "1764098484", body, sig, 1764098484 + 301));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "not-a-number", body, sig, 1764098500));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "1764098484", body, "sha256=00", 1764098500));
}

}  // namespace
}  // namespace kenchi::alert
