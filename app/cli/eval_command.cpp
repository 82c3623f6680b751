// itool eval: predict with a trained model and score with the BFCL checker.
#include "app/cli/command_registry.h"
#include "app/cli/model_prediction.h"
#include "core/common/atomic_file.h"
#include "core/eval/evaluation.h"

#include <cstdio>

namespace {

itool::cli::CommandSpec evalSpec()
{
    auto options = itool::cli::modelPredictionOptions();
    options.push_back({"predictions", "P", "also write the judged answers here (what itool compare reads)"});
    return {"eval", "Accuracy of a trained model on records, by category and difficulty, via the checker",
            "--model DIR --records R",
            "Greedy-decodes every record's answer (as itool predict does) and checks it with the BFCL\n"
            "checker: accuracy with its 95% Wilson interval overall, by difficulty and by category, and\n"
            "the first error of each wrong answer. The answer budget follows the records' longest\n"
            "gold answer unless --max-new-tokens says otherwise.",
            options};
}

itool::cli::CommandRegistrar reg{evalSpec(), [](const itool::cli::CommandLine &cl) -> int {
    const auto run = itool::cli::predictFromCommandLine(cl);
    std::vector<std::string> answers;
    for (const auto &r : run.rows)
        answers.push_back(r.result);
    auto evaluation = itool::eval::evaluateAnswers(run.records, answers);
    evaluation.seconds = run.stats.seconds;
    if (auto path = cl.value("predictions"))
        itool::writeFileAtomically(*path, evaluation.answerLines());
    std::printf("%s", evaluation.toText().c_str());
    std::printf("decoding: %lld tokens in %.1f s; answer budget %lld tokens, %lld answers reached it\n",
                (long long)run.stats.tokens, run.stats.seconds, (long long)run.stats.budget,
                (long long)run.stats.cutByBudget);
    if (cl.wantsJson()) {
        auto j = evaluation.toJson();
        j["answer_budget"] = run.stats.budget;
        j["cut_by_budget"] = run.stats.cutByBudget;
        itool::cli::printJsonSummary(j.dump());
    }
    return 0;
}};

} // namespace
