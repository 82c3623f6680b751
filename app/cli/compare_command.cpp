// itool compare: two models (or two answer files) on the same records, paired.
#include "app/cli/command_registry.h"
#include "app/cli/model_prediction.h"
#include "core/common/atomic_file.h"
#include "core/common/user_error.h"
#include "core/eval/answer_comparison.h"
#include "core/eval/evaluation.h"
#include "core/pipeline/record_files.h"

#include <cstdio>
#include <filesystem>

namespace {

itool::cli::CommandSpec compareSpec()
{
    auto options = itool::cli::modelPredictionOptions();
    options.erase(options.begin()); // --model: here --a and --b
    options.push_back({"a", "PRED_OR_MODEL", "answers file ({\"id\",\"result\"} lines) or model folder"});
    options.push_back({"b", "PRED_OR_MODEL", "the other one (its gain over A is reported)"});
    options.push_back({"out", "F", "write the comparison (JSON, with the ids that flipped) here"});
    return {"compare", "Two models or answer files on the same records: accuracies, flips and McNemar's test",
            "--records R --a PRED_OR_MODEL --b PRED_OR_MODEL",
            "Judges both sides' answers to every record of R with the checker (a model folder is\n"
            "greedy-decoded first, as itool eval does) and prints, overall, by difficulty (medium and\n"
            "hard together too) and by category: both accuracies with 95% Wilson intervals, how many\n"
            "records flipped each way, B's gain with its 95% interval (Newcombe's paired method) and\n"
            "McNemar's exact two-sided p-value. Answers files are what itool predict, itool eval\n"
            "--predictions and a run's answers/round-R.jsonl hold.",
            options};
}

itool::eval::Evaluation evaluateSide(const std::string &side, const std::vector<itool::data::Record> &records,
                                     const itool::cli::CommandLine &cl)
{
    std::vector<std::string> answers;
    double seconds = 0;
    if (std::filesystem::is_directory(side)) {
        itool::model::PredictStats stats;
        for (const auto &r : itool::cli::predictWithProgress(side, records, itool::cli::predictOptionsFromCommandLine(cl),
                                                             stats))
            answers.push_back(r.result);
        seconds = stats.seconds;
    } else {
        answers = itool::eval::readAnswersFor(records, side);
    }
    auto e = itool::eval::evaluateAnswers(records, answers);
    e.seconds = seconds;
    return e;
}

itool::cli::CommandRegistrar reg{compareSpec(), [](const itool::cli::CommandLine &cl) -> int {
    const auto records = itool::pipeline::readRecordFile(cl.required("records"));
    if (records.empty())
        throw itool::UserError(cl.required("records") + ": no records");
    const std::string a = cl.required("a"), b = cl.required("b");
    const auto ea = evaluateSide(a, records, cl);
    const auto eb = evaluateSide(b, records, cl);
    const auto c = itool::eval::compareEvaluations(records, ea, eb);
    std::printf("%s", c.toText(a, b).c_str());
    const auto json = c.toJson(records);
    if (auto out = cl.value("out"))
        itool::writeFileAtomically(*out, json.dump(2) + "\n");
    if (cl.wantsJson()) {
        auto summary = json;
        summary.erase("fixed");
        summary.erase("broken");
        summary["fixed"] = c.fixed.size();
        summary["broken"] = c.broken.size();
        itool::cli::printJsonSummary(summary.dump());
    }
    return 0;
}};

} // namespace
