// The LLaMA-Factory ShareGPT form of a record (see exporter.h). LLaMA-Factory's rules decide
// the shape: "tools" is a JSON string; human/observation turns sit at odd positions and
// gpt/function_call turns at even ones; one assistant turn cannot carry both text and calls.
// So, documented in docs/formats.md: leading system messages become "system"; consecutive
// user turns are joined; consecutive tool results become one observation (a JSON list of the
// results when there are several); assistant text right before a call is dropped (noted);
// a function_call value is {"name","arguments"} (arguments an object), or a list of them for
// parallel calls. A conversation that still breaks the alternation is skipped, not mangled.
#include "core/data/exporter.h"
#include "core/data/gold_answer.h"

namespace itool::data {

namespace {

struct Turn
{
    std::string from;
    std::vector<std::string> values; // several for joined turns
    std::vector<ConversationCall> calls;
};

bool humanSide(const std::string &from)
{
    return from == "human" || from == "observation";
}

Json callJson(const ConversationCall &call)
{
    return Json{{"name", call.name}, {"arguments", call.arguments}};
}

std::string callsValue(const std::vector<ConversationCall> &calls)
{
    if (calls.size() == 1)
        return callJson(calls[0]).dump();
    Json list = Json::array();
    for (const ConversationCall &c : calls)
        list.push_back(callJson(c));
    return list.dump();
}

// Appends a turn, merging with the previous one where LLaMA-Factory needs a single turn.
void appendTurn(std::vector<Turn> &turns, Turn turn, std::vector<std::string> &notes)
{
    if (turns.empty()) {
        turns.push_back(std::move(turn));
        return;
    }
    Turn &last = turns.back();
    if (last.from == turn.from && turn.from == "human") {
        last.values.insert(last.values.end(), turn.values.begin(), turn.values.end());
        notes.push_back("consecutive user turns joined into one");
    } else if (last.from == turn.from && turn.from == "observation") {
        last.values.insert(last.values.end(), turn.values.begin(), turn.values.end());
    } else if (last.from == turn.from && turn.from == "gpt") {
        last.values.insert(last.values.end(), turn.values.begin(), turn.values.end());
        notes.push_back("consecutive assistant text turns joined into one");
    } else if (last.from == "function_call" && turn.from == "function_call") {
        last.calls.insert(last.calls.end(), turn.calls.begin(), turn.calls.end());
    } else if (last.from == "gpt" && turn.from == "function_call") {
        notes.push_back(
            "assistant text before a call dropped (LLaMA-Factory cannot hold both in one turn)");
        last = std::move(turn);
    } else {
        turns.push_back(std::move(turn));
    }
}

std::string joinValues(const Turn &turn)
{
    if (turn.from == "observation" && turn.values.size() > 1) {
        Json list = Json::array();
        for (const std::string &v : turn.values)
            list.push_back(v);
        return list.dump();
    }
    std::string out;
    for (const std::string &v : turn.values) {
        if (!out.empty())
            out += "\n\n";
        out += v;
    }
    return out;
}

} // namespace

Json toShareGpt(const Record &record, std::vector<std::string> &notes)
{
    std::string system;
    std::vector<Turn> turns;
    bool leading = true;
    for (const Message &m : record.conversation) {
        if (m.role == Role::System) {
            if (!leading)
                notes.push_back(
                    "a system message inside the conversation was moved into \"system\"");
            system += (system.empty() ? "" : "\n\n") + m.content;
            continue;
        }
        leading = false;
        switch (m.role) {
        case Role::User:
            appendTurn(turns, Turn{"human", {m.content}, {}}, notes);
            break;
        case Role::Tool:
            appendTurn(turns, Turn{"observation", {m.content}, {}}, notes);
            break;
        case Role::Assistant:
            if (!m.calls.empty()) {
                if (!m.content.empty())
                    notes.push_back("assistant text beside a call dropped (LLaMA-Factory cannot "
                                    "hold both in one turn)");
                appendTurn(turns, Turn{"function_call", {}, m.calls}, notes);
            } else {
                appendTurn(turns, Turn{"gpt", {m.content}, {}}, notes);
            }
            break;
        case Role::System:
            break;
        }
    }
    const std::vector<ConversationCall> calls = goldAnswer(record);
    const std::string answerText = record.meta.value("answer_text", std::string());
    if (!calls.empty()) {
        if (!answerText.empty())
            notes.push_back("answer text beside the calls dropped (LLaMA-Factory cannot hold both "
                            "in one turn)");
        appendTurn(turns, Turn{"function_call", {}, calls}, notes);
    } else if (!answerText.empty()) {
        appendTurn(turns, Turn{"gpt", {answerText}, {}}, notes);
    } else {
        throw ExportError("the answer calls no tool and the record holds no answer text to write");
    }

    Json conversations = Json::array();
    for (std::size_t i = 0; i < turns.size(); ++i) {
        const Turn &t = turns[i];
        const bool wantHuman = i % 2 == 0; // positions 1, 3, ... (1-based) are human/observation
        if (humanSide(t.from) != wantHuman)
            throw ExportError("the turns cannot be put in LLaMA-Factory's order: \"" + t.from
                              + "\" at position " + std::to_string(i + 1)
                              + (i > 0 ? " follows \"" + turns[i - 1].from + "\"" : std::string())
                              + " (human/observation must alternate with gpt/function_call)");
        const std::string value = t.from == "function_call" ? callsValue(t.calls) : joinValues(t);
        conversations.push_back(Json{{"from", t.from}, {"value", value}});
    }
    if (!conversations.empty() && conversations.front()["from"] != "human")
        throw ExportError("LLaMA-Factory needs the conversation to start with a user turn");

    Json tools = Json::array();
    for (const Json &tool : record.tools) {
        Json t{{"name", tool.value("name", std::string())}};
        if (tool.contains("description"))
            t["description"] = tool["description"];
        t["parameters"]
            = tool.value("parameters", Json{{"type", "object"}, {"properties", Json::object()}});
        tools.push_back(std::move(t));
    }
    Json out{{"id", record.id}, {"conversations", std::move(conversations)}};
    if (!system.empty())
        out["system"] = system;
    out["tools"] = tools.dump();
    return out;
}

} // namespace itool::data
