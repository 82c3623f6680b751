// itool check: judges model predictions against BFCL gold or native records
// (core/toolcall/check_report.h), one verdict line per prediction plus a summary.
#include "app/cli/command_registry.h"
#include "core/common/user_error.h"
#include "core/toolcall/check_report.h"

#include <fstream>
#include <iostream>

namespace {

int runCheck(const itool::cli::CommandLine &cl)
{
    using namespace itool::toolcall;
    const bool hasQuestions = cl.has("questions"), hasRecords = cl.has("records");
    if (hasQuestions == hasRecords)
        throw itool::UserError("itool check: give either --questions Q --answers A (BFCL files) or --records R "
                               "(native records)");
    const std::string predictionsPath = cl.required("predictions");
    std::vector<itool::data::Record> records;
    if (hasQuestions) {
        if (!cl.has("answers"))
            throw itool::UserError("itool check: --questions needs --answers (the BFCL possible_answer file)");
        records = loadBfclRecords(cl.required("questions"), cl.values("answers"));
    } else {
        records = loadNativeRecords(cl.required("records"));
    }
    const std::vector<Prediction> predictions = readPredictions(predictionsPath);

    CheckOptions options;
    options.underscoreToDot = cl.has("underscore-to-dot");
    options.strict = cl.has("strict");
    options.acceptJsonCalls = cl.has("accept-json-calls");

    std::ofstream file;
    std::ostream *lines = &std::cout;
    const std::string outPath = cl.valueOr("out", "");
    if (!outPath.empty()) {
        file.open(outPath, std::ios::binary | std::ios::trunc);
        if (!file)
            throw itool::UserError("itool check: cannot write --out " + outPath);
        lines = &file;
    }
    const CheckSummary summary = checkPredictions(records, predictions, predictionsPath, options,
                                                  [&](const itool::Json &line) { *lines << line.dump() << '\n'; });
    lines->flush();
    if (!outPath.empty() && !file)
        throw itool::UserError("itool check: writing " + outPath + " failed");
    if (cl.wantsJson()) {
        itool::cli::printJsonSummary(summary.toJson().dump());
    } else {
        std::cout << (outPath.empty() ? "\n" : "") << summary.toText();
        if (!outPath.empty())
            std::cout << "wrote " << predictions.size() << " verdict lines to " << outPath << "\n";
    }
    return 0;
}

itool::cli::CommandRegistrar reg{
    {"check",
     "Judge tool-call predictions like BFCL's AST checker, with every wrong fragment and a graded score",
     "(--questions Q --answers A | --records R) --predictions P",
     "Predictions are JSON Lines {\"id\": ..., \"result\": ...}; result is a raw model output string\n"
     "(decoded like BFCL's prompt decoder) or BFCL's decoded list [{\"name\": {\"arg\": value}}].\n"
     "The same id may appear on many lines. Output: one JSON line per prediction, in input order,\n"
     "{\"id\",\"valid\",\"error_type\",\"errors\":[...],\"score\"}, then a per-category summary\n"
     "(with --json, as the last line). error_type is BFCL's, empty when valid; errors lists every\n"
     "wrong fragment with its byte span in the raw output; score is in [-1, 1] (docs/checker.md).",
     {{"questions", "FILE", "BFCL question file (JSON Lines)"},
      {"answers", "FILE", "BFCL possible_answer file for the questions", true},
      {"records", "FILE", "native records (JSON Lines) instead of BFCL files"},
      {"predictions", "FILE", "predictions, JSON Lines {\"id\", \"result\"} (required)"},
      {"underscore-to-dot", "", "expect math_factorial for math.factorial (BFCL's per-model option)"},
      {"strict", "", "reject what BFCL's decoder forgives (fence, missing [ ], positional or repeated args)"},
      {"accept-json-calls", "", "also read JSON calls {\"name\", \"arguments\"} in raw strings"},
      {"out", "FILE", "write the verdict lines here instead of stdout"}}},
    runCheck};

} // namespace
