// A small checked wrapper over the HDF5 C API, in the style of HighFive: RAII
// handles, every C call checked, element types deduced from the container,
// resizable chunked datasets for time series. Written over the C API (not the
// C++ one) because that is the API parallel HDF5 offers.
//
// Errors name the file, the object path and the failing call, followed by the
// innermost message of HDF5's error stack, e.g.
//   out.h5: group '/a': H5Gcreate2 failed: name already exists
// Missing or unreadable input (no such file, not HDF5, damaged, a missing
// group, dataset or attribute, a stored type or shape that does not fit) is a
// migrasim::InputError; any other failure is a migrasim::Error.
//
// On disk:
// - numbers are little-endian standard types of the C++ type's width
//   (int32_t -> H5T_STD_I32LE, double -> H5T_IEEE_F64LE);
// - strings are fixed-length, null-padded, UTF-8 (H5T_C_S1 of the longest
//   string's byte length, at least 1), the layout numpy 'S' arrays have;
//   h5py returns them as bytes (b'km'), so use .decode() or .asstr().
//   Trailing NUL bytes of a string are lost. Reading accepts both
//   fixed-length and variable-length strings (as h5py writes str).
// - bool attributes are uint8 holding 0 or 1 (reading also accepts any
//   integer 0/1 and h5py's bool, an int8 enum);
// - matrices are row-major: dataset[r][c] is matrix(r, c), as h5py, C and
//   NumPy index them (Eigen's default column-major order is converted).
//
// Reading checks the stored type: a value is returned only where it converts
// without loss (an int32 dataset reads as int64, float as double; a double
// dataset does not read as int64, nor int64 as uint64).
//
// Not thread-safe (HDF5's error stack and serial library are process-global):
// use from one thread at a time.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace migrasim::h5 {

// HDF5's hid_t and hsize_t, spelled without <hdf5.h> so that this header
// needs no HDF5 include path (the engine links HDF5 privately); h5.cpp checks
// that they match.
using Id = std::int64_t;
using Size = unsigned long long;

// Element types of datasets and attributes.
enum class Type : std::uint8_t {
  int8,
  uint8,
  int16,
  uint16,
  int32,
  uint32,
  int64,
  uint64,
  float32,
  float64,
  string
};
std::string_view type_name(Type type);  // "int8", ..., "float64", "string"

template <class T>
concept Element = std::is_same_v<T, std::int8_t> || std::is_same_v<T, std::uint8_t> ||
    std::is_same_v<T, std::int16_t> || std::is_same_v<T, std::uint16_t> ||
    std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::uint32_t> ||
    std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t> ||
    std::is_same_v<T, float> || std::is_same_v<T, double>;

// An Eigen matrix or expression of Elements.
template <class Derived>
concept EigenOfElements = Element<typename Derived::Scalar>;

template <Element T>
constexpr Type type_of() {
  if constexpr (std::is_same_v<T, float>)
    return Type::float32;
  else if constexpr (std::is_same_v<T, double>)
    return Type::float64;
  else if constexpr (sizeof(T) == 1)
    return std::is_signed_v<T> ? Type::int8 : Type::uint8;
  else if constexpr (sizeof(T) == 2)
    return std::is_signed_v<T> ? Type::int16 : Type::uint16;
  else if constexpr (sizeof(T) == 4)
    return std::is_signed_v<T> ? Type::int32 : Type::uint32;
  else
    return std::is_signed_v<T> ? Type::int64 : Type::uint64;
}

// Owns one HDF5 id and closes it with the close function of its kind.
class Handle {
 public:
  enum class Kind : std::uint8_t {
    file,           // H5Fclose
    group,          // H5Gclose
    dataset,        // H5Dclose
    dataspace,      // H5Sclose
    datatype,       // H5Tclose
    attribute,      // H5Aclose
    property_list,  // H5Pclose
    object          // H5Oclose: any object opened with H5Oopen
  };
  static constexpr Id invalid = -1;

  Handle() noexcept = default;
  Handle(Id id, Kind kind) noexcept : id_(id), kind_(kind) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  Id id() const noexcept { return id_; }
  Kind kind() const noexcept { return kind_; }
  bool valid() const noexcept { return id_ >= 0; }
  explicit operator bool() const noexcept { return valid(); }

  void reset() noexcept;  // closes now (a close error cannot be reported)
  Id release() noexcept;  // gives up ownership

 private:
  Id id_ = invalid;
  Kind kind_ = Kind::object;
};

enum class Mode { read_only, read_write };

// How a dataset is stored. Compression needs chunks: with deflate > 0 and
// chunk_rows == 0 a chunk of about 64 Ki values is chosen.
struct Layout {
  Size chunk_rows = 0;  // rows (first-dimension entries) per chunk; 0: contiguous
  int deflate = 0;      // gzip level 1..9 with byte shuffle; 0: off
  // Fletcher32 checksum per chunk (chunked layouts only): a damaged chunk
  // then fails to read ("checksum" in the error) instead of reading wrong.
  bool checksum = false;
};

class Dataset;
class Group;

// Anything that carries attributes: a file (its root group), a group, a
// dataset. Move-only.
class Object {
 public:
  const std::string& file_name() const noexcept { return file_; }    // as given to open/create
  const std::string& object_path() const noexcept { return path_; }  // "/", "/a/b"
  Id id() const noexcept { return handle_.id(); }

  // Stores `value` as attribute `name`, replacing any attribute of that name
  // (whatever its type). T: an Element (scalar), bool (uint8 0/1), a string
  // (std::string, std::string_view, const char*), or std::vector<Element>
  // (1-D). The element type on disk is the C++ type's.
  template <class T>
  void set_attribute(std::string_view name, const T& value);

  // T: an Element, bool, std::string or std::vector<Element>. Throws
  // InputError if the attribute is missing, holds a type that does not
  // convert to T without loss, or (for scalars) holds more than one value.
  template <class T>
  T get_attribute(std::string_view name) const;

  bool has_attribute(std::string_view name) const;
  std::vector<std::string> attribute_names() const;  // sorted

 protected:
  Object(Handle handle, std::string file, std::string path)
      : handle_(std::move(handle)), file_(std::move(file)), path_(std::move(path)) {}

 private:
  void write_attribute(std::string_view name, Type type, const Size* length, const void* data);
  void write_string_attribute(std::string_view name, std::string_view text);
  // Opens attribute `name` after checking that it exists and that its values
  // read as `type` (named `wanted` in messages); `count` gets their number.
  Handle open_attribute(std::string_view name, Type type, std::string_view wanted, bool scalar,
                        Size& count) const;
  void read_attribute(const Handle& attribute, std::string_view name, Type type, void* out) const;
  std::string read_string_attribute(std::string_view name) const;
  bool read_bool_attribute(std::string_view name) const;

  Handle handle_;
  std::string file_, path_;
};

// A file or a group: holds groups and datasets. Names may be paths
// ("a/b/c"), relative to this location or absolute ("/a/b").
class Location : public Object {
 public:
  Group create_group(std::string_view name);  // creates missing intermediate groups
  Group open_group(std::string_view name) const;
  Dataset open_dataset(std::string_view name) const;
  bool has(std::string_view name) const;  // false if any link along the path is missing
  std::vector<std::string> list() const;  // names of the children, sorted
  // Unlinks `name` (a group with everything below it, or a dataset);
  // InputError if there is none. HDF5 does not give the space back to the
  // file system; h5repack does.
  void remove(std::string_view name);

  // Whole datasets. Creating a name that exists is an Error.
  template <Element T>
  Dataset write_dataset(std::string_view name, std::span<const T> data, const Layout& layout = {});
  template <Element T>
  Dataset write_dataset(std::string_view name, const std::vector<T>& data,
                        const Layout& layout = {});
  // A matrix becomes a 2-D rows x cols dataset, row-major on disk; an Eigen
  // vector type (VectorXd, RowVectorXi, ...) becomes a 1-D dataset.
  template <EigenOfElements Derived>
  Dataset write_dataset(std::string_view name, const Eigen::DenseBase<Derived>& matrix,
                        const Layout& layout = {});
  Dataset write_dataset(std::string_view name, const std::vector<std::string>& strings,
                        const Layout& layout = {});

  // A dataset of the given shape filled with zeros, to be filled by
  // Dataset::write_slice.
  template <Element T>
  Dataset create_dataset(std::string_view name, const std::vector<Size>& shape,
                         const Layout& layout = {});
  // A time series: 0 rows of `inner_shape` (empty: scalar rows, a 1-D
  // dataset), extended by Dataset::append; chunk_rows 0 picks about 64 Ki
  // values per chunk.
  template <Element T>
  Dataset create_extendible(std::string_view name, const std::vector<Size>& inner_shape,
                            Size chunk_rows, int deflate = 0);

 protected:
  using Object::Object;

 private:
  Dataset create(std::string_view name, Type type, std::span<const Size> shape,
                 const Layout& layout, bool extendible, const void* data);
  Handle open_child(std::string_view name, bool group) const;
};

class Group : public Location {
 private:
  friend class Location;
  using Location::Location;
};

class File : public Location {
 public:
  // A new file, created exclusively: InputError "<path>: already exists" if
  // anything is there (never truncates, so a file another process is writing
  // cannot be damaged; replacing a file is the caller's explicit step).
  static File create(const std::filesystem::path& path);
  // Throws InputError "<path>: no such file", "<path>: not an HDF5 file" or
  // "<path>: truncated HDF5 file: N of its M bytes are there (...)" or
  // "<path>: cannot open HDF5 file (damaged?): <hdf5 message>".
  static File open(const std::filesystem::path& path, Mode mode = Mode::read_only);

  // H5Fflush(H5F_SCOPE_GLOBAL): hands everything written so far to the
  // operating system, so the file is complete if the program dies later.
  void flush();

 private:
  using Location::Location;
};

class Dataset : public Object {
 public:
  std::vector<Size> shape() const;
  Size rows() const;          // first dimension
  Type element_type() const;  // InputError for types this wrapper does not read

  // Whole dataset; InputError if the rank or the stored type does not fit.
  template <Element T>
  std::vector<T> read_vector() const;  // 1-D
  template <Element T>
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> read_matrix() const;  // 2-D
  std::vector<std::string> read_strings() const;                         // 1-D strings

  // Rows [first, first + count) along the first dimension, flattened
  // row-major (count * product of the other dimensions values).
  template <Element T>
  std::vector<T> read_rows(Size first, Size count) const;

  // Extendible datasets: grows the first dimension by `rows` and writes them
  // (rows * product of the inner dimensions values, row-major).
  template <Element T>
  void append(const T* data, Size rows);
  template <Element T>
  void append(std::span<const T> data);  // a whole number of rows
  template <Element T>
  void append(const std::vector<T>& data) {
    append(std::span<const T>(data));
  }

  // Sets the first dimension of an extendible dataset to `rows`: drops rows
  // past it, or adds rows of zeros (e.g. to cut a series back to a restart point).
  void resize_rows(Size rows);

  // Writes whole rows starting at row `offset` of an existing dataset (for a
  // 1-D dataset: elements [offset, offset + data.size())).
  template <Element T>
  void write_slice(Size offset, std::span<const T> data);
  template <Element T>
  void write_slice(Size offset, const std::vector<T>& data) {
    write_slice(offset, std::span<const T>(data));
  }

 private:
  friend class Location;
  using Object::Object;

  // The shape, after checking that the stored type reads as `type` and the
  // rank is `rank` (any rank >= 1 if rank < 0).
  std::vector<Size> checked_shape(Type type, int rank) const;
  void check_row_range(Size first, Size count, Size rows) const;
  Size rows_in(Size values) const;  // values -> whole rows of this dataset
  void read_rows_raw(Type type, std::span<const Size> shape, Size first, Size count,
                     void* out) const;
  void write_rows_raw(Type type, Size first, Size rows, const void* data, bool extend);
};

// ---- templates ----

namespace detail {
template <class T>
inline constexpr bool is_element_vector = false;
template <Element T>
inline constexpr bool is_element_vector<std::vector<T>> = true;
template <class T>
inline constexpr bool always_false = false;
}  // namespace detail

template <class T>
void Object::set_attribute(std::string_view name, const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    const std::uint8_t byte = value ? 1 : 0;
    write_attribute(name, Type::uint8, nullptr, &byte);
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    write_string_attribute(name, std::string_view(value));
  } else if constexpr (Element<T>) {
    write_attribute(name, type_of<T>(), nullptr, &value);
  } else if constexpr (detail::is_element_vector<T>) {
    const Size length = value.size();
    write_attribute(name, type_of<typename T::value_type>(), &length, value.data());
  } else {
    static_assert(detail::always_false<T>, "set_attribute: unsupported value type");
  }
}

template <class T>
T Object::get_attribute(std::string_view name) const {
  if constexpr (std::is_same_v<T, std::string>) {
    return read_string_attribute(name);
  } else if constexpr (std::is_same_v<T, bool>) {
    return read_bool_attribute(name);
  } else if constexpr (Element<T>) {
    Size count = 0;
    const Handle a = open_attribute(name, type_of<T>(), type_name(type_of<T>()), true, count);
    T value{};
    read_attribute(a, name, type_of<T>(), &value);
    return value;
  } else if constexpr (detail::is_element_vector<T>) {
    constexpr Type type = type_of<typename T::value_type>();
    Size count = 0;
    const Handle a = open_attribute(name, type, type_name(type), false, count);
    T values(count);
    if (count > 0) read_attribute(a, name, type, values.data());
    return values;
  } else {
    static_assert(detail::always_false<T>, "get_attribute: unsupported value type");
  }
}

template <Element T>
Dataset Location::write_dataset(std::string_view name, std::span<const T> data,
                                const Layout& layout) {
  const Size shape[1] = {data.size()};
  return create(name, type_of<T>(), shape, layout, false, data.data());
}

template <Element T>
Dataset Location::write_dataset(std::string_view name, const std::vector<T>& data,
                                const Layout& layout) {
  return write_dataset(name, std::span<const T>(data), layout);
}

template <EigenOfElements Derived>
Dataset Location::write_dataset(std::string_view name, const Eigen::DenseBase<Derived>& matrix,
                                const Layout& layout) {
  using T = typename Derived::Scalar;
  if constexpr (Derived::IsVectorAtCompileTime) {
    std::vector<T> values(static_cast<std::size_t>(matrix.size()));
    for (Eigen::Index i = 0; i < matrix.size(); ++i)
      values[static_cast<std::size_t>(i)] = matrix.derived().coeff(i);
    return write_dataset(name, std::span<const T>(values), layout);
  } else {
    // Copied into row-major order, the order HDF5 stores.
    const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = matrix;
    const Size shape[2] = {static_cast<Size>(rows.rows()), static_cast<Size>(rows.cols())};
    return create(name, type_of<T>(), shape, layout, false, rows.data());
  }
}

template <Element T>
Dataset Location::create_dataset(std::string_view name, const std::vector<Size>& shape,
                                 const Layout& layout) {
  return create(name, type_of<T>(), shape, layout, false, nullptr);
}

template <Element T>
Dataset Location::create_extendible(std::string_view name, const std::vector<Size>& inner_shape,
                                    Size chunk_rows, int deflate) {
  std::vector<Size> shape{0};
  shape.insert(shape.end(), inner_shape.begin(), inner_shape.end());
  return create(name, type_of<T>(), shape, Layout{chunk_rows, deflate}, true, nullptr);
}

template <Element T>
std::vector<T> Dataset::read_vector() const {
  const std::vector<Size> shape = checked_shape(type_of<T>(), 1);
  std::vector<T> values(shape[0]);
  if (!values.empty()) read_rows_raw(type_of<T>(), shape, 0, shape[0], values.data());
  return values;
}

template <Element T>
Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> Dataset::read_matrix() const {
  const std::vector<Size> shape = checked_shape(type_of<T>(), 2);
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows(
      static_cast<Eigen::Index>(shape[0]), static_cast<Eigen::Index>(shape[1]));
  if (rows.size() > 0) read_rows_raw(type_of<T>(), shape, 0, shape[0], rows.data());
  return rows;  // converted to Eigen's column-major order
}

template <Element T>
std::vector<T> Dataset::read_rows(Size first, Size count) const {
  const std::vector<Size> shape = checked_shape(type_of<T>(), -1);
  check_row_range(first, count, shape[0]);
  Size per_row = 1;
  for (std::size_t d = 1; d < shape.size(); ++d) per_row *= shape[d];
  std::vector<T> values(count * per_row);
  if (!values.empty()) read_rows_raw(type_of<T>(), shape, first, count, values.data());
  return values;
}

template <Element T>
void Dataset::append(const T* data, Size rows) {
  write_rows_raw(type_of<T>(), 0, rows, data, true);
}

template <Element T>
void Dataset::append(std::span<const T> data) {
  write_rows_raw(type_of<T>(), 0, rows_in(data.size()), data.data(), true);
}

template <Element T>
void Dataset::write_slice(Size offset, std::span<const T> data) {
  write_rows_raw(type_of<T>(), offset, rows_in(data.size()), data.data(), false);
}

}  // namespace migrasim::h5
