#pragma once
// Thread settings for the engine's maths: torch's own intra-op pool and OpenBLAS's pool are
// separate (at::set_num_threads does not reach OpenBLAS). On 2 cores, 1 torch thread + 2
// OpenBLAS threads was fastest for training (see docs/training.md). No torch in this header.
#include <string>

namespace itool::model {

struct ThreadSettings
{
    int torchThreads = 1;
    int blasThreads = 2;
    // SFT steps only: data-parallel workers, each taking a share of every batch on its own
    // thread with its own copy of the model (train/data_parallel_group.h), torch and OpenBLAS
    // single-threaded meanwhile. torchThreads/blasThreads apply to everything else.
    int workers = 1;
};

// The split a training run uses when its spec names none (measured in docs/training.md).
// float32: one data-parallel worker per usable core (1.8x to 2.1x the speed of one model on
// 2 cores at the quick spec's sizes); outside SFT steps 1 torch thread + 2 OpenBLAS threads,
// since two torch threads beside them halved the speed on 2 cores. bfloat16: the products run
// in oneDNN on torch's own pool, so torch gets every core (1.9x faster on 2 cores than 1 torch
// thread) and one worker.
ThreadSettings trainingThreads(bool bf16);

// Applies both; returns false when the BLAS in use has no thread control (then only torch's
// setting took effect). Call before the first torch operation where possible.
bool applyThreadSettings(const ThreadSettings &settings);
// "torch 1 thread, OpenBLAS 2 threads" (what is in effect now).
std::string describeThreads();
// The torch and OpenBLAS thread counts in effect now (workers 1).
ThreadSettings currentThreadSettings();

// While it lives, torch and OpenBLAS run single-threaded (each data-parallel worker has a
// core to itself) when workers > 1; the settings in effect before come back when it ends,
// however the section ends (so evaluation after training gets its threads back).
class WorkerThreadScope
{
public:
    explicit WorkerThreadScope(int workers);
    ~WorkerThreadScope();
    WorkerThreadScope(const WorkerThreadScope &) = delete;
    WorkerThreadScope &operator=(const WorkerThreadScope &) = delete;

private:
    ThreadSettings m_before;
    bool m_active = false;
};

} // namespace itool::model
