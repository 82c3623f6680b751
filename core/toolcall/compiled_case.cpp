// compileCase: from a Record (normalised or raw BFCL schemas) to the prepared CompiledCase.
#include "core/toolcall/compiled_case.h"

#include "core/toolcall/string_normaliser.h"

#include <algorithm>
#include <cstdint>

namespace itool::toolcall {

PyType pyTypeOf(const Value &value)
{
    switch (value.kind) {
    case Value::Kind::None:
        return PyType::None;
    case Value::Kind::Bool:
        return PyType::Bool;
    case Value::Kind::Int:
        return PyType::Int;
    case Value::Kind::Float:
        return PyType::Float;
    case Value::Kind::String:
        return PyType::Str;
    case Value::Kind::List:
        return PyType::List;
    case Value::Kind::Tuple:
        return PyType::Tuple;
    case Value::Kind::Dict:
        return PyType::Dict;
    case Value::Kind::Other:
        return value.bigInt ? PyType::Int : PyType::Other;
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
    case data::Category::ParallelMultiple:
        return Route::Parallel;
    case data::Category::Multiple:
        return Route::Multiple;
    default:
        return Route::Simple;
    }
}

const CompiledParamSchema *CompiledTool::find(std::string_view param) const
{
    for (const CompiledParamSchema &p : params)
        if (p.name == param)
            return &p;
    return nullptr;
}

int CompiledTool::indexOf(std::string_view param) const
{
    for (std::size_t i = 0; i < params.size(); ++i)
        if (params[i].name == param)
            return static_cast<int>(i);
    return -1;
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
    if (auto props = parameters.find("properties");
        props != parameters.end() && props->is_object()) {
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
            if (r.is_string()) {
                out.required.push_back(r.get<std::string>());
                out.requiredIndex.push_back(out.indexOf(out.required.back()));
            }
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
            alt.standardizedList.items.push_back(item.kind == Value::Kind::String
                                                     ? Value::fromString(standardized(item.text))
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
    out.standardizedStrings.erase(
        std::unique(out.standardizedStrings.begin(), out.standardizedStrings.end()),
        out.standardizedStrings.end());
    out.expectedRepr = pyRepr(list);
    return out;
}

} // namespace

std::shared_ptr<const CompiledCase>
compileCase(const data::Record &record, std::string_view categoryName, const CheckOptions &options)
{
    auto out = std::make_shared<CompiledCase>();
    out->id = record.id;
    out->options = options;
    if (!categoryName.empty()) {
        out->route = routeForCategoryName(categoryName);
    } else {
        const data::Category category = record.category == data::Category::None
                                            ? data::inferCategory(record)
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
        call.checkTool = out->route == Route::Simple ? (out->tools.empty() ? -1 : 0) : call.tool;
        if (call.checkTool >= 0) {
            const CompiledTool &tool = out->tools[static_cast<std::size_t>(call.checkTool)];
            call.goldOfSchema.assign(tool.params.size(), -1);
            for (std::size_t g = 0; g < call.params.size(); ++g) {
                const int si = tool.indexOf(call.params[g].name);
                call.schemaOfGold.push_back(si);
                if (si >= 0)
                    call.goldOfSchema[static_cast<std::size_t>(si)] = static_cast<int>(g);
            }
        }
        out->gold.push_back(std::move(call));
    }
    out->gatherLines();
    return out;
}

namespace {

// Collects the 64-byte lines of heap blocks, in the order a check first reads them.
class LineGatherer
{
public:
    explicit LineGatherer(PrefetchLines &lines)
        : m_lines(lines)
    {
    }

    void block(const void *data, std::size_t bytes)
    {
        if (!data || bytes == 0)
            return;
        const auto begin = reinterpret_cast<std::uintptr_t>(data) & ~std::uintptr_t(63);
        const auto end = reinterpret_cast<std::uintptr_t>(data) + bytes;
        for (std::uintptr_t a = begin; a < end && m_lines.count < PrefetchLines::kMax; a += 64) {
            const void *line = reinterpret_cast<const void *>(a);
            if (!m_lines.contains(line))
                m_lines.line[m_lines.count++] = line;
        }
    }
    template<typename T>
    void array(const std::vector<T> &v)
    {
        block(v.data(), v.size() * sizeof(T));
    }
    // A string's characters when they live on the heap (a short one is inside its object).
    void text(const std::string &s)
    {
        const char *object = reinterpret_cast<const char *>(&s);
        if (s.data() < object || s.data() >= object + sizeof(std::string))
            block(s.data(), s.size());
    }
    void value(const Value &v, int depth)
    {
        text(v.text);
        if (depth > 3)
            return;
        array(v.items);
        for (const Value &item : v.items)
            value(item, depth + 1);
        array(v.entries);
        for (const DictEntry &e : v.entries) {
            value(e.key, depth + 1);
            value(e.value, depth + 1);
        }
    }

private:
    PrefetchLines &m_lines;
};

} // namespace

void CompiledCase::gatherLines()
{
    // Only what a check of a right or nearly right prediction reads, by parameter type: the
    // strings for str parameters, the alternatives for lists and dicts, the allowed values
    // for the rest. What only error messages read (expectedRepr, required names) is left out.
    lines = {};
    LineGatherer g(lines);
    g.array(gold);
    for (const CompiledGoldCall &call : gold) {
        const CompiledTool *tool
            = call.checkTool >= 0 && static_cast<std::size_t>(call.checkTool) < tools.size()
                  ? &tools[static_cast<std::size_t>(call.checkTool)]
                  : nullptr;
        if (tool) {
            g.block(tool, sizeof(CompiledTool));
            g.text(tool->expectedName);
            g.array(tool->params);
            for (const CompiledParamSchema &p : tool->params)
                g.text(p.name);
            g.array(tool->requiredIndex);
        }
        g.array(call.goldOfSchema);
        g.array(call.schemaOfGold);
        g.array(call.params);
        for (std::size_t k = 0; k < call.params.size(); ++k) {
            const CompiledGoldParam &p = call.params[k];
            g.text(p.name);
            const int si = k < call.schemaOfGold.size() ? call.schemaOfGold[k] : -1;
            const PyType expected = tool && si >= 0
                                        ? tool->params[static_cast<std::size_t>(si)].expected
                                        : PyType::Unknown;
            const bool variable = p.goldType && *p.goldType != expected;
            if (expected == PyType::Str && !variable) {
                g.array(p.standardizedStrings);
                for (const std::string &s : p.standardizedStrings)
                    g.text(s);
            } else if ((expected == PyType::List || expected == PyType::Dict) && !variable) {
                g.array(p.alternatives);
                for (const CompiledAlternative &alt : p.alternatives) {
                    g.value(alt.value, 0);
                    if (alt.listComparable)
                        g.value(alt.standardizedList, 0);
                }
            } else {
                g.array(p.allowed);
                for (const Value &v : p.allowed)
                    g.value(v, 0);
            }
        }
    }
}

std::shared_ptr<const CompiledCase> compileCase(const data::Record &record,
                                                const CheckOptions &options)
{
    return compileCase(record, {}, options);
}

} // namespace itool::toolcall
