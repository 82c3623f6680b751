#include "core/data/bracket_calls.h"

#include "core/toolcall/call_parser.h"

#include <cctype>

namespace itool::data {

BracketCallsResult readBracketCalls(std::string_view text)
{
    toolcall::ParseOptions options;
    options.allowJson = false; // bracket syntax only: JSON here would be a different format
    options.strict = true;     // data files are not model output: no forgiving
    const toolcall::ParseResult parsed = toolcall::parseCalls(text, options);
    BracketCallsResult result;
    if (!parsed.ok) {
        result.error = parsed.error + " at byte " + std::to_string(parsed.errorOffset + 1);
        return result;
    }
    for (const toolcall::ParsedCall &call : parsed.calls)
        result.calls.push_back(ConversationCall{call.name, toolcall::argumentsJson(call)});
    result.ok = true;
    return result;
}

bool looksLikeBracketCall(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
    if (i >= text.size() || text[i] != '[')
        return false;
    ++i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
    const std::size_t nameStart = i;
    while (i < text.size()
           && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' || text[i] == '.'))
        ++i;
    return i > nameStart && i < text.size() && text[i] == '(';
}

} // namespace itool::data
