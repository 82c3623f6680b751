#pragma once
// The synthetic request generator: user requests (single- and multi-turn) over the bundled
// tool catalog, each with its gold calls as BFCL-style allowed values, its category, domain
// and the reasoning kinds its values need (meta.reasoning). Record i depends only on
// (seed, i), with a fully specified PRNG, so a seed always gives the same bytes.
// What it is not: the tools and executors (tool_catalog.h) or the split.
#include "core/data/record.h"
#include "core/data/tool_catalog.h"
#include "core/data/tool_simulator.h"

#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>

namespace itool::data {

// Shares of each category, in percent of records (they need not sum to 100).
struct CategoryMix
{
    double none = 12;
    double simple = 25;
    double multiple = 28;
    double parallel = 15;
    double parallelMultiple = 20;
};

class RequestGenerator
{
public:
    explicit RequestGenerator(std::uint64_t seed, CategoryMix mix = {},
                              const ToolCatalog &catalog = ToolCatalog::builtin());

    Record generate(std::uint64_t index) const;

    std::uint64_t seed() const { return m_seed; }
    static constexpr const char *kGeneratorName = "itool-synth/1";

private:
    std::uint64_t m_seed;
    CategoryMix m_mix;
    const ToolCatalog &m_catalog;
    ToolSimulator m_simulator;
};

struct GenerateSummary
{
    std::uint64_t records = 0;
    std::uint64_t bytes = 0;
    std::map<std::string, std::uint64_t> byCategory;
    std::map<std::string, std::uint64_t> byReasoning;
    std::map<std::string, std::uint64_t> byDomain;
};

// Writes count records as native JSON Lines; progress (may be empty) gets records done.
GenerateSummary writeGeneratedRecords(std::ostream &out, std::uint64_t count, std::uint64_t seed,
                                      const std::function<void(std::uint64_t)> &progress = {});

} // namespace itool::data
