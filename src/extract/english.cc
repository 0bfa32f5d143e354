// English extraction rules; see english.h.
#include "extract/english.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "kenchi/text/numbers.h"

namespace kenchi::extract::english {
namespace {

using std::string_view;

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

size_t FindCi(string_view hay, string_view needle, size_t from = 0) {
  if (needle.empty() || hay.size() < needle.size()) return string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && Lower(hay[i + k]) == Lower(needle[k])) ++k;
    if (k == needle.size()) return i;
  }
  return string_view::npos;
}

template <size_t N>
bool AnyCi(string_view s, const std::array<string_view, N>& words) {
  for (string_view w : words) {
    if (FindCi(s, w) != string_view::npos) return true;
  }
  return false;
}

struct Sentence {
  size_t begin;
  size_t end;
};

std::vector<Sentence> Split(string_view s) {
  std::vector<Sentence> out;
  size_t b = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool stop = s[i] == '\n' || ((s[i] == '.' || s[i] == '!' || s[i] == '?') &&
                                       (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\n') &&
                                       !(i >= 3 && (s.substr(i - 3, 3) == "Inc" || s.substr(i - 3, 3) == "Ltd" ||
                                                    s.substr(i - 2, 2) == "Co" || s.substr(i - 4, 4) == "Corp")));
    if (stop) {
      if (i > b) out.push_back({b, i});
      b = i + 1;
    }
  }
  if (b < s.size()) out.push_back({b, s.size()});
  return out;
}

constexpr std::array<string_view, 16> kIncidentWords = {
    "unauthorized access", "unauthorised access", "data breach", "breach", "ransomware", "defaced",
    "leaked", "exposed", "compromised", "stolen", "credential stuffing", "hacked", "cyberattack",
    "cyber attack", "intrusion", "publicly accessible",
};

constexpr std::array<string_view, 14> kVoice = {
    " said", " announced", " disclosed", " confirmed", " reported", " reports ", " is notifying", "regrets",
    "we discovered", "we sincerely apologize", "apologize", "apologise", " confirms", " admitted",
};

constexpr std::array<string_view, 15> kNegative = {
    "how to", "checklist", "this guide", "survey", "webinar", "free trial", "should ", "best practice",
    "quarterly report", "tips", "register now", "per cent of", "% of", "sign up", "statistics",
};

// Words that make a capitalised run a name rather than a sentence start.
constexpr std::array<string_view, 16> kLegalForms = {
    " Co., Ltd.", " Co.,Ltd.", " Co. Ltd.", ", Inc.", " Inc.", " Corporation", " Corp.", " Ltd.", " LLC",
    " plc", " GmbH", " Limited", " Holdings", " Group", " K.K.", " S.A.",
};

constexpr std::array<string_view, 12> kReportAfter = {
    " said", " announced", " disclosed", " confirmed", " reported", " reports", " is notifying", " regrets",
    ", which confirmed", ", which said", " confirms", " admitted",
};

// Capitalised words that start sentences without naming anyone.
constexpr std::array<string_view, 24> kNotNames = {
    "The", "A", "An", "On", "In", "We", "Our", "This", "It", "Names", "Login", "Data", "Notice", "Important",
    "Unauthorized", "Payment", "Report", "How", "When", "Attackers", "Files", "Customers", "Some", "Its",
};

// A run of capitalised words ("Fictional Bay University", "City of
// Exampleton"), with "of"/"and"/"&" allowed inside, and a trailing legal form.
size_t RunEnd(string_view s, size_t b) {
  size_t i = b;
  size_t last_good = b;
  while (i < s.size()) {
    if (i > b) {
      // "Example Widgets Co., Ltd.": a legal form ends the name.
      for (string_view form : kLegalForms) {
        if (s.compare(i, form.size(), form) == 0) return i + form.size();
      }
    }
    if (IsUpper(s[i]) || (IsDigit(s[i]) && i > b)) {
      size_t j = i;
      while (j < s.size() && (IsLetter(s[j]) || IsDigit(s[j]) || s[j] == '-' || s[j] == '&' || s[j] == '\'')) ++j;
      i = j;
      last_good = i;
    } else if (i > b && s[i] == ' ') {
      size_t j = i + 1;
      if (s.compare(j, 3, "of ") == 0 || s.compare(j, 4, "and ") == 0 || s.compare(j, 2, "& ") == 0) {
        j = s.find(' ', j) + 1;
        if (j < s.size() && IsUpper(s[j])) {
          i = j;
          continue;
        }
        break;
      }
      if (j < s.size() && IsUpper(s[j])) {
        i = j;
        continue;
      }
      break;
    } else {
      break;
    }
  }
  for (string_view form : kLegalForms) {
    if (s.compare(last_good, form.size(), form) == 0) return last_good + form.size();
  }
  return last_good;
}

bool OneWord(string_view name) { return name.find(' ') == string_view::npos; }

}  // namespace

bool IsEnglish(string_view s) {
  size_t latin = 0, cjk = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (IsLetter(static_cast<char>(c))) ++latin;
    if (c >= 0xE3 && c <= 0xE9) ++cjk;  // lead bytes of kana and common kanji
  }
  return latin > 4 * cjk;
}

Signals CollectSignals(string_view s) {
  Signals sig;
  sig.incident_word = AnyCi(s, kIncidentWords);
  sig.voice = AnyCi(s, kVoice);
  for (string_view w : kNegative) {
    if (FindCi(s, w) != string_view::npos) ++sig.negatives;
  }
  return sig;
}

std::optional<NameSpan> FindOrganization(string_view s) {
  std::optional<NameSpan> with_form;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsUpper(s[i]) || (i > 0 && (IsLetter(s[i - 1]) || IsDigit(s[i - 1])))) continue;
    size_t b = i;
    size_t e = RunEnd(s, b);
    string_view name = s.substr(b, e - b);
    // "The City of Exampleton": the article is not part of the name.
    for (string_view lead : {string_view("The "), string_view("A ")}) {
      if (name.starts_with(lead) && name.size() > lead.size()) {
        b += lead.size();
        name = s.substr(b, e - b);
      }
    }
    const bool excluded = std::find(kNotNames.begin(), kNotNames.end(), name) != kNotNames.end();
    bool report = false;
    for (string_view r : kReportAfter) report = report || s.compare(e, r.size(), r) == 0;
    bool form = false;
    for (string_view f : kLegalForms) form = form || name.ends_with(f.substr(f.find_first_not_of(", ")));
    form = form || name.starts_with("City of ") || name.find("University") != string_view::npos ||
           name.find("Bank") != string_view::npos || name.find("Hospital") != string_view::npos ||
           name.find("Clinic") != string_view::npos;
    if (!excluded && report && !OneWord(name)) return NameSpan{b, e};
    if (!excluded && form && !with_form) with_form = NameSpan{b, e};
    i = e;
  }
  return with_form;
}

std::vector<Count> FindCounts(string_view s) {
  static constexpr std::array<string_view, 14> kPeople = {
      "customers", "customer records", "patients", "residents", "students", "users", "members", "individuals",
      "people", "records", "employees", "subscribers", "clients", "applicants",
  };
  static constexpr std::array<string_view, 9> kNotRecords = {"accounts", "companies", "sites", "messages", "emails",
                                                             "victims", "organizations", "devices", "stores"};
  struct Prefix {
    string_view word;
    Qualifier q;
  };
  static constexpr std::array<Prefix, 12> kPrefixes = {{
      {"up to ", Qualifier::kUpperBound},      {"as many as ", Qualifier::kUpperBound},
      {"more than ", Qualifier::kLowerBound},  {"over ", Qualifier::kLowerBound},
      {"at least ", Qualifier::kLowerBound},   {"in excess of ", Qualifier::kLowerBound},
      {"approximately ", Qualifier::kApprox},  {"about ", Qualifier::kApprox},
      {"around ", Qualifier::kApprox},         {"roughly ", Qualifier::kApprox},
      {"nearly ", Qualifier::kApprox},         {"some ", Qualifier::kApprox},
  }};
  std::vector<Count> out;
  for (const Sentence& sp : Split(s)) {
    const string_view sentence = s.substr(sp.begin, sp.end - sp.begin);
    for (size_t i = 0; i < sentence.size(); ++i) {
      if (!IsDigit(sentence[i]) || (i > 0 && (IsDigit(sentence[i - 1]) || IsLetter(sentence[i - 1]) ||
                                              sentence[i - 1] == ',' || sentence[i - 1] == '.'))) {
        continue;
      }
      const auto n = text::ParseEnglishNumber(sentence.substr(i));
      if (!n) continue;
      size_t after = i + n->length;
      // "41,000 customers", "1.2 million customers", "500,000 customer records"
      size_t w = after;
      while (w < sentence.size() && sentence[w] == ' ') ++w;
      const string_view rest = sentence.substr(w);
      bool noun = false;
      for (string_view p : kPeople) {
        if (FindCi(rest.substr(0, std::min<size_t>(rest.size(), 30)), p) != string_view::npos) {
          // the noun must come within two words
          const size_t at = FindCi(rest, p);
          const string_view gap = rest.substr(0, at);
          if (std::count(gap.begin(), gap.end(), ' ') <= 2) noun = true;
        }
      }
      if (w < sentence.size() && sentence[w] == '%') noun = false;
      bool not_record = false;
      for (string_view x : kNotRecords) {
        const size_t at = FindCi(rest, x);
        if (at != string_view::npos && std::count(rest.begin(), rest.begin() + static_cast<long>(at), ' ') <= 2) {
          not_record = true;
        }
      }
      if (!noun || not_record || n->value < 2) {
        i = after;
        continue;
      }
      Count c;
      c.value = n->value;
      c.begin = sp.begin + i;
      c.end = sp.begin + after;
      const string_view before = sentence.substr(0, i);
      for (const Prefix& p : kPrefixes) {
        if (before.size() >= p.word.size() && FindCi(before.substr(before.size() - p.word.size()), p.word) == 0) {
          c.qualifier = p.q;
          c.begin -= p.word.size();
          break;
        }
      }
      if (FindCi(sentence, "card") != string_view::npos && FindCi(sentence, "not affected") == string_view::npos &&
          FindCi(sentence, "was not") == string_view::npos) {
        c.type = DataType::kCreditCard;
      } else if (FindCi(sentence, "bank account") != string_view::npos) {
        c.type = DataType::kBankAccount;
      } else if (FindCi(sentence, "social security") != string_view::npos) {
        c.type = DataType::kOther;
      } else {
        c.type = DataType::kPersonalInfo;
      }
      out.push_back(c);
      i = after;
    }
  }
  return out;
}

void AddTypes(string_view s, bool has_card, bool has_personal, std::vector<IncidentType>* types) {
  auto add = [&](IncidentType t) {
    if (std::find(types->begin(), types->end(), t) == types->end()) types->push_back(t);
  };
  static constexpr std::array<string_view, 9> kAccess = {
      "unauthorized access", "unauthorised access", "accessed", "gained access", "hacked", "intrusion",
      "log into", "logged into", "exploit",
  };
  if (AnyCi(s, kAccess)) add(IncidentType::kUnauthorizedAccess);
  if (FindCi(s, "defaced") != string_view::npos || FindCi(s, "defacement") != string_view::npos) {
    add(IncidentType::kDefacement);
    add(IncidentType::kUnauthorizedAccess);
  }
  if (FindCi(s, "ransomware") != string_view::npos) add(IncidentType::kRansomware);
  if (FindCi(s, "phishing") != string_view::npos) add(IncidentType::kPhishing);
  if (FindCi(s, "misconfigur") != string_view::npos) add(IncidentType::kMisconfiguration);
  if (FindCi(s, "malware") != string_view::npos) add(IncidentType::kMalware);
  if (FindCi(s, "spam") != string_view::npos) add(IncidentType::kSpamRelay);
  if (FindCi(s, "laptop") != string_view::npos &&
      (FindCi(s, "stolen") != string_view::npos || FindCi(s, "lost") != string_view::npos)) {
    add(IncidentType::kLostDevice);
  }
  if (FindCi(s, "former employee") != string_view::npos || FindCi(s, "insider") != string_view::npos) {
    add(IncidentType::kInsider);
  }
  if (has_card) add(IncidentType::kCardDataLeak);
  if (has_personal) add(IncidentType::kPersonalDataLeak);
}

}  // namespace kenchi::extract::english
