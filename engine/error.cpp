#include "migrasim/error.hpp"

namespace migrasim {

std::string SourceLocation::str() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line);
}

void throw_input_error(const SourceLocation& where, std::string_view what) {
  std::string message = where.str();
  if (!message.empty()) message += ": ";
  message += what;
  throw InputError(message);
}

}  // namespace migrasim
