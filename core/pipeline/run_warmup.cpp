// The warm-up of an iTool run (see run_warmup.h).
#include "core/pipeline/run_warmup.h"

#include "core/common/user_error.h"
#include "core/pipeline/sft_job.h"
#include "core/pipeline/sft_spec.h"
#include "core/train/sft_trainer.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace itool::pipeline {

namespace {

const char *eventName(TrainingEvent::Kind kind)
{
    using Kind = TrainingEvent::Kind;
    switch (kind) {
    case Kind::Started:
        return "started";
    case Kind::Step:
        return "step";
    case Kind::StageStart:
        return "stage_start";
    case Kind::StageEnd:
        return "stage_end";
    case Kind::Checkpoint:
        return "checkpoint";
    case Kind::Eval:
        return "eval";
    case Kind::Finished:
        return "finished";
    case Kind::Cancelled:
        return "cancelled";
    case Kind::Log:
        return "log";
    }
    return "log";
}

} // namespace

SftEventForwarder::SftEventForwarder(RoundEventSink emit, const std::atomic<bool> *cancel, std::string stage, int round)
    : m_emit(std::move(emit)), m_cancel(cancel), m_stage(std::move(stage)), m_round(round)
{
}

void SftEventForwarder::onEvent(const TrainingEvent &e)
{
    if (m_cancel && m_cancel->load())
        m_token.cancel();
    if (e.kind == TrainingEvent::Kind::Started) {
        m_startStep = e.step;
        m_totalSteps = e.totalSteps;
    }
    if (m_emit)
        m_emit(warmupRoundEvent(e, m_stage, m_round));
    if (m_cancel && m_cancel->load()) // set by the callback itself
        m_token.cancel();
}

RoundEvent warmupRoundEvent(const TrainingEvent &e, const std::string &stage, int round)
{
    RoundEvent r;
    r.stage = stage;
    r.round = round;
    r.done = e.step;
    r.total = e.totalSteps;
    r.message = e.message;
    r.data = Json{{"event", eventName(e.kind)}, {"step", e.step}, {"total_steps", e.totalSteps}};
    if (!e.stage.empty())
        r.data["stage"] = e.stage;
    if (e.kind == TrainingEvent::Kind::Step) {
        r.value = e.loss;
        r.data["loss"] = e.loss;
        r.data["lr"] = e.lr;
        r.data["grad_norm"] = e.gradNorm;
        r.data["tokens_per_second"] = e.tokensPerSecond;
        r.data["elapsed_s"] = e.elapsedSeconds;
        r.data["eta_s"] = e.etaSeconds;
    } else if (e.kind == TrainingEvent::Kind::Eval) {
        r.value = e.value;
        r.data["value"] = e.value;
    }
    return r;
}

std::optional<TrainingEvent> warmupTrainingEvent(const RoundEvent &r)
{
    if ((r.stage != "warmup" && r.stage != "sft") || !r.data.is_object())
        return std::nullopt;
    using Kind = TrainingEvent::Kind;
    static const std::pair<const char *, Kind> kinds[] = {{"started", Kind::Started},
                                                          {"step", Kind::Step},
                                                          {"stage_start", Kind::StageStart},
                                                          {"stage_end", Kind::StageEnd},
                                                          {"checkpoint", Kind::Checkpoint},
                                                          {"eval", Kind::Eval},
                                                          {"finished", Kind::Finished},
                                                          {"cancelled", Kind::Cancelled},
                                                          {"log", Kind::Log}};
    const std::string name = r.data.value("event", std::string());
    TrainingEvent e;
    bool known = false;
    for (const auto &[n, k] : kinds)
        if (name == n) {
            e.kind = k;
            known = true;
        }
    if (!known)
        return std::nullopt;
    e.stage = r.data.value("stage", std::string());
    e.step = r.data.value("step", std::int64_t(0));
    e.totalSteps = r.data.value("total_steps", std::int64_t(0));
    e.loss = r.data.value("loss", 0.0);
    e.lr = r.data.value("lr", 0.0);
    e.gradNorm = r.data.value("grad_norm", 0.0);
    e.tokensPerSecond = r.data.value("tokens_per_second", 0.0);
    e.elapsedSeconds = r.data.value("elapsed_s", 0.0);
    e.etaSeconds = r.data.value("eta_s", 0.0);
    e.value = r.data.value("value", 0.0);
    e.message = r.message;
    return e;
}

WarmupOutcome runWarmup(const RoundSpec &spec, bool resume, const RoundEventSink &emit,
                        const std::atomic<bool> *cancel)
{
    if (spec.warmup.is_null())
        throw UserError("run: the warm-up SFT spec was not read (" + spec.warmupPath + ")");
    const SftSpec sft
        = sftSpecFromJson(spec.warmup, spec.warmupPath.empty() ? "warmup" : spec.warmupPath);
    WarmupOutcome out;
    out.modelDir = warmupModelDir(spec.runDir);
    // Only a checkpoint can be continued; a warm-up killed before its first one starts over
    // (all it loses is the tokenizer training and the steps since the start).
    out.resumedSft = resume && fs::exists(fs::path(sft.runDir) / train::kCheckpointFile);
    if (cancel && cancel->load()) {
        out.cancelled = true;
        return out;
    }
    SftEventForwarder forward(emit, cancel, "warmup", 0);
    out.ran = true;
    const auto report = runSftJob(sft, spec.warmup, out.resumedSft, &forward, forward.token());
    out.startStep = forward.startStep();
    out.totalSteps = forward.totalSteps();
    const auto &r = report.result;
    out.steps = r.steps;
    out.cancelled = r.cancelled || r.halted;
    if (!r.losses.empty()) {
        out.firstLoss = r.losses.front();
        out.lastLoss = r.losses.back();
    }
    if (!out.cancelled && r.modelDir.empty())
        throw UserError("run: the warm-up in " + sft.runDir + " ended without a model");
    return out;
}

} // namespace itool::pipeline
