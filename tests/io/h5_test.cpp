#include "migrasim/io/h5.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "test_support.hpp"

namespace migrasim::h5 {
namespace {

using testing::input_error_of;
using testing::TempDir;

// The message of the migrasim::Error (not an InputError) that `statement` throws.
template <class F>
std::string error_of(F&& statement) {
  try {
    statement();
  } catch (const InputError& e) {
    return std::string("<InputError> ") + e.what();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no Error>";
}

// Runs a shell command and returns its standard output.
std::string output_of(const std::string& command) {
  std::string text;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
    pclose(pipe);
  }
  return text;
}

// ---- datasets ----

template <class T>
class H5RoundTrip : public ::testing::Test {};
using ElementTypes =
    ::testing::Types<std::int8_t, std::uint8_t, std::int16_t, std::uint16_t, std::int32_t,
                     std::uint32_t, std::int64_t, std::uint64_t, float, double>;
TYPED_TEST_SUITE(H5RoundTrip, ElementTypes);

TYPED_TEST(H5RoundTrip, VectorAndMatrix) {
  using T = TypeParam;
  using limits = std::numeric_limits<T>;
  TempDir dir;
  const auto path = dir.path() / "round.h5";
  const std::vector<T> values{limits::lowest(), T(0), T(1), T(42), limits::max()};
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> matrix(2, 3);
  matrix << T(1), T(2), T(3), T(4), T(5), limits::max();
  {
    File file = File::create(path);
    file.write_dataset("values", values);
    file.write_dataset("matrix", matrix);
    file.write_dataset("empty", std::vector<T>{});
  }
  const File file = File::open(path);
  const Dataset dataset = file.open_dataset("values");
  EXPECT_EQ(dataset.element_type(), type_of<T>());
  EXPECT_EQ(dataset.shape(), std::vector<Size>{5});
  EXPECT_EQ(dataset.read_vector<T>(), values);
  EXPECT_EQ(file.open_dataset("matrix").shape(), (std::vector<Size>{2, 3}));
  EXPECT_EQ(file.open_dataset("matrix").read_matrix<T>(), matrix);
  EXPECT_TRUE(file.open_dataset("empty").read_vector<T>().empty());
}

TEST(H5Dataset, MatricesAreRowMajorOnDisk) {
  TempDir dir;
  const auto path = dir.path() / "m.h5";
  Eigen::MatrixXd doubles(2, 3);
  doubles << 1.5, 2.5, 3.5, 4.5, 5.5, 6.5;
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> ints(3, 2);
  ints << -1, 2, -3, 4, -5, std::numeric_limits<std::int64_t>::max();
  const Eigen::VectorXd vector = Eigen::VectorXd::LinSpaced(4, 0.0, 3.0);
  {
    File file = File::create(path);
    file.write_dataset("doubles", doubles);
    file.write_dataset("ints", ints);
    file.write_dataset("vector", vector);
    file.write_dataset("row", Eigen::RowVectorXi::LinSpaced(3, 7, 9));
    file.write_dataset("expression", doubles.transpose() * 2.0);
  }
  const File file = File::open(path);
  // Rows in order, each row's columns in order: dataset[r][c] == matrix(r, c).
  EXPECT_EQ(file.open_dataset("doubles").read_rows<double>(0, 2),
            (std::vector<double>{1.5, 2.5, 3.5, 4.5, 5.5, 6.5}));
  EXPECT_EQ(file.open_dataset("ints").read_rows<std::int64_t>(1, 2),
            (std::vector<std::int64_t>{-3, 4, -5, std::numeric_limits<std::int64_t>::max()}));
  EXPECT_EQ(file.open_dataset("doubles").read_matrix<double>(), doubles);
  EXPECT_EQ(file.open_dataset("ints").read_matrix<std::int64_t>(), ints);
  EXPECT_EQ(file.open_dataset("expression").shape(), (std::vector<Size>{3, 2}));
  EXPECT_EQ(file.open_dataset("expression").read_matrix<double>(),
            Eigen::MatrixXd(doubles.transpose() * 2.0));
  EXPECT_EQ(file.open_dataset("vector").read_vector<double>(),
            (std::vector<double>{0.0, 1.0, 2.0, 3.0}));
  EXPECT_EQ(file.open_dataset("row").read_vector<std::int32_t>(),
            (std::vector<std::int32_t>{7, 8, 9}));
}

TEST(H5Dataset, Strings) {
  TempDir dir;
  const auto path = dir.path() / "s.h5";
  const std::vector<std::string> names{"Beijing", "", "Zhèjiāng 浙江", "x"};
  {
    File file = File::create(path);
    file.write_dataset("names", names);
    file.write_dataset("none", std::vector<std::string>{});
    file.write_dataset("packed", names, Layout{.chunk_rows = 2, .deflate = 4});
  }
  const File file = File::open(path);
  EXPECT_EQ(file.open_dataset("names").read_strings(), names);
  EXPECT_EQ(file.open_dataset("names").element_type(), Type::string);
  EXPECT_TRUE(file.open_dataset("none").read_strings().empty());
  EXPECT_EQ(file.open_dataset("packed").read_strings(), names);
}

TEST(H5Dataset, ReadsWideningConversions) {
  TempDir dir;
  const auto path = dir.path() / "w.h5";
  {
    File file = File::create(path);
    file.write_dataset("i32", std::vector<std::int32_t>{-5, 7});
    file.write_dataset("u16", std::vector<std::uint16_t>{65535});
    file.write_dataset("f32", std::vector<float>{0.5f});
  }
  const File file = File::open(path);
  EXPECT_EQ(file.open_dataset("i32").read_vector<std::int64_t>(),
            (std::vector<std::int64_t>{-5, 7}));
  EXPECT_EQ(file.open_dataset("u16").read_vector<std::int32_t>(), std::vector<std::int32_t>{65535});
  EXPECT_EQ(file.open_dataset("u16").read_vector<std::uint64_t>(),
            std::vector<std::uint64_t>{65535});
  EXPECT_EQ(file.open_dataset("f32").read_vector<double>(), std::vector<double>{0.5});
}

TEST(H5Dataset, CompressionShrinksRepetitiveData) {
  TempDir dir;
  std::vector<std::int64_t> values(1'000'000);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int64_t>(i % 10);
  {
    File file = File::create(dir.path() / "plain.h5");
    file.write_dataset("values", values);
    File packed = File::create(dir.path() / "packed.h5");
    packed.write_dataset("values", values, Layout{.chunk_rows = 10'000, .deflate = 6});
    packed.write_dataset("auto", values, Layout{.deflate = 1});  // chunks chosen
  }
  const auto plain = std::filesystem::file_size(dir.path() / "plain.h5");
  const auto packed = std::filesystem::file_size(dir.path() / "packed.h5");
  EXPECT_GT(plain, values.size() * sizeof(std::int64_t));
  EXPECT_LT(packed, plain / 20);
  const File file = File::open(dir.path() / "packed.h5");
  EXPECT_EQ(file.open_dataset("values").read_vector<std::int64_t>(), values);
  EXPECT_EQ(file.open_dataset("auto").read_vector<std::int64_t>(), values);
}

TEST(H5Dataset, ExtendibleAppendOverSeveralCalls) {
  TempDir dir;
  const auto path = dir.path() / "series.h5";
  {
    File file = File::create(path);
    Dataset total = file.create_extendible<double>("series/total", {}, 4, 3);
    Dataset by_region = file.create_extendible<std::int64_t>("series/by_region", {3}, 2);
    EXPECT_EQ(total.rows(), 0u);
    EXPECT_EQ(by_region.shape(), (std::vector<Size>{0, 3}));
    for (int tick = 0; tick < 5; ++tick) {
      const double value = tick * 1.5;
      total.append(&value, 1);
      const std::vector<std::int64_t> row{tick, 10 * tick, 100 * tick};
      by_region.append(row);
    }
    total.append(std::vector<double>{100.0, 200.0});  // two rows at once
    total.append(std::vector<double>{});              // nothing
    EXPECT_EQ(total.rows(), 7u);
    EXPECT_EQ(by_region.shape(), (std::vector<Size>{5, 3}));
  }
  {  // Reopened for writing, a series goes on.
    File file = File::open(path, Mode::read_write);
    Dataset by_region = file.open_dataset("series/by_region");
    const std::int64_t rows[] = {5, 50, 500, 6, 60, 600};
    by_region.append(rows, 2);
  }
  const File file = File::open(path);
  EXPECT_EQ(file.open_dataset("series/total").read_vector<double>(),
            (std::vector<double>{0, 1.5, 3, 4.5, 6, 100, 200}));
  const Dataset by_region = file.open_dataset("series/by_region");
  EXPECT_EQ(by_region.rows(), 7u);
  EXPECT_EQ(by_region.read_rows<std::int64_t>(2, 2),
            (std::vector<std::int64_t>{2, 20, 200, 3, 30, 300}));
  EXPECT_EQ(by_region.read_rows<std::int64_t>(6, 1), (std::vector<std::int64_t>{6, 60, 600}));
  EXPECT_TRUE(by_region.read_rows<std::int64_t>(7, 0).empty());
  const auto all = by_region.read_matrix<std::int64_t>();
  EXPECT_EQ(all(4, 2), 400);
  EXPECT_EQ(input_error_of([&] { by_region.read_rows<std::int64_t>(6, 2); }),
            path.string() + ": dataset '/series/by_region': rows [6, 8) outside its 7 rows");
}

TEST(H5Dataset, WriteSliceIntoPreallocated) {
  TempDir dir;
  const auto path = dir.path() / "slices.h5";
  {
    File file = File::create(path);
    Dataset d = file.create_dataset<double>("agents/wealth", {6}, Layout{.chunk_rows = 2});
    d.write_slice(0, std::vector<double>{1, 2});
    d.write_slice(4, std::vector<double>{5, 6});
    Dataset m = file.create_dataset<std::int32_t>("m", {3, 2});
    m.write_slice(1, std::vector<std::int32_t>{7, 8});
    EXPECT_EQ(error_of([&] {
                d.write_slice(5, std::vector<double>{1, 2});
              }),
              path.string() + ": dataset '/agents/wealth': rows [5, 7) outside its 6 rows");
    EXPECT_EQ(error_of([&] {
                m.write_slice(0, std::vector<std::int32_t>{1, 2, 3});
              }),
              path.string() + ": dataset '/m': 3 values are not whole rows of 2-D (3 x 2)");
    EXPECT_EQ(
        error_of([&] { d.write_slice(0, std::vector<std::int64_t>{1}); }),
        path.string() + ": dataset '/agents/wealth' is float64, cannot be written from int64");
  }
  const File file = File::open(path);
  EXPECT_EQ(file.open_dataset("agents/wealth").read_vector<double>(),
            (std::vector<double>{1, 2, 0, 0, 5, 6}));
  EXPECT_EQ(file.open_dataset("m").read_rows<std::int32_t>(0, 3),
            (std::vector<std::int32_t>{0, 0, 7, 8, 0, 0}));
}

// ---- groups ----

TEST(H5Group, NestedGroupsAndList) {
  TempDir dir;
  const auto path = dir.path() / "g.h5";
  {
    File file = File::create(path);
    Group c = file.create_group("a/b/c");  // intermediate groups made too
    EXPECT_EQ(c.object_path(), "/a/b/c");
    Group a = file.open_group("a");
    a.create_group("zeta");
    a.create_group("alpha");
    a.write_dataset("mid", std::vector<double>{1});
    c.write_dataset("deep", std::vector<double>{2});
    file.flush();
  }
  const File file = File::open(path);
  EXPECT_EQ(file.list(), std::vector<std::string>{"a"});
  const Group a = file.open_group("a");
  EXPECT_EQ(a.list(), (std::vector<std::string>{"alpha", "b", "mid", "zeta"}));
  EXPECT_TRUE(file.has("a"));
  EXPECT_TRUE(file.has("a/b/c"));
  EXPECT_TRUE(file.has("/a/b/c/deep"));
  EXPECT_TRUE(a.has("b/c"));
  EXPECT_TRUE(a.has("/a/mid"));
  EXPECT_TRUE(file.has("/"));
  EXPECT_FALSE(file.has("b"));
  EXPECT_FALSE(file.has("a/x/y"));    // H5Lexists alone would fail here
  EXPECT_FALSE(file.has("a/mid/x"));  // through a dataset
  EXPECT_FALSE(file.has("a/b/c/d/e/f"));
  const Group c = a.open_group("b/c");
  EXPECT_EQ(c.object_path(), "/a/b/c");
  EXPECT_EQ(c.open_dataset("deep").object_path(), "/a/b/c/deep");
  EXPECT_EQ(c.open_dataset("deep").read_vector<double>(), std::vector<double>{2});
  EXPECT_EQ(file.open_group("/a/b").list(), std::vector<std::string>{"c"});
}

TEST(H5Group, RemoveAndResizeRows) {
  TempDir dir;
  const auto path = dir.path() / "cut.h5";
  {
    File file = File::create(path);
    file.create_group("snapshots/0012").write_dataset("age", std::vector<std::int32_t>{30});
    file.create_group("snapshots/0024");
    Dataset series = file.create_extendible<double>("series/wage", {2}, 4);
    series.append(std::vector<double>{1, 2, 3, 4, 5, 6});
  }
  {  // Cut back to a restart point: drop a snapshot and the series' last row.
    File file = File::open(path, Mode::read_write);
    Group snapshots = file.open_group("snapshots");
    snapshots.remove("0024");
    Dataset series = file.open_dataset("series/wage");
    series.resize_rows(2);
    series.append(std::vector<double>{7, 8});
    EXPECT_EQ(input_error_of([&] { snapshots.remove("0036"); }),
              path.string() + ": missing object '/snapshots/0036'");
  }
  const File file = File::open(path);
  EXPECT_EQ(file.open_group("snapshots").list(), std::vector<std::string>{"0012"});
  EXPECT_EQ(file.open_dataset("series/wage").read_rows<double>(0, 3),
            (std::vector<double>{1, 2, 3, 4, 7, 8}));
}

// ---- attributes ----

TEST(H5Attribute, EveryTypeOnFileGroupAndDataset) {
  TempDir dir;
  const auto path = dir.path() / "attrs.h5";
  const auto set_all = [](Object& o) {
    o.set_attribute("text", std::string("yuan per month"));
    o.set_attribute("literal", "km");
    o.set_attribute("empty", std::string());
    o.set_attribute("i64", std::int64_t{-9'000'000'000});
    o.set_attribute("u64", std::numeric_limits<std::uint64_t>::max());
    o.set_attribute("f64", 0.25);
    o.set_attribute("yes", true);
    o.set_attribute("no", false);
    o.set_attribute("doubles", std::vector<double>{1.5, -2.5});
    o.set_attribute("int64s", std::vector<std::int64_t>{1, -2, 3});
    o.set_attribute("nothing", std::vector<double>{});
    o.set_attribute("small", std::int32_t{-7});
  };
  {
    File file = File::create(path);
    Group group = file.create_group("g");
    Dataset dataset = group.write_dataset("d", std::vector<int>{1});
    set_all(file);
    set_all(group);
    set_all(dataset);
  }
  const File file = File::open(path);
  const Group group = file.open_group("g");
  const Dataset dataset = group.open_dataset("d");
  for (const Object* o : std::initializer_list<const Object*>{&file, &group, &dataset}) {
    SCOPED_TRACE(o->object_path());
    EXPECT_EQ(o->get_attribute<std::string>("text"), "yuan per month");
    EXPECT_EQ(o->get_attribute<std::string>("literal"), "km");
    EXPECT_EQ(o->get_attribute<std::string>("empty"), "");
    EXPECT_EQ(o->get_attribute<std::int64_t>("i64"), -9'000'000'000);
    EXPECT_EQ(o->get_attribute<std::uint64_t>("u64"), std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(o->get_attribute<double>("f64"), 0.25);
    EXPECT_TRUE(o->get_attribute<bool>("yes"));
    EXPECT_FALSE(o->get_attribute<bool>("no"));
    EXPECT_EQ(o->get_attribute<std::uint8_t>("yes"), 1);  // bool is stored as uint8 0/1
    EXPECT_EQ(o->get_attribute<std::vector<double>>("doubles"), (std::vector<double>{1.5, -2.5}));
    EXPECT_EQ(o->get_attribute<std::vector<std::int64_t>>("int64s"),
              (std::vector<std::int64_t>{1, -2, 3}));
    EXPECT_TRUE(o->get_attribute<std::vector<double>>("nothing").empty());
    EXPECT_EQ(o->get_attribute<std::int64_t>("small"), -7);  // int32 widens
    EXPECT_EQ(o->get_attribute<std::vector<std::int64_t>>("small"), std::vector<std::int64_t>{-7});
    EXPECT_TRUE(o->has_attribute("text"));
    EXPECT_FALSE(o->has_attribute("missing"));
  }
  EXPECT_EQ(file.attribute_names(),
            (std::vector<std::string>{"doubles", "empty", "f64", "i64", "int64s", "literal", "no",
                                      "nothing", "small", "text", "u64", "yes"}));
}

TEST(H5Attribute, OverwriteReplacesValueAndType) {
  TempDir dir;
  const auto path = dir.path() / "over.h5";
  {
    File file = File::create(path);
    file.set_attribute("units", "persons");
    file.set_attribute("units", "thousand persons");  // longer string
    file.set_attribute("seed", std::int64_t{1});
    file.set_attribute("seed", std::int64_t{2});
    file.set_attribute("value", 1.0);
    file.set_attribute("value", std::string("one"));  // another type
    file.set_attribute("list", std::vector<double>{1, 2, 3});
    file.set_attribute("list", std::vector<double>{4});  // another size
  }
  {
    File file = File::open(path, Mode::read_write);
    file.set_attribute("seed", std::int64_t{3});
  }
  const File file = File::open(path);
  EXPECT_EQ(file.get_attribute<std::string>("units"), "thousand persons");
  EXPECT_EQ(file.get_attribute<std::int64_t>("seed"), 3);
  EXPECT_EQ(file.get_attribute<std::string>("value"), "one");
  EXPECT_EQ(file.get_attribute<std::vector<double>>("list"), std::vector<double>{4});
  EXPECT_EQ(file.attribute_names(), (std::vector<std::string>{"list", "seed", "units", "value"}));
}

// ---- errors ----

TEST(H5Errors, MissingFile) {
  TempDir dir;
  const auto path = dir.path() / "nope.h5";
  EXPECT_EQ(input_error_of([&] { File::open(path); }), path.string() + ": no such file");
}

TEST(H5Errors, TextFile) {
  TempDir dir;
  const auto path = dir.write("notes.h5", "name,value\nx,1\n");
  EXPECT_EQ(input_error_of([&] { File::open(path); }), path.string() + ": not an HDF5 file");
  const auto empty = dir.write("empty.h5", "");
  EXPECT_EQ(input_error_of([&] { File::open(empty); }), empty.string() + ": not an HDF5 file");
}

TEST(H5Errors, TruncatedFile) {
  TempDir dir;
  const auto path = dir.path() / "cut.h5";
  {
    File file = File::create(path);
    file.write_dataset("values", std::vector<double>(1000, 1.0));
  }
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size / 2);
  EXPECT_EQ(input_error_of([&] { File::open(path); }),
            path.string() + ": truncated HDF5 file: " + std::to_string(size / 2) + " of its " +
                std::to_string(size) +
                " bytes are there (a copy cut short, or a disk that filled up?)");
}

TEST(H5Errors, CannotCreateInMissingFolder) {
  TempDir dir;
  const auto path = dir.path() / "no" / "such" / "out.h5";
  EXPECT_EQ(input_error_of([&] {
              File::create(path);
            }).rfind(path.string() + ": cannot create HDF5 file: ", 0),
            0u);
}

TEST(H5Errors, MissingObjectsAndAttributes) {
  TempDir dir;
  const auto path = dir.path() / "e.h5";
  const std::string f = path.string();
  {
    File file = File::create(path);
    file.create_group("a").write_dataset("d", std::vector<double>{1.5});
    file.set_attribute("rate", 0.5);
    file.set_attribute("count", std::uint64_t{3});
    file.set_attribute("flag", std::int64_t{2});
    file.set_attribute("list", std::vector<std::int64_t>{1, 2});
    EXPECT_EQ(error_of([&] { file.create_group("a"); }),
              f + ": group '/a': H5Gcreate2 failed: name already exists");
    EXPECT_EQ(error_of([&] { file.write_dataset("a/d", std::vector<double>{}); }),
              f + ": dataset '/a/d': H5Dcreate2 failed: name already exists");
    EXPECT_EQ(error_of([&] { file.write_dataset("x", std::vector<double>{}, {.deflate = 10}); }),
              f + ": dataset '/x': deflate level 10 is outside 0..9");
  }
  const File file = File::open(path);
  const Group a = file.open_group("a");
  EXPECT_EQ(input_error_of([&] { file.open_group("b"); }), f + ": missing group '/b'");
  EXPECT_EQ(input_error_of([&] { a.open_group("b/c"); }), f + ": missing group '/a/b/c'");
  EXPECT_EQ(input_error_of([&] { a.open_dataset("e"); }), f + ": missing dataset '/a/e'");
  EXPECT_EQ(input_error_of([&] { file.open_group("a/d"); }),
            f + ": '/a/d' is a dataset, not a group");
  EXPECT_EQ(input_error_of([&] { file.open_dataset("a"); }),
            f + ": '/a' is a group, not a dataset");
  EXPECT_EQ(input_error_of([&] { a.get_attribute<std::string>("units"); }),
            f + ": missing attribute 'units' of '/a'");
  EXPECT_EQ(input_error_of([&] { a.open_dataset("d").get_attribute<double>("units"); }),
            f + ": missing attribute 'units' of '/a/d'");
  EXPECT_EQ(input_error_of([&] { file.get_attribute<std::int64_t>("rate"); }),
            f + ": attribute 'rate' of '/' is float64, cannot be read as int64");
  EXPECT_EQ(input_error_of([&] { file.get_attribute<std::int64_t>("count"); }),
            f + ": attribute 'count' of '/' is uint64, cannot be read as int64");
  EXPECT_EQ(input_error_of([&] { file.get_attribute<std::string>("count"); }),
            f + ": attribute 'count' of '/' is uint64, cannot be read as string");
  EXPECT_EQ(input_error_of([&] { file.get_attribute<bool>("rate"); }),
            f + ": attribute 'rate' of '/' is float64, cannot be read as bool");
  EXPECT_EQ(input_error_of([&] { file.get_attribute<bool>("flag"); }),
            f + ": attribute 'flag' of '/' holds 2, expected 0 or 1 for a bool");
  EXPECT_EQ(input_error_of([&] { file.get_attribute<std::int64_t>("list"); }),
            f + ": attribute 'list' of '/' holds 2 values, expected one");
}

TEST(H5Errors, DatasetOfWrongTypeOrRank) {
  TempDir dir;
  const auto path = dir.path() / "t.h5";
  const std::string f = path.string();
  {
    File file = File::create(path);
    file.write_dataset("doubles", std::vector<double>{1.5});
    file.write_dataset("matrix", Eigen::MatrixXd::Zero(3, 4));
    file.write_dataset("names", std::vector<std::string>{"a"});
    file.write_dataset("i64", std::vector<std::int64_t>{1});
  }
  const File file = File::open(path);
  EXPECT_EQ(input_error_of([&] { file.open_dataset("doubles").read_vector<std::int64_t>(); }),
            f + ": dataset '/doubles' is float64, cannot be read as int64");
  EXPECT_EQ(input_error_of([&] { file.open_dataset("doubles").read_vector<float>(); }),
            f + ": dataset '/doubles' is float64, cannot be read as float32");
  EXPECT_EQ(input_error_of([&] { file.open_dataset("i64").read_vector<std::uint64_t>(); }),
            f + ": dataset '/i64' is int64, cannot be read as uint64");
  EXPECT_EQ(input_error_of([&] { file.open_dataset("names").read_vector<double>(); }),
            f + ": dataset '/names' is string, cannot be read as float64");
  EXPECT_EQ(input_error_of([&] { file.open_dataset("doubles").read_strings(); }),
            f + ": dataset '/doubles' is float64, cannot be read as string");
  EXPECT_EQ(input_error_of([&] { file.open_dataset("matrix").read_vector<double>(); }),
            f + ": dataset '/matrix' is 2-D (3 x 4), expected 1-D");
  EXPECT_EQ(input_error_of([&] { file.open_dataset("doubles").read_matrix<double>(); }),
            f + ": dataset '/doubles' is 1-D (1), expected 2-D");
}

// ---- other readers ----

TEST(H5Interop, H5dumpSeesRowMajorMatrixAndStrings) {
  if (!std::filesystem::exists("/usr/bin/h5dump")) GTEST_SKIP() << "h5dump not installed";
  TempDir dir;
  const auto path = dir.path() / "dump.h5";
  {
    File file = File::create(path);
    Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> m(2, 3);
    m << 1, 2, 3, 4, 5, 6;
    file.write_dataset("m", m);
    file.write_dataset("names", std::vector<std::string>{"ab", "c"});
    file.set_attribute("units", "persons");
  }
  const std::string out = output_of("/usr/bin/h5dump -w 0 " + path.string());
  EXPECT_NE(out.find("DATASPACE  SIMPLE { ( 2, 3 ) / ( 2, 3 ) }"), std::string::npos) << out;
  EXPECT_NE(out.find("(0,0): 1, 2, 3,"), std::string::npos) << out;
  EXPECT_NE(out.find("(1,0): 4, 5, 6"), std::string::npos) << out;
  // Null-padded: h5dump shows the padding of the shorter string.
  EXPECT_NE(out.find(R"((0): "ab", "c\000")"), std::string::npos) << out;
  EXPECT_NE(out.find("(0): \"persons\""), std::string::npos) << out;
  EXPECT_NE(out.find("H5T_STR_NULLPAD"), std::string::npos) << out;
  EXPECT_NE(out.find("H5T_CSET_UTF8"), std::string::npos) << out;
}

TEST(H5Interop, H5pyReadsWhatWeWrite) {
  if (std::system("/usr/bin/python3 -c 'import h5py' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-h5py not installed";
  }
  TempDir dir;
  const auto path = dir.path() / "py.h5";
  {
    File file = File::create(path);
    Eigen::MatrixXd m(2, 3);
    m << 1, 2, 3, 4, 5, 6;
    file.write_dataset("m", m);
    file.write_dataset("names", std::vector<std::string>{"Beijing", "浙江"});
    file.set_attribute("units", "persons");
    file.set_attribute("flag", true);
    file.set_attribute("seed", std::int64_t{42});
    Dataset series = file.create_extendible<double>("series", {2}, 8, 4);
    series.append(std::vector<double>{1, 2, 3, 4});
  }
  const auto script = dir.write("check.py", R"(import sys, h5py
f = h5py.File(sys.argv[1], 'r')
assert f['m'].shape == (2, 3) and f['m'][0, 2] == 3 and f['m'][1, 0] == 4
assert [s.decode() for s in f['names'][:]] == ['Beijing', '浙江']
assert f.attrs['units'] == b'persons'
assert f.attrs['flag'] == 1 and f.attrs['seed'] == 42
assert f['series'].shape == (2, 2) and f['series'].maxshape == (None, 2)
assert f['series'].compression == 'gzip' and f['series'].shuffle
print('ok')
)");
  EXPECT_EQ(output_of("/usr/bin/python3 " + script.string() + " " + path.string() + " 2>&1"),
            "ok\n");
}

TEST(H5Interop, ReadsWhatH5pyWrites) {
  if (std::system("/usr/bin/python3 -c 'import h5py' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-h5py not installed";
  }
  TempDir dir;
  const auto path = dir.path() / "from_py.h5";
  // h5py writes variable-length UTF-8 strings, bools as an int8 enum and
  // fixed-length ASCII for numpy 'S' arrays.
  const auto script = dir.write("write.py", R"(import sys, h5py, numpy as np
with h5py.File(sys.argv[1], 'w') as f:
    f.attrs['units'] = 'yuan'
    f.attrs['flag'] = True
    f.attrs['seed'] = 42
    f['names'] = ['Beijing', '浙江', '']
    f['codes'] = np.array([b'BJ', b'Z'])
    f['m'] = np.arange(6, dtype=np.int32).reshape(2, 3)
)");
  ASSERT_EQ(std::system(("/usr/bin/python3 " + script.string() + " " + path.string()).c_str()), 0);
  const File file = File::open(path);
  EXPECT_EQ(file.get_attribute<std::string>("units"), "yuan");
  EXPECT_TRUE(file.get_attribute<bool>("flag"));
  EXPECT_EQ(file.get_attribute<std::int64_t>("seed"), 42);
  EXPECT_EQ(file.open_dataset("names").read_strings(),
            (std::vector<std::string>{"Beijing", "浙江", ""}));
  EXPECT_EQ(file.open_dataset("codes").read_strings(), (std::vector<std::string>{"BJ", "Z"}));
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> expected(2, 3);
  expected << 0, 1, 2, 3, 4, 5;
  EXPECT_EQ(file.open_dataset("m").read_matrix<std::int64_t>(), expected);
}

TEST(H5Handle, MovesOwnership) {
  TempDir dir;
  File file = File::create(dir.path() / "move.h5");
  const Id id = file.id();
  File moved = std::move(file);
  EXPECT_EQ(moved.id(), id);
  Group group = moved.create_group("g");
  Group other = moved.create_group("h");
  other = std::move(group);  // closes h's handle, takes g's
  EXPECT_EQ(other.object_path(), "/g");
  other.set_attribute("x", 1);
  EXPECT_EQ(other.get_attribute<int>("x"), 1);
  EXPECT_EQ(file.id(), Handle::invalid);  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_FALSE(Handle().valid());
}

}  // namespace
}  // namespace migrasim::h5
