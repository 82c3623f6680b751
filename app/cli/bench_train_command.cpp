// itool bench train: training tokens/s of the fixed bench model, ours beside plain PyTorch.
#include "app/cli/command_registry.h"
#include "core/common/json.h"
#include "core/common/user_error.h"
#include "core/train/cpu_features.h"
#include "core/train/train_bench.h"

#include <cstdio>

namespace {
itool::cli::CommandRegistrar reg{
    {"bench train", "Training tokens/s of a fixed model, ours beside the same step in PyTorch", "",
     "Model: d_model 256, 4 layers, 4 heads, SwiGLU 688, vocabulary 1000; batch 16 x 256 tokens;\n"
     "AdamW. The Python side runs /usr/bin/python3 with python3-torch first, then ours, so the\n"
     "two never share the cores. Default threads: each side's fastest split for its precision.\n"
     "Ours in float32: one data-parallel worker per core, each on a share of the batch (as\n"
     "itool sft trains); with --bf16 one model with torch on every core. Python: 1 torch + 2\n"
     "OpenBLAS threads, float32. --torch-threads and --blas-threads set both sides.",
     {{"steps", "N", "timed steps (default 8)"},
      {"warmup", "N", "untimed steps first (default 2)"},
      {"torch-threads", "N", "torch intra-op threads, both sides"},
      {"blas-threads", "N", "OpenBLAS threads, both sides"},
      {"workers", "N", "our data-parallel workers (1: one model on the threads above)"},
      {"bf16", "", "autocast our forward pass to bfloat16"},
      {"no-python", "", "skip the Python side"},
      {"python", "EXE", "Python interpreter (default /usr/bin/python3)"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        itool::train::TrainBenchOptions o;
        o.steps = static_cast<int>(cl.intValue("steps", 8));
        o.warmupSteps = static_cast<int>(cl.intValue("warmup", 2));
        o.bf16 = cl.has("bf16");
        o.threads = itool::model::trainingThreads(o.bf16);
        o.pythonThreads = itool::model::trainingThreads(false);
        for (auto *t : {&o.threads, &o.pythonThreads}) {
            t->torchThreads = static_cast<int>(cl.intValue("torch-threads", t->torchThreads));
            t->blasThreads = static_cast<int>(cl.intValue("blas-threads", t->blasThreads));
        }
        o.threads.workers = static_cast<int>(cl.intValue("workers", o.threads.workers));
        if (o.threads.workers < 1)
            throw itool::UserError("--workers must be at least 1");
        o.runPython = !cl.has("no-python");
        o.python = cl.valueOr("python", o.python);
        if (o.steps < 1 || o.warmupSteps < 0)
            throw itool::UserError("--steps must be at least 1 and --warmup not negative");
        // Measured as asked (it is a benchmark), but said plainly: without native bfloat16,
        // libtorch emulates it, and the SFT job would train in float32 instead.
        const bool nativeBf16 = itool::train::cpuHasNativeBf16();
        if (o.bf16 && !nativeBf16)
            std::printf("note: this CPU has no native bfloat16 (avx512_bf16 or amx_bf16): bf16 is emulated "
                        "and slower than float32 here; itool sft trains in float32 on such a CPU\n");
        const auto r = itool::train::runTrainBench(o);
        std::printf("model: d_model %lld, %lld layers, %lld heads, SwiGLU %lld, vocab %lld; batch %lld x %lld; AdamW\n",
                    (long long)r.config.hiddenSize, (long long)r.config.numHiddenLayers,
                    (long long)r.config.numAttentionHeads, (long long)r.config.intermediateSize,
                    (long long)r.config.vocabSize, (long long)o.batch, (long long)o.sequence);
        std::printf("threads: %s%s\n", r.threads.c_str(), o.bf16 ? ", bf16 autocast" : "");
        std::printf("%-8s %12s %14s %10s %12s %10s %10s\n", "side", "tokens/s", "tokens/cpu-s", "s/step",
                    "parameters", "loss0", "lossN");
        auto row = [](const char *name, const itool::train::TrainBenchSide &s) {
            std::printf("%-8s %12.0f %14.0f %10.3f %12lld %10.4f %10.4f\n", name, s.tokensPerSecond,
                        s.tokensPerCpuSecond, s.secondsPerStep, (long long)s.parameters, s.firstLoss, s.lastLoss);
        };
        row("itool", r.ours);
        itool::Json j{{"tokens_per_second", r.ours.tokensPerSecond}, {"parameters", r.ours.parameters},
                      {"seconds_per_step", r.ours.secondsPerStep},
                      {"tokens_per_cpu_second", r.ours.tokensPerCpuSecond}, {"threads", r.threads}, {"bf16", o.bf16},
                      {"native_bf16", nativeBf16}};
        if (r.python) {
            row("python", *r.python);
            std::printf("python threads: torch %d thread(s), OpenBLAS %d thread(s), float32\n",
                        o.pythonThreads.torchThreads, o.pythonThreads.blasThreads);
            const double ratio = r.ours.tokensPerSecond / r.python->tokensPerSecond;
            const double cpuRatio = r.ours.tokensPerCpuSecond / r.python->tokensPerCpuSecond;
            std::printf("ratio itool/python: %.2fx wall, %.2fx per CPU second\n", ratio, cpuRatio);
            j["ratio_cpu"] = cpuRatio;
            j["python_tokens_per_cpu_second"] = r.python->tokensPerCpuSecond;
            j["python_tokens_per_second"] = r.python->tokensPerSecond;
            j["python_parameters"] = r.python->parameters;
            j["python_threads"] = {{"torch", o.pythonThreads.torchThreads}, {"blas", o.pythonThreads.blasThreads}};
            j["ratio"] = ratio;
        } else if (o.runPython) {
            std::printf("python: not measured (%s)\n", r.pythonError.c_str());
            j["python_error"] = r.pythonError;
        }
        if (cl.wantsJson())
            itool::cli::printJsonSummary(j.dump());
        return 0;
    }};
} // namespace
