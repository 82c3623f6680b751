#pragma once
// The warm-up of an iTool run: the SFT job of the run spec's `warmup`, trained into
// run_dir/warmup (its model/ is where the rounds start), with the SFT events passed on as
// round events (stage "warmup", round 0) and the run's cancel flag passed on to the job.
// What it is not: the SFT job itself (sft_job.h) or the decision whether the warm-up is
// already done (the run's state.json, kept by round_loop.cpp). No torch here.
#include "core/pipeline/round_loop.h"
#include "core/pipeline/training_events.h"

#include <atomic>
#include <string>
#include <optional>

namespace itool::pipeline {

// Runs the warm-up of spec (spec.warmup must hold the SFT spec: loadWarmupSpec). With
// resume, an SFT checkpoint left in run_dir/warmup is continued; without one the warm-up
// starts over. emit gets every event; the caller decides which ones to record.
WarmupOutcome runWarmup(const RoundSpec &spec, bool resume, const RoundEventSink &emit,
                        const std::atomic<bool> *cancel);

// Passes an SFT job's events on as round events (warmupRoundEvent with the given stage and
// round), and the run's cancel flag on to the job's token: the trainer checks the token
// before every step, and every step ends in an event, so a cancel reaches it at the next
// step boundary. Also notes where the job (re)started and its total steps.
class SftEventForwarder : public EventSink
{
public:
    SftEventForwarder(RoundEventSink emit, const std::atomic<bool> *cancel, std::string stage, int round);
    void onEvent(const TrainingEvent &event) override;
    const CancelToken *token() const { return &m_token; }
    std::int64_t startStep() const { return m_startStep; }
    std::int64_t totalSteps() const { return m_totalSteps; }

private:
    RoundEventSink m_emit;
    const std::atomic<bool> *m_cancel;
    std::string m_stage;
    int m_round;
    CancelToken m_token;
    std::int64_t m_startStep = 0, m_totalSteps = 0;
};

// An SFT training event as a round event: stage "warmup", round 0 (or the continued-SFT
// baseline's stage "sft" and its round), done/total = step and
// total steps, value = loss for steps, data {"event": started / stage_start / step /
// stage_end / checkpoint / finished / cancelled / log / eval, "stage", "step",
// "total_steps", and for steps "loss", "lr", "grad_norm", "tokens_per_second", "elapsed_s",
// "eta_s"}, message as the SFT event's.
RoundEvent warmupRoundEvent(const TrainingEvent &event, const std::string &stage = "warmup", int round = 0);
// The reverse, for a consumer of round events that plots training events (the workbench):
// nullopt for any event that is not a warm-up or continued-SFT one.
std::optional<TrainingEvent> warmupTrainingEvent(const RoundEvent &event);

} // namespace itool::pipeline
