// libcurl plumbing shared by the webhook and email sinks.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

namespace kenchi::alert {

// curl_global_init, once per process (it is not thread-safe to race).
void EnsureCurlGlobalInit();

struct CurlEasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// Appends to a list held in a CurlSlist (curl_slist_append may reallocate the head).
void SlistAppend(CurlSlist& list, const std::string& item);

// libcurl's explanation of `code`, with the detail from the error buffer
// when it has one: "Couldn't connect to server (Failed to connect to
// 127.0.0.1 port 9: Connection refused)".
std::string CurlErrorText(CURLcode code, const char* error_buffer);

}  // namespace kenchi::alert
