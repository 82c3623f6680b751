#pragma once
// The warm-up of an iTool run: the SFT job of the run spec's `warmup`, trained into
// run_dir/warmup (its model/ is where the rounds start), with the SFT events passed on as
// round events (stage "warmup", round 0) and the run's cancel flag passed on to the job.
// What it is not: the SFT job itself (sft_job.h) or the decision whether the warm-up is
// already done (the run's state.json, kept by round_loop.cpp). No torch here.
#include "core/pipeline/round_loop.h"
#include "core/pipeline/training_events.h"

#include <atomic>
#include <optional>

namespace itool::pipeline {

// Runs the warm-up of spec (spec.warmup must hold the SFT spec: loadWarmupSpec). With
// resume, an SFT checkpoint left in run_dir/warmup is continued; without one the warm-up
// starts over. emit gets every event; the caller decides which ones to record.
WarmupOutcome runWarmup(const RoundSpec &spec, bool resume, const RoundEventSink &emit,
                        const std::atomic<bool> *cancel);

// An SFT training event as a round event: stage "warmup", round 0, done/total = step and
// total steps, value = loss for steps, data {"event": started / stage_start / step /
// stage_end / checkpoint / finished / cancelled / log / eval, "stage", "step",
// "total_steps", and for steps "loss", "lr", "grad_norm", "tokens_per_second", "elapsed_s",
// "eta_s"}, message as the SFT event's.
RoundEvent warmupRoundEvent(const TrainingEvent &event);
// The reverse, for a consumer of round events that plots training events (the workbench):
// nullopt for any event that is not a warm-up one.
std::optional<TrainingEvent> warmupTrainingEvent(const RoundEvent &event);

} // namespace itool::pipeline
