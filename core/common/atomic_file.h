#pragma once
// Writing a file whole: the text goes to PATH.tmp, is flushed to the disk (fsync), and the
// temporary file is then renamed over PATH, so a reader, or the file after a crash, holds
// either the old content or the new one, never half of it. Throws UserError naming the
// file when it cannot be written. No torch, no Qt.
#include <string>
#include <string_view>

namespace itool {

void writeFileAtomically(const std::string &path, std::string_view text);

} // namespace itool
