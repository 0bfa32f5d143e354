// MeCab behind a small interface: one model per process, one tagger and
// lattice per thread (see kenchi/text/mecab.h).
#include "kenchi/text/mecab.h"

#include <mecab.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include <fmt/format.h>

#ifndef KENCHI_MECAB_DICDIR
#define KENCHI_MECAB_DICDIR "/var/lib/mecab/dic/ipadic-utf8"
#endif
#ifndef KENCHI_MECAB_USERDIC
#define KENCHI_MECAB_USERDIC ""
#endif

namespace kenchi::text {
namespace {

struct Loaded {
  MeCab::Model* model = nullptr;  // process lifetime: taggers on other threads point into it
  Status status;
};

// MeCab's argument parser splits on spaces; a path with a space would be
// misread, so such paths are refused with a clear message instead.
bool HasSpace(const std::string& s) { return s.find_first_of(" \t") != std::string::npos; }

Loaded Load() {
  Loaded l;
  const MecabPaths paths = ResolveMecabPaths();
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(fs::path(paths.dicdir) / "sys.dic", ec)) {
    l.status = Status::IoError(fmt::format(
        "MeCab dictionary not found: {}/sys.dic (install mecab-ipadic-utf8, or set KENCHI_MECAB_DICDIR)",
        paths.dicdir));
    return l;
  }
  if (HasSpace(paths.dicdir) || HasSpace(paths.userdic)) {
    l.status = Status::IoError("MeCab dictionary paths must not contain spaces: " + paths.dicdir);
    return l;
  }
  std::string args = "-d " + paths.dicdir;
  if (!paths.userdic.empty()) {
    if (!fs::exists(paths.userdic, ec)) {
      l.status = Status::IoError(fmt::format(
          "kenchi's MeCab user dictionary not found: {} (it is built with kenchi; or set KENCHI_MECAB_USERDIC)",
          paths.userdic));
      return l;
    }
    args += " -u " + paths.userdic;
  }
  l.model = MeCab::createModel(args.c_str());
  if (l.model == nullptr) {
    l.status = Status::IoError(fmt::format("cannot load MeCab with '{}': {}", args, MeCab::getLastError()));
  }
  return l;
}

const Loaded& Shared() {
  static const Loaded loaded = Load();  // thread-safe initialisation
  return loaded;
}

struct ThreadTagger {
  std::unique_ptr<MeCab::Tagger> tagger;
  std::unique_ptr<MeCab::Lattice> lattice;
};

ThreadTagger* ForThisThread() {
  thread_local ThreadTagger t;
  if (!t.tagger) {
    const Loaded& l = Shared();
    if (l.model == nullptr) return nullptr;
    t.tagger.reset(l.model->createTagger());
    t.lattice.reset(l.model->createLattice());
    if (!t.tagger || !t.lattice) return nullptr;
  }
  return &t;
}

// The n-th comma-separated field of a feature string.
std::string_view Field(std::string_view f, int n) {
  size_t b = 0;
  for (int i = 0; i < n; ++i) {
    const size_t c = f.find(',', b);
    if (c == std::string_view::npos) return {};
    b = c + 1;
  }
  const size_t e = f.find(',', b);
  return f.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b);
}

void Classify(std::string_view feature, Morpheme* m) {
  const std::string_view p0 = Field(feature, 0);
  const std::string_view p1 = Field(feature, 1);
  const std::string_view p3 = Field(feature, 3);
  if (p3 == "kenchi_orgform") m->tag = UserTag::kOrgForm;
  else if (p3 == "kenchi_sec") m->tag = UserTag::kSecurity;
  else if (p3 == "kenchi_data") m->tag = UserTag::kData;
  else if (p3 == "kenchi_product") m->tag = UserTag::kProduct;

  if (p0 == "名詞") {
    const std::string_view p2 = Field(feature, 2);
    if (p1 == "数") m->pos = Pos::kNumber;
    else if (p1 == "接尾") m->pos = Pos::kSuffix;
    else if (p1 == "非自立" || p1 == "代名詞") m->pos = Pos::kDependent;
    else if (p1 == "固有名詞" && p2 == "組織") m->pos = Pos::kProperOrg;
    else if (p1 == "固有名詞" && p2 == "地域") m->pos = Pos::kPlace;
    else m->pos = Pos::kNoun;
  } else if (p0 == "動詞") {
    m->pos = Pos::kVerb;
  } else if (p0 == "助動詞" || p0 == "形容詞") {
    const std::string_view base = Field(feature, 6);
    if (base == "ない" || base == "ぬ" || base == "ん") m->pos = Pos::kNegation;
    else m->pos = p0 == "助動詞" ? Pos::kAuxiliary : Pos::kAdjective;
  } else if (p0 == "助詞") {
    m->pos = p1 == "係助詞" ? Pos::kTopic : Pos::kParticle;
  } else if (p0 == "記号") {
    m->pos = Pos::kSymbol;
  } else {
    m->pos = Pos::kOther;
  }
}

}  // namespace

MecabPaths ResolveMecabPaths() {
  MecabPaths p;
  const char* d = std::getenv("KENCHI_MECAB_DICDIR");
  p.dicdir = d != nullptr && *d != '\0' ? d : KENCHI_MECAB_DICDIR;
  const char* u = std::getenv("KENCHI_MECAB_USERDIC");
  p.userdic = u != nullptr ? u : KENCHI_MECAB_USERDIC;
  return p;
}

Status MecabStatus() { return Shared().status; }

Status Tokenize(std::string_view text, std::vector<Morpheme>* out) {
  out->clear();
  ThreadTagger* t = ForThisThread();
  if (t == nullptr) {
    const Status& s = Shared().status;
    return s.ok() ? Status::IoError("cannot create a MeCab tagger") : s;
  }
  t->lattice->set_sentence(text.data(), text.size());
  if (!t->tagger->parse(t->lattice.get())) {
    return Status::Internal(std::string("MeCab parse failed: ") + t->lattice->what());
  }
  const char* base = t->lattice->sentence();
  for (const MeCab::Node* n = t->lattice->bos_node(); n != nullptr; n = n->next) {
    if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE) continue;
    Morpheme m;
    m.begin = static_cast<uint32_t>(n->surface - base);
    m.end = m.begin + n->length;
    Classify(n->feature != nullptr ? std::string_view(n->feature) : std::string_view(), &m);
    out->push_back(m);
  }
  return Status::Ok();
}

}  // namespace kenchi::text
