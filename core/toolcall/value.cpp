// Value helpers: Python equality, repr and the JSON bridges.
#include "core/toolcall/value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace itool::toolcall {

Value Value::none(Span s)
{
    Value v;
    v.span = s;
    return v;
}

Value Value::fromBool(bool b, Span s)
{
    Value v;
    v.kind = Kind::Bool;
    v.boolean = b;
    v.span = s;
    return v;
}

Value Value::fromInt(std::int64_t i, Span s)
{
    Value v;
    v.kind = Kind::Int;
    v.integer = i;
    v.span = s;
    return v;
}

Value Value::fromFloat(double d, Span s)
{
    Value v;
    v.kind = Kind::Float;
    v.number = d;
    v.span = s;
    return v;
}

Value Value::fromString(std::string str, Span s)
{
    Value v;
    v.kind = Kind::String;
    v.text = std::move(str);
    v.span = s;
    return v;
}

const Value *Value::find(const Value &key) const
{
    for (const DictEntry &e : entries)
        if (pyEqual(e.key, key))
            return &e.value;
    return nullptr;
}

const Value *Value::find(std::string_view key) const
{
    for (const DictEntry &e : entries)
        if (e.key.kind == Kind::String && e.key.text == key)
            return &e.value;
    return nullptr;
}

void Value::setEntry(Value key, Value value)
{
    for (DictEntry &e : entries) {
        if (pyEqual(e.key, key)) {
            e.value = std::move(value);
            return;
        }
    }
    entries.push_back(DictEntry{std::move(key), std::move(value)});
}

void DictBuilder::set(Value key, Value value)
{
    constexpr std::size_t kLinearLimit = 32;
    m_onlyStrings = m_onlyStrings && key.kind == Value::Kind::String;
    if (!m_onlyStrings || m_dict.entries.size() < kLinearLimit) {
        m_dict.setEntry(std::move(key), std::move(value));
        return;
    }
    if (!m_indexed) {
        for (std::size_t i = 0; i < m_dict.entries.size(); ++i)
            m_index.emplace(m_dict.entries[i].key.text, i);
        m_indexed = true;
    }
    auto [it, inserted] = m_index.emplace(key.text, m_dict.entries.size());
    if (!inserted) {
        m_dict.entries[it->second].value = std::move(value);
        return;
    }
    m_dict.entries.push_back(DictEntry{std::move(key), std::move(value)});
}

namespace {

// Exact comparison of an int64 with a double, as Python compares int and float.
bool intEqualsFloat(std::int64_t i, double d)
{
    if (!std::isfinite(d) || d != std::floor(d))
        return false;
    if (d < -9223372036854775808.0 || d >= 9223372036854775808.0)
        return false;
    return static_cast<std::int64_t>(d) == i;
}

std::int64_t asInt(const Value &v) { return v.kind == Value::Kind::Bool ? (v.boolean ? 1 : 0) : v.integer; }

} // namespace

bool pyEqual(const Value &a, const Value &b)
{
    using K = Value::Kind;
    if (a.isNumeric() && b.isNumeric()) {
        if (a.kind == K::Float && b.kind == K::Float)
            return a.number == b.number;
        if (a.kind == K::Float)
            return intEqualsFloat(asInt(b), a.number);
        if (b.kind == K::Float)
            return intEqualsFloat(asInt(a), b.number);
        return asInt(a) == asInt(b);
    }
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case K::None:
        return true;
    case K::String:
        return a.text == b.text;
    case K::List:
    case K::Tuple:
        if (a.items.size() != b.items.size())
            return false;
        for (std::size_t i = 0; i < a.items.size(); ++i)
            if (!pyEqual(a.items[i], b.items[i]))
                return false;
        return true;
    case K::Dict:
        if (a.entries.size() != b.entries.size())
            return false;
        for (const DictEntry &e : a.entries) {
            const Value *other = b.find(e.key);
            if (!other || !pyEqual(e.value, *other))
                return false;
        }
        return true;
    default:
        return false; // Other never equals anything
    }
}

bool pyIn(const Value &value, const std::vector<Value> &alternatives)
{
    for (const Value &alt : alternatives)
        if (pyEqual(value, alt))
            return true;
    return false;
}

void appendFloatRepr(std::string &out, double d)
{
    if (std::isnan(d)) {
        out += "nan";
        return;
    }
    if (std::isinf(d)) {
        out += d < 0 ? "-inf" : "inf";
        return;
    }
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, res.ptr - buf);
    // sci: [-]D[.DDD]e[+-]XX
    bool negative = false;
    if (!sci.empty() && sci[0] == '-') {
        negative = true;
        sci.remove_prefix(1);
    }
    auto ePos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, ePos))
        if (c != '.')
            digits += c;
    int exp10 = 0;
    std::from_chars(sci.data() + ePos + 1 + (sci[ePos + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exp10);
    if (negative)
        out += '-';
    if (exp10 >= -5 + 1 && exp10 < 16) { // Python's repr switches to exponents outside 1e-4..1e16
        if (exp10 < 0) {
            out += "0.";
            out.append(static_cast<std::size_t>(-exp10 - 1), '0');
            out += digits;
        } else {
            const std::size_t intDigits = static_cast<std::size_t>(exp10) + 1;
            if (digits.size() <= intDigits) {
                out += digits;
                out.append(intDigits - digits.size(), '0');
                out += ".0";
            } else {
                out.append(digits, 0, intDigits);
                out += '.';
                out.append(digits, intDigits, std::string::npos);
            }
        }
        return;
    }
    out += digits[0];
    if (digits.size() > 1) {
        out += '.';
        out.append(digits, 1, std::string::npos);
    }
    char expBuf[16];
    std::snprintf(expBuf, sizeof expBuf, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    out += expBuf;
}

namespace {

void appendStringRepr(std::string &out, const std::string &s)
{
    const bool hasSingle = s.find('\'') != std::string::npos;
    const bool hasDouble = s.find('"') != std::string::npos;
    const char quote = hasSingle && !hasDouble ? '"' : '\'';
    out += quote;
    for (unsigned char c : s) {
        if (c == static_cast<unsigned char>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += quote;
}

} // namespace

void appendPyRepr(std::string &out, const Value &v)
{
    using K = Value::Kind;
    switch (v.kind) {
    case K::None:
        out += "None";
        break;
    case K::Bool:
        out += v.boolean ? "True" : "False";
        break;
    case K::Int:
        out += std::to_string(v.integer);
        break;
    case K::Float:
        appendFloatRepr(out, v.number);
        break;
    case K::String:
        appendStringRepr(out, v.text);
        break;
    case K::List:
    case K::Tuple: {
        out += v.kind == K::List ? '[' : '(';
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            if (i)
                out += ", ";
            appendPyRepr(out, v.items[i]);
        }
        if (v.kind == K::Tuple && v.items.size() == 1)
            out += ',';
        out += v.kind == K::List ? ']' : ')';
        break;
    }
    case K::Dict:
        out += '{';
        for (std::size_t i = 0; i < v.entries.size(); ++i) {
            if (i)
                out += ", ";
            appendPyRepr(out, v.entries[i].key);
            out += ": ";
            appendPyRepr(out, v.entries[i].value);
        }
        out += '}';
        break;
    case K::Other:
        out += v.text;
        break;
    }
}

std::string pyRepr(const Value &value)
{
    std::string out;
    appendPyRepr(out, value);
    return out;
}

std::string_view pyTypeName(const Value &value)
{
    switch (value.kind) {
    case Value::Kind::None: return "NoneType";
    case Value::Kind::Bool: return "bool";
    case Value::Kind::Int: return "int";
    case Value::Kind::Float: return "float";
    case Value::Kind::String: return "str";
    case Value::Kind::List: return "list";
    case Value::Kind::Tuple: return "tuple";
    case Value::Kind::Dict: return "dict";
    case Value::Kind::Other: return "object";
    }
    return "object";
}

namespace {

std::string jsonKey(const Value &key)
{
    switch (key.kind) {
    case Value::Kind::String: return key.text;
    case Value::Kind::None: return "null";
    case Value::Kind::Bool: return key.boolean ? "true" : "false";
    default: return pyRepr(key);
    }
}

} // namespace

Json toJson(const Value &v)
{
    using K = Value::Kind;
    switch (v.kind) {
    case K::None: return Json(nullptr);
    case K::Bool: return Json(v.boolean);
    case K::Int: return Json(v.integer);
    case K::Float: return Json(v.number);
    case K::String:
    case K::Other: return Json(v.text);
    case K::List:
    case K::Tuple: {
        Json array = Json::array();
        for (const Value &item : v.items)
            array.push_back(toJson(item));
        return array;
    }
    case K::Dict: {
        Json object = Json::object();
        for (const DictEntry &e : v.entries)
            object[jsonKey(e.key)] = toJson(e.value);
        return object;
    }
    }
    return Json(nullptr);
}

Value fromJson(const Json &json)
{
    switch (json.type()) {
    case Json::value_t::null: return Value::none();
    case Json::value_t::boolean: return Value::fromBool(json.get<bool>());
    case Json::value_t::number_integer: return Value::fromInt(json.get<std::int64_t>());
    case Json::value_t::number_unsigned: {
        const auto u = json.get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(INT64_MAX))
            return Value::fromInt(static_cast<std::int64_t>(u));
        Value big;
        big.kind = Value::Kind::Other;
        big.text = std::to_string(u);
        return big;
    }
    case Json::value_t::number_float: return Value::fromFloat(json.get<double>());
    case Json::value_t::string: return Value::fromString(json.get<std::string>());
    case Json::value_t::array: {
        Value list;
        list.kind = Value::Kind::List;
        list.items.reserve(json.size());
        for (const Json &item : json)
            list.items.push_back(fromJson(item));
        return list;
    }
    case Json::value_t::object: {
        Value dict;
        dict.kind = Value::Kind::Dict;
        dict.entries.reserve(json.size());
        for (auto it = json.begin(); it != json.end(); ++it)
            dict.entries.push_back(DictEntry{Value::fromString(it.key()), fromJson(it.value())});
        return dict;
    }
    default: return Value::none();
    }
}

} // namespace itool::toolcall
