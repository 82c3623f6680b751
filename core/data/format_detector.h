#pragma once
// Tells which tool-use format a file holds from its content (never from its name): looks at
// the keys of the first readable items. What it is not: a validator; the chosen importer
// still checks every line.
#include "core/data/importer.h"

#include <string>

namespace itool::data {

struct Detection
{
    DataFormat format = DataFormat::Auto; // Auto: not recognised
    std::string reason;                   // why (recognised or not), for messages
};

// Classifies one item by its keys; Auto when no format matches.
Detection detectFormatOfItem(const Json &item);

// Reads up to the first few items of the file. Never throws; an unreadable file or one that
// matches no format gives Auto with the reason.
Detection detectFormat(const std::string &path, std::size_t maxItemBytes);

} // namespace itool::data
