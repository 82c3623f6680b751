#pragma once
// Predictions in the checker's format (JSON Lines {"id", "result"}; result a raw string or
// BFCL's decoded list) and what the BFCL checker (core/toolcall) says about one of them: the
// error type and every fragment error with its span in the text shown. A thin adapter: the
// verdicts and spans are the checker's own, nothing is re-judged here.
#include "core/data/record.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace itool::ui {

struct FragmentMark
{
    std::uint32_t begin = 0; // byte offsets into the shown prediction text
    std::uint32_t end = 0;
    std::string kind;        // the checker's error type, e.g. "type_error:simple"
    std::string expected;
    std::string got;
    std::string message;     // which call / parameter it concerns
};

struct PredictionCheck
{
    std::string text;      // what is shown: the raw string, or the decoded list as bracket text
    bool rendered = false; // true when text was rendered from a decoded list
    std::string errorType; // "" = correct
    std::vector<FragmentMark> marks;
};

// id -> result (throws UserError "file:line: reason", as the checker's reader does).
std::unordered_map<std::string, Json> readPredictions(const std::string &path);

PredictionCheck checkPrediction(const data::Record &record, const Json &result);
// Only the verdict: the error type ("" = correct), for checking whole files.
std::string predictionErrorType(const data::Record &record, const Json &result);

} // namespace itool::ui
