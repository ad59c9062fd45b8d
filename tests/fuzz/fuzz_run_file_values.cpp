// Fuzz target: what OUR run-file reader decides (engine/io/run_file_reader.cpp)
// about the values, shapes and types inside a structurally valid run file.
//
// fuzz_run_file feeds raw bytes to HDF5 and mostly exercises HDF5 1.10.8's
// own parser, where it finds HDF5's bugs (docs/testing.md). Here HDF5 always
// sees a file it wrote itself: at the first call a small toy-3 run is written
// once (300 agents, 3 months, snapshots at ticks 1, 2 and 3). Each input
// copies it to a scratch file and is read as a little program of edits, made
// with the HDF5 C API; then read_run_info and read_snapshot of every complete
// snapshot it lists run on the result. A migrasim::Error is a correct
// rejection; anything else is a finding.
//
// One edit is 3 bytes and its operands:
//   target    byte % number of targets (root attributes, attributes and
//             datasets of a snapshot, /regions/name, /events/tick,
//             /events/applied/*)
//   snapshot  byte (which snapshot group, for snapshot targets)
//   operation byte % 6:
//     0 set one element (index: 2 bytes) to raw bytes of its stored type
//     1 set one element to a small integer (1 signed byte; into an integer
//       type its low bytes, -1 in a uint16 is 65535; other types convert)
//     2 resize: N rows (1 byte), the old values kept, the new ones raw bytes
//     3 replace with another element type (1 byte), rank (0, 1 or 2) and N
//       elements of raw bytes (or strings)
//     4 delete it
//     5 set one element to an extreme value (0, -1, the type's min or max,
//       the number of regions, NaN, inf)
// An edit HDF5 refuses (a conversion it has no path for) is skipped.
#include <hdf5.h>

#include <array>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/model/simulation.hpp"

using namespace migrasim;

namespace {

// The bytes of one input, read front to back; zeros once they run out.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(byte() | (byte() << 8)); }
  void fill(void* out, std::size_t n) {
    auto* p = static_cast<std::uint8_t*>(out);
    for (std::size_t i = 0; i < n; ++i) p[i] = byte();
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_, pos_ = 0;
};

// An HDF5 id closed by `close` (ids below 0 are failures: nothing to close).
struct Id {
  hid_t id;
  herr_t (*close)(hid_t);
  Id(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) {}
  ~Id() {
    if (id >= 0) close(id);
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  explicit operator bool() const { return id >= 0; }
};

struct Target {
  bool in_snapshot;
  bool attribute;
  const char* name;
};

constexpr std::array kTargets = {
    Target{false, true, "seed"},          Target{false, true, "agents"},
    Target{false, true, "scale"},         Target{false, true, "start_date"},
    Target{false, true, "ticks_done"},    Target{false, true, "version"},
    Target{false, true, "format"},        Target{false, true, "complete"},
    Target{false, true, "scenario"},      Target{false, true, "threads"},
    Target{false, true, "command_line"},  Target{true, true, "tick"},
    Target{true, true, "next_id"},        Target{true, true, "scale"},
    Target{true, true, "agents"},         Target{true, true, "complete"},
    Target{true, false, "id"},            Target{true, false, "hukou_region"},
    Target{true, false, "location"},      Target{true, false, "age"},
    Target{true, false, "birth_month"},   Target{true, false, "months_at_location"},
    Target{true, false, "insured_months"}, Target{true, false, "traits"},
    Target{true, false, "initial_labour"}, Target{true, false, "fiscal_balance"},
    Target{true, false, "tax_rate"},      Target{true, false, "other_per_resident"},
    Target{true, false, "quota_used"},    Target{false, false, "regions/name"},
    Target{false, false, "events/tick"},  Target{false, false, "events/applied/tick"},
    Target{false, false, "events/applied/event"},
    Target{false, false, "events/applied/region"},
};

const std::array<hid_t, 11>& element_types() {
  static const std::array<hid_t, 11> types = {
      H5T_STD_I8LE,  H5T_STD_U8LE,  H5T_STD_I16LE, H5T_STD_U16LE,   H5T_STD_I32LE,  H5T_STD_U32LE,
      H5T_STD_I64LE, H5T_STD_U64LE, H5T_IEEE_F32LE, H5T_IEEE_F64LE, H5T_C_S1 /* strings */};
  return types;
}

// The small run every input starts from, written once.
const std::filesystem::path& base_run() {
  static const std::filesystem::path file = [] {
    const auto dir = fuzz::write_input(nullptr, 0, ".unused").parent_path();
    const auto path = dir / "base-run.h5";
    std::filesystem::remove(path);
    const std::vector<Override> overrides = {{"run.agents", "300", "fuzz"},
                                             {"run.ticks", "3", "fuzz"}};
    const auto folder = std::filesystem::path(MIGRASIM_SOURCE_DIR) / "scenarios" / "toy-3";
    const Scenario scenario = load_scenario(folder, overrides);
    Simulation sim(scenario, SimulationOptions{});
    RunWriter writer =
        RunWriter::create(path, scenario, sim, RunMetadata{"fuzz", 1, folder, overrides});
    for (int t = 0; t < 3; ++t) {
      sim.step();
      writer.record(sim);
      writer.snapshot(sim);
    }
    writer.finish(sim, true);
    return path;
  }();
  return file;
}

std::vector<std::string> snapshot_names(hid_t file) {
  std::vector<std::string> names;
  const Id g(H5Gopen2(file, "snapshots", H5P_DEFAULT), H5Gclose);
  if (!g) return names;
  H5G_info_t info;
  if (H5Gget_info(g.id, &info) < 0) return names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    char name[64] = {};
    if (H5Lget_name_by_idx(g.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                           H5P_DEFAULT) > 0) {
      names.emplace_back(name);
    }
  }
  return names;
}

// Writes `count` elements of type `type` (1-D, or scalar if rank 0, or
// count/2 x 2 if rank 2) as dataset or attribute `name` of `parent`,
// replacing what is there; values from the bytes.
void create(hid_t parent, const char* name, bool attribute, hid_t type_in, int rank,
            std::size_t count, Bytes& in, const std::vector<std::uint8_t>* keep = nullptr) {
  const bool string = H5Tget_class(type_in) == H5T_STRING;
  const Id type(H5Tcopy(type_in), H5Tclose);
  if (string && keep == nullptr) H5Tset_size(type.id, 1 + in.byte() % 16);  // resize keeps it
  if (rank == 0) count = 1;
  if (rank == 2) count -= count % 2;
  const hsize_t dims[2] = {rank == 2 ? count / 2 : count, 2};
  const Id space(rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, nullptr),
                 H5Sclose);
  std::vector<std::uint8_t> buffer(std::max<std::size_t>(1, count * H5Tget_size(type.id)));
  std::size_t kept = 0;
  if (keep != nullptr) {
    kept = std::min(keep->size(), buffer.size());
    if (kept > 0) std::memcpy(buffer.data(), keep->data(), kept);
  }
  in.fill(buffer.data() + kept, buffer.size() - kept);
  if (attribute) {
    if (H5Aexists(parent, name) > 0) H5Adelete(parent, name);
    const Id a(H5Acreate2(parent, name, type.id, space.id, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (a) H5Awrite(a.id, type.id, buffer.data());
  } else {
    if (H5Lexists(parent, name, H5P_DEFAULT) > 0) H5Ldelete(parent, name, H5P_DEFAULT);
    const Id d(H5Dcreate2(parent, name, type.id, space.id, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose);
    if (d && count > 0) H5Dwrite(d.id, type.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
  }
}

// Sets element `index` (mod the element count) of a dataset or attribute to
// `value`, held in memory as `memory_type`.
void set_element(hid_t object, bool attribute, hsize_t index, hid_t memory_type,
                 const void* value) {
  const Id space(attribute ? H5Aget_space(object) : H5Dget_space(object), H5Sclose);
  if (!space) return;
  const hssize_t n = H5Sget_simple_extent_npoints(space.id);
  if (n <= 0) return;
  if (attribute) {
    // Attributes are written whole: read, change one element, write back.
    const Id stored(H5Aget_type(object), H5Tclose);
    const std::size_t size = H5Tget_size(stored.id);
    if (H5Tis_variable_str(stored.id) > 0) return;
    std::vector<std::uint8_t> all(static_cast<std::size_t>(n) * size);
    if (H5Aread(object, stored.id, all.data()) < 0) return;
    // Convert `value` to the stored type through HDF5 (in place, in a buffer
    // large enough for either type).
    std::vector<std::uint8_t> one(std::max(size, H5Tget_size(memory_type)) + 16);
    std::memcpy(one.data(), value, H5Tget_size(memory_type));
    if (H5Tconvert(memory_type, stored.id, 1, one.data(), nullptr, H5P_DEFAULT) < 0) return;
    std::memcpy(all.data() + (index % static_cast<hsize_t>(n)) * size, one.data(), size);
    H5Awrite(object, stored.id, all.data());
    return;
  }
  const int rank = H5Sget_simple_extent_ndims(space.id);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
  hsize_t flat = index % static_cast<hsize_t>(n);
  std::vector<hsize_t> point(dims.size());
  for (std::size_t d = dims.size(); d-- > 0;) {
    point[d] = flat % dims[d];
    flat /= dims[d];
  }
  if (rank > 0) H5Sselect_elements(space.id, H5S_SELECT_SET, 1, point.data());
  const hsize_t one = 1;
  const Id memory(H5Screate_simple(1, &one, nullptr), H5Sclose);
  H5Dwrite(object, memory_type, rank > 0 ? memory.id : H5S_ALL, rank > 0 ? space.id : H5S_ALL,
           H5P_DEFAULT, value);
}

// An integer into an integer element keeps its low bytes (two's complement,
// as a bad writer would store it: -1 in a uint16 is 65535); HDF5's own
// conversion would clip it to the type's range. Other types convert.
void set_integer(hid_t object, bool attribute, hsize_t index, hid_t stored, std::int64_t value) {
  if (H5Tget_class(stored) == H5T_INTEGER && H5Tget_size(stored) <= sizeof value) {
    set_element(object, attribute, index, stored, &value);  // little-endian: low bytes first
  } else {
    set_element(object, attribute, index, H5T_NATIVE_INT64, &value);
  }
}

void edit(hid_t file, const std::vector<std::string>& snapshots, Bytes& in) {
  const Target& target = kTargets[in.byte() % kTargets.size()];
  const std::uint8_t which = in.byte();
  const int operation = in.byte() % 6;
  std::string parent_path = "/";
  if (target.in_snapshot) {
    if (snapshots.empty()) return;
    parent_path = "/snapshots/" + snapshots[which % snapshots.size()];
  }
  const Id parent(H5Oopen(file, parent_path.c_str(), H5P_DEFAULT), H5Oclose);
  if (!parent) return;
  const char* name = target.name;
  const bool exists = target.attribute ? H5Aexists(parent.id, name) > 0
                                       : H5Lexists(parent.id, name, H5P_DEFAULT) > 0;
  if (operation == 4) {
    if (exists && target.attribute) H5Adelete(parent.id, name);
    if (exists && !target.attribute) H5Ldelete(parent.id, name, H5P_DEFAULT);
    return;
  }
  if (operation == 3) {
    const hid_t type = element_types()[in.byte() % element_types().size()];
    const int rank = in.byte() % 3;
    create(parent.id, name, target.attribute, type, rank, in.byte(), in);
    return;
  }
  if (!exists) return;
  const Id object(target.attribute ? H5Aopen(parent.id, name, H5P_DEFAULT)
                                   : H5Dopen2(parent.id, name, H5P_DEFAULT),
                  target.attribute ? H5Aclose : H5Dclose);
  if (!object) return;
  const Id stored(target.attribute ? H5Aget_type(object.id) : H5Dget_type(object.id), H5Tclose);
  if (!stored || H5Tis_variable_str(stored.id) > 0) return;
  const std::size_t size = H5Tget_size(stored.id);
  if (operation == 2) {
    // Resize (1-D): keep the old values, new ones from the bytes.
    const std::size_t rows = in.byte();
    std::vector<std::uint8_t> old;
    const Id space(target.attribute ? H5Aget_space(object.id) : H5Dget_space(object.id), H5Sclose);
    const hssize_t n = H5Sget_simple_extent_npoints(space.id);
    if (n > 0 && n < (1 << 20)) {
      old.resize(static_cast<std::size_t>(n) * size);
      const herr_t read = target.attribute
                              ? H5Aread(object.id, stored.id, old.data())
                              : H5Dread(object.id, stored.id, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                        old.data());
      if (read < 0) old.clear();
    }
    const Id type(H5Tcopy(stored.id), H5Tclose);
    create(parent.id, name, target.attribute, type.id, 1, rows, in, &old);
    return;
  }
  const hsize_t index = in.u16();
  if (operation == 0) {
    std::vector<std::uint8_t> value(size + 16);
    in.fill(value.data(), size);
    set_element(object.id, target.attribute, index, stored.id, value.data());
  } else if (operation == 1) {
    const auto value = static_cast<std::int64_t>(static_cast<std::int8_t>(in.byte()));
    set_integer(object.id, target.attribute, index, stored.id, value);
  } else {
    const std::uint8_t pick = in.byte();
    const std::int64_t integers[] = {0,
                                     -1,
                                     std::numeric_limits<std::int64_t>::min(),
                                     std::numeric_limits<std::int64_t>::max(),
                                     std::numeric_limits<std::int32_t>::max(),
                                     std::numeric_limits<std::uint16_t>::max(),
                                     std::numeric_limits<std::uint32_t>::max(),
                                     3 /* regions of toy-3 */,
                                     12,
                                     120};
    const double reals[] = {std::numeric_limits<double>::quiet_NaN(),
                            std::numeric_limits<double>::infinity(),
                            -std::numeric_limits<double>::infinity(),
                            -0.0,
                            1e300,
                            -1e300,
                            std::numeric_limits<double>::denorm_min()};
    const std::size_t n_int = std::size(integers);
    const std::size_t k = pick % (n_int + std::size(reals));
    if (k < n_int) {
      set_integer(object.id, target.attribute, index, stored.id, integers[k]);
    } else {
      set_element(object.id, target.attribute, index, H5T_NATIVE_DOUBLE, &reals[k - n_int]);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path& base = base_run();
  static const bool quiet = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)quiet;
  const auto file = fuzz::write_input(nullptr, 0, ".h5");
  std::filesystem::copy_file(base, file, std::filesystem::copy_options::overwrite_existing);
  {
    const Id f(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    if (!f) return 0;
    const std::vector<std::string> snapshots = snapshot_names(f.id);
    Bytes in(data, size);
    for (int edits = 0; edits < 16 && !in.empty(); ++edits) edit(f.id, snapshots, in);
  }
  return fuzz::rejecting_errors([&] {
    const RunInfo info = read_run_info(file);
    for (const std::int64_t tick : info.snapshots) read_snapshot(file, tick);
  });
}
