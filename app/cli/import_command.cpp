// itool import: reads tool-use data files into native records (core/data/importer.h).
#include "app/cli/command_registry.h"
#include "core/common/user_error.h"
#include "core/data/exporter.h"
#include "core/data/importer.h"

#include <iostream>

namespace {

constexpr std::size_t kIssuesPrinted = 200;

int runImport(const itool::cli::CommandLine &cl)
{
    using namespace itool::data;
    if (cl.positionals().empty())
        throw itool::UserError("itool import: name at least one FILE to import");
    const std::string out = cl.required("out");
    ImportOptions options;
    const std::string formatName = cl.valueOr("format", "auto");
    auto format = dataFormatFromString(formatName);
    if (!format)
        throw itool::UserError("itool import: unknown --format '" + formatName + "' (expected "
                               + dataFormatNames() + ")");
    options.format = *format;
    options.answerFiles = cl.values("answers");
    options.toolsFile = cl.valueOr("tools", "");

    std::vector<Record> all;
    itool::Json files = itool::Json::array();
    std::vector<std::string> failures;
    std::int64_t skipped = 0, noted = 0;
    std::size_t printed = 0;
    for (const std::string &path : cl.positionals()) {
        ImportResult result = importFile(path, options);
        for (const auto *list : {&result.issues, &result.notes})
            for (const itool::InputIssue &issue : *list)
                if (printed++ < kIssuesPrinted)
                    std::cerr << issue.toString() << (list == &result.notes ? " [kept]" : "")
                              << "\n";
        if (!result.ok()) {
            failures.push_back(result.error);
            std::cerr << result.error << "\n";
        } else {
            std::cout << path << ": " << toString(result.format) << ", " << result.records.size()
                      << " records, " << result.issueCount << " lines skipped, "
                      << result.notes.size() << " kept with a note\n";
        }
        skipped += result.issueCount;
        noted += std::int64_t(result.notes.size());
        files.push_back(itool::Json{{"file", path},
                                    {"format", toString(result.format)},
                                    {"records", result.records.size()},
                                    {"skipped", result.issueCount},
                                    {"noted", result.notes.size()},
                                    {"error", result.error}});
        for (Record &r : result.records)
            all.push_back(std::move(r));
    }
    if (printed > kIssuesPrinted)
        std::cerr << "... " << printed - kIssuesPrinted
                  << " more problems not shown (see --json)\n";
    if (!failures.empty())
        throw itool::UserError("itool import: " + std::to_string(failures.size())
                               + " file(s) could not be imported; nothing written");
    exportRecordsToFile(all, ExportFormat::Native, out);
    std::cout << "wrote " << all.size() << " records to " << out << " (" << skipped
              << " lines skipped, " << noted << " kept with a note)\n";
    if (cl.wantsJson())
        itool::cli::printJsonSummary(itool::Json{
            {"out", out},
            {"records", all.size()},
            {"skipped", skipped},
            {"noted", noted},
            {"files", files}}.dump());
    return 0;
}

itool::cli::CommandRegistrar reg{
    {"import",
     "Import tool-use data (BFCL, xLAM, ToolACE, ShareGPT, OpenAI, API-Bank, Seal-Tools, native) "
     "into records",
     "FILE... --out RECORDS.jsonl",
     "The format of each FILE is detected from its content unless --format names it.\n"
     "BFCL questions need their possible_answer file (--answers; by default the file of the\n"
     "same name in a possible_answer/ folder beside them). Seal-Tools queries need tool.jsonl\n"
     "(--tools; by default the tool.jsonl beside them). A bad line is reported on stderr as\n"
     "FILE:LINE: reason and skipped; the good lines are kept. Lines kept after a documented\n"
     "repair are reported with [kept]. A file that cannot be read as its format fails the\n"
     "command (exit 1) and nothing is written. See docs/formats.md.",
     {{"format", "NAME",
       "auto|native|bfcl|xlam|toolace|sharegpt|openai|apibank|sealtools (default auto)"},
      {"answers", "FILE", "BFCL possible_answer file (matched to questions by id)", true},
      {"tools", "FILE", "Seal-Tools tool definitions (tool.jsonl)"},
      {"out", "RECORDS.jsonl", "where to write the native records (required)"}}},
    runImport};

} // namespace
