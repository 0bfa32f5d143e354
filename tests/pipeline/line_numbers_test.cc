// Line numbers of bad-line samples: the newline count and the windows it is
// read through.
#include "pipeline/line_numbers.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/run.h"

namespace kenchi::pipeline::internal {
namespace {

using kenchi::testing::ScratchDir;

// Every length around the 16-byte steps and the 255-step folds, every
// start alignment, all newlines (a lane at its limit) and mixed bytes.
TEST(LineNumbersTest, CountNewlinesAgreesWithACountByBytes) {
  const size_t fold = 255 * 16;
  std::string all(3 * fold + 64, '\n');
  std::string mixed(3 * fold + 64, 'x');
  uint32_t r = 3;
  for (char& c : mixed) {
    r = r * 1103515245u + 12345u;
    if ((r >> 16) % 3 == 0) c = '\n';
  }
  for (const std::string* text : {&all, &mixed}) {
    for (size_t start : {0, 1, 7, 15}) {
      for (size_t n : {size_t{0}, size_t{1}, size_t{15}, size_t{16}, size_t{17}, fold - 1, fold, fold + 1,
                       2 * fold + 16, 3 * fold + 37}) {
        const char* p = text->data() + start;
        EXPECT_EQ(CountNewlines(p, n), static_cast<uint64_t>(std::count(p, p + n, '\n')))
            << (text == &all ? "all" : "mixed") << " start " << start << " n " << n;
      }
    }
  }
}

// With a window of one page: samples on a window's first byte, just before
// and after it, several in one window, the same offset twice, at the end
// of the file, and past it (unknown, as are the ones after it).
TEST(LineNumbersTest, SamplesAcrossWindowsGetExactLines) {
  ScratchDir dir;
  const auto page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  std::string text;
  uint32_t r = 11;
  while (text.size() < 5 * page + 123) {
    r = r * 1103515245u + 12345u;
    text += std::string((r >> 16) % 90, 'a') + "\n";
  }
  const std::string path = dir.Write("lines.txt", text);
  const std::vector<uint64_t> offsets = {0, 1, page - 1, page, page + 1, page + 2, 2 * page, 2 * page,
                                         4 * page - 1, text.size() - 1, text.size()};
  const int fd = open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  auto sample_at = [](uint64_t offset) {
    BadLineSample s;
    s.offset = offset;
    return s;
  };
  for (bool map : {true, false}) {
    std::vector<BadLineSample> samples;
    for (uint64_t o : offsets) samples.push_back(sample_at(o));
    samples.push_back(sample_at(text.size() + 5));  // past the end
    samples.push_back(sample_at(text.size() + 9));
    NumberLines(fd, samples, map, page);
    for (size_t k = 0; k < offsets.size(); ++k) {
      const auto want = 1 + static_cast<uint64_t>(std::count(text.begin(), text.begin() + static_cast<long>(offsets[k]), '\n'));
      EXPECT_EQ(samples[k].line, want) << "map " << map << " offset " << offsets[k];
    }
    EXPECT_EQ(samples[offsets.size()].line, 0u) << "past the end: unknown";
    EXPECT_EQ(samples[offsets.size() + 1].line, 0u);
  }
  close(fd);
}

}  // namespace
}  // namespace kenchi::pipeline::internal
