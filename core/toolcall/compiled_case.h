#pragma once
// Internal to core/toolcall: a record's tools and gold answers prepared once for fast
// checking (Python types resolved, gold values as Value, strings standardised ahead).
// What it is not: part of the public API (checker.h hands it out opaquely).
#include "core/toolcall/checker.h"

#include <algorithm>
#include <array>
#include <optional>

namespace itool::toolcall {

// The Python types BFCL maps schema types to (PYTHON_TYPE_MAPPING), plus Unknown.
enum class PyType : std::uint8_t { None, Str, Int, Float, Bool, List, Tuple, Dict, Other, Unknown };

PyType pyTypeOf(const Value &value);

struct CompiledParamSchema
{
    std::string name;
    PyType expected = PyType::Unknown; // "tuple" and "array" both expect a list
    bool declaredTuple = false;        // BFCL turns a tuple value into a list for these
    bool declaredFloat = false;        // an int is accepted (as float) at top level
    std::optional<PyType> nested;      // item type of array/tuple
};

struct CompiledTool
{
    std::string name;
    std::string expectedName; // after the underscore option
    std::vector<CompiledParamSchema> params;
    std::vector<std::string> required;
    std::vector<int> requiredIndex; // index into params, -1 when not declared
    const CompiledParamSchema *find(std::string_view param) const;
    int indexOf(std::string_view param) const;
};

struct CompiledAlternative
{
    Value value;
    bool isEmptyString = false;  // the "" that makes a parameter optional
    std::string standardized;    // string alternatives, standardised
    Value standardizedList;      // list_checker's view: a list with string items standardised
    bool listComparable = false; // false where BFCL's list_checker could not use it
};

struct CompiledGoldParam
{
    std::string name;
    std::vector<Value> allowed; // as written, for `in` and repr
    std::vector<CompiledAlternative> alternatives;
    std::vector<std::string>
        standardizedStrings;        // string alternatives standardised, sorted, unique
    std::optional<PyType> goldType; // type of the first alternative that is not ""
    bool omittable = false;
    std::string expectedRepr;
};

struct CompiledGoldCall
{
    std::string name;
    int tool = -1;      // index into tools; -1 when the gold names an undeclared function
    int checkTool = -1; // the tool BFCL checks it with (the first one in simple categories)
    std::vector<CompiledGoldParam> params;
    std::vector<int> goldOfSchema; // per parameter of checkTool: index into params or -1
    std::vector<int> schemaOfGold; // per gold parameter: index into checkTool's params or -1
    const CompiledGoldParam *find(std::string_view param) const;
};

// The cache lines a check reads, gathered once compiled (CompiledCase::lines). Held inside the
// case itself rather than in a vector of its own, so that issuing the prefetches does not first
// wait for a miss on a separate block of pointers.
struct PrefetchLines
{
    static constexpr std::size_t kMax = 64; // beyond this, prefetching costs more than it saves
    std::array<const void *, kMax> line{};
    std::uint32_t count = 0;
    bool contains(const void *l) const
    {
        return std::find(line.begin(), line.begin() + count, l) != line.begin() + count;
    }
};

struct CompiledCase
{
    // The cache lines of the heap blocks a check reads (the gold and the tools it is checked
    // with), gathered once compiled. Checking many records in turn is bound by memory latency:
    // the gold is a tree of small blocks, and following it pointer by pointer pays one miss
    // after another. Prefetching these lines first lets the misses overlap.
    PrefetchLines lines;
    std::string id;
    Route route = Route::Simple;
    CheckOptions options;
    std::vector<CompiledTool> tools;
    std::vector<CompiledGoldCall> gold;
    void gatherLines();
    void prefetch() const
    {
        for (std::uint32_t i = 0; i < lines.count; ++i)
            __builtin_prefetch(lines.line[i], 0, 3);
    }
};

} // namespace itool::toolcall
