#pragma once
// The synthetic tool environment: every bundled tool's normalised JSON schema, its domain,
// the tools it is easily confused with, and its simulated executor. What it is not: the
// request generator (request_generator.h) or the executor front door (tool_simulator.h).
#include "core/common/json.h"
#include "core/data/random_stream.h"

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace itool::data {

// Thrown by an executor for arguments that have the right types but make no sense
// (a date that does not exist, an unknown ticker): the call then returns an error result.
class ToolFailure : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Receives the arguments with defaults filled in and a random stream seeded from the call
// itself, so the same call always gives the same result.
using ToolExecutor = std::function<Json(const Json &arguments, RandomStream &random)>;

struct ToolDefinition
{
    Json schema; // {"name","description","parameters":{"type":"object","properties","required"}}
    std::string domain;
    std::vector<std::string> lookAlikes; // tools a model may confuse with this one
    ToolExecutor execute;

    const std::string &name() const { return schema["name"].get_ref<const std::string &>(); }
};

class ToolCatalog
{
public:
    // The bundled catalog (built once, shared).
    static const ToolCatalog &builtin();

    void add(ToolDefinition tool);
    const std::vector<ToolDefinition> &tools() const { return m_tools; }
    const ToolDefinition *find(std::string_view name) const;
    std::size_t indexOf(std::string_view name) const; // npos when unknown
    std::vector<std::string> domains() const;         // in first-seen order

    // The catalog file (datasets/tools.json): a list of normalised schemas, each with two
    // extra keys, "domain" and "look_alikes", that schema readers may ignore.
    Json toJson() const;

private:
    std::vector<ToolDefinition> m_tools;
};

} // namespace itool::data
