#pragma once
// A Python/JSON literal as a tool call carries it: none, bool, int, float, string, list,
// tuple, dict, each with the byte span it came from. Ints and floats stay distinct (5 vs 5.0)
// because the checker's type rules depend on it; equality follows Python's == (5 == 5.0,
// True == 1, a list never equals a tuple) because BFCL compares values with Python's `in`.
// What it is not: a general JSON type (see itool::Json) or a schema.
#include "core/common/json.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace itool::toolcall {

// Byte offsets into the raw text a value was parsed from; empty (0, 0) when it came from JSON
// that was already decoded.
struct Span
{
    std::uint32_t begin = 0, end = 0;
    bool empty() const { return begin == end; }
    bool operator==(const Span &) const = default;
};

struct DictEntry;

struct Value
{
    // Other: a Python literal without a JSON counterpart (complex, bytes, an int beyond
    // 64 bits); it keeps its source text in `text` and equals nothing.
    enum class Kind : std::uint8_t { None, Bool, Int, Float, String, List, Tuple, Dict, Other };

    Kind kind = Kind::None;
    bool boolean = false;
    std::int64_t integer = 0;
    double number = 0.0;
    std::string text;               // String, Other
    std::vector<Value> items;       // List, Tuple
    std::vector<DictEntry> entries; // Dict, in insertion order, keys unique
    Span span;

    static Value none(Span s = {});
    static Value fromBool(bool b, Span s = {});
    static Value fromInt(std::int64_t i, Span s = {});
    static Value fromFloat(double d, Span s = {});
    static Value fromString(std::string str, Span s = {});

    bool isNumeric() const { return kind == Kind::Bool || kind == Kind::Int || kind == Kind::Float; }
    bool isSequence() const { return kind == Kind::List || kind == Kind::Tuple; }
    // Dict lookup with Python key equality (1, 1.0 and True are the same key).
    const Value *find(const Value &key) const;
    const Value *find(std::string_view key) const;
    // Python's dict assignment: an existing key keeps its place and takes the new value.
    // Linear in the dict's size; DictBuilder keeps building large dicts linear overall.
    void setEntry(Value key, Value value);
};

struct DictEntry
{
    Value key;
    Value value;
};

// Builds a dict entry by entry with Python's assignment semantics, hashing string keys once
// the dict grows, so that adversarial input with many keys stays fast.
class DictBuilder
{
public:
    explicit DictBuilder(Value &dict) : m_dict(dict) {}
    void set(Value key, Value value);

private:
    Value &m_dict;
    std::unordered_map<std::string, std::size_t> m_index; // string key -> entry, once large
    bool m_indexed = false;
    bool m_onlyStrings = true;
};

// Python's ==.
bool pyEqual(const Value &a, const Value &b);
// Python's `value in alternatives`.
bool pyIn(const Value &value, const std::vector<Value> &alternatives);

// Python's repr(), for messages ("'x'", "5", "5.0", "[1, 2]", "True").
std::string pyRepr(const Value &value);
void appendPyRepr(std::string &out, const Value &value);
// Python's repr() of a float ("1.0", "1e+16", "0.1").
void appendFloatRepr(std::string &out, double d);

// Python's type name ("int", "float", "str", "list", "tuple", "dict", "bool", "NoneType").
std::string_view pyTypeName(const Value &value);

// ints stay ints, floats stay floats, tuples become arrays, non-string dict keys become their
// JSON text ("5", "true", "null") as json.dumps writes them.
Json toJson(const Value &value);
// JSON has no tuples: arrays become lists. Spans are empty.
Value fromJson(const Json &json);

} // namespace itool::toolcall
