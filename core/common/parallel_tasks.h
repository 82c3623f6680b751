#pragma once
// Runs tasks 0..count-1 on `workers` threads (the calling thread is one of them), each thread
// taking the next task not yet taken. A task must write only its own outputs; the first
// exception thrown by any task is rethrown after every thread has stopped (no new task starts
// once one has failed). With one worker, or one task, everything runs on the calling thread.
// No torch, no Qt. What it is not: thread settings for the maths (model/threading.h).
#include <cstddef>
#include <functional>

namespace itool {

void forEachTask(std::size_t count, int workers, const std::function<void(std::size_t task)> &run);

} // namespace itool
