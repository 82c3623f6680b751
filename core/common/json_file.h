#pragma once
// Reading a JSON file whole, with a message a person can act on: UserError "PATH: cannot be
// read" or "PATH:LINE:COLUMN: what the parser expected". No torch, no Qt.
#include "core/common/json.h"

#include <optional>
#include <string>

namespace itool {

Json readJsonFile(const std::string &path);
// nullopt when the file is missing or is not valid JSON (a reader that can do without it).
std::optional<Json> tryReadJsonFile(const std::string &path);

} // namespace itool
