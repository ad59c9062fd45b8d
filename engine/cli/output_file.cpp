#include "output_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "migrasim/error.hpp"

namespace migrasim::cli {

namespace {

// Closes a file descriptor (and so drops its lock) when it goes.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

void claim_output(const std::filesystem::path& path, bool overwrite) {
  namespace fs = std::filesystem;
  const std::string name = path.string();
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(path, ec);
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::exists(status)) {
    if (!fs::is_directory(folder, ec)) {
      throw InputError(name + ": cannot create the file: folder '" + folder.string() +
                       "' does not exist");
    }
    return;
  }
  if (fs::is_directory(status)) throw InputError(name + ": is a folder, not a file");
  if (!overwrite) {
    throw InputError(name +
                     ": already exists; migrasim never replaces a file unless told --overwrite "
                     "(or choose another --out)");
  }
  if (!fs::is_regular_file(status)) {
    throw InputError(name + ": exists and is not a regular file; not replaced");
  }
  // A run writing the file holds HDF5's lock (flock) on it; taking the lock
  // ourselves tells whether anyone does, and holding it while unlinking keeps
  // a writer from starting on the old file in between.
  const Descriptor file{::open(name.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    throw InputError(name + ": cannot open to replace it: " + std::strerror(errno));
  }
  if (::flock(file.fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      throw InputError(name +
                       ": is open in another process (a run still writing it?); not replaced");
    }
    // A file system without flock (some network mounts): nothing to learn.
  }
  if (::unlink(name.c_str()) != 0) {
    throw InputError(name + ": cannot remove it to write a new one: " + std::strerror(errno));
  }
}

}  // namespace migrasim::cli
