#include <gtest/gtest.h>

#include <string>

#include "kenchi/parse/parse.h"
#include "kenchi/parse/posts.h"

namespace kenchi::parse {
namespace {

// A single-chat export as Telegram Desktop writes it (pretty-printed), with
// a service message, a text-as-array message with entities, and a photo
// without caption.
const std::string kSingleChat = R"json({
 "name": "架空データ市場",
 "type": "public_channel",
 "id": 1000000001,
 "messages": [
  {
   "id": 1,
   "type": "service",
   "date": "2024-05-31T23:59:00",
   "date_unixtime": "1717199940",
   "actor": "架空データ市場",
   "actor_id": "channel1000000001",
   "action": "create_channel",
   "title": "架空データ市場",
   "text": "",
   "text_entities": []
  },
  {
   "id": 2,
   "type": "message",
   "date": "2024-06-01T12:34:56",
   "date_unixtime": "1717212896",
   "from": "kakuu_broker",
   "from_id": "user5550001",
   "text": [
    {"type": "bold", "text": "出售"},
    " 日本零售商 株式会社カクウマート 客户数据 2000万条，打包 ",
    {"type": "bold", "text": "8000 USDT"},
    "，联系 ",
    {"type": "mention", "text": "@kakuu_broker"},
    " ",
    {"type": "text_link", "text": "样本", "href": "https://paste.example.com/sample"}
   ]
  },
  {
   "id": 3,
   "type": "message",
   "date": "2024-06-01T13:00:00",
   "date_unixtime": "1717214400",
   "from": "someone",
   "from_id": "user5550002",
   "photo": "(File not included.)",
   "text": ""
  },
  {
   "id": 4,
   "type": "message",
   "date": "2024-06-02T09:00:00",
   "date_unixtime": "1717286400",
   "from": "someone",
   "from_id": "user5550002",
   "text": "今天天气不错"
  }
 ]
})json";

TEST(TelegramTest, SingleChatExportOneDocumentPerMessage) {
  Result<ParseOutput> out = ParseFile(kSingleChat, "exports/result.json");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 2u);  // service message and photo skipped
  EXPECT_TRUE(out->rejected.empty());
  const Document& d = out->documents[0];
  EXPECT_EQ(d.source, "telegram");
  EXPECT_EQ(d.uri, "telegram:1000000001/2");
  EXPECT_EQ(d.title, "架空データ市場");
  EXPECT_EQ(d.published_on, "2024-06-01");
  EXPECT_EQ(d.format, DocumentFormat::kJsonLines);
  EXPECT_EQ(d.content_hash, Sha256Hex(d.raw));
  EXPECT_EQ(out->documents[1].uri, "telegram:1000000001/4");
}

TEST(TelegramTest, TextArrayWithEntitiesIsFlattened) {
  Result<ParseOutput> out = ParseFile(kSingleChat, "result.json");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->documents[0].text,
            "出售 日本零售商 株式会社カクウマート 客户数据 2000万条，打包 8000 USDT，联系 "
            "@kakuu_broker 样本");
}

TEST(TelegramTest, PostMetaFromMessage) {
  Result<ParseOutput> out = ParseFile(kSingleChat, "result.json");
  ASSERT_TRUE(out.ok());
  PostMeta meta = ReadPostMeta(out->documents[0]);
  EXPECT_EQ(meta.author, "kakuu_broker");
  EXPECT_EQ(meta.author_id, "user5550001");
  EXPECT_EQ(meta.posted_at, "2024-06-01T03:34:56Z");
  EXPECT_TRUE(IsPost(out->documents[0]));
}

TEST(TelegramTest, SameMessageHashesTheSameWhateverTheLayout) {
  // The same chat minified on one line: same canonical records.
  const std::string minified =
      R"({"id":1000000001,"name":"架空データ市場","type":"public_channel","messages":[)"
      R"({"id":4,"type":"message","date":"2024-06-02T09:00:00","date_unixtime":"1717286400",)"
      R"("from":"someone","from_id":"user5550002","text":"今天天气不错"}]})";
  Result<ParseOutput> a = ParseFile(kSingleChat, "a.json");
  Result<ParseOutput> b = ParseFile(minified, "b.json");
  ASSERT_TRUE(a.ok() && b.ok()) << b.status().message();
  ASSERT_EQ(b->documents.size(), 1u);
  EXPECT_EQ(a->documents[1].content_hash, b->documents[0].content_hash);
}

TEST(TelegramTest, FullExportWalksEveryChat) {
  const std::string full = R"({
 "about": "Here is the data you requested.",
 "personal_information": {"user_id": 5550009, "first_name": "Test"},
 "chats": {
  "about": "This page lists all chats from this export.",
  "list": [
   {"name": "chat A", "type": "private_group", "id": 11, "messages": [
     {"id": 1, "type": "message", "date": "2024-06-03T10:00:00", "from": "a", "text": "hello"}]},
   {"name": "chat B", "type": "personal_chat", "id": 12, "messages": [
     {"id": 7, "type": "message", "date": "2024-06-04T10:00:00", "from": "b",
      "text": ["see ", {"type": "link", "text": "https://example.com/x"}]}]}
  ]
 },
 "left_chats": {"about": "left", "list": [
   {"name": "chat C", "type": "public_supergroup", "id": 13, "messages": [
     {"id": 2, "type": "message", "date": "2024-06-05T10:00:00", "from": "c", "text": "bye"}]}]}
})";
  Result<ParseOutput> out = ParseFile(full, "DataExport/result.json");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 3u);
  EXPECT_EQ(out->documents[0].uri, "telegram:11/1");
  EXPECT_EQ(out->documents[1].uri, "telegram:12/7");
  EXPECT_EQ(out->documents[1].text, "see https://example.com/x");
  EXPECT_EQ(out->documents[1].title, "chat B");
  EXPECT_EQ(out->documents[2].uri, "telegram:13/2");
}

TEST(TelegramTest, NotATelegramExportIsAClearError) {
  Result<ParseOutput> wrong_shape =
      ParseFile("{\n \"name\": \"x\",\n \"messages\": \"oops\"\n}\n", "export/result.json");
  ASSERT_FALSE(wrong_shape.ok());
  EXPECT_NE(wrong_shape.status().message().find("export/result.json"), std::string::npos);
  EXPECT_NE(wrong_shape.status().message().find("not a Telegram Desktop export"), std::string::npos)
      << wrong_shape.status().message();

  Result<ParseOutput> bad_chats = ParseFile("{\n \"chats\": {\"list\": 5}\n}\n", "r.json");
  ASSERT_FALSE(bad_chats.ok());
  EXPECT_NE(bad_chats.status().message().find("\"chats\""), std::string::npos);

  // Truncated: the byte offset is named.
  Result<ParseOutput> cut =
      ParseFile("{\n \"name\": \"x\",\n \"messages\": [\n  {\"id\": 1, \"text\": \"a", "r.json");
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("invalid JSON at byte"), std::string::npos)
      << cut.status().message();
}

TEST(TelegramTest, BrokenMessagesAreRejectedOthersKept) {
  const std::string s = R"({"name": "c", "id": 5, "messages": [
    {"id": 1, "type": "message", "text": "ok"},
    42,
    {"type": "message", "text": "no id"},
    {"id": 4, "type": "message", "text": {"not": "text"}}]})";
  Result<ParseOutput> out = ParseFile(s, "r.json");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->documents.size(), 1u);
  ASSERT_EQ(out->rejected.size(), 3u);
  EXPECT_EQ(out->rejected[0].where, "r.json#5/1");
}

TEST(TelegramTest, OtherJsonIsNotClaimed) {
  // A pretty-printed JSON object that does not name messages or chats is
  // left to the other parsers (here: plain text).
  Result<ParseOutput> out = ParseFile("{\n \"feed\": \"x\"\n}\n", "other.json");
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->documents.size(), 1u);
  EXPECT_EQ(out->documents[0].source, "file");
  // JSON lines mentioning "messages" stay JSON lines.
  Result<ParseOutput> jl = ParseFile("{\"messages\": 1}\n{\"messages\": 2}\n", "x.jsonl");
  ASSERT_TRUE(jl.ok());
  EXPECT_EQ(jl->documents.size(), 2u);
  EXPECT_EQ(jl->documents[0].source, "file");
}

TEST(TelegramTest, HostileNestingIsRefused) {
  std::string deep = "{\"messages\": " + std::string(5000, '[') + std::string(5000, ']') + "}";
  Result<ParseOutput> out = ParseFile(deep, "deep.json");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("nested deeper"), std::string::npos);
}

}  // namespace
}  // namespace kenchi::parse
