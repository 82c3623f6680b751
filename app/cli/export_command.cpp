// itool export: writes native records out as native, OpenAI chat or ShareGPT/LLaMA-Factory.
#include "app/cli/command_registry.h"
#include "core/common/user_error.h"
#include "core/data/exporter.h"
#include "core/data/importer.h"

#include <iostream>

namespace {

int runExport(const itool::cli::CommandLine &cl)
{
    using namespace itool::data;
    const std::string in = cl.required("in");
    const std::string out = cl.required("out");
    const std::string formatName = cl.valueOr("format", "native");
    auto format = exportFormatFromString(formatName);
    if (!format)
        throw itool::UserError("itool export: unknown --format '" + formatName
                               + "' (expected native, openai or sharegpt)");
    ImportOptions options;
    options.format = DataFormat::Native;
    ImportResult input = importFile(in, options);
    for (const itool::InputIssue &issue : input.issues)
        std::cerr << issue.toString() << "\n";
    if (!input.ok())
        throw itool::UserError("itool export: " + input.error);
    const ExportResult result = exportRecordsToFile(input.records, *format, out);
    for (const itool::InputIssue &issue : result.skipped)
        std::cerr << issue.toString() << " [not exported]\n";
    for (const itool::InputIssue &issue : result.notes)
        std::cerr << issue.toString() << " [adjusted]\n";
    std::cout << "wrote " << result.written << " of " << input.records.size() << " records to "
              << out << " as " << toString(*format) << " (" << result.skipped.size()
              << " not exported, " << result.notes.size() << " adjusted, " << input.issueCount
              << " input lines skipped)\n";
    if (cl.wantsJson())
        itool::cli::printJsonSummary(itool::Json{
            {"out", out},
            {"format", toString(*format)},
            {"records", input.records.size()},
            {"written", result.written},
            {"not_exported", result.skipped.size()},
            {"adjusted", result.notes.size()},
            {"input_skipped",
             input.issueCount}}.dump());
    return 0;
}

itool::cli::CommandRegistrar reg{
    {"export",
     "Write records as native, OpenAI chat or ShareGPT/LLaMA-Factory",
     "--in RECORDS.jsonl --format native|openai|sharegpt --out FILE",
     "The answer written is the gold's first allowed value per parameter (\"\" skipped; a\n"
     "parameter whose only allowed value is \"\" is left out). OpenAI chat writes tool-call\n"
     "arguments as JSON strings; ShareGPT follows LLaMA-Factory (tools as a JSON string,\n"
     "human/observation at odd positions). Records a target cannot hold are reported and not\n"
     "written. See docs/formats.md.",
     {{"in", "RECORDS.jsonl", "native records to export (required)"},
      {"format", "NAME", "native|openai|sharegpt (default native)"},
      {"out", "FILE", "where to write (required)"}}},
    runExport};

} // namespace
