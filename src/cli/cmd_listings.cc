// kenchi listings
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "kenchi/pipeline/underground.h"
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
  bool dry_run = false;  // reextract
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

const char* KindName(pipeline::ListingChange::Kind kind) {
  switch (kind) {
    case pipeline::ListingChange::Kind::kChanged: return "changed";
    case pipeline::ListingChange::Kind::kNew: return "new";
    case pipeline::ListingChange::Kind::kRemoved: return "removed";
  }
  return "";
}

int RunReextract(const ListingsArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<pipeline::ReextractReport> report = pipeline::ReextractListings(*store, args.dry_run);
  if (!report.ok()) {
    ctx.Error(report.status().message());
    return ExitCodeFor(report.status());
  }
  int64_t counts[3] = {0, 0, 0};
  for (const pipeline::ListingChange& c : report->changes) ++counts[static_cast<int>(c.kind)];
  if (ctx.json) {
    nlohmann::json changes = nlohmann::json::array();
    for (const pipeline::ListingChange& c : report->changes) {
      nlohmann::json j = {{"change", KindName(c.kind)},
                          {"listing_id", c.listing_id == 0 ? nlohmann::json() : nlohmann::json(c.listing_id)},
                          {"document_id", c.document_id}};
      if (c.kind == pipeline::ListingChange::Kind::kChanged) {
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& f : c.fields) fields[f.name] = {{"before", f.before}, {"after", f.after}};
        j["fields"] = std::move(fields);
      } else {
        j["listing"] = ToJson(c.listing);
      }
      changes.push_back(std::move(j));
    }
    ctx.PrintJson({{"posts", report->posts},
                   {"unchanged", report->unchanged},
                   {"changed", counts[0]},
                   {"new", counts[1]},
                   {"removed", counts[2]},
                   {"dry_run", report->dry_run},
                   {"changes", std::move(changes)}});
    return kExitOk;
  }
  auto shown = [](const std::string& v) { return v.empty() ? std::string("(none)") : v; };
  for (const pipeline::ListingChange& c : report->changes) {
    switch (c.kind) {
      case pipeline::ListingChange::Kind::kChanged: {
        std::string fields;
        for (const auto& f : c.fields) {
          if (!fields.empty()) fields += "; ";
          // Long values (the summary, the evidence spans) are named, not shown.
          fields += f.name == "summary" || f.name == "evidence"
                        ? f.name
                        : fmt::format("{} {} -> {}", f.name, shown(f.before), shown(f.after));
        }
        std::printf("listing %lld (document %lld): %s\n", static_cast<long long>(c.listing_id),
                    static_cast<long long>(c.document_id), fields.c_str());
        break;
      }
      case pipeline::ListingChange::Kind::kNew:
        std::printf("new listing%s from document %lld: %s, target %s\n",
                    c.listing_id == 0 ? "" : (" " + std::to_string(c.listing_id)).c_str(),
                    static_cast<long long>(c.document_id), std::string(ToString(c.listing.offering)).c_str(),
                    shown(c.listing.target_organization).c_str());
        break;
      case pipeline::ListingChange::Kind::kRemoved:
        std::printf("listing %lld (document %lld) removed: it no longer reads as a listing\n",
                    static_cast<long long>(c.listing_id), static_cast<long long>(c.document_id));
        break;
    }
  }
  ctx.Info(fmt::format("read {} post(s): {} listing(s) changed, {} new, {} removed, {} unchanged", report->posts,
                       counts[0], counts[1], counts[2], report->unchanged));
  if (report->dry_run) {
    ctx.Info("nothing was written (--dry-run)");
  } else if (!report->changes.empty()) {
    ctx.Info("run `kenchi match` to match the changed and new listings against the watchlists");
  }
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
  CLI::App* reextract = cmd->add_subcommand(
      "reextract",
      "Read every stored post again with this version's extraction rules and bring the\n"
      "stored listings in line, in one transaction: a listing that reads differently is\n"
      "updated in place (its id stays), a post that now offers something gets a listing, a\n"
      "listing whose post no longer reads as one is removed. Prints what changed; the next\n"
      "`kenchi match` matches the changed and new listings against the watchlists.");
  reextract->add_flag("--dry-run", args->dry_run, "show what would change and write nothing");
  reextract->callback([args, cmd, &ctx] {
    // The listing filters say which listings to show; reextract reads every post.
    for (const char* filter : {"--limit", "--offering", "--country", "--sector"}) {
      if (cmd->get_option(filter)->count() > 0) {
        throw CLI::ValidationError(std::string(filter) + " lists listings; `listings reextract` reads every post");
      }
    }
    ctx.run = [args, &ctx] { return RunReextract(*args, ctx); };
  });
  // (CLI11 runs a subcommand's callback before its parent's.)
  cmd->callback([args, reextract, &ctx] {
    if (reextract->parsed()) return;
    ctx.run = [args, &ctx] { return RunListings(*args, ctx); };
  });
}

}  // namespace kenchi::cli
