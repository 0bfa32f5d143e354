// Listing facts from underground posts (Telegram messages, forum posts,
// pastes, JSON-lines market dumps), in Chinese, Japanese and English.
//
// Rule-based, over NFKC text with ASCII lowercased (so full-width letters
// and digits need no special cases); evidence offsets point into the
// document's own text.
//
// A post is a listing when it names an offering (one of OfferingType, from
// weighted cue words such as "cvv", "接码", "管理画面", "数据库"), says it
// sells ("出售", "販売", "selling", "wts", or states a price) and gives a
// price, a contact or a volume. Buy requests ("求购", "wtb", "買います") without a
// sale word, and reports about a sale ("据报道", "according to", "によると")
// without a price or contact, are chatter. Then:
//   offering / access_kind  the best-scoring cue family; access kinds admin
//                       panel (后台, 管理画面, admin panel, cpanel), RDP, VPN,
//                       webshell, cloud console (aws/azure/gcp console), SSH
//   volume              the largest "number [multiplier] unit": 2000万条, 2億件,
//                       20M records, 1.2 million rows, 500k lines, 3,000 cards
//   price, currency     "$5,000", "5000 USDT", "300u", "0.5 BTC", "8000元",
//                       "¥8000" (CNY in Chinese text, JPY in Japanese), "50万円";
//                       per record ("每条", "/条", "per record", "1件あたり")
//                       or for the lot ("打包", "整库", "for the lot", "一括")
//   target_organization "target:"/"目标:"/"対象:" labels, 株式会社X / X株式会社,
//                       X公司/X银行/X集团, X Inc./Co., Ltd./Corp., else a domain
//   target_country      a country named in the post (日本, Japan, 中国, ...),
//                       else the target domain's ccTLD, else JP for 株式会社
//                       and My Number
//   sector              a government or education host name anywhere in the
//                       post decides (go.jp, lg.jp, .gov, gov.cn, go.kr ->
//                       government; ac.jp, ed.jp, .edu, edu.cn, ac.uk ->
//                       education); else weighted cue words (銀行/银行/bank,
//                       証券, 保险, 交易所, 电商/通販/online shop, 病院/hospital,
//                       大学/university, 运营商/telecom, 航空/物流/logistics,
//                       酒店/hotel, 游戏/game ...) in each line before its price
//                       or contact marker, longest phrase first; phrases about
//                       what is sold or how it is paid ("bank accounts",
//                       "银行卡", "保険証", "crypto only") hide the word inside
//                       them. The best sum must reach 2, else kUnknown
//   data_types          cue words before a line's contact marker (氏名, 手机, email, 住所,
//                       密码, 卡号, 口座, マイナンバー, passport → other)
//   seller, contact     the post's author (kenchi/parse/posts.h), else the first
//                       Telegram handle; Telegram @handles and t.me links, QQ
//                       numbers, email addresses
//   posted_at           the post's time, else the document's date
#pragma once

#include <optional>

#include "kenchi/model.h"
#include "kenchi/parse/posts.h"

namespace kenchi::extract {

// The listing the post offers, or nothing for chatter. `doc.id` is copied
// into document_id and the evidence; author and time are read with
// parse::ReadPostMeta.
std::optional<Listing> ExtractListing(const Document& doc);

// The same with the post's author and time given.
std::optional<Listing> ExtractListing(const Document& doc, const parse::PostMeta& meta);

}  // namespace kenchi::extract
