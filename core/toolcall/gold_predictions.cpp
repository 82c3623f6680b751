// Gold-derived predictions and their wrong variants.
#include "core/toolcall/gold_predictions.h"

#include "core/toolcall/value.h"

#include <algorithm>

namespace itool::toolcall {

namespace {

const Json *findTool(const data::Record &record, const std::string &name)
{
    for (const Json &tool : record.tools)
        if (tool.is_object() && tool.value("name", std::string()) == name)
            return &tool;
    return nullptr;
}

bool declares(const Json *tool, const std::string &param)
{
    if (!tool || !tool->contains("parameters"))
        return false;
    const Json &p = (*tool)["parameters"];
    return p.is_object() && p.contains("properties") && p["properties"].is_object() && p["properties"].contains(param);
}

bool requiresParam(const Json *tool, const std::string &param)
{
    if (!tool || !tool->contains("parameters") || !(*tool)["parameters"].is_object())
        return false;
    const Json &p = (*tool)["parameters"];
    if (!p.contains("required") || !p["required"].is_array())
        return false;
    for (const Json &r : p["required"])
        if (r.is_string() && r.get<std::string>() == param)
            return true;
    return false;
}

bool isEmptyString(const Json &v) { return v.is_string() && v.get_ref<const std::string &>().empty(); }

// A gold dict value lists alternatives per key: pick one for each key.
Json pickNested(const Json &value, bool last)
{
    if (!value.is_object())
        return value;
    Json out = Json::object();
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (!it.value().is_array()) {
            out[it.key()] = it.value();
            continue;
        }
        const Json *chosen = nullptr;
        for (const Json &alt : it.value())
            if (!isEmptyString(alt) && (!chosen || last))
                chosen = &alt;
        if (chosen)
            out[it.key()] = pickNested(*chosen, last);
    }
    return out;
}

Json pickValue(const Json &value, bool last)
{
    if (value.is_object())
        return pickNested(value, last);
    if (value.is_array()) { // a list of dicts: each dict lists alternatives per key
        bool allObjects = !value.empty();
        for (const Json &item : value)
            allObjects = allObjects && item.is_object();
        if (allObjects) {
            Json out = Json::array();
            for (const Json &item : value)
                out.push_back(pickNested(item, last));
            return out;
        }
    }
    return value;
}

} // namespace

Json goldAsDecoded(const data::Record &record, const GoldPredictionOptions &options)
{
    Json calls = Json::array();
    for (const data::GoldCall &gold : record.gold) {
        const Json *tool = findTool(record, gold.name);
        Json args = Json::object();
        for (const data::GoldParam &param : gold.params) {
            if (!declares(tool, param.name))
                continue;
            const bool omittable = param.omittable();
            if (omittable && options.dropOptional && !requiresParam(tool, param.name))
                continue;
            const Json *chosen = nullptr;
            for (const Json &alt : param.allowed)
                if (!isEmptyString(alt) && (!chosen || options.lastAlternative))
                    chosen = &alt;
            if (!chosen) {
                if (requiresParam(tool, param.name))
                    args[param.name] = ""; // only "" allowed yet required: "" is the answer
                continue;
            }
            args[param.name] = pickValue(*chosen, options.lastAlternative);
        }
        Json call = Json::object();
        call[gold.name] = std::move(args);
        calls.push_back(std::move(call));
    }
    return calls;
}

void appendPythonLiteral(std::string &out, const Json &value)
{
    switch (value.type()) {
    case Json::value_t::null: out += "None"; break;
    case Json::value_t::boolean: out += value.get<bool>() ? "True" : "False"; break;
    case Json::value_t::number_integer: out += std::to_string(value.get<std::int64_t>()); break;
    case Json::value_t::number_unsigned: out += std::to_string(value.get<std::uint64_t>()); break;
    case Json::value_t::number_float: appendFloatRepr(out, value.get<double>()); break;
    case Json::value_t::string: appendPyRepr(out, Value::fromString(value.get<std::string>())); break;
    case Json::value_t::array: {
        out += '[';
        bool firstItem = true;
        for (const Json &item : value) {
            if (!firstItem)
                out += ", ";
            firstItem = false;
            appendPythonLiteral(out, item);
        }
        out += ']';
        break;
    }
    case Json::value_t::object: {
        out += '{';
        bool firstItem = true;
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (!firstItem)
                out += ", ";
            firstItem = false;
            appendPyRepr(out, Value::fromString(it.key()));
            out += ": ";
            appendPythonLiteral(out, it.value());
        }
        out += '}';
        break;
    }
    default: out += "None";
    }
}

std::string renderBracket(const Json &decoded)
{
    std::string out = "[";
    bool firstCall = true;
    for (const Json &call : decoded) {
        if (!call.is_object() || call.empty())
            continue;
        if (!firstCall)
            out += ", ";
        firstCall = false;
        const auto entry = call.begin();
        out += entry.key();
        out += '(';
        bool firstArg = true;
        for (auto it = entry.value().begin(); it != entry.value().end(); ++it) {
            if (!firstArg)
                out += ", ";
            firstArg = false;
            out += it.key();
            out += '=';
            appendPythonLiteral(out, it.value());
        }
        out += ')';
    }
    out += ']';
    return out;
}

const std::vector<Mutation> &allMutations()
{
    static const std::vector<Mutation> kAll{Mutation::WrongName,  Mutation::DropRequired, Mutation::ExtraParam,
                                            Mutation::WrongValue, Mutation::WrongType,    Mutation::WrongCount,
                                            Mutation::BreakSyntax};
    return kAll;
}

std::string_view toString(Mutation mutation)
{
    switch (mutation) {
    case Mutation::WrongName: return "wrong_name";
    case Mutation::DropRequired: return "drop_required";
    case Mutation::ExtraParam: return "extra_param";
    case Mutation::WrongValue: return "wrong_value";
    case Mutation::WrongType: return "wrong_type";
    case Mutation::WrongCount: return "wrong_count";
    case Mutation::BreakSyntax: return "break_syntax";
    }
    return "";
}

bool mutatePrediction(const data::Record &record, const Json &decoded, Mutation mutation, std::mt19937 &rng,
                      Json &out)
{
    if (!decoded.is_array() || decoded.empty())
        return false;
    out = decoded;
    const std::size_t c = rng() % out.size();
    Json &call = out[c];
    const std::string name = call.begin().key();
    Json &args = call.begin().value();
    switch (mutation) {
    case Mutation::WrongName: {
        Json renamed = Json::object();
        renamed[name + "_v2"] = args;
        call = std::move(renamed);
        return true;
    }
    case Mutation::DropRequired: {
        const Json *tool = findTool(record, name);
        std::vector<std::string> present;
        for (auto it = args.begin(); it != args.end(); ++it)
            if (requiresParam(tool, it.key()))
                present.push_back(it.key());
        if (present.empty())
            return false;
        args.erase(present[rng() % present.size()]);
        return true;
    }
    case Mutation::ExtraParam:
        args["unexpected_flag"] = true;
        return true;
    case Mutation::WrongValue:
    case Mutation::WrongType: {
        if (args.empty())
            return false;
        auto it = args.begin();
        std::advance(it, static_cast<std::ptrdiff_t>(rng() % args.size()));
        Json &v = it.value();
        if (mutation == Mutation::WrongType) {
            v = v.is_string() ? Json(12345) : Json("12345");
            return true;
        }
        if (v.is_number_integer())
            v = v.get<std::int64_t>() + 7;
        else if (v.is_number_float())
            v = v.get<double>() * 2 + 1.5;
        else if (v.is_string())
            v = v.get<std::string>() + " Zzq";
        else if (v.is_boolean())
            v = !v.get<bool>();
        else if (v.is_array())
            v.push_back(v.empty() ? Json(1) : v.back());
        else
            return false;
        return true;
    }
    case Mutation::WrongCount:
        out.push_back(out[c]);
        return true;
    case Mutation::BreakSyntax: {
        std::string raw = renderBracket(decoded);
        raw.insert(raw.size() / 2, "((");
        out = raw;
        return true;
    }
    }
    return false;
}

} // namespace itool::toolcall
