// Stable names of the listing enums (stored in the database and shown in
// JSON output; never rename one without a migration). OfferingType's names
// live in names.cc with the other v1 enums; its parser is here.
#include <array>
#include <utility>

#include "kenchi/model.h"

namespace kenchi {
namespace {

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<AccessKind, 8> kAccessKinds{{
    {AccessKind::kNone, "none"}, {AccessKind::kAdminPanel, "admin_panel"},
    {AccessKind::kRdp, "rdp"}, {AccessKind::kVpn, "vpn"}, {AccessKind::kWebshell, "webshell"},
    {AccessKind::kCloudConsole, "cloud_console"}, {AccessKind::kSsh, "ssh"},
    {AccessKind::kOther, "other"}}};

constexpr NameTable<PriceBasis, 3> kPriceBases{{
    {PriceBasis::kUnknown, "unknown"}, {PriceBasis::kPerRecord, "per_record"},
    {PriceBasis::kForTheLot, "for_the_lot"}}};

constexpr NameTable<Sector, 16> kSectors{{
    {Sector::kFinance, "finance"}, {Sector::kCrypto, "crypto"}, {Sector::kRetail, "retail"},
    {Sector::kGovernment, "government"}, {Sector::kHealthcare, "healthcare"},
    {Sector::kEducation, "education"}, {Sector::kTelecom, "telecom"},
    {Sector::kTechnology, "technology"}, {Sector::kManufacturing, "manufacturing"},
    {Sector::kEnergy, "energy"}, {Sector::kTransport, "transport"},
    {Sector::kHospitality, "hospitality"}, {Sector::kGaming, "gaming"}, {Sector::kMedia, "media"},
    {Sector::kOther, "other"}, {Sector::kUnknown, "unknown"}}};

constexpr std::array<OfferingType, 9> kAllOfferings{
    OfferingType::kDataSale,    OfferingType::kAccessSale, OfferingType::kCredentialSale,
    OfferingType::kVerificationService, OfferingType::kCards, OfferingType::kBankAccounts,
    OfferingType::kIdDocuments, OfferingType::kTools,      OfferingType::kOther};

template <typename E, size_t N>
std::string_view NameOf(const NameTable<E, N>& table, E v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "?";
}

template <typename E, size_t N>
std::optional<E> ValueOf(const NameTable<E, N>& table, std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(AccessKind v) { return NameOf(kAccessKinds, v); }
std::string_view ToString(PriceBasis v) { return NameOf(kPriceBases, v); }
std::string_view ToString(Sector v) { return NameOf(kSectors, v); }

std::optional<OfferingType> ParseOfferingType(std::string_view s) {
  for (OfferingType o : kAllOfferings) {
    if (ToString(o) == s) return o;
  }
  return std::nullopt;
}
std::optional<AccessKind> ParseAccessKind(std::string_view s) { return ValueOf(kAccessKinds, s); }
std::optional<PriceBasis> ParsePriceBasis(std::string_view s) { return ValueOf(kPriceBases, s); }
std::optional<Sector> ParseSector(std::string_view s) { return ValueOf(kSectors, s); }

}  // namespace kenchi
