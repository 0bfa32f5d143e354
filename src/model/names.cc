// Stable names for the closed enums. These strings are stored in the
// database and appear in JSON output and gold files: never rename one
// without a migration.
#include <array>
#include <utility>

#include "kenchi/model.h"

namespace kenchi {
namespace {

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<DocumentFormat, 4> kFormats{{
    {DocumentFormat::kText, "text"}, {DocumentFormat::kHtml, "html"},
    {DocumentFormat::kJsonLines, "jsonl"}, {DocumentFormat::kPdf, "pdf"}}};

constexpr NameTable<Encoding, 7> kEncodings{{
    {Encoding::kUtf8, "utf-8"}, {Encoding::kUtf8Bom, "utf-8-bom"},
    {Encoding::kUtf16LE, "utf-16le"}, {Encoding::kUtf16BE, "utf-16be"},
    {Encoding::kShiftJis, "shift_jis"}, {Encoding::kEucJp, "euc-jp"},
    {Encoding::kIso2022Jp, "iso-2022-jp"}}};

constexpr NameTable<IncidentType, 12> kIncidentTypes{{
    {IncidentType::kUnauthorizedAccess, "unauthorized_access"},
    {IncidentType::kDefacement, "defacement"},
    {IncidentType::kSpamRelay, "spam_relay"},
    {IncidentType::kPersonalDataLeak, "personal_data_leak"},
    {IncidentType::kCardDataLeak, "card_data_leak"},
    {IncidentType::kRansomware, "ransomware"},
    {IncidentType::kMisconfiguration, "misconfiguration"},
    {IncidentType::kMalware, "malware"},
    {IncidentType::kPhishing, "phishing"},
    {IncidentType::kInsider, "insider"},
    {IncidentType::kLostDevice, "lost_device"},
    {IncidentType::kOther, "other"}}};

constexpr NameTable<DataType, 9> kDataTypes{{
    {DataType::kPersonalInfo, "personal_info"}, {DataType::kCreditCard, "credit_card"},
    {DataType::kEmailAddress, "email_address"}, {DataType::kPassword, "password"},
    {DataType::kBankAccount, "bank_account"}, {DataType::kMyNumber, "my_number"},
    {DataType::kPhone, "phone"}, {DataType::kAddress, "address"},
    {DataType::kOther, "other"}}};

constexpr NameTable<Qualifier, 4> kQualifiers{{
    {Qualifier::kExact, "exact"}, {Qualifier::kApprox, "approx"},
    {Qualifier::kUpperBound, "upper_bound"}, {Qualifier::kLowerBound, "lower_bound"}}};

constexpr NameTable<OfferingType, 9> kOfferings{{
    {OfferingType::kDataSale, "data_sale"}, {OfferingType::kAccessSale, "access_sale"},
    {OfferingType::kCredentialSale, "credential_sale"},
    {OfferingType::kVerificationService, "verification_service"},
    {OfferingType::kCards, "cards"}, {OfferingType::kBankAccounts, "bank_accounts"},
    {OfferingType::kIdDocuments, "id_documents"}, {OfferingType::kTools, "tools"},
    {OfferingType::kOther, "other"}}};

constexpr NameTable<IndicatorType, 10> kIndicatorTypes{{
    {IndicatorType::kIpv4, "ipv4"}, {IndicatorType::kIpv6, "ipv6"},
    {IndicatorType::kCidr, "cidr"}, {IndicatorType::kDomain, "domain"},
    {IndicatorType::kUrl, "url"}, {IndicatorType::kEmail, "email"},
    {IndicatorType::kSha256, "sha256"}, {IndicatorType::kSha1, "sha1"},
    {IndicatorType::kMd5, "md5"}, {IndicatorType::kOther, "other"}}};

constexpr NameTable<AssetKind, 12> kAssetKinds{{
    {AssetKind::kName, "name"}, {AssetKind::kDomain, "domain"},
    {AssetKind::kEmailDomain, "email_domain"}, {AssetKind::kIpv4, "ipv4"},
    {AssetKind::kIpv6, "ipv6"}, {AssetKind::kCidr, "cidr"}, {AssetKind::kAsn, "asn"},
    {AssetKind::kBin, "bin"}, {AssetKind::kCloudAccount, "cloud_account"},
    {AssetKind::kPerson, "person"}, {AssetKind::kAddress, "address"},
    {AssetKind::kKeyword, "keyword"}}};

constexpr NameTable<Severity, 4> kSeverities{{
    {Severity::kLow, "low"}, {Severity::kMedium, "medium"},
    {Severity::kHigh, "high"}, {Severity::kCritical, "critical"}}};

constexpr NameTable<AlertStatus, 4> kAlertStatuses{{
    {AlertStatus::kNew, "new"}, {AlertStatus::kAcknowledged, "acknowledged"},
    {AlertStatus::kResolved, "resolved"}, {AlertStatus::kFalsePositive, "false_positive"}}};

constexpr NameTable<AllowKind, 3> kAllowKinds{{
    {AllowKind::kTerm, "term"}, {AllowKind::kDomain, "domain"},
    {AllowKind::kNetwork, "network"}}};

template <typename E, size_t N>
std::string_view NameOf(const NameTable<E, N>& table, E v) {
  for (const auto& [e, name] : table)
    if (e == v) return name;
  return "unknown";
}

template <typename E, size_t N>
std::optional<E> ValueOf(const NameTable<E, N>& table, std::string_view s) {
  for (const auto& [e, name] : table)
    if (name == s) return e;
  return std::nullopt;
}

}  // namespace

std::string_view ToString(DocumentFormat v) { return NameOf(kFormats, v); }
std::string_view ToString(Encoding v) { return NameOf(kEncodings, v); }
std::string_view ToString(IncidentType v) { return NameOf(kIncidentTypes, v); }
std::string_view ToString(DataType v) { return NameOf(kDataTypes, v); }
std::string_view ToString(Qualifier v) { return NameOf(kQualifiers, v); }
std::string_view ToString(OfferingType v) { return NameOf(kOfferings, v); }
std::string_view ToString(IndicatorType v) { return NameOf(kIndicatorTypes, v); }
std::string_view ToString(AssetKind v) { return NameOf(kAssetKinds, v); }
std::string_view ToString(Severity v) { return NameOf(kSeverities, v); }
std::string_view ToString(AlertStatus v) { return NameOf(kAlertStatuses, v); }
std::string_view ToString(AllowKind v) { return NameOf(kAllowKinds, v); }

std::optional<DocumentFormat> ParseDocumentFormat(std::string_view s) { return ValueOf(kFormats, s); }
std::optional<Encoding> ParseEncoding(std::string_view s) { return ValueOf(kEncodings, s); }
std::optional<IncidentType> ParseIncidentType(std::string_view s) { return ValueOf(kIncidentTypes, s); }
std::optional<DataType> ParseDataType(std::string_view s) { return ValueOf(kDataTypes, s); }
std::optional<Qualifier> ParseQualifier(std::string_view s) { return ValueOf(kQualifiers, s); }
std::optional<AssetKind> ParseAssetKind(std::string_view s) { return ValueOf(kAssetKinds, s); }
std::optional<Severity> ParseSeverity(std::string_view s) { return ValueOf(kSeverities, s); }
std::optional<AlertStatus> ParseAlertStatus(std::string_view s) { return ValueOf(kAlertStatuses, s); }
std::optional<AllowKind> ParseAllowKind(std::string_view s) { return ValueOf(kAllowKinds, s); }

}  // namespace kenchi
