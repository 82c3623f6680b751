// The OpenAI chat form of a record (see exporter.h). Choices, documented in docs/formats.md:
// "arguments" is a JSON string (what the OpenAI API and its fine-tuning files use); tool
// results are "tool" messages tied to their call by "tool_call_id" ("call_<turn>_<k>");
// tools keep only name, description and parameters.
#include "core/data/exporter.h"
#include "core/data/gold_answer.h"

namespace itool::data {

namespace {

Json toolCallsJson(const std::vector<ConversationCall> &calls, std::size_t turn)
{
    Json out = Json::array();
    for (std::size_t k = 0; k < calls.size(); ++k)
        out.push_back(Json{
            {"id", "call_" + std::to_string(turn) + "_" + std::to_string(k)},
            {"type", "function"},
            {"function", Json{{"name", calls[k].name}, {"arguments", calls[k].arguments.dump()}}}});
    return out;
}

} // namespace

Json toOpenAiChat(const Record &record, std::vector<std::string> &)
{
    Json messages = Json::array();
    std::vector<std::string> pendingIds; // calls of the last assistant turn, answered in order
    std::size_t answered = 0;
    for (std::size_t i = 0; i < record.conversation.size(); ++i) {
        const Message &m = record.conversation[i];
        Json message{{"role", toString(m.role)}};
        if (m.role == Role::Assistant && !m.calls.empty()) {
            if (!m.content.empty())
                message["content"] = m.content;
            message["tool_calls"] = toolCallsJson(m.calls, i);
            pendingIds.clear();
            for (std::size_t k = 0; k < m.calls.size(); ++k)
                pendingIds.push_back("call_" + std::to_string(i) + "_" + std::to_string(k));
            answered = 0;
        } else if (m.role == Role::Tool) {
            if (answered < pendingIds.size())
                message["tool_call_id"] = pendingIds[answered++];
            if (!m.toolName.empty())
                message["name"] = m.toolName;
            message["content"] = m.content;
        } else {
            message["content"] = m.content;
        }
        messages.push_back(std::move(message));
    }

    const std::string answerText = record.meta.value("answer_text", std::string());
    const std::vector<ConversationCall> calls = goldAnswer(record);
    if (calls.empty() && answerText.empty())
        throw ExportError("the answer calls no tool and the record holds no answer text to write");
    Json answer{{"role", "assistant"}};
    if (!answerText.empty() || calls.empty())
        answer["content"] = answerText;
    if (!calls.empty())
        answer["tool_calls"] = toolCallsJson(calls, record.conversation.size());
    messages.push_back(std::move(answer));

    Json tools = Json::array();
    for (const Json &tool : record.tools) {
        Json function{{"name", tool.value("name", std::string())}};
        if (tool.contains("description"))
            function["description"] = tool["description"];
        function["parameters"]
            = tool.value("parameters", Json{{"type", "object"}, {"properties", Json::object()}});
        tools.push_back(Json{{"type", "function"}, {"function", std::move(function)}});
    }
    return Json{{"id", record.id}, {"messages", std::move(messages)}, {"tools", std::move(tools)}};
}

} // namespace itool::data
