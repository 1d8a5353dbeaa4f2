// The one way aa reads input files and writes output files (docs/security.md, "Files").
//
// Writing: a private temporary file created with O_EXCL in the target's own directory (never a
// predictable name, never following a planted link), written, fsynced, renamed over the target,
// and the directory fsynced. An existing target keeps its mode and owner; a target that is a
// symbolic link or not a regular file is refused. Private files (plans, journals) are 0600.
//
// Reading: only regular files (a FIFO or a device is refused without blocking), up to a size limit.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace aa {

enum class FileAccess {
    Public,   // a new file gets 0666 minus the umask (specs, patches, imported specs)
    Private,  // always 0600: plans and journals hold commands, stderr and the whole patch
};

// Empty on success; otherwise why nothing was written (the target is untouched).
std::string write_file_safely(const std::string& path, std::string_view text, FileAccess access = FileAccess::Public);

// Limits (issue 12): spec files 16 MiB, CIBs and plans 1 GiB.
inline constexpr std::size_t kMaxSpecBytes = std::size_t(16) << 20;
inline constexpr std::size_t kMaxCibBytes = std::size_t(1) << 30;

// Reads a whole regular file of at most `max_bytes`. False with `error` ("PATH: why") otherwise.
bool read_file_bounded(const std::string& path, std::size_t max_bytes, std::string& text, std::string& error);

// Reads a stream (stdin) up to `max_bytes`; false with `error` when it holds more.
bool read_fd_bounded(int fd, const std::string& name, std::size_t max_bytes, std::string& text, std::string& error);

}  // namespace aa
