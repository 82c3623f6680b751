// itool sft --spec SPEC.json [--resume]: supervised fine-tuning with a progress bar on stderr.
#include "app/cli/command_registry.h"
#include "core/common/json.h"
#include "core/common/user_error.h"
#include "core/pipeline/sft_job.h"

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

itool::pipeline::CancelToken *g_cancel = nullptr;
extern "C" void onInterrupt(int)
{
    if (g_cancel)
        g_cancel->cancel(); // the trainer saves a checkpoint at the next step and returns
}

std::string clock(double seconds)
{
    const auto s = static_cast<long long>(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%02lld:%02lld", s / 60, s % 60);
    return buf;
}

class ProgressBar : public itool::pipeline::EventSink
{
public:
    void onEvent(const itool::pipeline::TrainingEvent &e) override
    {
        using Kind = itool::pipeline::TrainingEvent::Kind;
        switch (e.kind) {
        case Kind::Step: {
            const int width = 24;
            const double frac = e.totalSteps > 0 ? double(e.step) / double(e.totalSteps) : 0.0;
            const int filled = static_cast<int>(frac * width);
            std::fprintf(stderr, "\r[%s%s] %lld/%lld %-6s loss %.4f lr %.2e %6.0f tok/s  %s ETA %s  ",
                         std::string(filled, '#').c_str(), std::string(width - filled, '-').c_str(),
                         (long long)e.step, (long long)e.totalSteps, e.stage.c_str(), e.loss, e.lr,
                         e.tokensPerSecond, clock(e.elapsedSeconds).c_str(), clock(e.etaSeconds).c_str());
            if (!m_tty)
                std::fputc('\n', stderr);
            m_open = m_tty;
            break;
        }
        case Kind::Started:
            line("starting at step " + std::to_string(e.step) + " of " + std::to_string(e.totalSteps));
            break;
        case Kind::StageStart: line("stage " + e.stage); break;
        case Kind::StageEnd: line("stage " + e.stage + " done at step " + std::to_string(e.step)); break;
        case Kind::Checkpoint: if (!m_tty) line("checkpoint " + e.message); break;
        case Kind::Cancelled: line("stopped at step " + std::to_string(e.step) + "; continue with --resume"); break;
        case Kind::Finished: line("model written to " + e.message); break;
        case Kind::Log: line(e.message); break;
        case Kind::Eval: line(e.message + ": " + std::to_string(e.value)); break;
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
    {"sft", "Supervised fine-tuning from a JSON spec, easy to hard, with checkpoints", "--spec SPEC.json [--resume]",
     "Trains the policy on the spec's records (loss on answer tokens only) through the curriculum\n"
     "stages. Ctrl-C saves a checkpoint and stops; --resume continues exactly where it stopped.\n"
     "The run folder gets metrics.jsonl, checkpoint.safetensors, heldout.jsonl and model/.\n"
     "See docs/training.md for the spec fields.",
     {{"spec", "SPEC.json", "the job spec"},
      {"resume", "", "continue from the run folder's checkpoint"},
      {"run-dir", "DIR", "override the spec's run_dir"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        const std::string path = cl.required("spec");
        auto spec = itool::pipeline::readSftSpec(path);
        if (auto dir = cl.value("run-dir"))
            spec.runDir = *dir;
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        auto specJson = itool::Json::parse(text.str());
        specJson["run_dir"] = spec.runDir;

        itool::pipeline::CancelToken cancel;
        g_cancel = &cancel;
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
        ProgressBar bar;
        const auto report = itool::pipeline::runSftJob(spec, specJson, cl.has("resume"), &bar, &cancel);
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        g_cancel = nullptr;

        const auto &r = report.result;
        std::printf("run: %s\nrecords: %zu (train %zu, held out %zu, too long %zu)\n", report.runDir.c_str(),
                    report.records, report.trainRecords, report.heldoutRecords, report.tooLong);
        if (spec.synthetic.count > 0)
            std::printf("synthetic: %zu generated records kept, %zu dropped as duplicates of excluded requests\n",
                        report.syntheticRecords, report.syntheticExcluded);
        itool::Json stages = itool::Json::object();
        for (const auto &[name, n] : report.stageExamples) {
            std::printf("stage %s: %zu examples\n", name.c_str(), n);
            stages[name] = n;
        }
        std::printf("parameters: %lld, vocabulary %d\nsteps: %lld%s\n", (long long)report.parameters,
                    report.vocabSize, (long long)r.steps, r.cancelled ? " (stopped; --resume continues)" : "");
        if (!r.losses.empty())
            std::printf("loss: first %.4f, last %.4f\n", r.losses.front(), r.losses.back());
        if (!r.modelDir.empty())
            std::printf("model: %s\n", r.modelDir.c_str());
        if (cl.wantsJson())
            itool::cli::printJsonSummary(itool::Json{{"run_dir", report.runDir},
                                                     {"records", report.records},
                                                     {"train_records", report.trainRecords},
                                                     {"heldout_records", report.heldoutRecords},
                                                     {"too_long", report.tooLong},
                                                     {"synthetic_records", report.syntheticRecords},
                                                     {"synthetic_excluded", report.syntheticExcluded},
                                                     {"stages", stages},
                                                     {"parameters", report.parameters},
                                                     {"vocab_size", report.vocabSize},
                                                     {"steps", r.steps},
                                                     {"cancelled", r.cancelled},
                                                     {"first_loss", r.losses.empty() ? 0.0 : r.losses.front()},
                                                     {"last_loss", r.losses.empty() ? 0.0 : r.losses.back()},
                                                     {"model_dir", r.modelDir}}
                                             .dump());
        return r.cancelled ? 130 : 0;
    }};
} // namespace
