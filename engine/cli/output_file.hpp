// The --out policy of every command that writes a file (run, resume --out,
// compare --keep): an existing file is never replaced unless the user says
// --overwrite, and a file another process is writing is never replaced.
#pragma once

#include <filesystem>

namespace migrasim::cli {

// Makes `path` free for a new file. Without `overwrite`, anything already at
// `path` is refused (InputError "<path>: already exists; ..."). With it, an
// existing regular file is removed, unless another process holds a lock on
// it (a run still writing it: HDF5 locks its files), which is refused. A
// folder is always refused, and so is a path whose folder does not exist.
// The caller then creates the file exclusively (h5::File::create does), so
// two processes racing for one name cannot both own it.
void claim_output(const std::filesystem::path& path, bool overwrite);

}  // namespace migrasim::cli
