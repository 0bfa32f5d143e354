#include "alert/curl_util.h"

#include <mutex>

namespace kenchi::alert {

void EnsureCurlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

void SlistAppend(CurlSlist& list, const std::string& item) {
  curl_slist* head = curl_slist_append(list.get(), item.c_str());
  if (head != nullptr) {
    (void)list.release();
    list.reset(head);
  }
}

std::string CurlErrorText(CURLcode code, const char* error_buffer) {
  std::string text = curl_easy_strerror(code);
  if (error_buffer != nullptr && error_buffer[0] != '\0') {
    text += " (";
    text += error_buffer;
    text += ")";
  }
  return text;
}

}  // namespace kenchi::alert
