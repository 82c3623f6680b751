// itool export-pairs: the workspace's preference pairs for TRL, LLaMA-Factory, OpenRLHF or
// the native form. Parses arguments; the work is core/store/pair_exporter.
#include "app/cli/command_registry.h"
#include "core/common/user_error.h"
#include "core/store/pair_exporter.h"
#include "core/store/preference_store.h"

#include <filesystem>
#include <iostream>

namespace {

int runExportPairs(const itool::cli::CommandLine &cl)
{
    using namespace itool::store;
    const std::string workspace = cl.required("workspace");
    const std::string out = cl.required("out");
    const std::string formatName = cl.required("format");
    const auto format = pairFormatFromString(formatName);
    if (!format)
        throw itool::UserError("itool export-pairs: unknown --format '" + formatName
                               + "' (expected trl, llamafactory, openrlhf or native)");
    if (!std::filesystem::exists(workspaceDatabasePath(workspace)))
        throw itool::UserError("itool export-pairs: " + workspace
                               + " is not a workspace (no workspace.sqlite)");
    PairExportOptions options;
    options.format = *format;
    const std::string prefix = cl.valueOr("prefix", "prompt");
    if (prefix == "responses")
        options.prefix = PrefixPlacement::Responses;
    else if (prefix != "prompt")
        throw itool::UserError("itool export-pairs: --prefix must be prompt or responses, not '"
                               + prefix + "'");
    options.datasetName = cl.valueOr("dataset-name", options.datasetName);

    PairQuery query;
    query.run = cl.valueOr("run", "");
    query.round = int(cl.intValue("round", -1));
    const std::string status = cl.valueOr("status", "");
    if (status == "approved")
        query.approvedOnly = true; // approved or edited: what a person accepted
    else if (!status.empty() && status != "all")
        query.status = status;

    PreferenceStore store(workspaceDatabasePath(workspace));
    const std::vector<StoredPair> pairs = store.pairs(query);
    const auto records = workspaceRecords(workspace, pairs);
    const PairExportResult result = exportPairsToFile(pairs, records, options, out);
    for (const itool::InputIssue &issue : result.skipped)
        std::cerr << issue.toString() << " [not exported]\n";
    for (const std::string &note : result.notes)
        std::cerr << "note: " << note << "\n";
    std::cout << "wrote " << result.written << " of " << pairs.size() << " pairs to " << out
              << " as " << toString(*format) << " (" << result.skipped.size() << " not exported, "
              << result.withoutRecord
              << " with the stored prompt text because the record is not in the workspace)\n";
    if (!result.datasetInfoPath.empty())
        std::cout << "dataset_info entry \"" << options.datasetName << "\" written to "
                  << result.datasetInfoPath << "\n";
    if (cl.wantsJson())
        itool::cli::printJsonSummary(itool::Json{
            {"out", out},
            {"format", toString(*format)},
            {"pairs", pairs.size()},
            {"written", result.written},
            {"not_exported", result.skipped.size()},
            {"without_record", result.withoutRecord},
            {"dataset_info",
             result.datasetInfoPath}}.dump());
    return 0;
}

itool::cli::CommandRegistrar reg{
    {"export-pairs",
     "Write the workspace's preference pairs for TRL, LLaMA-Factory, OpenRLHF or natively",
     "--workspace DIR --format trl|llamafactory|openrlhf|native --out FILE",
     "TRL: {\"prompt\",\"chosen\",\"rejected\",\"tools\"} (conversational, tools as a list of\n"
     "schemas). LLaMA-Factory: sharegpt ranking "
     "{\"conversations\",\"chosen\",\"rejected\",\"system\",\n"
     "\"tools\"} plus an entry in dataset_info.json beside FILE. OpenRLHF: chosen/rejected as "
     "full\n"
     "message lists. native: every stored field. Edited pairs are written with their edits.\n"
     "The shared prefix goes at the end of the prompt (TRL, --prefix prompt) or at the start of\n"
     "both responses (--prefix responses; always so for LLaMA-Factory and OpenRLHF).\n"
     "See docs/curation.md.",
     {{"workspace", "DIR", "the workspace folder (required)"},
      {"format", "NAME", "trl|llamafactory|openrlhf|native (required)"},
      {"out", "FILE", "JSON Lines file to write (required)"},
      {"status", "STATUS",
       "approved (approved or edited), proposed, rejected, edited or all (default all)"},
      {"run", "NAME", "only this run's pairs"},
      {"round", "N", "only this round's pairs"},
      {"prefix", "WHERE", "prompt|responses: where the shared prefix goes (default prompt)"},
      {"dataset-name", "NAME", "dataset_info.json key for LLaMA-Factory (default itool_pairs)"}}},
    [](const itool::cli::CommandLine &cl) -> int { return runExportPairs(cl); }};

} // namespace
