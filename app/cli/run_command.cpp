// itool run: the iTool rounds from a spec (select -> search -> pairs -> preference -> eval).
#include "app/cli/command_registry.h"
#include "core/common/json.h"
#include "core/common/user_error.h"
#include "core/pipeline/round_loop.h"

#include <atomic>
#include <csignal>
#include <cstdio>

namespace {

std::atomic<bool> g_cancel{false};
extern "C" void onSignal(int) { g_cancel.store(true); }

double acc(const itool::Json &eval, const char *group, const std::string &key)
{
    if (!eval.is_object() || !eval.contains(group) || !eval[group].contains(key))
        return -1;
    return eval[group][key].value("accuracy", -1.0);
}

itool::cli::CommandRegistrar reg{
    {"run", "Run the iTool rounds: select, search, pairs, preference training, evaluation", "--spec SPEC.json",
     "Starts from the spec's start_model (a warm-up SFT model folder with tokenizer.json) and\n"
     "runs `rounds` rounds into run_dir: spec.json, state.json, metrics.jsonl, eval.json,\n"
     "pairs.jsonl, trees/round-R/, checkpoints/round-R/, workspace.db. Ctrl-C stops at the\n"
     "next step boundary; --resume continues after the last finished round. docs/rounds.md.",
     {{"spec", "FILE", "the run spec (JSON)"}, {"resume", "", "continue the run in run_dir"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        const auto spec = itool::pipeline::readRoundSpec(cl.required("spec"));
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
        const auto report = itool::pipeline::runRounds(
            spec, cl.has("resume"),
            [](const itool::pipeline::RoundEvent &e) {
                if (e.stage == "train" && e.done % 10 != 0 && e.done != e.total)
                    return;
                if (e.stage == "eval" && e.total && e.done != e.total)
                    return;
                std::fprintf(stderr, "[round %d] %-10s", e.round, e.stage.c_str());
                if (e.total)
                    std::fprintf(stderr, " %lld/%lld", (long long)e.done, (long long)e.total);
                if (e.stage == "train")
                    std::fprintf(stderr, " loss %.4f margin %.3f", e.value, e.data.value("margin", 0.0));
                if (e.stage == "eval" && !e.total)
                    std::fprintf(stderr, " accuracy %.3f", e.value);
                if (!e.message.empty())
                    std::fprintf(stderr, " %s", e.message.c_str());
                if (e.stage == "pairs" || e.stage == "select")
                    std::fprintf(stderr, " %s", e.data.dump().c_str());
                std::fprintf(stderr, "\n");
            },
            &g_cancel);
        std::printf("run folder: %s%s\n", report.runDir.c_str(),
                    report.resumedAfterRound >= 0
                        ? (" (resumed after round " + std::to_string(report.resumedAfterRound) + ")").c_str()
                        : "");
        std::printf("%5s %8s %6s %9s %6s %8s %10s %10s %8s   %s\n", "round", "selected", "trees", "rollouts", "pairs",
                    "trained", "loss 1st", "loss last", "margin", "accuracy easy/medium/hard/all before -> after");
        itool::Json rounds = itool::Json::array();
        for (const auto &r : report.rounds) {
            std::printf("%5d %8d %6d %9lld %6d %8d %10.4f %10.4f %8.3f   ", r.round, r.selected, r.trees,
                        (long long)r.rollouts, r.pairsKept, r.pairsTrained, r.lossFirstEpoch, r.lossLastEpoch,
                        r.margin);
            for (const auto *e : {&r.evalBefore, &r.evalAfter}) {
                std::printf("%.3f/%.3f/%.3f/%.3f", acc(*e, "by_difficulty", "easy"),
                            acc(*e, "by_difficulty", "medium"), acc(*e, "by_difficulty", "hard"),
                            e->is_object() && e->contains("all") ? (*e)["all"].value("accuracy", -1.0) : -1.0);
                if (e == &r.evalBefore)
                    std::printf(" -> ");
            }
            std::printf("\n");
            rounds.push_back(r.toJson());
        }
        if (report.cancelled)
            std::printf("cancelled; continue with --resume\n");
        if (cl.wantsJson())
            itool::cli::printJsonSummary(itool::Json{{"run_dir", report.runDir},
                                                     {"cancelled", report.cancelled},
                                                     {"resumed_after_round", report.resumedAfterRound},
                                                     {"final_model", report.finalModel},
                                                     {"rounds", rounds}}
                                             .dump());
        return report.cancelled ? 3 : 0;
    }};
} // namespace
