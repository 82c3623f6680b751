// See json_file.h.
#include "core/common/json_file.h"

#include "core/common/user_error.h"

#include <fstream>
#include <sstream>

namespace itool {

Json readJsonFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UserError(path + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    try {
        return Json::parse(s);
    } catch (const Json::parse_error &e) {
        // The parser's byte offset as line:column.
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i + 1 < e.byte && i < s.size(); ++i) {
            if (s[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw UserError(path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": not valid JSON");
    }
}

std::optional<Json> tryReadJsonFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    Json j = Json::parse(in, nullptr, false);
    if (j.is_discarded())
        return std::nullopt;
    return j;
}

} // namespace itool
