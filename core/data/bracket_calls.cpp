#include "core/data/bracket_calls.h"

#include "core/toolcall/call_parser.h"

#include <cctype>

namespace itool::data {

BracketCallsResult readBracketCalls(std::string_view text,
                                    const std::vector<std::string> &toolNames)
{
    // Tool names that are not Python identifiers ("Market Trends", "get-quote") cannot be read
    // by a Python-syntax parser; stand in a placeholder for each such name of the tool list
    // where it is followed by '(' and put the real name back afterwards.
    std::string rewritten;
    std::vector<std::pair<std::string, std::string>> placeholders;
    for (const std::string &name : toolNames) {
        bool identifier = !name.empty();
        for (char c : name)
            identifier = identifier
                         && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.');
        if (identifier)
            continue;
        if (rewritten.empty())
            rewritten.assign(text);
        const std::string placeholder = "itool_tool_" + std::to_string(placeholders.size());
        bool used = false;
        for (auto pos = rewritten.find(name + "("); pos != std::string::npos;
             pos = rewritten.find(name + "(", pos + placeholder.size())) {
            rewritten.replace(pos, name.size(), placeholder);
            used = true;
        }
        if (used)
            placeholders.emplace_back(placeholder, name);
    }
    if (placeholders.empty())
        return readBracketCalls(text);
    BracketCallsResult result = readBracketCalls(rewritten);
    for (ConversationCall &call : result.calls)
        for (const auto &[placeholder, name] : placeholders)
            if (call.name == placeholder)
                call.name = name;
    return result;
}

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
    // Names as tool lists write them: identifiers, dots, and (ToolACE) spaces and dashes.
    const std::size_t nameStart = i;
    while (i < text.size()
           && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' || text[i] == '.'
               || text[i] == ' ' || text[i] == '-'))
        ++i;
    return i > nameStart && i < text.size() && text[i] == '(';
}

} // namespace itool::data
