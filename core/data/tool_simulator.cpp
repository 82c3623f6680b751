#include "core/data/tool_simulator.h"

#include "core/data/argument_validator.h"

namespace itool::data {

namespace {
ToolResult failure(const std::string &message)
{
    return ToolResult{false, Json{{"error", message}}, message};
}
} // namespace

ToolResult ToolSimulator::execute(const std::string &toolName, const Json &arguments) const
{
    const ToolDefinition *tool = m_catalog.find(toolName);
    if (!tool)
        return failure("unknown tool \"" + toolName + "\"");
    if (auto problem = checkArguments(tool->schema, arguments))
        return failure(toolName + ": " + *problem);
    const Json complete = withDefaults(tool->schema, arguments);
    // Seeded from the call itself: the result depends on nothing else.
    RandomStream random(RandomStream::hash(complete.dump(), RandomStream::hash(toolName)));
    try {
        return ToolResult{true, tool->execute(complete, random), {}};
    } catch (const ToolFailure &e) {
        return failure(toolName + ": " + e.what());
    } catch (const Json::exception &e) {
        // A schema/executor mismatch is our bug, but a caller must still get a result.
        return failure(toolName + ": internal error reading arguments: " + e.what());
    }
}

} // namespace itool::data
