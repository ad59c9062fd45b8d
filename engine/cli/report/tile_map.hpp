// The maps of the HTML report, drawn from the regions' centroids alone (no
// boundary file): a tile-grid map, one square per region placed on a grid
// so that the layout keeps the centroids' geography, and a dot map, one
// circle per region at its centroid sized by residents. Both are coloured
// by one quantity with a colour-blind-safe scale (viridis for a quantity
// that is never negative, blue-white-orange around 0 for a change).
#pragma once

#include <string>
#include <vector>

namespace migrasim::report {

struct Place {
  std::string name;
  double lat = 0, lon = 0;  // degrees
  double value = 0;         // the quantity coloured (NaN: no value, grey)
  double size = 0;          // dot map: the circle's area follows it (residents)
};

struct Cell {
  int col = 0, row = 0;
};

// A grid cell for each place: the grid's shape follows the extent of the
// centroids (longitude scaled by the cosine of the mean latitude), with
// about 1.6 cells per place, and places take the cell nearest to their
// scaled centroid, closest pairs first (deterministic: ties by index).
std::vector<Cell> tile_layout(const std::vector<Place>& places);

// An sRGB colour "#rrggbb" for `value` on [lo, hi]: viridis when `diverging`
// is false, else a blue (negative) - white (0) - orange (positive) scale
// symmetric around 0 over [-max(|lo|,|hi|), +max].
std::string colour_for(double value, double lo, double hi, bool diverging);

struct MapSpec {
  std::string id, title;
  std::string units;  // the legend's caption
  bool diverging = false;
};

std::string render_tile_map(const MapSpec& spec, const std::vector<Place>& places);
std::string render_dot_map(const MapSpec& spec, const std::vector<Place>& places);

}  // namespace migrasim::report
