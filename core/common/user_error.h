#pragma once
// Errors a person can act on (bad file, bad flag, bad spec), as opposed to internal failures.
// Inside core they may be thrown; the CLI maps them to exit code 1, anything else to 2.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace itool {

class UserError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A problem found in an input, reported as a value: "file:line: message".
struct InputIssue
{
    std::string file;
    std::int64_t line = 0; // 1-based; 0 when the problem concerns the whole file
    std::string message;

    std::string toString() const
    {
        if (line > 0)
            return file + ":" + std::to_string(line) + ": " + message;
        return file + ": " + message;
    }
};

} // namespace itool
