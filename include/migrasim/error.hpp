// Error types. Every error the engine raises derives from migrasim::Error.
// InputError means the user's input is wrong (exit code 2); anything else is
// an internal error (exit code 1). Messages name the file, line, field and
// offending value, e.g.
//   regions.csv:14: column 'population': expected a non-negative number, got '-3'
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace migrasim {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad input: a scenario file, a command-line value, a run file.
class InputError : public Error {
 public:
  using Error::Error;
};

// The disk (or quota) cannot take what is about to be written. Raised before
// writing where the need is known, so the file stays intact (exit code 2).
class DiskFullError : public InputError {
 public:
  using InputError::InputError;
};

// Where in the input something was found: "file", "file:line" or a label such
// as "--set". Used to prefix messages uniformly.
struct SourceLocation {
  std::string file;      // as the user named it (e.g. "scenarios/toy-3/regions.csv")
  std::size_t line = 0;  // 1-based; 0 = the file as a whole

  std::string str() const;
};

// Throws InputError("<where>: <what>").
[[noreturn]] void throw_input_error(const SourceLocation& where, std::string_view what);

}  // namespace migrasim
