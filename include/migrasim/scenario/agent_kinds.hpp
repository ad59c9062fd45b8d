// The kinds of agent a scenario describes: hukou type, role in the household,
// education, employment. The scenario's parameters name them (the talent
// rule's lowest education, ...) and the agent store packs them into each
// agent's traits (migrasim/model/agent_store.hpp), so they live in the
// scenario part, below the model.
#pragma once

#include <cstdint>

namespace migrasim {

enum class HukouType : std::uint8_t { agricultural = 0, non_agricultural = 1, resident = 2 };
enum class Role : std::uint8_t { worker = 0, spouse = 1, child = 2, elder = 3 };
enum class Education : std::uint8_t { primary = 0, junior = 1, senior = 2, college = 3 };
enum class Employment : std::uint8_t {
  formal = 0,    // contract, social insurance at the location
  informal = 1,  // no contract, no insurance
  unemployed = 2,
  farming = 3,      // on the household's rural land
  not_working = 4,  // children, elders
};
inline constexpr int kEducationLevels = 4;

}  // namespace migrasim
