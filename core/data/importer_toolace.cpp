// Reads ToolACE items: {"system": "... tools as a JSON list inside the text ...",
// "conversations": [{"from": "user"|"assistant"|"tool", "value"}]}. Assistant calls are in
// bracket syntax, `[Func(a=1, b="x")]`, read with the toolcall parser; tool schemas use
// Python-style type names and are normalised. The system text around the tool list is the
// format's own prompt template (how to write calls), not context for the request, so it is
// kept in meta.toolace.system (with "{tools}" where the list was) rather than as a message.
// Records are cut at decision points (conversation_records.h).
#include "core/data/bracket_calls.h"
#include "core/data/conversation_records.h"
#include "core/data/importer_context.h"
#include "core/data/tool_schema.h"

namespace itool::data {

namespace {

// The first JSON list of objects with a "name" inside the text, and where it is.
bool findToolList(const std::string &text, Json &tools, std::size_t &begin, std::size_t &end)
{
    for (std::size_t pos = text.find('['); pos != std::string::npos;
         pos = text.find('[', pos + 1)) {
        const std::size_t next = text.find_first_not_of(" \t\r\n", pos + 1);
        if (next == std::string::npos || (text[next] != '{' && text[next] != ']'))
            continue;
        const std::size_t stop = findJsonValueEnd(text, pos);
        if (stop == std::string::npos)
            continue;
        try {
            Json candidate = Json::parse(text.begin() + std::ptrdiff_t(pos),
                                         text.begin() + std::ptrdiff_t(stop));
            bool named = candidate.is_array();
            for (const Json &t : candidate)
                named = named && t.is_object() && (t.contains("name") || t.contains("function"));
            if (named) {
                tools = std::move(candidate);
                begin = pos;
                end = stop;
                return true;
            }
        } catch (const std::exception &) {
        }
    }
    return false;
}

} // namespace

void importToolAce(InputReader &reader, ImportSink &sink)
{
    forEachItem(reader, sink, [&](const Json &item, std::int64_t line) {
        Conversation conversation;
        conversation.id = item.contains("id") ? idText(item["id"]) : sink.defaultId(line);
        conversation.source = {sink.file(), line};
        const std::string system = requireString(item, "system");
        Json tools;
        std::size_t begin = 0, end = 0;
        if (!findToolList(system, tools, begin, end))
            throw ItemError("no tool list (a JSON list of {\"name\",...}) inside \"system\"");
        conversation.tools = normaliseToolList(tools);
        std::vector<std::string> toolNames;
        for (const Json &tool : conversation.tools)
            toolNames.push_back(tool["name"].get<std::string>());
        conversation.meta["toolace"]
            = Json{{"system", system.substr(0, begin) + "{tools}" + system.substr(end)}};

        const Json &turns
            = requireField(item, "conversations", "a list of {\"from\",\"value\"} turns");
        if (!turns.is_array())
            throw ItemError("field \"conversations\" must be a list of turns");
        for (std::size_t i = 0; i < turns.size(); ++i) {
            const std::string from = requireString(turns[i], "from");
            const std::string value = requireString(turns[i], "value");
            Message m;
            if (from == "user" || from == "human") {
                m.role = Role::User;
                m.content = value;
            } else if (from == "assistant" || from == "gpt") {
                m.role = Role::Assistant;
                if (looksLikeBracketCall(value)) {
                    BracketCallsResult calls = readBracketCalls(value, toolNames);
                    if (!calls.ok)
                        throw ItemError("turn " + std::to_string(i + 1)
                                        + ": the call does not parse: " + calls.error + " in "
                                        + value.substr(0, 120));
                    m.calls = std::move(calls.calls);
                } else {
                    m.content = value;
                }
            } else if (from == "tool" || from == "observation") {
                m.role = Role::Tool;
                m.content = value;
            } else if (from == "system") {
                m.role = Role::System;
                m.content = value;
            } else {
                throw ItemError("unknown turn \"from\": \"" + from
                                + "\" (expected user, assistant or tool)");
            }
            conversation.messages.push_back(std::move(m));
        }
        nameToolTurns(conversation.messages);
        for (Record &r : recordsFromConversation(conversation))
            sink.add(std::move(r));
    });
}

} // namespace itool::data
