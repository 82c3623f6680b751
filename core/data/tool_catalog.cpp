#include "core/data/tool_catalog.h"

#include "core/data/tool_definitions.h"

#include <algorithm>

namespace itool::data {

const ToolCatalog &ToolCatalog::builtin()
{
    static const ToolCatalog catalog = [] {
        ToolCatalog c;
        tools::addWeatherTools(c);
        tools::addTravelTools(c);
        tools::addMapsTools(c);
        tools::addFinanceTools(c);
        tools::addShoppingTools(c);
        tools::addCalendarTools(c);
        tools::addMessagingTools(c);
        tools::addMathTools(c);
        tools::addHomeTools(c);
        tools::addFoodTools(c);
        tools::addLanguageTools(c);
        tools::addFitnessTools(c);
        return c;
    }();
    return catalog;
}

void ToolCatalog::add(ToolDefinition tool) { m_tools.push_back(std::move(tool)); }

const ToolDefinition *ToolCatalog::find(std::string_view name) const
{
    const std::size_t i = indexOf(name);
    return i == std::string::npos ? nullptr : &m_tools[i];
}

std::size_t ToolCatalog::indexOf(std::string_view name) const
{
    for (std::size_t i = 0; i < m_tools.size(); ++i)
        if (m_tools[i].name() == name)
            return i;
    return std::string::npos;
}

std::vector<std::string> ToolCatalog::domains() const
{
    std::vector<std::string> out;
    for (const ToolDefinition &t : m_tools)
        if (std::find(out.begin(), out.end(), t.domain) == out.end())
            out.push_back(t.domain);
    return out;
}

Json ToolCatalog::toJson() const
{
    Json out = Json::array();
    for (const ToolDefinition &t : m_tools) {
        Json entry = t.schema;
        entry["domain"] = t.domain;
        entry["look_alikes"] = t.lookAlikes;
        out.push_back(std::move(entry));
    }
    return out;
}

} // namespace itool::data
