#pragma once
// Importing tool-use data files into Records: the public entry point for the CLI and the GUI.
// Problems come back as values: each bad line as an InputIssue ("file:line: reason", the line
// skipped, the good lines kept); repairs that kept a line as notes; a file that cannot be read
// as the format asked for as `error`. Nothing here throws for bad input.
// What it is not: the per-format readers (importer_*.cpp) or format detection
// (format_detector.h).
#include "core/common/user_error.h"
#include "core/data/record.h"

#include <optional>
#include <string>
#include <vector>

namespace itool::data {

enum class DataFormat { Auto, Native, Bfcl, Xlam, ToolAce, ShareGpt, OpenAi, ApiBank, SealTools };

std::string_view toString(DataFormat format);
std::optional<DataFormat> dataFormatFromString(std::string_view text);
// "auto|native|bfcl|..." for help texts and messages.
std::string dataFormatNames();

struct ImportOptions
{
    DataFormat format = DataFormat::Auto;
    std::vector<std::string> answerFiles; // BFCL possible_answer files (matched by id)
    std::string toolsFile;                // Seal-Tools tool.jsonl
    std::size_t maxItemBytes = 32u << 20; // a longer line is reported and skipped
};

struct ImportResult
{
    std::string file;
    DataFormat format = DataFormat::Auto; // the format read (detected when Auto was asked)
    std::vector<Record> records;
    std::vector<InputIssue> issues; // skipped lines (capped at kMaxIssuesKept)
    std::int64_t issueCount = 0;    // all skipped lines, also beyond the cap
    std::vector<InputIssue> notes;  // lines kept after a documented repair
    std::string error;              // non-empty: the whole file failed; records is empty

    bool ok() const { return error.empty(); }
    static constexpr std::size_t kMaxIssuesKept = 10000;
};

ImportResult importFile(const std::string &path, const ImportOptions &options);

} // namespace itool::data
