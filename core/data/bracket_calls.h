#pragma once
// Reads calls written in bracket syntax, `[Func(a=1, b='x'), Other()]` (ToolACE, API-Bank),
// with the toolcall parser, into conversation calls with JSON arguments. Internal to the
// importers. What it is not: a second parser.
#include "core/data/record.h"

#include <string>
#include <string_view>
#include <vector>

namespace itool::data {

struct BracketCallsResult
{
    bool ok = false;
    std::vector<ConversationCall> calls;
    std::string error; // "<reason> at byte N" when not ok
};

BracketCallsResult readBracketCalls(std::string_view text);
// Also reads calls of tools whose names are not identifiers ("Market Trends(...)"), as long
// as the name is one of `toolNames`.
BracketCallsResult readBracketCalls(std::string_view text,
                                    const std::vector<std::string> &toolNames);

// True when the text starts like a bracket call ("[Name(" after spaces), i.e. when a parse
// failure means a broken call rather than plain text.
bool looksLikeBracketCall(std::string_view text);

} // namespace itool::data
