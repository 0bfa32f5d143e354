// Telegram Desktop JSON exports (result.json) -> one Document per message.
// The format is described in kenchi/parse/posts.h.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>

#include "kenchi/parse/parse.h"
#include "kenchi/parse/posts.h"
#include "parse/internal.h"
#include "parse/posts_internal.h"

namespace kenchi::parse {
namespace {

using nlohmann::json;

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// A chat or message id: Telegram writes numbers, some tools write strings.
std::string IdText(const json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  if (v.is_string()) return v.get<std::string>();
  return {};
}

std::string StringOr(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

struct ChatCounts {
  size_t messages = 0;
};

// Adds the chat's messages to `out`. Fails when the chat has no messages array.
Status AddChat(const json& chat, const std::string& path, const std::string& where_chat,
               Encoding encoding, ParseOutput* out) {
  if (!chat.is_object()) {
    return Status::InvalidInput(path + ": " + where_chat + " is not a JSON object (it is " +
                                chat.type_name() + ")");
  }
  auto messages = chat.find("messages");
  if (messages == chat.end() || !messages->is_array()) {
    return Status::InvalidInput(path + ": " + where_chat +
                                " has no \"messages\" array, so this is not a Telegram Desktop "
                                "export (expected {\"name\", \"type\", \"id\", \"messages\": [...]})");
  }
  const std::string chat_id = chat.contains("id") ? IdText(chat["id"]) : std::string();
  const std::string chat_name = StringOr(chat, "name");
  const std::string chat_key = chat_id.empty() ? where_chat : chat_id;
  json chat_ref = {{"id", chat.contains("id") ? chat["id"] : json()},
                   {"name", chat.contains("name") ? chat["name"] : json()},
                   {"type", chat.contains("type") ? chat["type"] : json()}};

  size_t index = 0;
  for (const json& m : *messages) {
    const std::string where = path + "#" + chat_key + "/" + std::to_string(index++);
    if (!m.is_object()) {
      out->rejected.push_back({where, std::string("message is not a JSON object (it is ") +
                                          m.type_name() + ")"});
      continue;
    }
    // Joins, pins, title changes, calls: not posts.
    if (StringOr(m, "type") == "service") continue;
    const std::string msg_id = m.contains("id") ? IdText(m["id"]) : std::string();
    if (msg_id.empty()) {
      out->rejected.push_back({where, "message has no \"id\""});
      continue;
    }
    std::string reason;
    std::optional<std::string> text = internal::FlattenTelegramText(m.contains("text") ? m["text"] : json(), &reason);
    if (!text) {
      out->rejected.push_back({where, reason});
      continue;
    }
    std::string body = internal::NormalizeNewlines(*text);
    if (internal::TrimSpace(body).empty()) continue;  // a photo or sticker without a caption

    Document doc;
    doc.source = std::string(kSourceTelegram);
    doc.format = DocumentFormat::kJsonLines;
    doc.encoding = encoding == Encoding::kUtf8Bom ? Encoding::kUtf8 : encoding;
    doc.uri = "telegram:" + chat_key + "/" + msg_id;
    doc.title = std::string(internal::CutUtf8(internal::TrimSpace(chat_name), internal::kMaxTitleBytes));
    doc.text = std::string(internal::CutUtf8(body, kMaxPostTextBytes));
    doc.published_on = internal::NormalizeDate(StringOr(m, "date"));
    json record = {{"chat", chat_ref}, {"message", m}};
    // nlohmann objects keep their keys sorted, so dump() is canonical.
    doc.raw = record.dump(-1, ' ', false, json::error_handler_t::replace);
    doc.content_hash = Sha256Hex(doc.raw);
    out->documents.push_back(std::move(doc));
  }
  return Status::Ok();
}

// {"list": [...]} under "chats" / "left_chats".
Status AddChatList(const json& top, const char* key, const std::string& path, Encoding encoding,
                   ParseOutput* out, bool required) {
  auto it = top.find(key);
  if (it == top.end()) {
    if (!required) return Status::Ok();
    return Status::InvalidInput(path + ": no \"" + key + "\" object");
  }
  auto list = it->is_object() ? it->find("list") : it->end();
  if (!it->is_object() || list == it->end() || !list->is_array()) {
    return Status::InvalidInput(path + ": \"" + key +
                                "\" is not {\"list\": [...]}, so this is not a Telegram Desktop "
                                "full export");
  }
  size_t n = 0;
  for (const json& chat : *list) {
    KENCHI_RETURN_IF_ERROR(
        AddChat(chat, path, std::string(key) + ".list[" + std::to_string(n++) + "]", encoding, out));
  }
  return Status::Ok();
}

}  // namespace

namespace internal {

std::optional<std::string> FlattenTelegramText(const nlohmann::json& text, std::string* reason) {
  if (text.is_null()) return std::string();
  if (text.is_string()) return text.get<std::string>();
  if (!text.is_array()) {
    *reason = std::string("\"text\" is neither a string nor an array (it is ") + text.type_name() +
              ")";
    return std::nullopt;
  }
  std::string out;
  for (const json& part : text) {
    if (part.is_string()) {
      out += part.get_ref<const std::string&>();
    } else if (part.is_object()) {
      auto t = part.find("text");
      if (t != part.end() && t->is_string()) out += t->get_ref<const std::string&>();
    } else {
      *reason = std::string("\"text\" array holds a ") + part.type_name() +
                " (expected strings and entity objects)";
      return std::nullopt;
    }
  }
  return out;
}

int JsonNestingDepth(std::string_view s) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > deepest) deepest = depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace internal

bool LooksLikeTelegramExport(std::string_view utf8) {
  std::string_view s = utf8;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  if (s.empty() || s.front() != '{') return false;
  // JSON lines: a complete object on the first line and more lines after it.
  size_t nl = s.find('\n');
  if (nl != std::string_view::npos) {
    std::string_view first = s.substr(0, nl);
    while (!first.empty() && IsAsciiSpace(first.back())) first.remove_suffix(1);
    std::string_view rest = s.substr(nl + 1);
    while (!rest.empty() && IsAsciiSpace(rest.front())) rest.remove_prefix(1);
    if (first.size() > 1 && first.back() == '}' && !rest.empty() && rest.front() == '{') {
      return false;
    }
  }
  return s.find("\"messages\"") != std::string_view::npos ||
         s.find("\"chats\"") != std::string_view::npos;
}

std::optional<Result<ParseOutput>> ParseTelegramExport(std::string_view utf8, Encoding encoding,
                                                       const std::string& path) {
  if (utf8.substr(0, 3) == "\xEF\xBB\xBF") utf8.remove_prefix(3);
  if (internal::JsonNestingDepth(utf8) > internal::kMaxTelegramDepth) {
    return Result<ParseOutput>(Status::InvalidInput(
        path + ": JSON nested deeper than " + std::to_string(internal::kMaxTelegramDepth) +
        " levels; not a Telegram Desktop export"));
  }
  json top;
  try {
    top = json::parse(utf8);
  } catch (const json::parse_error& e) {
    return Result<ParseOutput>(Status::InvalidInput(
        path + ": not a Telegram Desktop export: invalid JSON at byte " +
        std::to_string(e.byte) + " (" +
        std::string(internal::CutUtf8(e.what(), 200)) + ")"));
  } catch (const json::exception& e) {
    return Result<ParseOutput>(Status::InvalidInput(
        path + ": not a Telegram Desktop export: " + std::string(internal::CutUtf8(e.what(), 200))));
  }
  if (!top.is_object() || (!top.contains("messages") && !top.contains("chats"))) {
    return std::nullopt;
  }

  ParseOutput out;
  Status status;
  if (top.contains("messages")) {
    status = AddChat(top, path, "the chat", encoding, &out);
  } else {
    status = AddChatList(top, "chats", path, encoding, &out, /*required=*/true);
    if (status.ok()) status = AddChatList(top, "left_chats", path, encoding, &out, false);
  }
  if (!status.ok()) return Result<ParseOutput>(status);
  if (out.documents.empty() && !out.rejected.empty()) {
    const Rejection& first = out.rejected.front();
    return Result<ParseOutput>(Status::InvalidInput(
        path + ": no usable Telegram message (" + std::to_string(out.rejected.size()) +
        " rejected; first " + first.where + ": " + first.reason + ")"));
  }
  if (out.documents.empty()) {
    return Result<ParseOutput>(
        Status::InvalidInput(path + ": Telegram export holds no message with text"));
  }
  return Result<ParseOutput>(std::move(out));
}

}  // namespace kenchi::parse
