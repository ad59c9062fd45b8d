// Scenario accessors and derived figures.
#include "migrasim/scenario/scenario.hpp"

namespace migrasim {

int Scenario::find_region(const std::string& name) const {
  for (std::size_t i = 0; i < regions_.size(); ++i) {
    if (regions_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

double Scenario::total_population() const {
  double total = 0;
  for (const auto& r : regions_) total += r.population;
  return total;
}

double Scenario::total_migrants() const {
  double total = 0;
  for (const auto& r : regions_) total += r.migrants;
  return total;
}

double Scenario::scale() const {
  return total_population() / static_cast<double>(params_.run.agents);
}

std::string Event::describe() const {
  std::string text;
  for (const auto& [key, value] : assignments) {
    if (!text.empty()) text += ' ';
    text += key + "=" + value;
  }
  return text;
}

}  // namespace migrasim
