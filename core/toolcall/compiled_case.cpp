// compileCase: from a Record (normalised or raw BFCL schemas) to the prepared CompiledCase.
#include "core/toolcall/compiled_case.h"

#include "core/toolcall/string_normaliser.h"

#include <algorithm>

namespace itool::toolcall {

PyType pyTypeOf(const Value &value)
{
    switch (value.kind) {
    case Value::Kind::None: return PyType::None;
    case Value::Kind::Bool: return PyType::Bool;
    case Value::Kind::Int: return PyType::Int;
    case Value::Kind::Float: return PyType::Float;
    case Value::Kind::String: return PyType::Str;
    case Value::Kind::List: return PyType::List;
    case Value::Kind::Tuple: return PyType::Tuple;
    case Value::Kind::Dict: return PyType::Dict;
    case Value::Kind::Other: return PyType::Other;
    }
    return PyType::Other;
}

Route routeForCategoryName(std::string_view category)
{
    if (category.find("parallel") != std::string_view::npos)
        return Route::Parallel;
    if (category.find("multiple") != std::string_view::npos)
        return Route::Multiple;
    return Route::Simple;
}

Route routeFor(data::Category category)
{
    switch (category) {
    case data::Category::Parallel:
    case data::Category::ParallelMultiple: return Route::Parallel;
    case data::Category::Multiple: return Route::Multiple;
    default: return Route::Simple;
    }
}

const CompiledParamSchema *CompiledTool::find(std::string_view param) const
{
    for (const CompiledParamSchema &p : params)
        if (p.name == param)
            return &p;
    return nullptr;
}

const CompiledGoldParam *CompiledGoldCall::find(std::string_view param) const
{
    for (const CompiledGoldParam &p : params)
        if (p.name == param)
            return &p;
    return nullptr;
}

namespace {

// BFCL's PYTHON_TYPE_MAPPING, with the JSON-schema names the importers write.
PyType mapType(const std::string &t, bool *isTuple = nullptr, bool *isFloat = nullptr)
{
    if (t == "string" || t == "any")
        return PyType::Str;
    if (t == "integer")
        return PyType::Int;
    if (t == "float" || t == "number") {
        if (isFloat)
            *isFloat = true;
        return PyType::Float;
    }
    if (t == "boolean")
        return PyType::Bool;
    if (t == "array")
        return PyType::List;
    if (t == "tuple") {
        if (isTuple)
            *isTuple = true;
        return PyType::List;
    }
    if (t == "dict" || t == "object")
        return PyType::Dict;
    return PyType::Unknown;
}

std::string stringField(const Json &object, const char *key)
{
    if (object.is_object()) {
        auto it = object.find(key);
        if (it != object.end() && it->is_string())
            return it->get<std::string>();
    }
    return {};
}

CompiledTool compileTool(const Json &tool, const CheckOptions &options)
{
    CompiledTool out;
    out.name = stringField(tool, "name");
    out.expectedName = out.name;
    if (options.underscoreToDot)
        for (char &c : out.expectedName)
            if (c == '.')
                c = '_';
    if (!tool.is_object() || !tool.contains("parameters") || !tool["parameters"].is_object())
        return out;
    const Json &parameters = tool["parameters"];
    if (auto props = parameters.find("properties"); props != parameters.end() && props->is_object()) {
        for (auto it = props->begin(); it != props->end(); ++it) {
            CompiledParamSchema p;
            p.name = it.key();
            const std::string type = stringField(it.value(), "type");
            const std::string baseType = type;
            p.expected = mapType(type, &p.declaredTuple, &p.declaredFloat);
            if (baseType == "array" || baseType == "tuple") {
                auto items = it.value().find("items");
                if (items != it.value().end() && items->is_object())
                    p.nested = mapType(stringField(*items, "type"));
            }
            out.params.push_back(std::move(p));
        }
    }
    if (auto req = parameters.find("required"); req != parameters.end() && req->is_array())
        for (const Json &r : *req)
            if (r.is_string())
                out.required.push_back(r.get<std::string>());
    return out;
}

// Splits a UTF-8 string into code points, as iterating a Python str does.
std::vector<std::string_view> codePoints(std::string_view s)
{
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + len > s.size())
            len = 1;
        out.push_back(s.substr(i, len));
        i += len;
    }
    return out;
}

CompiledAlternative compileAlternative(const Value &value)
{
    CompiledAlternative alt;
    alt.value = value;
    alt.isEmptyString = value.kind == Value::Kind::String && value.text.empty();
    if (value.kind == Value::Kind::String) {
        alt.standardized = standardized(value.text);
        // list_checker iterates a string alternative character by character ("" -> [])
        alt.standardizedList.kind = Value::Kind::List;
        for (std::string_view ch : codePoints(value.text))
            alt.standardizedList.items.push_back(Value::fromString(standardized(ch)));
        alt.listComparable = true;
    } else if (value.kind == Value::Kind::List) {
        alt.standardizedList.kind = Value::Kind::List;
        for (const Value &item : value.items)
            alt.standardizedList.items.push_back(item.kind == Value::Kind::String ? Value::fromString(standardized(item.text))
                                                                                 : item);
        alt.listComparable = true;
    }
    return alt;
}

CompiledGoldParam compileGoldParam(const data::GoldParam &param)
{
    CompiledGoldParam out;
    out.name = param.name;
    Value list;
    list.kind = Value::Kind::List;
    for (const Json &allowed : param.allowed) {
        Value v = fromJson(allowed);
        out.alternatives.push_back(compileAlternative(v));
        if (out.alternatives.back().isEmptyString)
            out.omittable = true;
        else if (!out.goldType)
            out.goldType = pyTypeOf(v);
        list.items.push_back(v);
        out.allowed.push_back(std::move(v));
    }
    for (const CompiledAlternative &alt : out.alternatives)
        if (alt.value.kind == Value::Kind::String)
            out.standardizedStrings.push_back(alt.standardized);
    std::sort(out.standardizedStrings.begin(), out.standardizedStrings.end());
    out.standardizedStrings.erase(std::unique(out.standardizedStrings.begin(), out.standardizedStrings.end()),
                                  out.standardizedStrings.end());
    out.expectedRepr = pyRepr(list);
    return out;
}

} // namespace

std::shared_ptr<const CompiledCase> compileCase(const data::Record &record, std::string_view categoryName,
                                                const CheckOptions &options)
{
    auto out = std::make_shared<CompiledCase>();
    out->id = record.id;
    out->options = options;
    if (!categoryName.empty()) {
        out->route = routeForCategoryName(categoryName);
    } else {
        const data::Category category = record.category == data::Category::None ? data::inferCategory(record)
                                                                                 : record.category;
        out->route = routeFor(category);
    }
    for (const Json &tool : record.tools)
        out->tools.push_back(compileTool(tool, options));
    for (const data::GoldCall &gold : record.gold) {
        CompiledGoldCall call;
        call.name = gold.name;
        for (std::size_t t = 0; t < out->tools.size(); ++t) {
            if (out->tools[t].name == gold.name) {
                call.tool = static_cast<int>(t);
                break;
            }
        }
        for (const data::GoldParam &param : gold.params)
            call.params.push_back(compileGoldParam(param));
        out->gold.push_back(std::move(call));
    }
    return out;
}

std::shared_ptr<const CompiledCase> compileCase(const data::Record &record, const CheckOptions &options)
{
    return compileCase(record, {}, options);
}

} // namespace itool::toolcall
