// itool generate: writes synthetic tool-use records from the bundled catalog.
#include "app/cli/command_registry.h"
#include "core/common/user_error.h"
#include "core/data/request_generator.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace {

itool::Json counts(const std::map<std::string, std::uint64_t> &m)
{
    itool::Json out = itool::Json::object();
    for (const auto &[k, v] : m)
        out[k] = v;
    return out;
}

itool::cli::CommandRegistrar reg{
    {"generate",
     "Generate synthetic tool-use records over the bundled tool catalog",
     "--count N --seed S --out FILE",
     "Writes N records as native JSON Lines. The same seed always gives a byte-identical file.\n"
     "Records cover the categories simple, multiple, parallel, parallel_multiple and none, and\n"
     "list in meta.reasoning what their values need (number words, unit conversions, relative\n"
     "dates, earlier turns, look-alike tools, ...). See docs/synthetic-data.md.",
     {{"count", "N", "number of records (required)"},
      {"seed", "S", "random seed, a non-negative integer (default 1)"},
      {"out", "FILE", "output file, native JSON Lines (required)"},
      {"catalog", "FILE", "also write the tool catalog (schemas, domains, look-alikes) as JSON"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        const long long count = cl.intValue("count", -1);
        if (!cl.has("count"))
            throw itool::UserError("itool generate: --count is required (see itool generate --help)");
        if (count < 0)
            throw itool::UserError("itool generate: --count must be 0 or more, got " + std::to_string(count));
        const long long seed = cl.intValue("seed", 1);
        if (seed < 0)
            throw itool::UserError("itool generate: --seed must be 0 or more, got " + std::to_string(seed));
        const std::string path = cl.required("out");
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        if (!out)
            throw itool::UserError("itool generate: cannot write " + path);
        if (auto catalogPath = cl.value("catalog")) {
            std::ofstream catalog(*catalogPath, std::ios::binary | std::ios::trunc);
            catalog << itool::data::ToolCatalog::builtin().toJson().dump(1, '\t') << "\n";
            if (!catalog)
                throw itool::UserError("itool generate: cannot write " + *catalogPath);
        }
        const auto start = std::chrono::steady_clock::now();
        std::function<void(std::uint64_t)> progress;
        if (isatty(STDERR_FILENO))
            progress = [](std::uint64_t done) { std::cerr << "generated " << done << " records\r" << std::flush; };
        const auto summary = itool::data::writeGeneratedRecords(out, static_cast<std::uint64_t>(count),
                                                                static_cast<std::uint64_t>(seed), progress);
        out.close();
        if (!out)
            throw itool::UserError("itool generate: writing " + path + " failed (disk full?)");
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << "wrote " << summary.records << " records (" << summary.bytes << " bytes) to " << path << " in "
                  << seconds << " s\n";
        for (const auto &[category, n] : summary.byCategory)
            std::cout << "  " << category << ": " << n << "\n";
        if (cl.wantsJson()) {
            itool::Json json{{"command", "generate"}, {"out", path}, {"records", summary.records}, {"bytes", summary.bytes},
                             {"seed", seed}, {"seconds", seconds}, {"by_category", counts(summary.byCategory)},
                             {"by_reasoning", counts(summary.byReasoning)}, {"by_domain", counts(summary.byDomain)}};
            itool::cli::printJsonSummary(json.dump());
        }
        return 0;
    }};

} // namespace
