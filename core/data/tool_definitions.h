#pragma once
// Internal to the catalog: compact builders for normalised schemas and the per-domain
// functions that add the bundled tools. What it is not: public API (use tool_catalog.h).
#include "core/data/tool_catalog.h"

#include <cmath>
#include <initializer_list>
#include <string>
#include <utility>

namespace itool::data::tools {

inline Json prop(const char *type, const std::string &description)
{
    return Json{{"type", type}, {"description", description}};
}
inline Json str(const std::string &d) { return prop("string", d); }
inline Json integer(const std::string &d) { return prop("integer", d); }
inline Json number(const std::string &d) { return prop("number", d); }
inline Json boolean(const std::string &d) { return prop("boolean", d); }
inline Json enumOf(const std::string &d, std::initializer_list<const char *> values)
{
    Json p = str(d);
    p["enum"] = Json::array();
    for (const char *v : values)
        p["enum"].push_back(v);
    return p;
}
inline Json arrayOf(const std::string &d, Json items)
{
    Json p = prop("array", d);
    p["items"] = std::move(items);
    return p;
}
inline Json withDefault(Json p, Json value)
{
    p["default"] = std::move(value);
    return p;
}

// A parameter: name, schema, required?
struct P
{
    const char *name;
    Json schema;
    bool required = true;
};
inline P opt(const char *name, Json schema) { return P{name, std::move(schema), false}; }

inline Json schema(const std::string &name, const std::string &description, std::initializer_list<P> params)
{
    Json properties = Json::object();
    Json required = Json::array();
    for (const P &p : params) {
        properties[p.name] = p.schema;
        if (p.required)
            required.push_back(p.name);
    }
    return Json{{"name", name},
                {"description", description},
                {"parameters", Json{{"type", "object"}, {"properties", properties}, {"required", required}}}};
}

// Rounds for results: simulated APIs answer with 1-2 decimals like real ones.
inline double round2(double x) { return std::round(x * 100.0) / 100.0; }
inline double round1(double x) { return std::round(x * 10.0) / 10.0; }

// Shared argument checks that throw ToolFailure with a message a caller can act on.
void requireIsoDate(const Json &args, const char *key);
void requireTime(const Json &args, const char *key); // HH:MM, 24-hour
void requirePositive(const Json &args, const char *key);
void requireNonEmpty(const Json &args, const char *key);
std::string idFrom(RandomStream &r, const char *prefix, int digits);

void addWeatherTools(ToolCatalog &c);
void addTravelTools(ToolCatalog &c);
void addMapsTools(ToolCatalog &c);
void addFinanceTools(ToolCatalog &c);
void addShoppingTools(ToolCatalog &c);
void addCalendarTools(ToolCatalog &c);
void addMessagingTools(ToolCatalog &c);
void addMathTools(ToolCatalog &c);
void addHomeTools(ToolCatalog &c);
void addFoodTools(ToolCatalog &c);
void addLanguageTools(ToolCatalog &c);
void addFitnessTools(ToolCatalog &c);

} // namespace itool::data::tools
