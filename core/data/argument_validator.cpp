#include "core/data/argument_validator.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace itool::data {

namespace {

constexpr std::array<std::string_view, 6> kTypes{"string", "integer", "number", "boolean", "array", "object"};

std::string typeOf(const Json &schema)
{
    auto it = schema.find("type");
    return it != schema.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const Json &emptyObject()
{
    static const Json empty = Json::object();
    return empty;
}

const Json &propertiesOf(const Json &toolSchema)
{
    auto parameters = toolSchema.find("parameters");
    if (parameters == toolSchema.end() || !parameters->is_object())
        return emptyObject();
    auto properties = parameters->find("properties");
    return properties != parameters->end() && properties->is_object() ? *properties : emptyObject();
}

std::optional<std::string> checkValue(const std::string &path, const Json &value, const Json &schema)
{
    if (!valueMatchesType(value, schema))
        return "parameter \"" + path + "\" must be " + (typeOf(schema) == "integer" ? "an " : "a ")
               + typeOf(schema) + ", got " + value.type_name();
    if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
        if (std::find(e->begin(), e->end(), value) == e->end())
            return "parameter \"" + path + "\" must be one of " + e->dump() + ", got " + value.dump();
    }
    if (value.is_array()) {
        if (auto items = schema.find("items"); items != schema.end() && items->is_object()) {
            for (std::size_t i = 0; i < value.size(); ++i)
                if (auto problem = checkValue(path + "[" + std::to_string(i) + "]", value[i], *items))
                    return problem;
        }
    }
    if (value.is_object()) {
        if (auto props = schema.find("properties"); props != schema.end() && props->is_object()) {
            for (const auto &[key, item] : value.items()) {
                auto declared = props->find(key);
                if (declared == props->end())
                    return "parameter \"" + path + "\" has no field \"" + key + "\"";
                if (auto problem = checkValue(path + "." + key, item, *declared))
                    return problem;
            }
            if (auto req = schema.find("required"); req != schema.end() && req->is_array())
                for (const Json &name : *req)
                    if (name.is_string() && !value.contains(name.get<std::string>()))
                        return "parameter \"" + path + "\" needs field \"" + name.get<std::string>() + "\"";
        }
    }
    return std::nullopt;
}

void checkPropertySchema(const std::string &path, const Json &schema, std::vector<std::string> &problems)
{
    if (!schema.is_object()) {
        problems.push_back(path + ": must be an object");
        return;
    }
    const std::string type = typeOf(schema);
    if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end()) {
        problems.push_back(path + ": unknown type \"" + type + "\"");
        return;
    }
    if (!schema.contains("description") || !schema["description"].is_string())
        problems.push_back(path + ": needs a string \"description\"");
    if (auto e = schema.find("enum"); e != schema.end()) {
        if (!e->is_array() || e->empty())
            problems.push_back(path + ": \"enum\" must be a non-empty list");
        else
            for (const Json &v : *e)
                if (!valueMatchesType(v, schema))
                    problems.push_back(path + ": enum value " + v.dump() + " is not a " + type);
    }
    if (type == "array") {
        auto items = schema.find("items");
        if (items == schema.end())
            problems.push_back(path + ": an array needs \"items\"");
        else
            checkPropertySchema(path + "[]", *items, problems);
    }
    if (type == "object") {
        if (auto props = schema.find("properties"); props != schema.end()) {
            for (const auto &[key, item] : props->items())
                checkPropertySchema(path + "." + key, item, problems);
        }
    }
    if (auto d = schema.find("default"); d != schema.end() && !d->is_null())
        if (auto problem = checkValue(path, *d, schema))
            problems.push_back(path + ": default " + d->dump() + " does not fit: " + *problem);
}

} // namespace

bool valueMatchesType(const Json &value, const Json &propertySchema)
{
    const std::string type = typeOf(propertySchema);
    if (type == "string")
        return value.is_string();
    if (type == "integer")
        return value.is_number_integer();
    if (type == "number")
        return value.is_number();
    if (type == "boolean")
        return value.is_boolean();
    if (type == "array")
        return value.is_array();
    if (type == "object")
        return value.is_object();
    return true; // untyped: anything goes
}

std::optional<std::string> checkArguments(const Json &toolSchema, const Json &arguments)
{
    if (!arguments.is_object())
        return std::string("arguments must be a JSON object, got ") + arguments.type_name();
    const Json &properties = propertiesOf(toolSchema);
    for (const auto &[key, value] : arguments.items()) {
        auto declared = properties.find(key);
        if (declared == properties.end())
            return "unknown parameter \"" + key + "\"";
        if (auto problem = checkValue(key, value, *declared))
            return problem;
    }
    const Json &parameters = toolSchema.value("parameters", Json::object());
    if (auto req = parameters.find("required"); req != parameters.end() && req->is_array())
        for (const Json &name : *req)
            if (name.is_string() && !arguments.contains(name.get<std::string>()))
                return "missing required parameter \"" + name.get<std::string>() + "\"";
    return std::nullopt;
}

std::vector<std::string> checkToolSchema(const Json &toolSchema)
{
    std::vector<std::string> problems;
    if (!toolSchema.is_object())
        return {"a tool schema must be a JSON object"};
    const std::string name = toolSchema.value("name", std::string());
    if (name.empty())
        problems.push_back("missing string \"name\"");
    const std::string where = name.empty() ? std::string("tool") : name;
    if (!toolSchema.contains("description") || !toolSchema["description"].is_string())
        problems.push_back(where + ": needs a string \"description\"");
    auto parameters = toolSchema.find("parameters");
    if (parameters == toolSchema.end() || !parameters->is_object() || typeOf(*parameters) != "object") {
        problems.push_back(where + ": \"parameters\" must be {\"type\":\"object\",...}");
        return problems;
    }
    auto properties = parameters->find("properties");
    if (properties == parameters->end() || !properties->is_object()) {
        problems.push_back(where + ": \"parameters\" needs \"properties\"");
        return problems;
    }
    for (const auto &[key, schema] : properties->items())
        checkPropertySchema(where + "." + key, schema, problems);
    if (auto req = parameters->find("required"); req != parameters->end()) {
        if (!req->is_array()) {
            problems.push_back(where + ": \"required\" must be a list");
        } else {
            for (const Json &r : *req) {
                if (!r.is_string() || !properties->contains(r.get<std::string>()))
                    problems.push_back(where + ": required " + r.dump() + " is not a declared parameter");
                else if ((*properties)[r.get<std::string>()].contains("default"))
                    problems.push_back(where + ": required " + r.dump() + " must not have a default");
            }
        }
    }
    return problems;
}

Json withDefaults(const Json &toolSchema, const Json &arguments)
{
    Json out = arguments;
    for (const auto &[key, schema] : propertiesOf(toolSchema).items())
        if (!out.contains(key) && schema.contains("default"))
            out[key] = schema["default"];
    return out;
}

} // namespace itool::data
