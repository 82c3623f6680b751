// See atomic_file.h.
#include "core/common/atomic_file.h"

#include "core/common/user_error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <unistd.h>

namespace itool {

void writeFileAtomically(const std::string &path, std::string_view text)
{
    const std::filesystem::path target(path);
    if (target.has_parent_path())
        std::filesystem::create_directories(target.parent_path());
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw UserError("cannot write " + tmp + ": " + std::strerror(errno));
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            std::remove(tmp.c_str());
            throw UserError("cannot write " + tmp + ": " + why);
        }
        written += std::size_t(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(tmp.c_str());
        throw UserError("cannot write " + tmp + ": " + why);
    }
    std::error_code ec;
    std::filesystem::rename(tmp, target, ec);
    if (ec)
        throw UserError("cannot replace " + path + ": " + ec.message());
}

} // namespace itool
