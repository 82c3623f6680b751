#pragma once
// The native JSON Lines format: one Record per line, lossless. Documented in README.md
// ("Native record format"); export writes it and import reads it back identically.
#include "core/data/record.h"

#include <string>

namespace itool::data {

Json recordToJson(const Record &record);

// Throws FormatError naming the offending field and what was expected.
Record recordFromJson(const Json &json);

class FormatError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace itool::data
