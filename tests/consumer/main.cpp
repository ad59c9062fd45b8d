// Loads a scenario through the installed migrasim library and prints its
// region count. Exit 0 only when the scenario (toy-3) has 3 regions.
// Includes the umbrella header, so every installed header must compile on
// its own terms (no internal header, no OpenMP flags).
#include <exception>
#include <iostream>

#include "migrasim/migrasim.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer SCENARIO\n";
    return 2;
  }
  try {
    const migrasim::Scenario scenario = migrasim::load_scenario(argv[1]);
    std::cout << "regions: " << scenario.region_count() << "\n";
    return scenario.region_count() == 3 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "consumer: " << e.what() << "\n";
    return 1;
  }
}
