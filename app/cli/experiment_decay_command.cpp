// itool experiment decay --spec SPEC.json [--resume]: the training-gains-decay experiment.
#include "app/cli/command_registry.h"
#include "core/common/json.h"
#include "core/common/user_error.h"
#include "core/eval/decay_summary.h"
#include "core/pipeline/decay_job.h"

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace {

itool::pipeline::CancelToken *g_cancel = nullptr;
extern "C" void onDecayInterrupt(int)
{
    if (g_cancel)
        g_cancel->cancel(); // the trainer checkpoints at the next step; finished points are kept
}

// One line per landed point and per log message; training steps as a single refreshed line
// on a terminal, every 50th step otherwise (logs stay readable).
class DecayProgress : public itool::pipeline::EventSink
{
public:
    void onEvent(const itool::pipeline::TrainingEvent &e) override
    {
        using Kind = itool::pipeline::TrainingEvent::Kind;
        switch (e.kind) {
        case Kind::Step:
            if (m_tty) {
                std::fprintf(stderr, "\r  step %lld/%lld loss %.4f  ", (long long)e.step,
                             (long long)e.totalSteps, e.loss);
                m_open = true;
            } else if (e.step % 50 == 0 || e.step == e.totalSteps) {
                line("  step " + std::to_string(e.step) + "/" + std::to_string(e.totalSteps)
                     + " loss " + std::to_string(e.loss));
            }
            break;
        case Kind::Eval: {
            const auto point = itool::Json::parse(e.message);
            char buf[256];
            if (point.value("kind", std::string()) == "round") {
                std::snprintf(buf, sizeof buf,
                              "[%lld/%lld] %s: %s round %d, accuracy %.1f%% (%lld/%lld), compute added %.3g token "
                              "equivalents",
                              (long long)e.step, (long long)e.totalSteps, e.stage.c_str(),
                              point.value("method", std::string()) == "itool" ? "iTool" : "continued-SFT",
                              point.value("round", 0), e.value * 100.0,
                              (long long)point["metrics"]["correct"].get<std::int64_t>(),
                              (long long)point["metrics"]["total"].get<std::int64_t>(),
                              double(point.value("compute_tokens", std::int64_t(0))));
                line(buf);
                break;
            }
            std::snprintf(buf, sizeof buf,
                          "[%lld/%lld] %s: %lld records, %lld steps, accuracy %.1f%% (%lld/%lld), "
                          "train %.0f s, eval %.0f s",
                          (long long)e.step, (long long)e.totalSteps, e.stage.c_str(),
                          (long long)point["records"].get<std::int64_t>(),
                          (long long)point["steps"].get<std::int64_t>(), e.value * 100.0,
                          (long long)point["metrics"]["correct"].get<std::int64_t>(),
                          (long long)point["metrics"]["total"].get<std::int64_t>(),
                          point["train_seconds"].get<double>(),
                          point["eval_seconds"].get<double>());
            line(buf);
            break;
        }
        case Kind::Log:
            if (e.stage == "decay")
                line(e.message);
            break;
        case Kind::Cancelled:
            line("stopped at step " + std::to_string(e.step) + "; continue with --resume");
            break;
        default:
            break;
        }
        std::fflush(stderr);
    }

private:
    void line(const std::string &text)
    {
        if (m_open)
            std::fputc('\n', stderr);
        m_open = false;
        std::fprintf(stderr, "%s\n", text.c_str());
    }
    bool m_tty = isatty(2);
    bool m_open = false;
};

itool::cli::CommandRegistrar reg{
    {"experiment decay",
     "Training-gains-decay experiment: accuracy vs nested fractions of the data, over seeds",
     "--spec SPEC.json [--resume]",
     "Trains a fresh model on nested fractions of the training records (default 1/16 ... 1) with\n"
     "several seeds, the same initialisation per seed and the same budget (fixed steps, or\n"
     "epochs), evaluates each on one held-out test set (greedy answers, BFCL checker) and prints\n"
     "accuracy by fraction and difficulty, the gain per doubling with its 95 % interval and the\n"
     "spread over seeds. With a \"rounds\" block it then runs the iTool rounds (and the\n"
     "continued-SFT baseline of equal compute) from the full-data model and places them beside\n"
     "the curve. Results: RUN/decay.json (rewritten after every point), RUN/metrics.jsonl.\n"
     "Ctrl-C stops; --resume skips finished points. See docs/decay-experiment.md;\n"
     "resources/specs/decay-quick.json runs in under 20 minutes, decay-full.json under 90.",
     {{"spec", "SPEC.json", "the experiment spec"},
      {"resume", "", "continue: finished points in RUN/decay.json are not redone"},
      {"run-dir", "DIR", "override the spec's run_dir"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        const std::string path = cl.required("spec");
        itool::Json specJson;
        auto spec = itool::pipeline::readDecaySpec(path, &specJson);
        if (auto dir = cl.value("run-dir")) {
            spec.runDir = *dir;
            specJson["run_dir"] = *dir;
        }

        itool::pipeline::CancelToken cancel;
        g_cancel = &cancel;
        std::signal(SIGINT, onDecayInterrupt);
        std::signal(SIGTERM, onDecayInterrupt);
        DecayProgress progress;
        const auto result
            = itool::pipeline::runDecayJob(spec, specJson, cl.has("resume"), &progress, &cancel);
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        g_cancel = nullptr;

        std::printf("run: %s\ntraining records: %zu, test records: %zu\npoints: %zu run now, %zu "
                    "already done%s\n\n",
                    spec.runDir.c_str(), result.trainRecords, result.testRecords, result.done,
                    result.skipped, result.cancelled ? " (stopped; --resume continues)" : "");
        std::printf("%s", itool::eval::decayTable(result.summary).c_str());
        std::printf("\nresults: %s\n", result.resultPath.c_str());
        if (cl.wantsJson())
            itool::cli::printJsonSummary(
                itool::Json{{"run_dir", spec.runDir},
                            {"result", result.resultPath},
                            {"train_records", result.trainRecords},
                            {"test_records", result.testRecords},
                            {"points_run", result.done},
                            {"points_skipped", result.skipped},
                            {"cancelled", result.cancelled},
                            {"summary", itool::eval::toJson(result.summary)}}
                    .dump());
        return result.cancelled ? 130 : 0;
    }};

} // namespace
