#pragma once
// Writing records out: the native format (lossless), OpenAI chat and ShareGPT/LLaMA-Factory
// (for external trainers). A record that a target cannot hold is skipped and reported, never
// written half right. The answer written for each record is gold_answer.h's choice.
// What it is not: the preference-pair exports (those belong to the pair store).
#include "core/common/user_error.h"
#include "core/data/record.h"

#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace itool::data {

enum class ExportFormat { Native, OpenAi, ShareGpt };

std::string_view toString(ExportFormat format);
std::optional<ExportFormat> exportFormatFromString(std::string_view text);

// Thrown by the per-format writers for a record the target cannot represent.
class ExportError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct ExportResult
{
    std::int64_t written = 0;
    std::vector<InputIssue> skipped; // "source:line: record <id>: reason"
    std::vector<InputIssue> notes;   // written, but something was adjusted to fit the target
};

// One record as one JSON line of the target format. `notes` collects adjustments.
Json exportRecord(const Record &record, ExportFormat format, std::vector<std::string> &notes);

// OpenAI chat: {"id","messages":[...],"tools":[{"type":"function","function":{...}}]}; the
// answer is the last assistant message; "arguments" are written as JSON strings.
Json toOpenAiChat(const Record &record, std::vector<std::string> &notes);

// LLaMA-Factory ShareGPT: {"id","conversations":[{"from","value"}],"system","tools":"<JSON>"}.
Json toShareGpt(const Record &record, std::vector<std::string> &notes);

ExportResult exportRecords(const std::vector<Record> &records, ExportFormat format,
                           std::ostream &out);

// Writes the file whole or not at all (a temporary file renamed into place). Throws
// UserError when the file cannot be written.
ExportResult exportRecordsToFile(const std::vector<Record> &records, ExportFormat format,
                                 const std::string &path);

} // namespace itool::data
