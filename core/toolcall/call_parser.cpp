// parseCalls: BFCL's prompt decoder (default_decode_ast_prompting + ast_parse) on the bracket
// syntax, and JSON-form calls. The decoder's text handling is reproduced exactly because it
// decides verdicts: strip "`", "\n" and " " at both ends, then strip "[", "]" and "'" at both
// ends, then read what is left as one Python eval input.
#include "core/toolcall/call_parser.h"

#include "core/toolcall/json_reader.h"
#include "core/toolcall/python_syntax.h"

#include <unordered_map>

namespace itool::toolcall {

namespace {

using detail::NodeKind;

void setFailure(ParseResult &out, ParseStatus status, std::string message, std::uint32_t offset)
{
    out.ok = false;
    out.status = status;
    out.error = std::move(message);
    out.errorOffset = offset;
    out.calls.clear();
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// One top-level call node into a ParsedCall. False with `error` set when a value fails.
bool buildCall(detail::Syntax &syntax, std::uint32_t callIndex, const ParseOptions &options,
               ParsedCall &call, std::string &error, std::uint32_t &errorOffset)
{
    const detail::Node &node = syntax.node(callIndex);
    const detail::Node &func = syntax.node(node.lhs);
    if (func.kind == NodeKind::Name)
        call.name.assign(func.ident); // reuses the string's storage
    else
        call.name = detail::callName(syntax, callIndex);
    call.nameSpan = syntax.node(node.lhs).span;
    call.span = node.span;
    call.arguments.clear();
    call.positionalSpans.clear();
    const std::uint32_t count = node.count, first = node.first;
    call.arguments.reserve(count);
    std::unordered_map<std::string, std::size_t> index;
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t kid = syntax.children[first + i];
        const detail::Node &arg = syntax.node(kid);
        if (arg.kind != NodeKind::Keyword) {
            if (options.strict) {
                error = "positional argument (only keyword arguments are allowed)";
                errorOffset = arg.span.begin;
                return false;
            }
            call.positionalSpans.push_back(arg.span);
            continue;
        }
        Value value;
        if (!detail::resolveValue(syntax, arg.lhs, value, error)) {
            errorOffset = syntax.node(arg.lhs).span.begin;
            return false;
        }
        const std::string_view name = syntax.node(kid).ident;
        ParsedArgument *existing = nullptr;
        if (call.arguments.size() < 32) {
            for (ParsedArgument &a : call.arguments)
                if (a.name == name)
                    existing = &a;
        } else { // many keywords: index them so that adversarial input stays linear
            if (index.empty())
                for (std::size_t k = 0; k < call.arguments.size(); ++k)
                    index.emplace(call.arguments[k].name, k);
            auto found = index.find(std::string(name));
            if (found != index.end())
                existing = &call.arguments[found->second];
            else
                index.emplace(std::string(name), call.arguments.size());
        }
        if (existing) {
            if (options.strict) {
                error = "keyword argument repeated: " + std::string(name);
                errorOffset = syntax.node(kid).nameSpan.begin;
                return false;
            }
            existing->value = std::move(value); // Python's dict: first place, last value
            existing->nameSpan = syntax.node(kid).nameSpan;
            continue;
        }
        call.arguments.push_back(
            ParsedArgument{std::string(name), syntax.node(kid).nameSpan, std::move(value)});
    }
    return true;
}

void parseBracket(std::string_view text, const ParseOptions &options, ParseResult &out)
{
    out.syntax = CallSyntax::Bracket;
    std::size_t begin = 0, end = text.size();
    if (options.strict) {
        while (begin < end && isSpace(text[begin]))
            ++begin;
        while (end > begin && isSpace(text[end - 1]))
            --end;
        if (begin == end || text[begin] != '[' || text[end - 1] != ']')
            return setFailure(out, ParseStatus::DecoderFailed, "expected a list of calls in [ ]",
                              static_cast<std::uint32_t>(begin));
        ++begin;
        --end;
    } else {
        // str.strip("`\n ") then str.strip("[]'")
        auto fence = [](char c) { return c == '`' || c == '\n' || c == ' '; };
        auto bracket = [](char c) { return c == '[' || c == ']' || c == '\''; };
        while (begin < end && fence(text[begin]))
            ++begin;
        while (end > begin && fence(text[end - 1]))
            --end;
        while (begin < end && bracket(text[begin]))
            ++begin;
        while (end > begin && bracket(text[end - 1]))
            --end;
    }
    thread_local detail::Syntax syntax;
    const std::string_view body = text.substr(begin, end - begin);
    // Most output is a plain call list, read straight into calls; strict mode's extra
    // rejections and every other shape go through the full reader below.
    if (!options.strict
        && syntax.parsePlainCalls(body, static_cast<std::uint32_t>(begin), out.calls)) {
        out.ok = true;
        out.status = ParseStatus::Ok;
        return;
    }
    const std::uint32_t root = syntax.parse(body, static_cast<std::uint32_t>(begin));
    if (root == detail::kNoNode)
        return setFailure(out, ParseStatus::DecoderFailed, syntax.error, syntax.errorOffset);

    const detail::Node &top = syntax.node(root);
    thread_local std::vector<std::uint32_t> callNodes;
    callNodes.clear();
    if (top.kind == NodeKind::Call) {
        callNodes.push_back(root);
    } else if (top.kind == NodeKind::Tuple || top.kind == NodeKind::List
               || top.kind == NodeKind::Set) {
        for (std::uint32_t i = 0; i < top.count; ++i) {
            const std::uint32_t kid = syntax.children[top.first + i];
            if (syntax.node(kid).kind != NodeKind::Call)
                return setFailure(out, ParseStatus::DecoderFailed,
                                  "element " + std::to_string(i + 1) + " is not a function call",
                                  syntax.node(kid).span.begin);
            callNodes.push_back(kid);
        }
    } else {
        return setFailure(out, ParseStatus::DecoderFailed,
                          "expected a function call or a list of calls", top.span.begin);
    }
    out.calls.resize(callNodes.size());
    for (std::size_t i = 0; i < callNodes.size(); ++i) {
        std::string error;
        std::uint32_t offset = 0;
        if (!buildCall(syntax, callNodes[i], options, out.calls[i], error, offset))
            return setFailure(out, ParseStatus::DecoderFailed, error, offset);
    }
    out.ok = true;
    out.status = ParseStatus::Ok;
}

// A JSON call object: {"name", "arguments"|"parameters"} or BFCL's decoded {"name": {args}}.
bool callFromJson(Value &object, ParsedCall &call, std::string &error, std::uint32_t &offset)
{
    offset = object.span.begin;
    if (object.kind != Value::Kind::Dict) {
        error = "a call must be a JSON object";
        return false;
    }
    call.span = object.span;
    Value *args = nullptr;
    const Value *name = object.find(std::string_view("name"));
    Value parsedString;
    if (name) {
        if (name->kind != Value::Kind::String) {
            error = "\"name\" must be a string";
            offset = name->span.begin;
            return false;
        }
        call.name = name->text;
        call.nameSpan = name->span;
        for (DictEntry &e : object.entries)
            if (e.key.kind == Value::Kind::String
                && (e.key.text == "arguments" || e.key.text == "parameters"))
                args = &e.value;
        if (args && args->kind == Value::Kind::String) { // arguments given as a JSON string
            std::string innerError;
            std::uint32_t innerOffset = 0;
            if (!detail::readJson(args->text, 0, parsedString, innerError, innerOffset)) {
                error = "\"arguments\" string is not JSON: " + innerError;
                offset = args->span.begin;
                return false;
            }
            // spans inside a JSON string cannot point into the raw text; use the string's
            parsedString.span = args->span;
            for (DictEntry &e : parsedString.entries) {
                e.key.span = args->span;
                e.value.span = args->span;
            }
            args = &parsedString;
        }
    } else if (object.entries.size() == 1 && object.entries[0].key.kind == Value::Kind::String) {
        call.name = object.entries[0].key.text;
        call.nameSpan = object.entries[0].key.span;
        args = &object.entries[0].value;
    } else {
        error = "a call object needs \"name\" and \"arguments\"";
        return false;
    }
    call.arguments.clear();
    call.positionalSpans.clear();
    if (!args)
        return true;
    if (args->kind != Value::Kind::Dict) {
        error = "arguments must be a JSON object";
        offset = args->span.begin;
        return false;
    }
    for (DictEntry &e : args->entries)
        call.arguments.push_back(ParsedArgument{e.key.text, e.key.span, std::move(e.value)});
    return true;
}

void parseJson(std::string_view text, ParseResult &out)
{
    out.syntax = CallSyntax::Json;
    Value root;
    std::string error;
    std::uint32_t offset = 0;
    if (!detail::readJson(text, 0, root, error, offset))
        return setFailure(out, ParseStatus::DecoderFailed, error, offset);
    std::vector<Value *> objects;
    if (root.kind == Value::Kind::List) {
        for (Value &item : root.items)
            objects.push_back(&item);
    } else {
        objects.push_back(&root);
    }
    out.calls.resize(objects.size());
    for (std::size_t i = 0; i < objects.size(); ++i)
        if (!callFromJson(*objects[i], out.calls[i], error, offset))
            return setFailure(out, ParseStatus::WrongOutputFormat, error, offset);
    out.ok = true;
    out.status = ParseStatus::Ok;
}

bool looksLikeJson(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size() && isSpace(text[i]))
        ++i;
    if (i < text.size() && text[i] == '{')
        return true;
    if (i >= text.size() || text[i] != '[')
        return false;
    ++i;
    while (i < text.size() && isSpace(text[i]))
        ++i;
    return i < text.size() && text[i] == '{';
}

} // namespace

void parseCalls(std::string_view text, const ParseOptions &options, ParseResult &out)
{
    out.ok = false;
    out.status = ParseStatus::DecoderFailed;
    out.syntax = CallSyntax::Unknown;
    out.error.clear();
    out.errorOffset = 0;
    if (text.size() > 0xFFFFFFF0u)
        return setFailure(out, ParseStatus::DecoderFailed, "text too long", 0);
    try {
        if (options.allowJson && looksLikeJson(text))
            parseJson(text, out);
        else
            parseBracket(text, options, out);
    } catch (const std::exception &e) { // allocation failure and the like: never past the API
        setFailure(out, ParseStatus::DecoderFailed, std::string("internal error: ") + e.what(), 0);
    }
}

ParseResult parseCalls(std::string_view text, const ParseOptions &options)
{
    ParseResult result;
    parseCalls(text, options, result);
    return result;
}

Json argumentsJson(const ParsedCall &call)
{
    Json object = Json::object();
    for (const ParsedArgument &arg : call.arguments)
        object[arg.name] = toJson(arg.value);
    return object;
}

Json decodedJson(const std::vector<ParsedCall> &calls)
{
    Json list = Json::array();
    for (const ParsedCall &call : calls) {
        Json item = Json::object();
        item[call.name] = argumentsJson(call);
        list.push_back(std::move(item));
    }
    return list;
}

std::string_view toString(ParseStatus status)
{
    switch (status) {
    case ParseStatus::Ok:
        return "ok";
    case ParseStatus::DecoderFailed:
        return "decoder_failed";
    case ParseStatus::WrongOutputFormat:
        return "decoder_wrong_output_format";
    }
    return "decoder_failed";
}

} // namespace itool::toolcall
