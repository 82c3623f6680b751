#pragma once
// Reads a predictions file and asks the BFCL checker (core/toolcall) about one prediction:
// the record's error type and every fragment error with its span in the raw text, which the
// record view highlights. A thin adapter: the verdicts and spans are the checker's own.
#include "core/data/record.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace itool::ui {

struct FragmentMark
{
    std::uint32_t begin = 0; // byte offsets into the raw prediction text
    std::uint32_t end = 0;
    std::string kind;        // the checker's error type, e.g. "type_error:simple"
    std::string expected;
    std::string got;
    std::string message;
};

struct PredictionCheck
{
    std::string errorType; // "" = correct
    std::vector<FragmentMark> marks;
};

// Lines {"id", "result" | "prediction" | "output"} (BFCL result files use "result"); a
// non-string result is kept as its JSON text. Throws UserError when the file cannot be read.
std::unordered_map<std::string, std::string> readPredictions(const std::string &path);

PredictionCheck checkPrediction(const data::Record &record, const std::string &rawText);

} // namespace itool::ui
