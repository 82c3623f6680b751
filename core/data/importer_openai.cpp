// Reads OpenAI / Hugging Face chat items: {"messages":[{"role","content","tool_calls"}],
// "tools":[{"type":"function","function":{schema}}]}. Accepts what is seen in the wild:
// "arguments" as a JSON string or an object, content as a string, null or a list of text
// parts, the legacy "function_call"/"functions" keys, tool turns named by "name" or by
// "tool_call_id". Records are cut at decision points (conversation_records.h).
#include "core/data/conversation_records.h"
#include "core/data/importer_context.h"
#include "core/data/tool_schema.h"

#include <map>

namespace itool::data {

namespace {

std::string contentText(const Json &message)
{
    auto it = message.find("content");
    if (it == message.end() || it->is_null())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_array()) {
        std::string text;
        for (const Json &part : *it) {
            if (part.is_string())
                text += part.get<std::string>();
            else if (part.is_object() && part.contains("text") && part["text"].is_string())
                text += part["text"].get<std::string>();
            else
                throw ItemError("message content parts must be text, got "
                                + part.dump().substr(0, 60));
        }
        return text;
    }
    throw ItemError(std::string("message \"content\" must be a string, null or a list of text "
                                "parts, got ")
                    + it->type_name());
}

ConversationCall callFromFunction(const Json &function)
{
    const std::string name = requireString(function, "name");
    Json arguments = function.value("arguments", Json::object());
    if (arguments.is_string()) {
        const std::string &text = arguments.get_ref<const std::string &>();
        try {
            arguments = text.empty() ? Json::object() : Json::parse(text);
        } catch (const std::exception &) {
            throw ItemError("tool call \"" + name
                            + "\": \"arguments\" is a string that is not valid JSON");
        }
    }
    if (!arguments.is_object())
        throw ItemError("tool call \"" + name
                        + "\": \"arguments\" must be an object or a JSON string of one");
    return ConversationCall{name, std::move(arguments)};
}

} // namespace

void importOpenAi(InputReader &reader, ImportSink &sink)
{
    forEachItem(reader, sink, [&](const Json &item, std::int64_t line) {
        Conversation conversation;
        conversation.id = item.contains("id") ? idText(item["id"]) : sink.defaultId(line);
        conversation.source = {sink.file(), line};
        if (auto it = item.find("tools"); it != item.end())
            conversation.tools = normaliseToolList(*it);
        else if (auto legacy = item.find("functions"); legacy != item.end())
            conversation.tools = normaliseToolList(*legacy);
        const Json &messages = requireField(item, "messages", "a list of chat messages");
        if (!messages.is_array())
            throw ItemError("field \"messages\" must be a list");
        std::map<std::string, std::string> callNames; // tool_call_id -> function name
        for (const Json &message : messages) {
            const std::string role = requireString(message, "role");
            Message m;
            m.content = contentText(message);
            if (role == "system" || role == "developer") {
                m.role = Role::System;
            } else if (role == "user") {
                m.role = Role::User;
            } else if (role == "assistant") {
                m.role = Role::Assistant;
                if (auto calls = message.find("tool_calls");
                    calls != message.end() && !calls->is_null()) {
                    if (!calls->is_array())
                        throw ItemError("\"tool_calls\" must be a list");
                    for (const Json &call : *calls) {
                        const Json &function
                            = requireField(call, "function", "{\"name\",\"arguments\"}");
                        m.calls.push_back(callFromFunction(function));
                        if (call.contains("id") && call["id"].is_string())
                            callNames[call["id"].get<std::string>()] = m.calls.back().name;
                    }
                } else if (auto legacy = message.find("function_call");
                           legacy != message.end() && !legacy->is_null()) {
                    m.calls.push_back(callFromFunction(*legacy));
                }
            } else if (role == "tool" || role == "function") {
                m.role = Role::Tool;
                if (message.contains("name") && message["name"].is_string())
                    m.toolName = message["name"].get<std::string>();
                else if (message.contains("tool_call_id") && message["tool_call_id"].is_string())
                    if (auto it = callNames.find(message["tool_call_id"].get<std::string>());
                        it != callNames.end())
                        m.toolName = it->second;
            } else {
                throw ItemError("unknown role \"" + role
                                + "\" (expected system, user, assistant or tool)");
            }
            conversation.messages.push_back(std::move(m));
        }
        nameToolTurns(conversation.messages);
        for (Record &r : recordsFromConversation(conversation))
            sink.add(std::move(r));
    });
}

} // namespace itool::data
