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
    {"run", "Run the iTool rounds: select, search, pairs, preference training, evaluation",
     "--spec SPEC.json [--resume]",
     "Trains the spec's warm-up (an SFT spec, into run_dir/warmup) or starts from its\n"
     "start_model (a model folder with tokenizer.json), then runs `rounds` rounds into run_dir:\n"
     "spec.json, state.json, metrics.jsonl, eval.json, pairs.jsonl, trees/round-R/,\n"
     "checkpoints/round-R/, workspace.db. Ctrl-C stops at the next step boundary; --resume\n"
     "continues the warm-up from its checkpoint, or after the last finished round. docs/rounds.md.",
     {{"spec", "FILE", "the run spec (JSON)"}, {"resume", "", "continue the run in run_dir"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        const auto spec = itool::pipeline::readRoundSpec(cl.required("spec"));
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
        const auto report = itool::pipeline::runRounds(
            spec, cl.has("resume"),
            [](const itool::pipeline::RoundEvent &e) {
                if (e.stage == "warmup") {
                    const std::string what = e.data.value("event", std::string());
                    if (what == "step" && e.done % 10 != 0 && e.done != e.total)
                        return;
                    if (what == "checkpoint")
                        return;
                    std::fprintf(stderr, "[warm-up] %-11s", what.c_str());
                    if (what == "step")
                        std::fprintf(stderr, " %lld/%lld %-8s loss %.4f lr %.2e %6.0f tok/s ETA %.0f s",
                                     (long long)e.done, (long long)e.total,
                                     e.data.value("stage", std::string()).c_str(), e.value,
                                     e.data.value("lr", 0.0), e.data.value("tokens_per_second", 0.0),
                                     e.data.value("eta_s", 0.0));
                    else if (what == "started" || what == "stage_start" || what == "stage_end")
                        std::fprintf(stderr, " step %lld of %lld %s", (long long)e.done, (long long)e.total,
                                     e.data.value("stage", std::string()).c_str());
                    if (!e.message.empty())
                        std::fprintf(stderr, " %s", e.message.c_str());
                    std::fprintf(stderr, "\n");
                    return;
                }
                if (e.stage == "sft") { // the continued-SFT baseline's steps
                    const std::string what = e.data.value("event", std::string());
                    if (what == "step" && e.done % 50 != 0 && e.done != e.total)
                        return;
                    if (what == "checkpoint")
                        return;
                    std::fprintf(stderr, "[round %d] sft %-11s %lld/%lld loss %.4f %s\n", e.round, what.c_str(),
                                 (long long)e.done, (long long)e.total, e.value, e.message.c_str());
                    return;
                }
                if (e.stage == "train" && e.done % 10 != 0 && e.done != e.total)
                    return;
                if (e.stage == "train_epoch") {
                    std::fprintf(stderr, "[round %d] epoch %lld: loss %.4f margin %.3f pairs ranked right %.3f chosen NLL %.4f\n",
                                 e.round, (long long)e.done, e.data.value("loss", 0.0), e.data.value("margin", 0.0),
                                 e.data.value("accuracy", 0.0), e.data.value("chosen_nll", 0.0));
                    return;
                }
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
                if (e.stage == "pairs" || e.stage == "select" || e.stage == "start")
                    std::fprintf(stderr, " %s", e.data.dump().c_str());
                std::fprintf(stderr, "\n");
            },
            &g_cancel);
        std::printf("run folder: %s%s\n", report.runDir.c_str(),
                    report.resumedAfterRound >= 0
                        ? (" (resumed after round " + std::to_string(report.resumedAfterRound) + ")").c_str()
                        : "");
        const auto &w = report.warmup;
        if (w.skipped)
            std::printf("warm-up: already done, not rerun (%s)\n", w.modelDir.c_str());
        else if (w.ran)
            std::printf("warm-up: %s at step %lld of %lld (started at step %lld%s), loss %.4f -> %.4f, model %s\n",
                        w.cancelled ? "stopped" : "finished", (long long)w.steps, (long long)w.totalSteps,
                        (long long)w.startStep, w.resumedSft ? ", resumed from its checkpoint" : "", w.firstLoss,
                        w.lastLoss, w.cancelled ? "(not yet)" : w.modelDir.c_str());
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
                            e->is_object() ? e->value("accuracy", -1.0) : -1.0);
                if (e == &r.evalBefore)
                    std::printf(" -> ");
            }
            std::printf("\n");
            // The paired test against the start policy, on the records both answered.
            const auto &v = r.versusStart;
            for (const char *group : {"all", "medium_and_hard"})
                if (v.is_object() && v.contains(group)) {
                    const auto &g = v[group];
                    std::printf("      vs start, %-15s %5.1f%% -> %5.1f%%, fixed %d, broken %d, gain %+.1f [%+.1f, %+.1f], "
                                "McNemar p %.4f\n",
                                group, 100 * g.value("accuracy_a", 0.0), 100 * g.value("accuracy_b", 0.0),
                                g.value("only_b", 0), g.value("only_a", 0), 100 * g.value("gain", 0.0),
                                100 * g["gain_ci95"][0].get<double>(), 100 * g["gain_ci95"][1].get<double>(),
                                g.value("mcnemar_p", 1.0));
                }
            rounds.push_back(r.toJson());
        }
        if (report.cancelled)
            std::printf("cancelled; continue with --resume\n");
        if (cl.wantsJson())
            itool::cli::printJsonSummary(itool::Json{{"run_dir", report.runDir},
                                                     {"cancelled", report.cancelled},
                                                     {"resumed_after_round", report.resumedAfterRound},
                                                     {"final_model", report.finalModel},
                                                     {"warmup", report.warmup.toJson()},
                                                     {"rounds", rounds}}
                                             .dump());
        return report.cancelled ? 3 : 0;
    }};
} // namespace
