// itool split: sets easy / medium / hard on records (structural, perplexity or manual).
#include "app/cli/command_registry.h"
#include "core/common/user_error.h"
#include "core/data/difficulty_splitter.h"
#include "core/data/native_jsonl.h"
#include "core/data/response_scorer.h"

#include <iostream>

namespace {

itool::cli::CommandRegistrar reg{
    {"split",
     "Split records into easy, medium and hard",
     "--in RECORDS [--strategy structural|perplexity|manual] [--model DIR] [--overrides FILE] --out FILE",
     "structural (default): points from the number of gold calls, candidate tools, values not\n"
     "written verbatim in the user turns, and earlier turns; see docs/split.md for the rule.\n"
     "perplexity: terciles of the gold response's perplexity under --model (not available in\n"
     "this build yet: it fails with a message). manual: applies --overrides only.\n"
     "--overrides FILE (JSON Lines {\"id\",\"difficulty\"}) records a person's decisions; with any\n"
     "strategy they are applied first. A difficulty a person set is never overwritten.",
     {{"in", "RECORDS", "native JSON Lines records (required)"},
      {"strategy", "NAME", "structural (default), perplexity or manual"},
      {"model", "DIR", "model checkpoint folder, for --strategy perplexity"},
      {"overrides", "FILE", "person-set difficulties, JSON Lines {\"id\",\"difficulty\"}"},
      {"out", "FILE", "where to write the records with their difficulty (required)"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        using namespace itool::data;
        const std::string in = cl.required("in");
        const std::string out = cl.required("out");
        const std::string strategy = cl.valueOr("strategy", "structural");
        if (strategy != "structural" && strategy != "perplexity" && strategy != "manual")
            throw itool::UserError("itool split: unknown --strategy '" + strategy + "' (expected structural, perplexity or manual)");
        if (strategy == "manual" && !cl.has("overrides"))
            throw itool::UserError("itool split: --strategy manual needs --overrides FILE (JSON Lines {\"id\",\"difficulty\"})");
        // Fail before reading anything when the scorer cannot be opened.
        std::unique_ptr<ResponseScorer> scorer;
        if (strategy == "perplexity")
            scorer = openResponseScorer(cl.valueOr("model", ""));

        std::vector<itool::InputIssue> issues;
        std::vector<Record> records = readNativeJsonl(in, issues);
        const std::size_t badRecords = issues.size();
        std::uint64_t personDecisions = 0;
        if (auto path = cl.value("overrides")) {
            const auto overrides = readDifficultyOverrides(*path, issues);
            personDecisions = applyOverrides(records, overrides, *path, issues).changed;
        }
        for (const auto &issue : issues)
            std::cerr << issue.toString() << "\n";
        if (records.empty() && badRecords > 0)
            throw itool::UserError("itool split: no readable records in " + in);

        SplitSummary summary;
        if (strategy == "structural")
            summary = splitStructural(records);
        else if (strategy == "perplexity")
            summary = splitByPerplexity(records, *scorer);
        else {
            for (const Record &r : records)
                summary.keptByPerson += r.difficultyByPerson ? 1 : 0;
            summary.count(records);
        }
        writeNativeJsonl(out, records);

        std::cout << "split " << records.size() << " records (" << strategy << "): easy " << summary.easy << ", medium "
                  << summary.medium << ", hard " << summary.hard << ", unset " << summary.unset << "; "
                  << summary.keptByPerson << " set by a person kept; wrote " << out << "\n";
        if (badRecords > 0)
            std::cout << badRecords << " bad lines skipped (see stderr)\n";
        if (cl.wantsJson()) {
            itool::Json json{{"command", "split"},
                             {"strategy", strategy},
                             {"in", in},
                             {"out", out},
                             {"records", records.size()},
                             {"bad_lines", badRecords},
                             {"issues", issues.size()},
                             {"by_difficulty", {{"easy", summary.easy}, {"medium", summary.medium}, {"hard", summary.hard}, {"unset", summary.unset}}},
                             {"set_by_person", summary.keptByPerson},
                             {"person_decisions_applied", personDecisions},
                             {"changed", summary.changed + personDecisions}};
            itool::cli::printJsonSummary(json.dump());
        }
        return 0;
    }};

} // namespace
