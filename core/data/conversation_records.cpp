#include "core/data/conversation_records.h"

#include "core/data/importer_context.h"

namespace itool::data {

std::vector<Record> recordsFromConversation(const Conversation &conversation)
{
    const auto &messages = conversation.messages;
    std::vector<std::size_t> points;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const Message &m = messages[i];
        if (m.role != Role::Assistant)
            continue;
        const bool afterUser = i > 0 && messages[i - 1].role == Role::User;
        if (!m.calls.empty() || afterUser)
            points.push_back(i);
    }
    if (points.empty())
        throw ItemError("the conversation has no assistant turn after a user turn and no tool "
                        "call, so there is nothing to learn or check");
    std::vector<Record> records;
    for (std::size_t p = 0; p < points.size(); ++p) {
        const std::size_t i = points[p];
        Record record;
        record.id
            = p + 1 == points.size() ? conversation.id : conversation.id + "#" + std::to_string(i);
        record.tools = conversation.tools;
        record.conversation.assign(messages.begin(), messages.begin() + std::ptrdiff_t(i));
        for (const ConversationCall &call : messages[i].calls)
            record.gold.push_back(
                GoldCall{call.name, goldParamsFromArguments(call.arguments, call.name)});
        record.meta = conversation.meta;
        if (!messages[i].content.empty())
            record.meta["answer_text"] = messages[i].content;
        record.category = inferCategory(record);
        record.source = conversation.source;
        records.push_back(std::move(record));
    }
    return records;
}

void nameToolTurns(std::vector<Message> &messages)
{
    const Message *lastCaller = nullptr;
    std::size_t answered = 0;
    for (Message &m : messages) {
        if (m.role == Role::Assistant && !m.calls.empty()) {
            lastCaller = &m;
            answered = 0;
        } else if (m.role == Role::Tool) {
            if (m.toolName.empty() && lastCaller && answered < lastCaller->calls.size())
                m.toolName = lastCaller->calls[answered].name;
            ++answered;
        } else if (m.role != Role::Tool) {
            lastCaller = nullptr;
        }
    }
}

} // namespace itool::data
