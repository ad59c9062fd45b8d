// The phases of a tick, in order (DESIGN.md s.1), and their names.
#pragma once

#include <string_view>

namespace migrasim {

enum class Phase : int { policy, fields, agents, admission, aggregate, fiscal, record, count_ };
inline constexpr int kPhases = static_cast<int>(Phase::count_);
std::string_view phase_name(Phase p);

}  // namespace migrasim
