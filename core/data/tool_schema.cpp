#include "core/data/tool_schema.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace itool::data {

namespace {

std::string trim(std::string s)
{
    auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

std::string lower(std::string s)
{
    for (char &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Simple names only; generic forms (List[x], Optional[x]) are handled by the caller.
const char *simpleTypeName(const std::string &name)
{
    static const std::array<std::pair<const char *, const char *>, 22> kNames{
        {{"str", "string"},      {"string", "string"},  {"int", "integer"},
         {"integer", "integer"}, {"long", "integer"},   {"float", "number"},
         {"double", "number"},   {"number", "number"},  {"bool", "boolean"},
         {"boolean", "boolean"}, {"list", "array"},     {"array", "array"},
         {"tuple", "array"},     {"set", "array"},      {"dict", "object"},
         {"object", "object"},   {"mapping", "object"}, {"any", "any"},
         {"none", "null"},       {"nonetype", "null"},  {"null", "null"},
         {"datetime", "string"}}};
    const std::string key = lower(name);
    for (const auto &[from, to] : kNames)
        if (key == from)
            return to;
    return nullptr;
}

// Splits "a, b[c, d], e" at top-level commas.
std::vector<std::string> splitTopLevel(const std::string &text)
{
    std::vector<std::string> parts;
    int depth = 0;
    std::string current;
    for (char c : text) {
        if (c == '[' || c == '(')
            ++depth;
        if (c == ']' || c == ')')
            --depth;
        if (c == ',' && depth == 0) {
            parts.push_back(trim(current));
            current.clear();
        } else {
            current += c;
        }
    }
    parts.push_back(trim(current));
    return parts;
}

} // namespace

NormalisedType normaliseTypeName(const std::string &typeName)
{
    NormalisedType out;
    std::string name = trim(typeName);
    // "str, optional" / "int, default 5": the first part is the type.
    auto parts = splitTopLevel(name);
    if (parts.size() > 1) {
        for (std::size_t i = 1; i < parts.size(); ++i)
            if (lower(parts[i]).rfind("optional", 0) == 0)
                out.optional = true;
        name = parts[0];
    }
    // "List[str]" and API-Bank's "list(str)" alike.
    const auto open = name.find_first_of("[(");
    if (open != std::string::npos && (name.back() == ']' || name.back() == ')')) {
        const std::string outer = lower(trim(name.substr(0, open)));
        const std::string inner = name.substr(open + 1, name.size() - open - 2);
        if (outer == "optional") {
            NormalisedType t = normaliseTypeName(inner);
            t.optional = true;
            return t;
        }
        if (outer == "list" || outer == "tuple" || outer == "set" || outer == "sequence") {
            out.schema["type"] = "array";
            auto args = splitTopLevel(inner);
            if (args.size() == 1 && !args[0].empty() && args[0] != "...")
                out.schema["items"] = normaliseTypeName(args[0]).schema;
            return out;
        }
        if (outer == "dict" || outer == "mapping") {
            out.schema["type"] = "object";
            return out;
        }
        if (outer == "union") {
            Json types = Json::array();
            for (const std::string &arg : splitTopLevel(inner)) {
                NormalisedType t = normaliseTypeName(arg);
                if (t.schema.value("type", Json()) == "null")
                    out.optional = true;
                else if (t.schema.contains("type"))
                    types.push_back(t.schema["type"]);
            }
            if (types.size() == 1)
                out.schema["type"] = types[0];
            else if (!types.empty())
                out.schema["type"] = types;
            return out;
        }
    }
    if (const char *simple = simpleTypeName(name))
        out.schema["type"] = simple;
    else
        out.schema["type"] = name; // unknown: keep as written rather than guess
    return out;
}

void normaliseSchemaTypes(Json &schema)
{
    if (!schema.is_object())
        return;
    if (auto it = schema.find("type"); it != schema.end()) {
        if (it->is_string()) {
            NormalisedType t = normaliseTypeName(it->get<std::string>());
            *it = t.schema["type"];
            if (t.schema.contains("items") && !schema.contains("items"))
                schema["items"] = t.schema["items"];
        } else if (it->is_array()) {
            for (Json &entry : *it)
                if (entry.is_string())
                    entry = normaliseTypeName(entry.get<std::string>()).schema["type"];
        }
    }
    if (auto it = schema.find("properties"); it != schema.end() && it->is_object())
        for (auto &[name, property] : it->items())
            normaliseSchemaTypes(property);
    if (auto it = schema.find("items"); it != schema.end()) {
        if (it->is_object())
            normaliseSchemaTypes(*it);
        else if (it->is_array())
            for (Json &entry : *it)
                normaliseSchemaTypes(entry);
    }
    if (auto it = schema.find("additionalProperties"); it != schema.end() && it->is_object())
        normaliseSchemaTypes(*it);
    for (const char *key : {"anyOf", "oneOf", "allOf"})
        if (auto it = schema.find(key); it != schema.end() && it->is_array())
            for (Json &entry : *it)
                normaliseSchemaTypes(entry);
}

namespace {

// A JSON schema has a string "type" at its top, or only schema keywords around a
// "properties" object; an xLAM/Seal-Tools flat map has parameter names there (and a parameter
// may well be called "type" or "properties").
bool isJsonSchema(const Json &parameters)
{
    if (auto it = parameters.find("type"); it != parameters.end())
        return it->is_string();
    auto properties = parameters.find("properties");
    if (properties == parameters.end() || !properties->is_object())
        return false;
    for (const auto &[key, value] : parameters.items())
        if (key != "properties" && key != "required" && key != "additionalProperties"
            && key != "description" && key != "title" && key != "$schema" && key != "definitions"
            && key != "$defs")
            return false;
    return true;
}

Json flatMapToSchema(const Json &flat)
{
    Json properties = Json::object();
    Json required = Json::array();
    for (const auto &[name, spec] : flat.items()) {
        Json property = spec.is_object() ? spec : Json{{"description", spec}};
        bool optional = false;
        if (auto it = property.find("type"); it != property.end() && it->is_string()) {
            NormalisedType t = normaliseTypeName(it->get<std::string>());
            optional = t.optional;
            *it = t.schema["type"];
            if (t.schema.contains("items") && !property.contains("items"))
                property["items"] = t.schema["items"];
        }
        normaliseSchemaTypes(property);
        if (auto it = property.find("required"); it != property.end() && it->is_boolean()) {
            optional = !it->get<bool>();
            property.erase("required");
        }
        if (!optional)
            required.push_back(name);
        properties[name] = std::move(property);
    }
    return Json{{"type", "object"},
                {"properties", std::move(properties)},
                {"required", std::move(required)}};
}

} // namespace

Json normaliseTool(const Json &input)
{
    if (!input.is_object())
        throw ToolSchemaError(std::string("a tool must be a JSON object, got ")
                              + input.type_name());
    const Json *tool = &input;
    if (auto it = input.find("function"); it != input.end() && it->is_object())
        tool = &*it; // OpenAI wrapper {"type":"function","function":{...}}

    Json out = Json::object();
    std::string name;
    for (const char *key : {"name", "api_name"})
        if (auto it = tool->find(key); it != tool->end() && it->is_string())
            name = it->get<std::string>();
    if (name.empty())
        throw ToolSchemaError("a tool needs a non-empty string \"name\"");
    out["name"] = name;
    std::string description;
    for (const char *key : {"description", "api_description"})
        if (auto it = tool->find(key); it != tool->end() && it->is_string())
            description = it->get<std::string>();
    out["description"] = description;

    Json parameters = Json::object();
    const char *parametersKey = nullptr;
    for (const char *key : {"parameters", "input_parameters"})
        if (tool->contains(key)) {
            parameters = (*tool)[key];
            parametersKey = key;
            break;
        }
    if (parameters.is_null())
        parameters = Json::object();
    if (!parameters.is_object())
        throw ToolSchemaError("tool \"" + name + "\": \"parameters\" must be an object, got "
                              + parameters.type_name());
    Json schema;
    if (isJsonSchema(parameters)) {
        schema = parameters;
        normaliseSchemaTypes(schema);
        if (!schema.contains("properties"))
            schema["properties"] = Json::object();
        if (!schema.contains("required"))
            schema["required"] = Json::array();
    } else {
        schema = flatMapToSchema(parameters);
    }
    // A top-level "required" list beside the parameters (Seal-Tools) wins.
    if (auto it = tool->find("required"); it != tool->end() && it->is_array())
        schema["required"] = *it;
    out["parameters"] = std::move(schema);

    // Everything else the source carried is kept, so nothing is lost. Output descriptions
    // (Seal-Tools "responses", API-Bank "output_parameters") get the same type names.
    for (const auto &[key, value] : tool->items()) {
        if (key == "name" || key == "api_name" || key == "description" || key == "api_description"
            || key == "required" || (parametersKey && key == parametersKey))
            continue;
        Json kept = value;
        if ((key == "responses" || key == "output_parameters") && kept.is_object())
            for (auto &[field, spec] : kept.items())
                normaliseSchemaTypes(spec);
        out[key] = std::move(kept);
    }
    return out;
}

std::vector<Json> normaliseToolList(const Json &tools)
{
    Json list = tools;
    if (tools.is_string()) {
        try {
            list = Json::parse(tools.get<std::string>());
        } catch (const std::exception &) {
            throw ToolSchemaError("\"tools\" is a string that does not hold valid JSON");
        }
    }
    if (list.is_null())
        return {};
    if (!list.is_array())
        throw ToolSchemaError(std::string("\"tools\" must be a list of tools, got ")
                              + list.type_name());
    std::vector<Json> out;
    out.reserve(list.size());
    for (const Json &tool : list)
        out.push_back(normaliseTool(tool));
    return out;
}

} // namespace itool::data
