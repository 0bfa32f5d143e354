// kenchi listings
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"

namespace kenchi::cli {
namespace {

// The sector names, from the model's table so the two cannot differ;
// `wrap_after` names to a line.
std::string SectorNames(int wrap_after = 0) {
  std::string out;
  for (int i = 0; i <= static_cast<int>(Sector::kUnknown); ++i) {
    if (i > 0) out += (wrap_after > 0 && i % wrap_after == 0) ? ",\n" : ", ";
    out += ToString(static_cast<Sector>(i));
  }
  return out;
}

struct ListingsArgs {
  int limit = 50;
  std::string offering;
  std::string country;
  std::string sector;
};

nlohmann::json EvidenceJson(const Evidence& e) {
  return {{"document_id", e.document_id}, {"begin", e.begin}, {"end", e.end}};
}

nlohmann::json ToJson(const Listing& l) {
  auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  nlohmann::json types = nlohmann::json::array();
  for (DataType t : l.data_types) types.push_back(ToString(t));
  return {{"id", l.id},
          {"document_id", l.document_id},
          {"offering", ToString(l.offering)},
          {"access_kind", ToString(l.access_kind)},
          {"target_organization", opt(l.target_organization)},
          {"target_country", opt(l.target_country)},
          {"sector", ToString(l.sector)},
          {"data_types", std::move(types)},
          {"volume", l.volume ? nlohmann::json(*l.volume) : nlohmann::json()},
          {"price", l.price ? nlohmann::json(*l.price) : nlohmann::json()},
          {"currency", opt(l.currency)},
          {"price_basis", ToString(l.price_basis)},
          {"seller", opt(l.seller)},
          {"contact", opt(l.contact)},
          {"posted_at", opt(l.posted_at)},
          {"language", opt(l.language)},
          {"summary", l.summary},
          {"evidence",
           {{"offering", EvidenceJson(l.offering_evidence)},
            {"volume", EvidenceJson(l.volume_evidence)},
            {"price", EvidenceJson(l.price_evidence)},
            {"sector", EvidenceJson(l.sector_evidence)}}}};
}

std::string PriceText(const Listing& l) {
  if (!l.price) return "-";
  std::string s = fmt::format("{:g} {}", *l.price, l.currency);
  if (l.price_basis == PriceBasis::kPerRecord) s += "/record";
  if (l.price_basis == PriceBasis::kForTheLot) s += " (lot)";
  return s;
}

int RunListings(const ListingsArgs& args, const Context& ctx) {
  ListingFilter filter;
  filter.limit = args.limit;
  filter.country = args.country;
  for (char& c : filter.country) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (!args.offering.empty()) {
    filter.offering = ParseOfferingType(args.offering);
    if (!filter.offering) {
      ctx.Error("unknown offering \"" + args.offering +
                "\" (one of data_sale, access_sale, credential_sale, verification_service, "
                "cards, bank_accounts, id_documents, tools, other)");
      return kExitBadInput;
    }
  }
  if (!args.sector.empty()) {
    filter.sector = ParseSector(args.sector);
    if (!filter.sector) {
      ctx.Error("unknown sector \"" + args.sector + "\" (one of " + SectorNames() + ")");
      return kExitBadInput;
    }
  }
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<std::vector<Listing>> listings = store->ListListings(filter);
  if (!listings.ok()) {
    ctx.Error(listings.status().message());
    return ExitCodeFor(listings.status());
  }
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Listing& l : *listings) out.push_back(ToJson(l));
    ctx.PrintJson(out);
    return kExitOk;
  }
  if (listings->empty()) {
    ctx.Info("no listings in " + ctx.db_path);
    return kExitOk;
  }
  Table table({"ID", "POSTED", "OFFERING", "TARGET", "CC", "SECTOR", "VOLUME", "PRICE", "SELLER"});
  table.SetMaxWidth(3, 28);
  table.SetMaxWidth(8, 20);
  for (const Listing& l : *listings) {
    std::string offering(ToString(l.offering));
    if (l.access_kind != AccessKind::kNone) offering += "/" + std::string(ToString(l.access_kind));
    table.AddRow({std::to_string(l.id), l.posted_at.empty() ? "-" : l.posted_at.substr(0, 10),
                  offering, l.target_organization.empty() ? "-" : l.target_organization,
                  l.target_country.empty() ? "-" : l.target_country,
                  l.sector == Sector::kUnknown ? "-" : std::string(ToString(l.sector)),
                  l.volume ? WithThousands(*l.volume) : "-", PriceText(l),
                  l.seller.empty() ? "-" : l.seller});
  }
  std::fputs(table.Render().c_str(), stdout);
  ctx.Info(std::to_string(listings->size()) + " listing(s); --json for data types, contacts and evidence");
  return kExitOk;
}

}  // namespace

void AddListingsCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ListingsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "listings",
      "List the underground listings extracted from posts (Telegram exports, forum pages,\n"
      "paste dumps, JSON-lines dumps), newest first: what is offered, about whom (and the\n"
      "target's sector), how many records, at what price, by whom (with --json: data types,\n"
      "contacts and evidence).");
  cmd->add_option("-n,--limit", args->limit, "show at most this many listings")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--offering", args->offering,
                  "only this offering: data_sale, access_sale, credential_sale,\n"
                  "verification_service, cards, bank_accounts, id_documents, tools, other");
  cmd->add_option("--country", args->country,
                  "only listings targeting this country (ISO 3166 alpha-2, e.g. JP)");
  cmd->add_option("--sector", args->sector,
                  "only listings whose target is in this sector:\n" + SectorNames(8));
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunListings(*args, ctx); }; });
}

}  // namespace kenchi::cli
