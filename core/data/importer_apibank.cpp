// Reads API-Bank level-1 (a JSON array of {"file","id","instruction","input",
// "expected_output"}). Tools are the JSON lines after "API descriptions:" in the instruction
// (Python type names; API-Bank does not say which parameters are required and some gold calls
// leave declared ones out, so none is marked required). The conversation comes from "input":
// "User:" and "AI:" lines, and earlier "API-Request: [Call(...)]->result" lines as an assistant
// call plus its tool result. The gold is the expected "API-Request: [Name(key='v')]".
//
// Known quirk, repaired and reported as a note: some list values are written inside quotes,
// health_data='[{'name': 'x'}]', which is not valid syntax. When the API declares that
// parameter a list, the quotes are read as the mistake they are and the list is kept.
#include "core/data/bracket_calls.h"
#include "core/data/importer_context.h"
#include "core/data/tool_schema.h"

#include <cctype>

namespace itool::data {

namespace {

constexpr std::string_view kRequestPrefix = "API-Request:";

// Finds `'[ ... ]'` right after a `name=`; returns the name and the span of the list.
struct QuotedList
{
    std::string param;
    std::size_t quoteOpen = 0;  // the ' before '['
    std::size_t quoteClose = 0; // the ' after the matching ']'
};

std::vector<QuotedList> findQuotedLists(std::string_view text)
{
    std::vector<QuotedList> found;
    for (std::size_t pos = text.find("='["); pos != std::string_view::npos;
         pos = text.find("='[", pos + 1)) {
        std::size_t nameStart = pos;
        while (nameStart > 0
               && (std::isalnum(static_cast<unsigned char>(text[nameStart - 1]))
                   || text[nameStart - 1] == '_'))
            --nameStart;
        // Scan the list as a Python literal: brackets and quoted strings.
        int depth = 0;
        char quote = 0;
        std::size_t i = pos + 2;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (quote) {
                if (c == '\\')
                    ++i;
                else if (c == quote)
                    quote = 0;
                continue;
            }
            if (c == '\'' || c == '"')
                quote = c;
            else if (c == '[' || c == '{' || c == '(')
                ++depth;
            else if ((c == ']' || c == '}' || c == ')') && --depth == 0)
                break;
        }
        if (i + 1 < text.size() && text[i] == ']' && text[i + 1] == '\'')
            found.push_back(
                QuotedList{std::string(text.substr(nameStart, pos - nameStart)), pos + 1, i + 1});
    }
    return found;
}

bool declaresList(const std::vector<Json> &tools, const std::string &callName,
                  const std::string &param)
{
    for (const Json &tool : tools) {
        if (tool.value("name", std::string()) != callName)
            continue;
        const Json &properties = tool["parameters"]["properties"];
        return properties.contains(param) && properties[param].value("type", Json()) == "array";
    }
    return false;
}

// Parses one "[Call(...)]", repairing quoted lists where the tool declares a list.
std::vector<ConversationCall> readCalls(std::string_view text, const std::vector<Json> &tools,
                                        const char *where, std::vector<std::string> &repairs)
{
    BracketCallsResult result = readBracketCalls(text);
    if (result.ok)
        return result.calls;
    const std::vector<QuotedList> quoted = findQuotedLists(text);
    if (!quoted.empty()) {
        std::string repaired(text);
        for (auto it = quoted.rbegin(); it != quoted.rend(); ++it) {
            repaired.erase(it->quoteClose, 1);
            repaired.erase(it->quoteOpen, 1);
        }
        BracketCallsResult second = readBracketCalls(repaired);
        bool faithful = second.ok && second.calls.size() == 1;
        for (const QuotedList &q : quoted)
            faithful = faithful && declaresList(tools, second.calls.front().name, q.param);
        if (faithful) {
            for (const QuotedList &q : quoted)
                repairs.push_back(std::string(where) + ": the list value of \"" + q.param
                                  + "\" is written inside quotes ('[...]'); read as the list "
                                    "(the API declares a list)");
            return second.calls;
        }
    }
    throw ItemError(std::string(where) + ": the call does not parse: " + result.error + " in "
                    + std::string(text.substr(0, 120)));
}

std::vector<Json> toolsFromInstruction(const std::string &instruction)
{
    const std::string marker = "API descriptions:";
    const auto at = instruction.find(marker);
    if (at == std::string::npos)
        throw ItemError("\"instruction\" has no \"API descriptions:\" section with the tools");
    std::vector<Json> tools;
    std::size_t pos = at + marker.size();
    while (pos < instruction.size()) {
        std::size_t end = instruction.find('\n', pos);
        if (end == std::string::npos)
            end = instruction.size();
        const std::string line = instruction.substr(pos, end - pos);
        pos = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        Json description;
        try {
            description = Json::parse(line);
        } catch (const std::exception &) {
            throw ItemError("an API description in \"instruction\" is not valid JSON: "
                            + line.substr(0, 80));
        }
        Json tool = normaliseTool(description);
        tool["parameters"]["required"] = Json::array();
        tools.push_back(std::move(tool));
    }
    if (tools.empty())
        throw ItemError("the \"API descriptions:\" section of \"instruction\" lists no API");
    return tools;
}

std::string afterPrefix(const std::string &line, std::string_view prefix)
{
    std::string rest = line.substr(prefix.size());
    const auto first = rest.find_first_not_of(' ');
    return first == std::string::npos ? std::string() : rest.substr(first);
}

} // namespace

void importApiBank(InputReader &reader, ImportSink &sink)
{
    forEachItem(reader, sink, [&](const Json &item, std::int64_t line) {
        Record record;
        const std::string file = requireString(item, "file");
        const Json &id = requireField(item, "id", "the dialogue's call number");
        std::string stem = file;
        if (auto dot = stem.rfind(".jsonl"); dot != std::string::npos && dot + 6 == stem.size())
            stem.erase(dot);
        record.id = stem + "/" + idText(id);
        const std::string instruction = requireString(item, "instruction");
        record.tools = toolsFromInstruction(instruction);
        std::vector<std::string> repairs;

        // The template's own lines are format instructions; the date context is not.
        for (std::size_t pos = 0; pos < instruction.size();) {
            std::size_t end = instruction.find('\n', pos);
            if (end == std::string::npos)
                end = instruction.size();
            const std::string text = instruction.substr(pos, end - pos);
            if (text.rfind("The current ", 0) == 0)
                record.conversation.push_back(Message{Role::System, text, {}, {}});
            pos = end + 1;
        }

        const std::string input = requireString(item, "input");
        std::size_t pos = 0;
        std::int64_t inputLine = 0;
        while (pos < input.size()) {
            std::size_t end = input.find('\n', pos);
            if (end == std::string::npos)
                end = input.size();
            const std::string text = input.substr(pos, end - pos);
            pos = end + 1;
            ++inputLine;
            if (text.empty() || text.rfind("Generate API Request", 0) == 0)
                continue;
            if (text.rfind("User:", 0) == 0) {
                record.conversation.push_back(
                    Message{Role::User, afterPrefix(text, "User:"), {}, {}});
            } else if (text.rfind("AI:", 0) == 0) {
                record.conversation.push_back(
                    Message{Role::Assistant, afterPrefix(text, "AI:"), {}, {}});
            } else if (text.rfind(kRequestPrefix, 0) == 0) {
                const std::string request = afterPrefix(text, kRequestPrefix);
                const auto arrow = request.find(")]->");
                const std::string callText
                    = arrow == std::string::npos ? request : request.substr(0, arrow + 2);
                const std::string where = "\"input\" line " + std::to_string(inputLine);
                auto calls = readCalls(callText, record.tools, where.c_str(), repairs);
                const std::string name = calls.empty() ? std::string() : calls.front().name;
                record.conversation.push_back(Message{Role::Assistant, "", std::move(calls), {}});
                if (arrow != std::string::npos)
                    record.conversation.push_back(
                        Message{Role::Tool, request.substr(arrow + 4), {}, name});
            } else if (!record.conversation.empty()) {
                record.conversation.back().content += "\n" + text; // a continued utterance
            } else {
                throw ItemError("\"input\" line " + std::to_string(inputLine)
                                + " starts with neither \"User:\", \"AI:\" nor \"API-Request:\"");
            }
        }

        const std::string expected = requireString(item, "expected_output");
        if (expected.rfind(kRequestPrefix, 0) != 0)
            throw ItemError("\"expected_output\" must start with \"API-Request:\", got: "
                            + expected.substr(0, 60));
        const auto calls = readCalls(afterPrefix(expected, kRequestPrefix), record.tools,
                                     "\"expected_output\"", repairs);
        for (const ConversationCall &call : calls) {
            GoldCall gold{call.name, goldParamsFromArguments(call.arguments, call.name)};
            const Json *tool = nullptr;
            for (const Json &t : record.tools)
                if (t["name"] == call.name)
                    tool = &t;
            if (!tool)
                throw ItemError("\"expected_output\" calls \"" + call.name
                                + "\", which the API descriptions do not list");
            for (const GoldParam &p : gold.params)
                if (!(*tool)["parameters"]["properties"].contains(p.name))
                    repairs.push_back("gold parameter \"" + p.name + "\" of " + call.name
                                      + " is not declared by the API (kept as the data has it)");
            record.gold.push_back(std::move(gold));
        }
        for (const std::string &repair : repairs)
            sink.note(line, repair);
        record.category = inferCategory(record);
        record.source = {sink.file(), line};
        record.meta["apibank"] = Json{{"file", file}, {"id", id}};
        sink.add(std::move(record));
    });
}

} // namespace itool::data
