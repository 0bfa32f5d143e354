// Reading watchlist YAML with yaml-cpp, strictly (see watchlist_file.h).
//
// yaml-cpp reports problems by throwing; every call into it stays inside
// this file, wrapped so that an exception becomes a Status with the
// position yaml-cpp recorded.
#include "kenchi/match/watchlist_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include "kenchi/match/asset_value.h"

namespace kenchi::match {
namespace {

// The list keys of an organisation and the asset kind each holds.
struct ListKey {
  std::string_view key;
  AssetKind kind;
};
constexpr ListKey kAssetLists[] = {
    {"names", AssetKind::kName},           {"keywords", AssetKind::kKeyword},
    {"people", AssetKind::kPerson},        {"addresses", AssetKind::kAddress},
    {"domains", AssetKind::kDomain},       {"email_domains", AssetKind::kEmailDomain},
    {"ips", AssetKind::kIpv4},  // IPv4 or IPv6, decided per value
    {"cidrs", AssetKind::kCidr},           {"asns", AssetKind::kAsn},
    {"bins", AssetKind::kBin},             {"cloud_accounts", AssetKind::kCloudAccount},
};

bool TakesTextOptions(AssetKind k) {
  return k == AssetKind::kName || k == AssetKind::kKeyword || k == AssetKind::kPerson ||
         k == AssetKind::kAddress || k == AssetKind::kCloudAccount;
}

std::string Join(std::initializer_list<std::string_view> keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

class Reader {
 public:
  explicit Reader(std::string name) : name_(std::move(name)) {}

  std::string Where(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return name_;
    return fmt::format("{}:{}:{}", name_, mark.line + 1, mark.column + 1);
  }
  Status Error(const YAML::Node& node, const std::string& message) const {
    return Status::InvalidInput(fmt::format("{}: {}", Where(node), message));
  }

  // Every key of `map` must be one of `allowed`.
  Status CheckKeys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                   std::string_view what) const {
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) return Error(key, fmt::format("expected a key of {}", what));
      bool known = false;
      for (std::string_view k : allowed) known = known || key.Scalar() == k;
      if (!known) {
        return Error(key, fmt::format("unknown key \"{}\" in {} (expected one of: {})", key.Scalar(),
                                      what, Join(allowed)));
      }
    }
    return Status::Ok();
  }

  Result<std::string> Scalar(const YAML::Node& node, std::string_view what) const {
    if (!node.IsScalar()) return Error(node, fmt::format("expected {} (a single value)", what));
    return node.Scalar();
  }

  Result<bool> Bool(const YAML::Node& node, std::string_view key) const {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      return Error(node, fmt::format("{} must be true or false", key));
    }
    return value;
  }

  Result<std::vector<std::string>> Scalars(const YAML::Node& node, std::string_view what) const {
    std::vector<std::string> out;
    if (node.IsNull()) return out;
    if (!node.IsSequence()) return Error(node, fmt::format("expected a list of {}", what));
    for (const YAML::Node& item : node) {
      Result<std::string> s = Scalar(item, what);
      if (!s.ok()) return s.status();
      out.push_back(*s);
    }
    return out;
  }

  // One value of `kind` at `node`, canonicalised.
  Result<WatchlistAsset> Value(const YAML::Node& node, AssetKind kind, const std::string& text) const {
    if (kind == AssetKind::kIpv4 && text.find(':') != std::string::npos) kind = AssetKind::kIpv6;
    Result<std::string> canonical = CanonicalAssetValue(kind, text);
    if (!canonical.ok()) return Error(node, canonical.status().message());
    WatchlistAsset a;
    a.asset.kind = kind;
    a.asset.value = *canonical;
    a.where = Where(node);
    return a;
  }

  Status AssetList(const YAML::Node& list, const ListKey& key, std::vector<WatchlistAsset>& out) const {
    if (list.IsNull()) return Status::Ok();
    if (!list.IsSequence()) {
      return Error(list, fmt::format("expected a list under \"{}\" (- value, or - {{value: ...}})", key.key));
    }
    for (const YAML::Node& item : list) {
      if (item.IsScalar()) {
        Result<WatchlistAsset> a = Value(item, key.kind, item.Scalar());
        if (!a.ok()) return a.status();
        out.push_back(std::move(a).value());
        continue;
      }
      if (!item.IsMap()) {
        return Error(item, fmt::format("expected a value or a map with \"value\" in \"{}\"", key.key));
      }
      if (TakesTextOptions(key.kind)) {
        KENCHI_RETURN_IF_ERROR(CheckKeys(
            item, {"value", "variants", "case_sensitive", "whole_word", "exclude"}, "an entry"));
      } else {
        KENCHI_RETURN_IF_ERROR(CheckKeys(item, {"value"}, fmt::format("an entry of \"{}\"", key.key)));
      }
      const YAML::Node value_node = item["value"];
      if (!value_node) return Error(item, "the entry has no \"value\"");
      Result<std::string> value = Scalar(value_node, "value");
      if (!value.ok()) return value.status();
      Result<WatchlistAsset> main = Value(value_node, key.kind, *value);
      if (!main.ok()) return main.status();
      AssetOptions options;
      if (const YAML::Node n = item["case_sensitive"]) {
        Result<bool> b = Bool(n, "case_sensitive");
        if (!b.ok()) return b.status();
        options.case_sensitive = *b;
      }
      if (const YAML::Node n = item["whole_word"]) {
        Result<bool> b = Bool(n, "whole_word");
        if (!b.ok()) return b.status();
        options.whole_word = *b;
      }
      if (const YAML::Node n = item["exclude"]) {
        Result<std::vector<std::string>> ex = Scalars(n, "phrases to exclude");
        if (!ex.ok()) return ex.status();
        for (const std::string& e : *ex) {
          if (e.empty()) return Error(n, "an exclusion must not be empty");
        }
        options.exclusions = std::move(ex).value();
      }
      std::vector<std::string> variants;
      if (const YAML::Node n = item["variants"]) {
        Result<std::vector<std::string>> v = Scalars(n, "variants");
        if (!v.ok()) return v.status();
        variants = std::move(v).value();
        if (!variants.empty()) main->asset.label = main->asset.value;
      }
      main->asset.options = options;
      const std::string label = main->asset.label;
      out.push_back(std::move(main).value());
      // Variants are assets of their own, grouped under the main value.
      const YAML::Node variant_nodes = item["variants"];
      for (size_t i = 0; i < variants.size(); ++i) {
        Result<WatchlistAsset> v = Value(variant_nodes[i], key.kind, variants[i]);
        if (!v.ok()) return v.status();
        v->asset.label = label;
        v->asset.options = options;
        out.push_back(std::move(v).value());
      }
    }
    return Status::Ok();
  }

  Status AllowMap(const YAML::Node& map, std::vector<WatchlistAllow>& out) const {
    if (map.IsNull()) return Status::Ok();
    if (!map.IsMap()) return Error(map, "expected a map under \"allow\" (terms, domains, networks)");
    KENCHI_RETURN_IF_ERROR(CheckKeys(map, {"terms", "domains", "networks"}, "\"allow\""));
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key_node = it->first;
      const std::string key = key_node.Scalar();
      const AllowKind kind = key == "terms" ? AllowKind::kTerm
                             : key == "domains" ? AllowKind::kDomain : AllowKind::kNetwork;
      const YAML::Node list = it->second;
      if (list.IsNull()) continue;
      if (!list.IsSequence()) return Error(list, fmt::format("expected a list under \"{}\"", key));
      for (const YAML::Node& item : list) {
        WatchlistAllow allow;
        allow.entry.kind = kind;
        if (item.IsMap()) {
          KENCHI_RETURN_IF_ERROR(CheckKeys(item, {"value", "reason"}, "an allow-list entry"));
          if (!item["value"]) return Error(item, "the allow-list entry has no \"value\"");
          if (const YAML::Node reason = item["reason"]) {
            Result<std::string> r = Scalar(reason, "a reason");
            if (!r.ok()) return r.status();
            allow.entry.reason = *r;
          }
        }
        // Constructed, not assigned: assigning a YAML::Node writes through to
        // the node it refers to.
        const YAML::Node value_node = item.IsMap() ? item["value"] : item;
        Result<std::string> value = Scalar(value_node, "an allow-list value");
        if (!value.ok()) return value.status();
        Result<std::string> canonical = CanonicalAllowValue(kind, *value);
        if (!canonical.ok()) return Error(value_node, canonical.status().message());
        allow.entry.value = *canonical;
        allow.where = Where(value_node);
        out.push_back(std::move(allow));
      }
    }
    return Status::Ok();
  }

  static Result<std::string> CanonicalAllowValue(AllowKind kind, const std::string& value) {
    switch (kind) {
      case AllowKind::kTerm: {
        if (value.empty()) return Status::InvalidInput("an allow-list term must not be empty");
        return value;
      }
      case AllowKind::kDomain: {
        std::optional<std::string> d = CanonicalDomain(value);
        if (!d) return Status::InvalidInput(fmt::format("expected a domain such as gmail.com, got \"{}\"", value));
        return *d;
      }
      case AllowKind::kNetwork: {
        Result<IpRange> r = ParseIpRange(value, /*strict=*/true);
        if (!r.ok()) return r.status();
        return value;
      }
    }
    return Status::Internal("unknown allow-list kind");
  }

  Result<WatchlistOrganization> Org(const YAML::Node& node) const {
    if (!node.IsMap()) return Error(node, "expected an organisation (a map with at least \"name\")");
    KENCHI_RETURN_IF_ERROR(CheckKeys(
        node,
        {"name", "display_name", "names", "keywords", "people", "addresses", "domains",
         "email_domains", "ips", "cidrs", "asns", "bins", "cloud_accounts", "allow"},
        "an organisation"));
    WatchlistOrganization org;
    org.where = Where(node);
    const YAML::Node name = node["name"];
    if (!name) return Error(node, "the organisation has no \"name\"");
    Result<std::string> n = Scalar(name, "a name");
    if (!n.ok()) return n.status();
    if (n->empty()) return Error(name, "the organisation's name is empty");
    org.organization.name = *n;
    if (const YAML::Node display = node["display_name"]) {
      Result<std::string> d = Scalar(display, "a display name");
      if (!d.ok()) return d.status();
      org.organization.display_name = *d;
    }
    for (const ListKey& key : kAssetLists) {
      if (const YAML::Node list = node[std::string(key.key)]) {
        KENCHI_RETURN_IF_ERROR(AssetList(list, key, org.assets));
      }
    }
    if (const YAML::Node allow = node["allow"]) KENCHI_RETURN_IF_ERROR(AllowMap(allow, org.allow));
    return org;
  }

  Result<WatchlistFile> File(const YAML::Node& root) const {
    WatchlistFile file;
    if (root.IsNull()) return file;
    if (!root.IsMap()) return Error(root, "expected a map with \"organizations\" (and optionally \"allow\")");
    KENCHI_RETURN_IF_ERROR(CheckKeys(root, {"version", "organizations", "allow"}, "the top level"));
    if (const YAML::Node version = root["version"]) {
      if (!version.IsScalar() || version.Scalar() != "1") {
        return Error(version, "this kenchi reads watchlist version 1");
      }
    }
    std::set<std::string> names;
    if (const YAML::Node orgs = root["organizations"]) {
      if (!orgs.IsNull() && !orgs.IsSequence()) return Error(orgs, "expected a list of organisations");
      for (const YAML::Node& node : orgs) {
        Result<WatchlistOrganization> org = Org(node);
        if (!org.ok()) return org.status();
        if (!names.insert(org->organization.name).second) {
          return Error(node["name"], fmt::format("organisation \"{}\" is listed twice", org->organization.name));
        }
        file.organizations.push_back(std::move(org).value());
      }
    }
    if (const YAML::Node allow = root["allow"]) KENCHI_RETURN_IF_ERROR(AllowMap(allow, file.global_allow));
    return file;
  }

 private:
  std::string name_;
};

}  // namespace

Result<WatchlistFile> ParseWatchlist(std::string_view yaml, const std::string& name) {
  if (yaml.size() > kMaxWatchlistFileBytes) {
    return Status::InvalidInput(fmt::format("{}: a watchlist may be at most {} bytes, this is {}", name,
                                            kMaxWatchlistFileBytes, yaml.size()));
  }
  Reader reader(name);
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    return reader.File(root);
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null()) return Status::InvalidInput(fmt::format("{}: {}", name, e.msg));
    return Status::InvalidInput(
        fmt::format("{}:{}:{}: {}", name, e.mark.line + 1, e.mark.column + 1, e.msg));
  } catch (const std::exception& e) {
    return Status::InvalidInput(fmt::format("{}: {}", name, e.what()));
  }
}

Result<WatchlistFile> LoadWatchlistFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("cannot read {}", path));
  std::string text;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxWatchlistFileBytes) {
      return Status::InvalidInput(
          fmt::format("{}: a watchlist may be at most {} bytes", path, kMaxWatchlistFileBytes));
    }
  }
  if (in.bad()) return Status::IoError(fmt::format("cannot read {}", path));
  return ParseWatchlist(text, path);
}

Result<WatchlistImportReport> ImportWatchlist(Store& store, const WatchlistFile& file, bool replace) {
  WatchlistImportReport report;
  Transaction tx(store);
  KENCHI_RETURN_IF_ERROR(tx.status());
  Result<std::vector<Organization>> existing_orgs = store.ListOrganizations();
  if (!existing_orgs.ok()) return existing_orgs.status();
  Result<std::vector<Asset>> existing_assets = store.ListAssets();
  if (!existing_assets.ok()) return existing_assets.status();
  Result<std::vector<AllowEntry>> existing_allow = store.ListAllowEntries();
  if (!existing_allow.ok()) return existing_allow.status();

  std::set<std::string> org_names;
  for (const Organization& o : *existing_orgs) org_names.insert(o.name);
  std::set<int64_t> asset_ids;
  for (const Asset& a : *existing_assets) asset_ids.insert(a.id);
  std::set<int64_t> allow_ids;
  for (const AllowEntry& e : *existing_allow) allow_ids.insert(e.id);

  auto put_allow = [&](AllowEntry entry, int64_t org_id, const std::string& where) -> Status {
    entry.organization_id = org_id;
    Result<int64_t> id = store.PutAllowEntry(entry);
    if (!id.ok()) return id.status().WithContext(where);
    (allow_ids.insert(*id).second ? report.allow_new : report.allow_existing) += 1;
    return Status::Ok();
  };

  for (const WatchlistOrganization& org : file.organizations) {
    (org_names.count(org.organization.name) ? report.organizations_existing : report.organizations_new) += 1;
    Result<int64_t> org_id = store.PutOrganization(org.organization);
    if (!org_id.ok()) return org_id.status().WithContext(org.where);
    std::set<int64_t> listed;
    for (const WatchlistAsset& wa : org.assets) {
      Asset asset = wa.asset;
      asset.organization_id = *org_id;
      Result<int64_t> id = store.PutAsset(asset);
      if (!id.ok()) return id.status().WithContext(wa.where);
      listed.insert(*id);
      (asset_ids.insert(*id).second ? report.assets_new : report.assets_existing) += 1;
    }
    for (const WatchlistAllow& wa : org.allow) KENCHI_RETURN_IF_ERROR(put_allow(wa.entry, *org_id, wa.where));
    if (replace) {
      for (const Asset& a : *existing_assets) {
        if (a.organization_id == *org_id && !listed.count(a.id)) {
          KENCHI_RETURN_IF_ERROR(store.RemoveAsset(a.id));
          ++report.assets_removed;
        }
      }
    }
  }
  for (const WatchlistAllow& wa : file.global_allow) KENCHI_RETURN_IF_ERROR(put_allow(wa.entry, 0, wa.where));
  KENCHI_RETURN_IF_ERROR(tx.Commit());
  return report;
}

}  // namespace kenchi::match
