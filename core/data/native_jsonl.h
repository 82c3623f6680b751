#pragma once
// Reading and writing whole native JSON Lines files (one Record per line, see
// native_format.h), with bad lines reported as file:line issues and skipped. What it is not:
// the importers for other formats.
#include "core/common/user_error.h"
#include "core/data/record.h"

#include <string>
#include <vector>

namespace itool::data {

// Throws UserError when the file cannot be opened; records keep their stored source.
std::vector<Record> readNativeJsonl(const std::string &path, std::vector<InputIssue> &issues);
// Throws UserError when the file cannot be written.
void writeNativeJsonl(const std::string &path, const std::vector<Record> &records);

} // namespace itool::data
