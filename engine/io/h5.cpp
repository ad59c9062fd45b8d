// Checked wrapper over the HDF5 C API; see h5.hpp for what is stored how.
#include "migrasim/io/h5.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <utility>

#include "migrasim/error.hpp"

namespace migrasim::h5 {

static_assert(std::is_same_v<Id, hid_t>, "h5::Id must be HDF5's hid_t (HDF5 >= 1.10)");
static_assert(std::is_same_v<Size, hsize_t>, "h5::Size must be HDF5's hsize_t");

namespace {

// HDF5 prints its whole error stack to stderr on every failure unless told
// not to; we report the innermost message in the exception instead. This is
// process-wide, so it is done once, before the first file is opened.
void init_library() {
  static const bool done = [] {
    // No clean-up at exit: every file is closed by its owner before, and
    // after a failed write (disk full) HDF5's own clean-up crashed (SIGSEGV)
    // flushing what could not be written.
    H5dont_atexit();
    H5open();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

// H5E_WALK_UPWARD visits the function that detected the error first: its
// message ("truncated file: ...", "object 'x' doesn't exist") says the most.
herr_t keep_innermost(unsigned n, const H5E_error2_t* error, void* out) {
  if (n == 0 && error->desc) *static_cast<std::string*>(out) = error->desc;
  return 0;
}

std::string hdf5_message() {
  std::string message;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &message);
  H5Eclear2(H5E_DEFAULT);
  return message.empty() ? "(no HDF5 error message)" : message;
}

// What a failing call was about; formatted only when something fails.
struct Where {
  std::string_view file, path, attribute, noun;

  std::string str() const {
    std::string s(file);
    if (!attribute.empty()) {
      s.append(": attribute '").append(attribute).append("' of '").append(path) += '\'';
    } else if (!noun.empty()) {
      s.append(": ").append(noun).append(" '").append(path) += '\'';
    }
    return s;
  }
};

std::string_view noun_of(hid_t id) {
  const H5I_type_t type = H5Iget_type(id);
  if (type == H5I_GROUP) return "group";
  if (type == H5I_DATASET) return "dataset";
  return type == H5I_DATATYPE ? "named datatype" : "";  // a file: its name says enough
}

Where at(const Object& object, std::string_view attribute = {}) {
  return {object.file_name(), object.object_path(), attribute, noun_of(object.id())};
}

[[noreturn]] void fail(const Where& where, std::string_view call, bool input) {
  const int os_error = errno;
  const std::string why = hdf5_message();
  // A full disk is the user's to fix, and HDF5's text for it is a page of
  // buffer addresses: say it plainly.
  if (os_error == ENOSPC || os_error == EDQUOT ||
      why.find("No space left on device") != std::string::npos ||
      why.find("Disk quota exceeded") != std::string::npos) {
    throw InputError("disk full writing " + std::string(where.file) +
                     " (no space left on the device, or the quota is used up)");
  }
  std::string message = where.str();
  if (why.find("Fletcher32 checksum") != std::string::npos) {
    // A chunk whose bytes changed after it was written (a bad sector, a
    // stray write): say so rather than name the filter.
    message += ": damaged data (a checksum does not match what was written)";
    if (input) throw InputError(message);
    throw Error(message);
  }
  message.append(": ").append(call).append(" failed: ") += why;
  if (input) throw InputError(message);
  throw Error(message);
}

// Checked calls. `input`: a failure means the file is bad (InputError).
Handle make(hid_t id, Handle::Kind kind, std::string_view call, const Where& where,
            bool input = false) {
  if (id < 0) fail(where, call, input);
  return Handle(id, kind);
}
int check(int status, std::string_view call, const Where& where, bool input = false) {
  if (status < 0) fail(where, call, input);
  return status;  // for htri_t: > 0 is true
}

hid_t memory_type(Type type) {
  if (type == Type::string) throw Error("h5: no numeric memory type for strings");
  // Not static: these macros read ids that H5open sets at run time.
  const hid_t types[] = {H5T_NATIVE_INT8,  H5T_NATIVE_UINT8,  H5T_NATIVE_INT16, H5T_NATIVE_UINT16,
                         H5T_NATIVE_INT32, H5T_NATIVE_UINT32, H5T_NATIVE_INT64, H5T_NATIVE_UINT64,
                         H5T_NATIVE_FLOAT, H5T_NATIVE_DOUBLE};
  return types[static_cast<int>(type)];
}

// Little-endian standard types on disk, so a file is the same from any machine.
hid_t file_type(Type type) {
  if (type == Type::string) throw Error("h5: no numeric file type for strings");
  const hid_t types[] = {H5T_STD_I8LE,   H5T_STD_U8LE,  H5T_STD_I16LE, H5T_STD_U16LE,
                         H5T_STD_I32LE,  H5T_STD_U32LE, H5T_STD_I64LE, H5T_STD_U64LE,
                         H5T_IEEE_F32LE, H5T_IEEE_F64LE};
  return types[static_cast<int>(type)];
}

bool is_integer(Type t) {
  return t <= Type::uint64;
}
bool is_signed(Type t) {
  return is_integer(t) && static_cast<int>(t) % 2 == 0;
}
int width(Type t) {
  static constexpr int bytes[] = {1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 0};
  return bytes[static_cast<int>(t)];
}

// Whether every value of `from` is exactly a value of `to`.
bool widens(Type from, Type to) {
  if (from == to) return true;
  if (is_integer(from) && is_integer(to)) {
    if (is_signed(from)) return is_signed(to) && width(to) >= width(from);
    return is_signed(to) ? width(to) > width(from) : width(to) >= width(from);
  }
  return from == Type::float32 && to == Type::float64;
}

// The stored type as one of ours, if it is one.
std::optional<Type> classify(hid_t type) {
  const std::size_t size = H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_INTEGER: {
      const int sign = H5Tget_sign(type) == H5T_SGN_2 ? 0 : 1;
      for (const Type t : {Type::int8, Type::int16, Type::int32, Type::int64}) {
        if (static_cast<std::size_t>(width(t)) == size) {
          return static_cast<Type>(static_cast<int>(t) + sign);
        }
      }
      return std::nullopt;
    }
    case H5T_FLOAT:
      if (size == 4) return Type::float32;
      if (size == 8) return Type::float64;
      return std::nullopt;
    case H5T_STRING:
      return Type::string;
    default:
      return std::nullopt;
  }
}

std::string describe(hid_t type) {
  if (const auto t = classify(type)) return std::string(type_name(*t));
  const H5T_class_t c = H5Tget_class(type);
  if (c == H5T_INTEGER || c == H5T_FLOAT) {
    return std::to_string(H5Tget_size(type)) + (c == H5T_FLOAT ? "-byte float" : "-byte integer");
  }
  if (c == H5T_COMPOUND) return "compound";
  if (c == H5T_ENUM) return "enum";
  if (c == H5T_ARRAY) return "array";
  return c == H5T_VLEN ? "variable-length sequence" : "opaque";
}

std::string shape_text(std::span<const Size> shape) {
  if (shape.empty()) return "scalar";
  std::string s = std::to_string(shape.size()) + "-D (";
  for (std::size_t d = 0; d < shape.size(); ++d) {
    s += (d ? " x " : "") + std::to_string(shape[d]);
  }
  return s + ')';
}

std::string join(std::string_view base, std::string_view name) {
  if (name.starts_with('/')) return std::string(name);
  std::string path(base);
  if (!path.ends_with('/')) path += '/';
  return path.append(name);
}

// Fixed-length, null-padded UTF-8 strings of `size` bytes (HDF5 wants >= 1).
Handle string_type(std::size_t size, const Where& where) {
  Handle type = make(H5Tcopy(H5T_C_S1), Handle::Kind::datatype, "H5Tcopy", where);
  check(H5Tset_size(type.id(), std::max<std::size_t>(size, 1)), "H5Tset_size", where);
  check(H5Tset_strpad(type.id(), H5T_STR_NULLPAD), "H5Tset_strpad", where);
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset", where);
  return type;
}

// Variable-length strings in memory (char*) in the character set of `stored`:
// HDF5 has no conversion between ASCII and UTF-8.
Handle variable_string_type(hid_t stored, const Where& where) {
  Handle type = make(H5Tcopy(H5T_C_S1), Handle::Kind::datatype, "H5Tcopy", where, true);
  check(H5Tset_size(type.id(), H5T_VARIABLE), "H5Tset_size", where, true);
  check(H5Tset_cset(type.id(), H5Tget_cset(stored)), "H5Tset_cset", where, true);
  return type;
}

std::string unpad(const char* data, std::size_t size, H5T_str_t pad) {
  std::string_view s(data, size);
  if (pad == H5T_STR_NULLTERM) return std::string(s.substr(0, s.find('\0')));
  const std::size_t end = s.find_last_not_of(pad == H5T_STR_SPACEPAD ? ' ' : '\0');
  return std::string(end == s.npos ? std::string_view() : s.substr(0, end + 1));
}

// Lets create_group and new_dataset make "a/b" in one call.
Handle intermediate_groups(const Where& where) {
  Handle lcpl = make(H5Pcreate(H5P_LINK_CREATE), Handle::Kind::property_list, "H5Pcreate", where);
  check(H5Pset_create_intermediate_group(lcpl.id(), 1), "H5Pset_create_intermediate_group", where);
  return lcpl;
}

// Collects names for H5Literate / H5Aiterate2; an exception must not cross C.
template <class Info>
herr_t collect(hid_t, const char* name, const Info*, void* names) try {
  static_cast<std::vector<std::string>*>(names)->emplace_back(name);
  return 0;
} catch (...) {
  return -1;
}

constexpr Size kDefaultChunkValues = 64 * 1024;

// Creates dataset `name` under `location` with file type `type`; shared by
// numeric and string datasets.
Handle new_dataset(hid_t location, std::string_view name, hid_t type, std::span<const Size> shape,
                   const Layout& layout, bool extendible, const Where& where) {
  if (layout.deflate < 0 || layout.deflate > 9) {
    throw Error(where.str() + ": deflate level " + std::to_string(layout.deflate) +
                " is outside 0..9");
  }
  const int rank = static_cast<int>(shape.size());
  std::vector<Size> max(shape.begin(), shape.end());
  if (extendible) max[0] = H5S_UNLIMITED;
  const Handle space = make(H5Screate_simple(rank, shape.data(), max.data()),
                            Handle::Kind::dataspace, "H5Screate_simple", where);
  const Handle dcpl =
      make(H5Pcreate(H5P_DATASET_CREATE), Handle::Kind::property_list, "H5Pcreate", where);
  Size per_row = 1;
  for (int d = 1; d < rank; ++d) per_row *= shape[d];
  Size chunk_rows = layout.chunk_rows;
  if (chunk_rows == 0 && (layout.deflate > 0 || extendible)) {
    chunk_rows = std::max<Size>(1, kDefaultChunkValues / std::max<Size>(per_row, 1));
  }
  // HDF5 cannot chunk empty dimensions; a fixed dataset's chunk may not exceed it.
  if (!extendible) chunk_rows = std::min(chunk_rows, shape[0]);
  if (chunk_rows > 0 && per_row > 0) {
    std::vector<Size> chunk(shape.begin(), shape.end());
    chunk[0] = chunk_rows;
    check(H5Pset_chunk(dcpl.id(), rank, chunk.data()), "H5Pset_chunk", where);
    if (layout.checksum) check(H5Pset_fletcher32(dcpl.id()), "H5Pset_fletcher32", where);
    if (layout.deflate > 0) {
      // Grouping bytes by significance first makes numbers compress better.
      check(H5Pset_shuffle(dcpl.id()), "H5Pset_shuffle", where);
      check(H5Pset_deflate(dcpl.id(), static_cast<unsigned>(layout.deflate)), "H5Pset_deflate",
            where);
    }
  } else if (extendible) {
    throw Error(where.str() + ": an extendible dataset needs rows of at least one value, got " +
                shape_text(shape.subspan(1)));
  }
  const Handle lcpl = intermediate_groups(where);
  const std::string n(name);
  return make(H5Dcreate2(location, n.c_str(), type, space.id(), lcpl.id(), dcpl.id(), H5P_DEFAULT),
              Handle::Kind::dataset, "H5Dcreate2", where);
}

// Selects rows [first, first + count) of `space` and makes a matching memory space.
Handle select_rows(const Handle& space, std::span<const Size> shape, Size first, Size count,
                   const Where& where, bool input) {
  std::vector<Size> start(shape.size(), 0), extent(shape.begin(), shape.end());
  start[0] = first;
  extent[0] = count;
  check(H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, start.data(), nullptr, extent.data(),
                            nullptr),
        "H5Sselect_hyperslab", where, input);
  return make(H5Screate_simple(static_cast<int>(extent.size()), extent.data(), nullptr),
              Handle::Kind::dataspace, "H5Screate_simple", where, input);
}

// Writes attribute `name` (scalar, or 1-D of *length values), replacing any
// attribute of that name: HDF5 cannot change an attribute's type or size in place.
void replace_attribute(const Object& object, std::string_view name, hid_t stored, hid_t memory,
                       const Size* length, const void* data) {
  const std::string n(name);
  const Where where = at(object, name);
  if (object.has_attribute(name)) check(H5Adelete(object.id(), n.c_str()), "H5Adelete", where);
  const Handle space =
      length ? make(H5Screate_simple(1, length, nullptr), Handle::Kind::dataspace,
                    "H5Screate_simple", where)
             : make(H5Screate(H5S_SCALAR), Handle::Kind::dataspace, "H5Screate", where);
  const Handle attribute =
      make(H5Acreate2(object.id(), n.c_str(), stored, space.id(), H5P_DEFAULT, H5P_DEFAULT),
           Handle::Kind::attribute, "H5Acreate2", where);
  // H5Awrite rejects the null pointer of an empty vector.
  if (!length || *length > 0) check(H5Awrite(attribute.id(), memory, data), "H5Awrite", where);
}

// An existing attribute opened for reading: its handle, stored type and
// number of values.
struct Stored {
  Handle attribute, type;
  Size count = 0;
};

Stored open_existing(const Object& object, std::string_view name, bool scalar) {
  if (!object.has_attribute(name)) {
    throw InputError(object.file_name() + ": missing attribute '" + std::string(name) + "' of '" +
                     object.object_path() + "'");
  }
  const Where where = at(object, name);
  const std::string n(name);
  Stored s;
  s.attribute = make(H5Aopen(object.id(), n.c_str(), H5P_DEFAULT), Handle::Kind::attribute,
                     "H5Aopen", where, true);
  s.type = make(H5Aget_type(s.attribute.id()), Handle::Kind::datatype, "H5Aget_type", where, true);
  const Handle space =
      make(H5Aget_space(s.attribute.id()), Handle::Kind::dataspace, "H5Aget_space", where, true);
  const hssize_t points = H5Sget_simple_extent_npoints(space.id());
  if (points < 0) fail(where, "H5Sget_simple_extent_npoints", true);
  if (scalar && points != 1) {
    throw InputError(where.str() + " holds " + std::to_string(points) + " values, expected one");
  }
  s.count = static_cast<Size>(points);
  return s;
}

// Reading: the stored values must convert to `type` without loss (else
// InputError); writing: `type` must convert to the stored type (else Error).
void check_type(const Dataset& dataset, Type type, bool reading) {
  const Where where = at(dataset);
  const Handle stored =
      make(H5Dget_type(dataset.id()), Handle::Kind::datatype, "H5Dget_type", where, reading);
  const auto t = classify(stored.id());
  if (t && *t != Type::string && (reading ? widens(*t, type) : widens(type, *t))) return;
  const std::string message = where.str() + " is " + describe(stored.id()) +
                              (reading ? ", cannot be read as " : ", cannot be written from ") +
                              std::string(type_name(type));
  if (reading) throw InputError(message);
  throw Error(message);
}

}  // namespace

std::string_view type_name(Type type) {
  static constexpr std::string_view names[] = {"int8",    "uint8",   "int16", "uint16",
                                               "int32",   "uint32",  "int64", "uint64",
                                               "float32", "float64", "string"};
  return names[static_cast<int>(type)];
}

// ---- Handle ----

Handle::Handle(Handle&& other) noexcept
    : id_(std::exchange(other.id_, invalid)), kind_(other.kind_) {}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = std::exchange(other.id_, invalid);
    kind_ = other.kind_;
  }
  return *this;
}

void Handle::reset() noexcept {
  if (id_ < 0) return;
  // In the order of Kind.
  static constexpr herr_t (*close[])(hid_t) = {H5Fclose, H5Gclose, H5Dclose, H5Sclose,
                                               H5Tclose, H5Aclose, H5Pclose, H5Oclose};
  close[static_cast<int>(kind_)](id_);
  id_ = invalid;
}

Id Handle::release() noexcept {
  return std::exchange(id_, invalid);
}

// ---- Object: attributes ----

bool Object::has_attribute(std::string_view name) const {
  const std::string n(name);
  return check(H5Aexists(id(), n.c_str()), "H5Aexists", at(*this, name), true) > 0;
}

std::vector<std::string> Object::attribute_names() const {
  std::vector<std::string> names;
  check(H5Aiterate2(id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect<H5A_info_t>, &names),
        "H5Aiterate2", at(*this), true);
  std::sort(names.begin(), names.end());
  return names;
}

void Object::write_attribute(std::string_view name, Type type, const Size* length,
                             const void* data) {
  replace_attribute(*this, name, file_type(type), memory_type(type), length, data);
}

void Object::write_string_attribute(std::string_view name, std::string_view text) {
  const Handle type = string_type(text.size(), at(*this, name));
  std::string padded(text);
  padded.resize(std::max<std::size_t>(text.size(), 1), '\0');
  replace_attribute(*this, name, type.id(), type.id(), nullptr, padded.data());
}

Handle Object::open_attribute(std::string_view name, Type type, std::string_view wanted,
                              bool scalar, Size& count) const {
  Stored s = open_existing(*this, name, scalar);
  const auto t = classify(s.type.id());
  if (!t || *t == Type::string || !widens(*t, type)) {
    throw InputError(at(*this, name).str() + " is " + describe(s.type.id()) +
                     ", cannot be read as " + std::string(wanted));
  }
  count = s.count;
  return std::move(s.attribute);
}

void Object::read_attribute(const Handle& attribute, std::string_view name, Type type,
                            void* out) const {
  check(H5Aread(attribute.id(), memory_type(type), out), "H5Aread", at(*this, name), true);
}

bool Object::read_bool_attribute(std::string_view name) const {
  std::int64_t value = 0;
  const Stored s = open_existing(*this, name, true);
  if (H5Tget_class(s.type.id()) == H5T_ENUM && H5Tget_size(s.type.id()) == 1) {
    // h5py's bool: an enum FALSE = 0, TRUE = 1 over int8. HDF5 does not
    // convert enums to integers, so read the byte as stored.
    std::int8_t byte = 0;
    check(H5Aread(s.attribute.id(), s.type.id(), &byte), "H5Aread", at(*this, name), true);
    value = byte;
  } else {
    Size count = 0;
    const Handle attribute = open_attribute(name, Type::int64, "bool", true, count);
    read_attribute(attribute, name, Type::int64, &value);
  }
  if (value != 0 && value != 1) {
    throw InputError(at(*this, name).str() + " holds " + std::to_string(value) +
                     ", expected 0 or 1 for a bool");
  }
  return value == 1;
}

std::string Object::read_string_attribute(std::string_view name) const {
  const Where where = at(*this, name);
  const Stored s = open_existing(*this, name, true);
  if (H5Tget_class(s.type.id()) != H5T_STRING) {
    throw InputError(where.str() + " is " + describe(s.type.id()) + ", cannot be read as string");
  }
  if (check(H5Tis_variable_str(s.type.id()), "H5Tis_variable_str", where, true) > 0) {
    const Handle memory = variable_string_type(s.type.id(), where);
    char* text = nullptr;
    check(H5Aread(s.attribute.id(), memory.id(), &text), "H5Aread", where, true);
    std::string value = text ? text : "";
    H5free_memory(text);
    return value;
  }
  std::string buffer(H5Tget_size(s.type.id()), '\0');
  check(H5Aread(s.attribute.id(), s.type.id(), buffer.data()), "H5Aread", where, true);
  return unpad(buffer.data(), buffer.size(), H5Tget_strpad(s.type.id()));
}

// ---- Location: groups and datasets ----

Group Location::create_group(std::string_view name) {
  std::string path = join(object_path(), name);
  const Where where{file_name(), path, {}, "group"};
  const Handle lcpl = intermediate_groups(where);
  const std::string n(name);
  Handle group = make(H5Gcreate2(id(), n.c_str(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT),
                      Handle::Kind::group, "H5Gcreate2", where);
  return Group(std::move(group), file_name(), std::move(path));
}

Handle Location::open_child(std::string_view name, bool group) const {
  const std::string path = join(object_path(), name);
  const std::string_view noun = group ? "group" : "dataset";
  if (!has(name)) {
    throw InputError(file_name() + ": missing " + std::string(noun) + " '" + path + "'");
  }
  const Where where{file_name(), path, {}, noun};
  const std::string n(name);
  // Look before opening, so that a dataset asked for as a group says so.
  std::string_view found;
  {
    const Handle object =
        make(H5Oopen(id(), n.c_str(), H5P_DEFAULT), Handle::Kind::object, "H5Oopen", where, true);
    found = noun_of(object.id());
  }
  if (found != noun) {
    throw InputError(file_name() + ": '" + path + "' is a " +
                     std::string(found.empty() ? "link" : found) + ", not a " + std::string(noun));
  }
  return group ? make(H5Gopen2(id(), n.c_str(), H5P_DEFAULT), Handle::Kind::group, "H5Gopen2",
                      where, true)
               : make(H5Dopen2(id(), n.c_str(), H5P_DEFAULT), Handle::Kind::dataset, "H5Dopen2",
                      where, true);
}

Group Location::open_group(std::string_view name) const {
  return Group(open_child(name, true), file_name(), join(object_path(), name));
}

Dataset Location::open_dataset(std::string_view name) const {
  return Dataset(open_child(name, false), file_name(), join(object_path(), name));
}

bool Location::has(std::string_view name) const {
  // H5Lexists fails, rather than answering false, when a link along "a/b/c"
  // before the last is missing, so walk the path one link at a time.
  const Where where = at(*this);
  std::string prefix = name.starts_with('/') ? "/" : "";
  std::size_t begin = 0;
  bool any = false;
  while (begin <= name.size()) {
    std::size_t end = std::min(name.find('/', begin), name.size());
    const std::string_view part = name.substr(begin, end - begin);
    begin = end + 1;
    if (part.empty()) continue;
    if (any) {
      // The link before must lead to a group to hold `part`.
      const hid_t parent = H5Oopen(id(), prefix.c_str(), H5P_DEFAULT);
      if (parent < 0) return false;  // e.g. a dangling soft link
      const Handle owned(parent, Handle::Kind::object);
      if (H5Iget_type(parent) != H5I_GROUP) return false;
    }
    if (!prefix.empty() && !prefix.ends_with('/')) prefix += '/';
    prefix.append(part);
    any = true;
    if (check(H5Lexists(id(), prefix.c_str(), H5P_DEFAULT), "H5Lexists", where, true) == 0) {
      return false;
    }
  }
  return true;  // also for "" and "/": the location itself
}

std::vector<std::string> Location::list() const {
  std::vector<std::string> names;
  check(H5Literate(id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect<H5L_info_t>, &names),
        "H5Literate", at(*this), true);
  std::sort(names.begin(), names.end());
  return names;
}

void Location::remove(std::string_view name) {
  const std::string n(name), path = join(object_path(), name);
  // HDF5's own message for this is obscure ("callback link pointer is NULL").
  if (!has(name)) throw InputError(file_name() + ": missing object '" + path + "'");
  check(H5Ldelete(id(), n.c_str(), H5P_DEFAULT), "H5Ldelete", Where{file_name(), path, {}, "link"});
}

Dataset Location::create(std::string_view name, Type type, std::span<const Size> shape,
                         const Layout& layout, bool extendible, const void* data) {
  std::string path = join(object_path(), name);
  const Where where{file_name(), path, {}, "dataset"};
  Handle dataset = new_dataset(id(), name, file_type(type), shape, layout, extendible, where);
  Size values = 1;
  for (const Size d : shape) values *= d;
  if (data && values > 0) {  // H5Dwrite rejects the null pointer of an empty vector
    check(H5Dwrite(dataset.id(), memory_type(type), H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
          "H5Dwrite", where);
  }
  return Dataset(std::move(dataset), file_name(), std::move(path));
}

Dataset Location::write_dataset(std::string_view name, const std::vector<std::string>& strings,
                                const Layout& layout) {
  std::string path = join(object_path(), name);
  const Where where{file_name(), path, {}, "dataset"};
  std::size_t size = 1;
  for (const auto& s : strings) size = std::max(size, s.size());
  const Handle type = string_type(size, where);
  std::string buffer(strings.size() * size, '\0');  // null-padded, back to back
  for (std::size_t i = 0; i < strings.size(); ++i) strings[i].copy(&buffer[i * size], size);
  const Size shape[1] = {strings.size()};
  Handle dataset = new_dataset(id(), name, type.id(), shape, layout, false, where);
  if (!strings.empty()) {
    check(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
          "H5Dwrite", where);
  }
  return Dataset(std::move(dataset), file_name(), std::move(path));
}

// ---- File ----

File File::create(const std::filesystem::path& path) {
  init_library();
  const std::string name = path.string();
  // H5F_ACC_EXCL, never H5F_ACC_TRUNC: truncation happens before HDF5 takes
  // its file lock, so a refused second writer used to empty a running run's
  // file.
  const hid_t id = H5Fcreate(name.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) {
    const std::string why = hdf5_message();
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(path, ec))) {
      throw InputError(name + ": already exists; not replaced");
    }
    throw InputError(name + ": cannot create HDF5 file: " + why);
  }
  return File(Handle(id, Handle::Kind::file), name, "/");
}

File File::open(const std::filesystem::path& path, Mode mode) {
  init_library();
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(name + ": no such file");
  // H5Fis_hdf5 only looks for the signature; H5Fopen then finds damage.
  const htri_t is_hdf5 = H5Fis_hdf5(name.c_str());
  if (is_hdf5 < 0) throw InputError(name + ": cannot read file: " + hdf5_message());
  if (is_hdf5 == 0) throw InputError(name + ": not an HDF5 file");
  const hid_t id =
      H5Fopen(name.c_str(), mode == Mode::read_write ? H5F_ACC_RDWR : H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) {
    const std::string why = hdf5_message();
    if (why.find("unable to lock file") != std::string::npos) {
      // Another process (a run still going) holds HDF5's file lock.
      throw InputError(name +
                       ": the file is open in another process (a run still writing it?); "
                       "try again when it ends, or read a copy");
    }
    // "truncated file: eof = 4000, sblock->base_addr = 0, stored_eof = 8000"
    unsigned long long eof = 0, base = 0, stored = 0;
    if (std::sscanf(why.c_str(),
                    "truncated file: eof = %llu, sblock->base_addr = %llu, stored_eof = %llu", &eof,
                    &base, &stored) == 3) {
      throw InputError(name + ": truncated HDF5 file: " + std::to_string(eof) + " of its " +
                       std::to_string(stored) +
                       " bytes are there (a copy cut short, or a disk that filled up?)");
    }
    throw InputError(name + ": cannot open HDF5 file (damaged?): " + why);
  }
  return File(Handle(id, Handle::Kind::file), name, "/");
}

void File::flush() {
  check(H5Fflush(id(), H5F_SCOPE_GLOBAL), "H5Fflush", at(*this));
}

// ---- Dataset ----

std::vector<Size> Dataset::shape() const {
  const Where where = at(*this);
  const Handle space =
      make(H5Dget_space(id()), Handle::Kind::dataspace, "H5Dget_space", where, true);
  const int rank =
      check(H5Sget_simple_extent_ndims(space.id()), "H5Sget_simple_extent_ndims", where, true);
  std::vector<Size> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr), "H5Sget_simple_extent_dims",
        where, true);
  return dims;
}

Size Dataset::rows() const {
  const std::vector<Size> dims = shape();
  if (dims.empty()) throw InputError(at(*this).str() + " is scalar, has no rows");
  return dims[0];
}

Type Dataset::element_type() const {
  const Where where = at(*this);
  const Handle stored = make(H5Dget_type(id()), Handle::Kind::datatype, "H5Dget_type", where, true);
  if (const auto t = classify(stored.id())) return *t;
  throw InputError(where.str() + " is " + describe(stored.id()) + ", which is not supported");
}

std::vector<Size> Dataset::checked_shape(Type type, int rank) const {
  const Where where = at(*this);
  check_type(*this, type, true);
  std::vector<Size> dims = shape();
  if (rank >= 0 && dims.size() != static_cast<std::size_t>(rank)) {
    throw InputError(where.str() + " is " + shape_text(dims) + ", expected " +
                     std::to_string(rank) + "-D");
  }
  if (dims.empty()) throw InputError(where.str() + " is scalar, expected rows");
  return dims;
}

void Dataset::check_row_range(Size first, Size count, Size rows) const {
  if (first > rows || count > rows - first) {
    throw InputError(at(*this).str() + ": rows [" + std::to_string(first) + ", " +
                     std::to_string(first + count) + ") outside its " + std::to_string(rows) +
                     " rows");
  }
}

Size Dataset::rows_in(Size values) const {
  const std::vector<Size> dims = shape();
  Size per_row = 1;
  for (std::size_t d = 1; d < dims.size(); ++d) per_row *= dims[d];
  if (dims.empty() || per_row == 0 || values % per_row != 0) {
    throw Error(at(*this).str() + ": " + std::to_string(values) + " values are not whole rows of " +
                shape_text(dims));
  }
  return values / per_row;
}

void Dataset::read_rows_raw(Type type, std::span<const Size> shape, Size first, Size count,
                            void* out) const {
  const Where where = at(*this);
  const Handle space =
      make(H5Dget_space(id()), Handle::Kind::dataspace, "H5Dget_space", where, true);
  const Handle memory = select_rows(space, shape, first, count, where, true);
  check(H5Dread(id(), memory_type(type), memory.id(), space.id(), H5P_DEFAULT, out), "H5Dread",
        where, true);
}

void Dataset::resize_rows(Size rows) {
  std::vector<Size> dims = shape();
  if (dims.empty()) throw Error(at(*this).str() + " is scalar, has no rows");
  dims[0] = rows;
  check(H5Dset_extent(id(), dims.data()), "H5Dset_extent", at(*this));
}

void Dataset::write_rows_raw(Type type, Size first, Size rows, const void* data, bool extend) {
  const Where where = at(*this);
  check_type(*this, type, false);
  std::vector<Size> dims = shape();
  if (dims.empty()) throw Error(where.str() + " is scalar, has no rows");
  if (extend) {
    first = dims[0];
    dims[0] += rows;
    if (rows > 0) check(H5Dset_extent(id(), dims.data()), "H5Dset_extent", where);
  } else if (first > dims[0] || rows > dims[0] - first) {
    throw Error(where.str() + ": rows [" + std::to_string(first) + ", " +
                std::to_string(first + rows) + ") outside its " + std::to_string(dims[0]) +
                " rows");
  }
  if (rows == 0) return;
  const Handle space = make(H5Dget_space(id()), Handle::Kind::dataspace, "H5Dget_space", where);
  const Handle memory = select_rows(space, dims, first, rows, where, false);
  check(H5Dwrite(id(), memory_type(type), memory.id(), space.id(), H5P_DEFAULT, data), "H5Dwrite",
        where);
}

std::vector<std::string> Dataset::read_strings() const {
  const Where where = at(*this);
  const Handle stored = make(H5Dget_type(id()), Handle::Kind::datatype, "H5Dget_type", where, true);
  if (H5Tget_class(stored.id()) != H5T_STRING) {
    throw InputError(where.str() + " is " + describe(stored.id()) + ", cannot be read as string");
  }
  const std::vector<Size> dims = shape();
  if (dims.size() != 1) {
    throw InputError(where.str() + " is " + shape_text(dims) + ", expected 1-D");
  }
  std::vector<std::string> strings;
  if (dims[0] == 0) return strings;
  strings.reserve(dims[0]);
  if (check(H5Tis_variable_str(stored.id()), "H5Tis_variable_str", where, true) > 0) {
    const Handle memory = variable_string_type(stored.id(), where);
    const Handle space =
        make(H5Dget_space(id()), Handle::Kind::dataspace, "H5Dget_space", where, true);
    std::vector<char*> texts(dims[0], nullptr);
    check(H5Dread(id(), memory.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()), "H5Dread", where,
          true);
    for (const char* text : texts) strings.emplace_back(text ? text : "");
    H5Dvlen_reclaim(memory.id(), space.id(), H5P_DEFAULT, texts.data());
    return strings;
  }
  const std::size_t size = H5Tget_size(stored.id());
  const H5T_str_t pad = H5Tget_strpad(stored.id());
  std::string buffer(dims[0] * size, '\0');
  check(H5Dread(id(), stored.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), "H5Dread", where,
        true);
  for (std::size_t i = 0; i < dims[0]; ++i) strings.push_back(unpad(&buffer[i * size], size, pad));
  return strings;
}

}  // namespace migrasim::h5
