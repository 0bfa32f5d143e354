// Errors as values.
//
// Every failure a user can cause (a bad file, an unwritable database, a
// malformed line) travels as a Status with a message that names the thing
// and says what was expected. Exceptions do not cross module boundaries;
// programming errors assert.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kenchi {

class Status {
 public:
  // Broad classes, chosen so the CLI can map them to exit codes.
  enum class Code {
    kOk = 0,
    kInvalidInput,  // the user's data is wrong: bad encoding, malformed record
    kNotFound,      // a named thing does not exist
    kIoError,       // the file system or database refused
    kInternal,      // a bug or an unexpected library failure
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string msg) { return Status(Code::kInvalidInput, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Prefixes the message with where it happened: "path: message".
  Status WithContext(const std::string& where) const {
    if (ok()) return *this;
    return Status(code_, where + ": " + message_);
  }

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}                // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace kenchi

// Returns early from the enclosing function when `expr` yields a failed Status.
#define KENCHI_STATUS_CONCAT_INNER(a, b) a##b
#define KENCHI_STATUS_CONCAT(a, b) KENCHI_STATUS_CONCAT_INNER(a, b)
#define KENCHI_RETURN_IF_ERROR(expr)                                              \
  do {                                                                            \
    ::kenchi::Status KENCHI_STATUS_CONCAT(kenchi_status_, __LINE__) = (expr);     \
    if (!KENCHI_STATUS_CONCAT(kenchi_status_, __LINE__).ok())                     \
      return KENCHI_STATUS_CONCAT(kenchi_status_, __LINE__);                      \
  } while (0)
