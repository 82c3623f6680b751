// Reads ShareGPT / LLaMA-Factory items: {"conversations":[{"from","value"}],"system","tools"}.
// Turns: human/user -> user, gpt/assistant -> assistant, function_call -> assistant calls
// (value: JSON {"name","arguments"} or a list of them; arguments an object or a JSON string),
// observation/tool -> tool, system -> system. "tools" may be a JSON string (LLaMA-Factory) or
// a list. Records are cut at decision points (conversation_records.h).
#include "core/data/conversation_records.h"
#include "core/data/importer_context.h"
#include "core/data/tool_schema.h"

namespace itool::data {

namespace {

ConversationCall callFromJson(const Json &value)
{
    const std::string name = requireString(value, "name");
    Json arguments = value.value("arguments", Json::object());
    if (arguments.is_string()) {
        try {
            arguments = Json::parse(arguments.get<std::string>());
        } catch (const std::exception &) {
            throw ItemError("call \"" + name
                            + "\": \"arguments\" is a string that is not valid JSON");
        }
    }
    if (!arguments.is_object())
        throw ItemError("call \"" + name + "\": \"arguments\" must be an object");
    return ConversationCall{name, std::move(arguments)};
}

std::vector<ConversationCall> callsFromFunctionCallTurn(const std::string &value)
{
    Json parsed;
    try {
        parsed = Json::parse(value);
    } catch (const std::exception &) {
        throw ItemError("a function_call turn must hold JSON {\"name\",\"arguments\"}, got: "
                        + value.substr(0, 80));
    }
    std::vector<ConversationCall> calls;
    if (parsed.is_array()) {
        for (const Json &c : parsed)
            calls.push_back(callFromJson(c));
    } else {
        calls.push_back(callFromJson(parsed));
    }
    if (calls.empty())
        throw ItemError("a function_call turn holds no call");
    return calls;
}

std::string turnText(const Json &turn, const char *key)
{
    const Json &value = requireField(turn, key, "the turn's text");
    return value.is_string() ? value.get<std::string>() : value.dump();
}

} // namespace

void importShareGpt(InputReader &reader, ImportSink &sink)
{
    forEachItem(reader, sink, [&](const Json &item, std::int64_t line) {
        Conversation conversation;
        conversation.id = item.contains("id") ? idText(item["id"]) : sink.defaultId(line);
        conversation.source = {sink.file(), line};
        if (auto it = item.find("tools"); it != item.end())
            conversation.tools = normaliseToolList(*it);
        if (auto it = item.find("system");
            it != item.end() && it->is_string() && !it->get<std::string>().empty())
            conversation.messages.push_back(Message{Role::System, it->get<std::string>(), {}, {}});
        const Json &turns
            = requireField(item, "conversations", "a list of {\"from\",\"value\"} turns");
        if (!turns.is_array())
            throw ItemError("field \"conversations\" must be a list of turns");
        for (const Json &turn : turns) {
            const bool roleStyle
                = turn.is_object() && !turn.contains("from") && turn.contains("role");
            const std::string from = requireString(turn, roleStyle ? "role" : "from");
            const std::string value = turnText(turn, roleStyle ? "content" : "value");
            Message m;
            if (from == "human" || from == "user") {
                m.role = Role::User;
                m.content = value;
            } else if (from == "gpt" || from == "assistant") {
                m.role = Role::Assistant;
                m.content = value;
            } else if (from == "function_call") {
                m.role = Role::Assistant;
                m.calls = callsFromFunctionCallTurn(value);
            } else if (from == "observation" || from == "tool" || from == "function") {
                m.role = Role::Tool;
                m.content = value;
            } else if (from == "system") {
                m.role = Role::System;
                m.content = value;
            } else {
                throw ItemError("unknown turn \"from\": \"" + from
                                + "\" (expected human, gpt, function_call, observation or system)");
            }
            conversation.messages.push_back(std::move(m));
        }
        nameToolTurns(conversation.messages);
        for (Record &r : recordsFromConversation(conversation))
            sink.add(std::move(r));
    });
}

} // namespace itool::data
