#pragma once
// Cuts a whole chat conversation (ShareGPT, OpenAI chat, ToolACE) into records, one per
// decision point: an assistant turn that calls tools (gold = those calls) or an assistant text
// turn right after a user turn (gold empty: the right answer calls no tool). Assistant text
// after a tool result is context only. The record for the last decision point keeps the item's
// id; earlier ones get "<id>#<message index>". An answer's own text is kept in
// meta.answer_text so exports can write it back.
#include "core/data/record.h"

#include <string>
#include <vector>

namespace itool::data {

struct Conversation
{
    std::string id;
    std::vector<Json> tools; // normalised
    std::vector<Message> messages;
    SourceLocation source;
    Json meta = Json::object();
};

// Throws ItemError when there is no decision point at all.
std::vector<Record> recordsFromConversation(const Conversation &conversation);

// Tool turns rarely name their tool; when the assistant turn before them made calls, the
// n-th tool turn answers the n-th call.
void nameToolTurns(std::vector<Message> &messages);

} // namespace itool::data
