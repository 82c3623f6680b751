// itool stats: counts records by category, difficulty, tool and domain.
#include "app/cli/command_registry.h"
#include "core/common/user_error.h"
#include "core/data/importer.h"
#include "core/data/record_stats.h"

#include <iostream>

namespace {

int runStats(const itool::cli::CommandLine &cl)
{
    using namespace itool::data;
    if (cl.positionals().size() != 1)
        throw itool::UserError("itool stats: name one RECORDS file (native JSON Lines)");
    ImportOptions options;
    options.format = DataFormat::Native;
    ImportResult input = importFile(cl.positionals()[0], options);
    for (const itool::InputIssue &issue : input.issues)
        std::cerr << issue.toString() << "\n";
    if (!input.ok())
        throw itool::UserError("itool stats: " + input.error);
    const RecordStats stats = computeStats(input.records);
    std::cout << statsToTable(stats, std::size_t(cl.intValue("top", 20)));
    if (input.issueCount > 0)
        std::cout << "(" << input.issueCount << " lines skipped)\n";
    if (cl.wantsJson()) {
        itool::Json summary = statsToJson(stats);
        summary["skipped"] = input.issueCount;
        itool::cli::printJsonSummary(summary.dump());
    }
    return 0;
}

itool::cli::CommandRegistrar reg{
    {"stats",
     "Count records by category, difficulty, tool and domain",
     "RECORDS.jsonl",
     "Reads native records and prints a table; with --json the full counts (every tool) are\n"
     "the last line of stdout.",
     {{"top", "N", "tool rows to show in the table (default 20)"}}},
    runStats};

} // namespace
