#pragma once
// Runs a tool call against the simulated catalog: checks the arguments against the schema,
// fills defaults and calls the tool's executor with a random stream seeded from the call, so
// the same call always returns the same result. What it is not: a sandbox for real APIs.
#include "core/data/tool_catalog.h"

#include <string>

namespace itool::data {

struct ToolResult
{
    bool ok = false;
    Json value;        // the result on success; {"error": message} on failure
    std::string error; // empty on success

    // The text a tool turn carries in a conversation (compact JSON).
    std::string text() const { return value.dump(); }
};

class ToolSimulator
{
public:
    explicit ToolSimulator(const ToolCatalog &catalog = ToolCatalog::builtin()) : m_catalog(catalog) {}

    // Never throws for bad calls: unknown tool, wrong types, missing or unknown parameters
    // and nonsensical values all come back as an error result.
    ToolResult execute(const std::string &toolName, const Json &arguments) const;

private:
    const ToolCatalog &m_catalog;
};

} // namespace itool::data
