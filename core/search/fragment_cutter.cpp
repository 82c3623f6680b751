// Fragment cutting; see fragment_cutter.h.
#include "core/search/fragment_cutter.h"

#include "core/toolcall/call_parser.h"

#include <algorithm>
#include <cctype>

namespace itool::search {

namespace {

// Bracket-syntax boundaries found by scanning characters: an identifier followed by `=` at
// call depth 1 starts an argument; a `)` closing a call starts the closing fragment.
std::vector<std::size_t> lexicalStarts(std::string_view text)
{
    std::vector<std::size_t> starts{0};
    int depth = 0; // parentheses of calls
    int nested = 0; // [] {} inside arguments
    char quote = 0;
    bool escaped = false;
    bool seenOuter = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quote) {
            if (escaped)
                escaped = false;
            else if (ch == '\\')
                escaped = true;
            else if (ch == quote)
                quote = 0;
            continue;
        }
        if (ch == '"' || ch == '\'') {
            quote = ch;
            continue;
        }
        if (ch == '(') {
            ++depth;
            continue;
        }
        if (ch == ')') {
            if (depth == 1 && nested == 0)
                starts.push_back(i);
            depth = std::max(0, depth - 1);
            continue;
        }
        if (ch == '[' || ch == '{') {
            if (depth > 0)
                ++nested;
            else
                seenOuter = true;
            continue;
        }
        if (ch == ']' || ch == '}') {
            if (depth > 0 && nested > 0)
                --nested;
            continue;
        }
        const bool identStart = std::isalpha(static_cast<unsigned char>(ch)) || ch == '_';
        const bool afterSep = i == 0 || text[i - 1] == '(' || text[i - 1] == ' ' || text[i - 1] == ',';
        if (depth == 1 && nested == 0 && identStart && afterSep) {
            std::size_t j = i;
            while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_'))
                ++j;
            std::size_t k = j;
            while (k < text.size() && text[k] == ' ')
                ++k;
            if (k < text.size() && text[k] == '=' && (k + 1 >= text.size() || text[k + 1] != '='))
                starts.push_back(i);
            i = j - 1;
        }
    }
    (void)seenOuter;
    return starts;
}

} // namespace

std::vector<std::size_t> fragmentStarts(std::string_view text)
{
    if (text.empty())
        return {};
    toolcall::ParseOptions options;
    options.allowJson = false;
    const auto parsed = toolcall::parseCalls(text, options);
    if (!parsed.ok || parsed.calls.empty())
        return lexicalStarts(text);
    std::vector<std::size_t> starts{0};
    for (std::size_t c = 0; c < parsed.calls.size(); ++c) {
        const auto &call = parsed.calls[c];
        for (const auto &arg : call.arguments)
            starts.push_back(arg.nameSpan.begin);
        // The call's `)`: the closing fragment, or `), ` + the next call's name.
        if (call.span.end > 0 && call.span.end <= text.size() && text[call.span.end - 1] == ')')
            starts.push_back(call.span.end - 1);
    }
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    while (!starts.empty() && starts.back() >= text.size())
        starts.pop_back();
    return starts;
}

std::vector<std::string> cutContinuation(std::string_view prefix, std::string_view continuation)
{
    std::vector<std::string> out;
    if (continuation.empty())
        return out;
    std::string full;
    full.reserve(prefix.size() + continuation.size());
    full.append(prefix).append(continuation);
    std::vector<std::size_t> cuts{prefix.size()};
    for (auto s : fragmentStarts(full))
        if (s > prefix.size())
            cuts.push_back(s);
    cuts.push_back(full.size());
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
        out.emplace_back(full.substr(cuts[i], cuts[i + 1] - cuts[i]));
    return out;
}

} // namespace itool::search
