#include "core/data/native_format.h"

namespace itool::data {

namespace {

[[noreturn]] void fail(const std::string &message) { throw FormatError(message); }

const Json &member(const Json &object, const char *key, const char *expected)
{
    auto it = object.find(key);
    if (it == object.end())
        fail(std::string("missing field \"") + key + "\" (expected " + expected + ")");
    return *it;
}

std::string stringMember(const Json &object, const char *key, bool required = true)
{
    auto it = object.find(key);
    if (it == object.end()) {
        if (required)
            fail(std::string("missing field \"") + key + "\" (expected a string)");
        return {};
    }
    if (!it->is_string())
        fail(std::string("field \"") + key + "\" must be a string, got " + it->type_name());
    return it->get<std::string>();
}

Json callsToJson(const std::vector<ConversationCall> &calls)
{
    Json out = Json::array();
    for (const auto &call : calls)
        out.push_back(Json{{"name", call.name}, {"arguments", call.arguments}});
    return out;
}

} // namespace

Json recordToJson(const Record &record)
{
    Json conversation = Json::array();
    for (const Message &m : record.conversation) {
        Json msg{{"role", toString(m.role)}, {"content", m.content}};
        if (!m.calls.empty())
            msg["tool_calls"] = callsToJson(m.calls);
        if (!m.toolName.empty())
            msg["name"] = m.toolName;
        conversation.push_back(std::move(msg));
    }
    Json gold = Json::array();
    for (const GoldCall &call : record.gold) {
        Json arguments = Json::object();
        for (const GoldParam &p : call.params)
            arguments[p.name] = p.allowed;
        gold.push_back(Json{{"name", call.name}, {"arguments", std::move(arguments)}});
    }
    Json out{{"id", record.id},
             {"tools", record.tools},
             {"conversation", std::move(conversation)},
             {"gold", std::move(gold)},
             {"category", toString(record.category)},
             {"difficulty", toString(record.difficulty)},
             {"difficulty_by_person", record.difficultyByPerson},
             {"domain", record.domain},
             {"source", Json{{"file", record.source.file}, {"line", record.source.line}}}};
    if (!record.meta.empty())
        out["meta"] = record.meta;
    return out;
}

Record recordFromJson(const Json &json)
{
    if (!json.is_object())
        fail(std::string("expected a JSON object per line, got ") + json.type_name());
    Record record;
    record.id = stringMember(json, "id");

    const Json &tools = member(json, "tools", "a list of tool schemas");
    if (!tools.is_array())
        fail("field \"tools\" must be a list of tool schemas");
    for (const Json &tool : tools) {
        if (!tool.is_object() || !tool.contains("name") || !tool["name"].is_string())
            fail("each entry of \"tools\" must be an object with a string \"name\"");
        record.tools.push_back(tool);
    }

    const Json &conversation = member(json, "conversation", "a list of messages");
    if (!conversation.is_array())
        fail("field \"conversation\" must be a list of messages");
    for (const Json &m : conversation) {
        if (!m.is_object())
            fail("each message must be an object with \"role\" and \"content\"");
        Message message;
        const std::string role = stringMember(m, "role");
        auto parsedRole = roleFromString(role);
        if (!parsedRole)
            fail("unknown role \"" + role + "\" (expected system, user, assistant or tool)");
        message.role = *parsedRole;
        message.content = stringMember(m, "content");
        message.toolName = stringMember(m, "name", false);
        if (auto calls = m.find("tool_calls"); calls != m.end()) {
            if (!calls->is_array())
                fail("\"tool_calls\" must be a list of {\"name\",\"arguments\"}");
            for (const Json &c : *calls) {
                if (!c.is_object() || !c.contains("name") || !c["name"].is_string())
                    fail("each tool call needs a string \"name\"");
                ConversationCall call{c["name"].get<std::string>(), c.value("arguments", Json::object())};
                if (!call.arguments.is_object())
                    fail("tool call \"" + call.name + "\": \"arguments\" must be an object");
                message.calls.push_back(std::move(call));
            }
        }
        record.conversation.push_back(std::move(message));
    }

    const Json &gold = member(json, "gold", "a list of gold calls");
    if (!gold.is_array())
        fail("field \"gold\" must be a list of {\"name\",\"arguments\":{param:[allowed...]}}");
    for (const Json &g : gold) {
        if (!g.is_object() || !g.contains("name") || !g["name"].is_string())
            fail("each gold call needs a string \"name\"");
        GoldCall call{g["name"].get<std::string>(), {}};
        const Json arguments = g.value("arguments", Json::object());
        if (!arguments.is_object())
            fail("gold call \"" + call.name + "\": \"arguments\" must be an object");
        for (const auto &[name, allowed] : arguments.items()) {
            if (!allowed.is_array() || allowed.empty())
                fail("gold call \"" + call.name + "\", parameter \"" + name
                     + "\": expected a non-empty list of allowed values");
            call.params.push_back(GoldParam{name, std::vector<Json>(allowed.begin(), allowed.end())});
        }
        record.gold.push_back(std::move(call));
    }

    if (auto it = json.find("category"); it != json.end()) {
        if (!it->is_string() || !categoryFromString(it->get<std::string>()))
            fail("field \"category\" must be one of none, simple, multiple, parallel, parallel_multiple");
        record.category = *categoryFromString(it->get<std::string>());
    } else {
        record.category = inferCategory(record);
    }
    if (auto it = json.find("difficulty"); it != json.end()) {
        if (!it->is_string() || !difficultyFromString(it->get<std::string>()))
            fail("field \"difficulty\" must be \"easy\", \"medium\", \"hard\" or \"\"");
        record.difficulty = *difficultyFromString(it->get<std::string>());
    }
    if (auto it = json.find("difficulty_by_person"); it != json.end()) {
        if (!it->is_boolean())
            fail("field \"difficulty_by_person\" must be true or false");
        record.difficultyByPerson = it->get<bool>();
    }
    record.domain = stringMember(json, "domain", false);
    if (auto it = json.find("source"); it != json.end() && it->is_object()) {
        record.source.file = it->value("file", std::string());
        const Json line = it->value("line", Json(0));
        if (!line.is_number_integer())
            fail("field \"source.line\" must be an integer");
        record.source.line = line.get<std::int64_t>();
    }
    if (auto it = json.find("meta"); it != json.end()) {
        if (!it->is_object())
            fail("field \"meta\" must be an object");
        record.meta = *it;
    }
    return record;
}

} // namespace itool::data
