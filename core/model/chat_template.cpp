#include "core/model/chat_template.h"

#include "core/common/user_error.h"
#include "core/model/bpe_tokenizer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace itool::model {

namespace {

bool isEmptyString(const Json &v)
{
    return v.is_string() && v.get_ref<const std::string &>().empty();
}

void appendPythonString(std::string &out, const std::string &s)
{
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                char buf[5];
                std::snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            } else {
                out += char(c); // UTF-8 (and any other byte) passes through unchanged
            }
        }
    }
    out += '"';
}

void appendPythonValue(std::string &out, const Json &v)
{
    switch (v.type()) {
    case Json::value_t::null:
        out += "None";
        break;
    case Json::value_t::boolean:
        out += v.get<bool>() ? "True" : "False";
        break;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
        out += v.dump();
        break;
    case Json::value_t::number_float: {
        const double d = v.get<double>();
        if (std::isnan(d))
            out += "float(\"nan\")";
        else if (std::isinf(d))
            out += d > 0 ? "float(\"inf\")" : "-float(\"inf\")";
        else
            out += v.dump(); // shortest round-trip digits; integral values keep ".0"
        break;
    }
    case Json::value_t::string:
        appendPythonString(out, v.get_ref<const std::string &>());
        break;
    case Json::value_t::array: {
        out += '[';
        bool first = true;
        for (const Json &e : v) {
            if (!first)
                out += ", ";
            first = false;
            appendPythonValue(out, e);
        }
        out += ']';
        break;
    }
    case Json::value_t::object: {
        out += '{';
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!first)
                out += ", ";
            first = false;
            appendPythonString(out, it.key());
            out += ": ";
            appendPythonValue(out, it.value());
        }
        out += '}';
        break;
    }
    default:
        out += "None";
        break; // binary / discarded: not produced by our readers
    }
}

// Whether the record's schema for tool `name` lists `param` as required.
bool isRequired(const data::Record &record, const std::string &name, const std::string &param)
{
    for (const Json &tool : record.tools) {
        if (!tool.is_object() || tool.value("name", "") != name)
            continue;
        auto params = tool.find("parameters");
        if (params == tool.end() || !params->is_object())
            return false;
        auto required = params->find("required");
        if (required == params->end() || !required->is_array())
            return false;
        for (const Json &r : *required)
            if (r.is_string() && r.get_ref<const std::string &>() == param)
                return true;
        return false;
    }
    return false;
}

std::string compactJson(const Json &value)
{
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void appendSchemaType(std::string &out, const Json &schema);
void appendParameterList(std::string &out, const Json &objectSchema);

// {a: str, b?: int} for an object schema with properties; "dict" without them.
void appendObjectType(std::string &out, const Json &schema)
{
    const auto props = schema.find("properties");
    if (props == schema.end() || !props->is_object() || props->empty()) {
        out += "dict";
        return;
    }
    out += '{';
    appendParameterList(out, schema);
    out += '}';
}

// The Python-like type of a JSON schema: str, int, float, bool, list[T], {k: T}, an enum as
// its literals joined by |, and a union of JSON types as str|int.
void appendSchemaType(std::string &out, const Json &schema)
{
    if (!schema.is_object()) {
        out += "any";
        return;
    }
    if (const auto e = schema.find("enum"); e != schema.end() && e->is_array() && !e->empty()) {
        for (std::size_t i = 0; i < e->size(); ++i) {
            if (i)
                out += '|';
            appendPythonValue(out, (*e)[i]);
        }
        return;
    }
    const auto type = schema.find("type");
    auto one = [&](const std::string &t) {
        if (t == "string")
            out += "str";
        else if (t == "integer")
            out += "int";
        else if (t == "number" || t == "float")
            out += "float";
        else if (t == "boolean")
            out += "bool";
        else if (t == "null")
            out += "None";
        else if (t == "array") {
            out += "list";
            if (const auto items = schema.find("items"); items != schema.end() && items->is_object()) {
                out += '[';
                appendSchemaType(out, *items);
                out += ']';
            }
        } else if (t == "object" || t == "dict")
            appendObjectType(out, schema);
        else
            out += t; // BFCL's "tuple", "any", ...: shown as they are
    };
    if (type == schema.end())
        out += "any";
    else if (type->is_string())
        one(type->get_ref<const std::string &>());
    else if (type->is_array()) {
        bool first = true;
        for (const Json &t : *type)
            if (t.is_string()) {
                if (!first)
                    out += '|';
                first = false;
                one(t.get_ref<const std::string &>());
            }
    } else
        out += "any";
}

// name: T for a required parameter, name?: T for an optional one, then = DEFAULT if the schema
// has one. Parameters keep their schema order.
void appendParameterList(std::string &out, const Json &objectSchema)
{
    const auto props = objectSchema.find("properties");
    if (props == objectSchema.end() || !props->is_object())
        return;
    std::vector<std::string> required;
    if (const auto r = objectSchema.find("required"); r != objectSchema.end() && r->is_array())
        for (const Json &name : *r)
            if (name.is_string())
                required.push_back(name.get<std::string>());
    bool first = true;
    for (auto it = props->begin(); it != props->end(); ++it) {
        if (!first)
            out += ", ";
        first = false;
        out += it.key();
        if (std::find(required.begin(), required.end(), it.key()) == required.end())
            out += '?';
        out += ": ";
        appendSchemaType(out, it.value());
        if (it.value().is_object())
            if (const auto d = it.value().find("default"); d != it.value().end()) {
                out += " = ";
                appendPythonValue(out, *d);
            }
    }
}

// One line per tool. A tool that is not a {name, parameters} object is shown as its JSON.
std::string renderToolSignatures(const std::vector<Json> &tools)
{
    std::string out;
    for (const Json &tool : tools) {
        if (!out.empty())
            out += '\n';
        const auto name = tool.is_object() ? tool.find("name") : tool.end();
        if (!tool.is_object() || name == tool.end() || !name->is_string()) {
            out += compactJson(tool);
            continue;
        }
        out += name->get_ref<const std::string &>();
        out += '(';
        if (const auto params = tool.find("parameters"); params != tool.end() && params->is_object())
            appendParameterList(out, *params);
        out += ')';
        if (const auto d = tool.find("description"); d != tool.end() && d->is_string() && !d->empty()) {
            out += " # ";
            for (char c : d->get_ref<const std::string &>())
                out += (c == '\n' || c == '\r') ? ' ' : c; // keeps one line per tool
        }
    }
    return out;
}

// A prompt part: literal pieces, each a special marker or plain content.
struct Piece
{
    bool special;
    std::string text;
};
struct Segment
{
    std::vector<Piece> pieces;
    bool droppable = false; // an earlier turn that truncation may remove whole
};

Segment turn(std::string_view marker, std::string body, bool droppable)
{
    Segment s;
    s.pieces.push_back({true, std::string(marker)});
    if (!body.empty())
        s.pieces.push_back({false, std::move(body)});
    s.pieces.push_back({true, std::string(kEnd)});
    s.pieces.push_back({false, "\n"});
    s.droppable = droppable;
    return s;
}

// The context between <|bos|> and the final <|assistant|>: tools block, then every turn.
std::vector<Segment> contextSegments(const data::Record &record)
{
    std::vector<Segment> out;
    if (!record.tools.empty())
        out.push_back(turn(kTools, renderToolSignatures(record.tools), false));
    for (std::size_t i = 0; i < record.conversation.size(); ++i) {
        const data::Message &m = record.conversation[i];
        const bool droppable = i + 1 < record.conversation.size();
        switch (m.role) {
        case data::Role::System:
            out.push_back(turn(kSystem, m.content, droppable));
            break;
        case data::Role::User:
            out.push_back(turn(kUser, m.content, droppable));
            break;
        case data::Role::Assistant: {
            std::string body = m.content;
            if (!m.calls.empty()) {
                if (!body.empty())
                    body += '\n';
                body += renderCalls(m.calls);
            }
            out.push_back(turn(kAssistant, std::move(body), droppable));
            break;
        }
        case data::Role::Tool:
            out.push_back(turn(kTool, m.toolName + "\n" + m.content, droppable));
            break;
        }
    }
    return out;
}

void appendSegmentText(std::string &out, const Segment &s)
{
    for (const Piece &p : s.pieces)
        out += p.text;
}

std::vector<std::int32_t> segmentIds(const Segment &s, const BpeTokenizer &tokenizer)
{
    std::vector<std::int32_t> ids;
    for (const Piece &p : s.pieces) {
        if (p.special)
            ids.push_back(tokenizer.requireSpecial(p.text));
        else
            tokenizer.encodeAppend(p.text, ids, SpecialTokens::Plain);
    }
    return ids;
}

ChatTokens tokenize(const data::Record &record, const std::string_view *answer,
                    const BpeTokenizer &tokenizer, std::size_t maxTokens, std::size_t answerBudget)
{
    ChatTokens result;
    const std::int32_t bos = tokenizer.requireSpecial(kBos);
    const std::int32_t header = tokenizer.requireSpecial(kAssistant);
    std::vector<std::int32_t> answerIds;
    if (answer) {
        tokenizer.encodeAppend(*answer, answerIds, SpecialTokens::Plain);
        answerIds.push_back(tokenizer.requireSpecial(kEnd));
    }
    const std::size_t fixed = 2 + answerIds.size() + answerBudget;
    if (maxTokens && fixed > maxTokens) {
        result.fits = false;
        return result;
    }

    struct Part
    {
        std::vector<std::int32_t> ids;
        bool droppable;
    };
    std::vector<Part> parts;
    std::size_t total = fixed;
    for (const Segment &s : contextSegments(record)) {
        parts.push_back({segmentIds(s, tokenizer), s.droppable});
        total += parts.back().ids.size();
    }
    std::vector<std::int32_t> context;
    if (maxTokens && total > maxTokens) {
        result.truncated = true;
        // Oldest earlier turns go first, whole; the tools block and the last turn stay.
        for (Part &p : parts) {
            if (total <= maxTokens)
                break;
            if (p.droppable) {
                total -= p.ids.size();
                p.ids.clear();
            }
        }
    }
    for (const Part &p : parts)
        context.insert(context.end(), p.ids.begin(), p.ids.end());
    if (maxTokens && total > maxTokens) // then cut tokens from the front of what is left
        context.erase(context.begin(), context.begin() + std::ptrdiff_t(total - maxTokens));

    result.ids.reserve(context.size() + 2 + answerIds.size());
    result.ids.push_back(bos);
    result.ids.insert(result.ids.end(), context.begin(), context.end());
    result.ids.push_back(header);
    result.promptLength = result.ids.size();
    result.ids.insert(result.ids.end(), answerIds.begin(), answerIds.end());
    result.answerMask.assign(result.ids.size(), 0);
    std::fill(result.answerMask.begin() + std::ptrdiff_t(result.promptLength),
              result.answerMask.end(), std::uint8_t(1));
    return result;
}

} // namespace

std::string renderPythonValue(const Json &value)
{
    std::string out;
    appendPythonValue(out, value);
    return out;
}

std::string renderCall(std::string_view name, const Json &arguments)
{
    std::string out(name);
    out += '(';
    bool first = true;
    if (arguments.is_object()) {
        for (auto it = arguments.begin(); it != arguments.end(); ++it) {
            if (!first)
                out += ", ";
            first = false;
            out += it.key();
            out += '=';
            appendPythonValue(out, it.value());
        }
    }
    out += ')';
    return out;
}

std::string renderCalls(const std::vector<data::ConversationCall> &calls)
{
    std::string out = "[";
    for (std::size_t i = 0; i < calls.size(); ++i) {
        if (i)
            out += ", ";
        out += renderCall(calls[i].name, calls[i].arguments);
    }
    return out + "]";
}

Json resolveGoldValue(const Json &value)
{
    if (value.is_array()) {
        Json out = Json::array();
        for (const Json &e : value)
            out.push_back(resolveGoldValue(e));
        return out;
    }
    if (value.is_object()) {
        Json out = Json::object();
        for (auto it = value.begin(); it != value.end(); ++it) {
            const Json &alternatives = it.value();
            if (!alternatives.is_array()) {
                out[it.key()] = resolveGoldValue(alternatives);
                continue;
            }
            if (alternatives.empty() || isEmptyString(alternatives.front()))
                continue; // optional key: left out
            out[it.key()] = resolveGoldValue(alternatives.front());
        }
        return out;
    }
    return value;
}

std::string renderAnswer(const data::Record &record)
{
    if (record.gold.empty())
        return std::string(kNoCallAnswer);
    std::string out = "[";
    for (std::size_t i = 0; i < record.gold.size(); ++i) {
        const data::GoldCall &call = record.gold[i];
        Json arguments = Json::object();
        for (const data::GoldParam &p : call.params) {
            if (p.allowed.empty())
                continue;
            const Json *chosen = &p.allowed.front();
            if (isEmptyString(*chosen)) {
                chosen = nullptr;
                if (isRequired(record, call.name, p.name))
                    for (const Json &v : p.allowed)
                        if (!isEmptyString(v)) {
                            chosen = &v;
                            break;
                        }
            }
            if (chosen)
                arguments[p.name] = resolveGoldValue(*chosen);
        }
        if (i)
            out += ", ";
        out += renderCall(call.name, arguments);
    }
    return out + "]";
}

ChatText renderChat(const data::Record &record)
{
    ChatText text;
    text.prompt = kBos;
    for (const Segment &s : contextSegments(record))
        appendSegmentText(text.prompt, s);
    text.prompt += kAssistant;
    text.answer = renderAnswer(record);
    return text;
}

std::int64_t answerTokenBudget(const std::vector<data::Record> &records, const BpeTokenizer &tokenizer)
{
    std::size_t longest = 0;
    for (const data::Record &r : records)
        longest = std::max(longest, tokenizer.encode(renderAnswer(r)).size() + 1);
    return std::int64_t(longest + longest / 4 + 8);
}

std::string renderTrainingText(const data::Record &record)
{
    ChatText text = renderChat(record);
    return text.prompt + text.answer + std::string(kEnd);
}

ChatTokens tokenizeChat(const data::Record &record, const BpeTokenizer &tokenizer,
                        std::size_t maxTokens)
{
    const std::string answer = renderAnswer(record);
    const std::string_view view = answer;
    return tokenize(record, &view, tokenizer, maxTokens, 0);
}

ChatTokens tokenizeChat(const data::Record &record, std::string_view answer,
                        const BpeTokenizer &tokenizer, std::size_t maxTokens)
{
    return tokenize(record, &answer, tokenizer, maxTokens, 0);
}

ChatTokens tokenizePrompt(const data::Record &record, const BpeTokenizer &tokenizer,
                          std::size_t maxTokens, std::size_t answerBudget)
{
    return tokenize(record, nullptr, tokenizer, maxTokens, answerBudget);
}

} // namespace itool::model
