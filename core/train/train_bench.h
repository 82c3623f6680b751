#pragma once
// `itool bench train`: training throughput of a fixed model shape (d_model 256, 4 layers,
// 4 heads, SwiGLU 688, sequence 256, batch 16, vocabulary 1000, AdamW), ours and the same
// model and step in plain PyTorch (/usr/bin/python3 with python3-torch) run side by side.
// No torch in this header (the CLI includes it).
#include "core/model/model_config.h"
#include "core/model/threading.h"

#include <cstdint>
#include <optional>
#include <string>

namespace itool::train {

struct TrainBenchOptions
{
    int steps = 8;        // timed steps
    int warmupSteps = 2;  // untimed
    std::int64_t batch = 16;
    std::int64_t sequence = 256;
    model::ThreadSettings threads;       // ours
    model::ThreadSettings pythonThreads; // the Python side (float32)
    bool bf16 = false;      // CPU autocast to bfloat16 for our side
    bool runPython = true;
    std::string python = "/usr/bin/python3";
};

struct TrainBenchSide
{
    double tokensPerSecond = 0;
    double secondsPerStep = 0;
    // Per second of CPU time used by the process (all its threads): steadier than wall time
    // when other programs share the cores.
    double tokensPerCpuSecond = 0;
    std::int64_t parameters = 0;
    double firstLoss = 0; // loss of the first timed step
    double lastLoss = 0;
};

struct TrainBenchResult
{
    model::ModelConfig config;
    TrainBenchSide ours;
    std::optional<TrainBenchSide> python;
    std::string pythonError; // why there is no Python figure
    std::string threads;
};

model::ModelConfig trainBenchConfig();
TrainBenchResult runTrainBench(const TrainBenchOptions &options);

// The Python side's script text (also what docs/training.md describes).
const char *trainBenchPythonScript();

} // namespace itool::train
