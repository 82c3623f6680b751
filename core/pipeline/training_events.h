#pragma once
// What a running training job tells the outside world (CLI progress bar, GUI plots, logs):
// value-type events through an EventSink, and a CancelToken the job checks every step.
// No torch, no Qt: the GUI copies events across threads as plain values.
#include <atomic>
#include <cstdint>
#include <string>

namespace itool::pipeline {

struct TrainingEvent
{
    enum class Kind {
        Started,    // totalSteps known; step = where the run (re)starts
        Step,       // one optimiser step done: loss, lr, tokensPerSecond, gradNorm
        StageStart, // stage = name of the curriculum stage starting
        StageEnd,
        Checkpoint, // message = path written
        Eval,       // metric name in message, value in `value`
        Finished,   // message = final model folder
        Cancelled,  // stopped on request after saving a checkpoint
        Log         // free text for people
    };
    Kind kind = Kind::Log;
    std::string stage;
    std::int64_t step = 0;       // optimiser steps done, whole run
    std::int64_t totalSteps = 0; // whole run
    double loss = 0;
    double lr = 0;
    double tokensPerSecond = 0; // answer+prompt tokens processed per second (recent)
    double gradNorm = 0;
    double elapsedSeconds = 0; // since this process started the run
    double etaSeconds = 0;     // remaining, from the recent step rate
    double value = 0;
    std::string message;
};

class EventSink
{
public:
    virtual ~EventSink() = default;
    // Called on the training thread; keep it quick (copy and return).
    virtual void onEvent(const TrainingEvent &event) = 0;
};

// Set from any thread; the job stops at the next step boundary, saving a checkpoint first.
class CancelToken
{
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    // For code that takes a plain flag (the rounds' runRounds).
    const std::atomic<bool> &flag() const { return m_cancelled; }

private:
    std::atomic<bool> m_cancelled{false};
};

} // namespace itool::pipeline
