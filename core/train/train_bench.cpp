// Our half of `itool bench train` and the side-by-side run of the Python half (see
// train_bench.h). The step is the one the SFT trainer uses: forward, cross-entropy,
// backward, flat AdamW.
#include "core/train/train_bench.h"

#include "core/common/json.h"
#include "core/model/transformer.h"
#include "core/train/adamw.h"
#include "core/train/data_parallel_group.h"

#include <ATen/autocast_mode.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sys/resource.h>

namespace itool::train {

model::ModelConfig trainBenchConfig()
{
    model::ModelConfig c;
    c.vocabSize = 1000;
    c.hiddenSize = 256;
    c.intermediateSize = 688;
    c.numHiddenLayers = 4;
    c.numAttentionHeads = 4;
    c.numKeyValueHeads = 4;
    c.maxPositionEmbeddings = 256;
    c.tieWordEmbeddings = false;
    return c;
}

namespace {
double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

std::string shellQuote(const std::string &s)
{
    std::string out = "'";
    for (char ch : s) {
        if (ch == '\'')
            out += "'\\''";
        else
            out += ch;
    }
    return out + "'";
}

TrainBenchSide runOurs(const TrainBenchOptions &o, const model::ModelConfig &c)
{
    torch::manual_seed(0);
    model::LlamaForCausalLM net(c);
    net->initWeights(0);
    FlatAdamW opt(net->namedWeights(), AdamWOptions{1e-3, 0.9, 0.95, 1e-8, 0.1});
    auto ids = torch::randint(0, c.vocabSize, {o.batch, o.sequence + 1}, torch::kLong);
    // As in the SFT trainer: each data-parallel worker takes a share of the rows, single-threaded.
    const auto workers = static_cast<std::size_t>(std::clamp<std::int64_t>(o.threads.workers, 1, o.batch));
    if (workers > 1)
        model::applyThreadSettings(model::ThreadSettings{1, 1, static_cast<int>(workers)});
    DataParallelGroup group(net, c, workers);
    const double positions = static_cast<double>(o.batch * o.sequence);

    auto step = [&]() {
        opt.zeroGrad();
        group.broadcast(opt.flatParameters());
        std::vector<double> losses(workers, 0.0);
        group.run([&](std::size_t w) {
            const auto first = o.batch * std::int64_t(w) / std::int64_t(workers);
            const auto rows = o.batch * std::int64_t(w + 1) / std::int64_t(workers) - first;
            const auto x = ids.narrow(0, first, rows).narrow(1, 0, o.sequence).contiguous();
            const auto y = ids.narrow(0, first, rows).narrow(1, 1, o.sequence).reshape({-1});
            torch::Tensor logits;
            if (o.bf16) {
                at::autocast::set_cpu_enabled(true);
                at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
                logits = group.model(w)->forward(x);
                at::autocast::set_cpu_enabled(false);
                at::autocast::clear_cache();
                logits = logits.to(torch::kFloat32);
            } else {
                logits = group.model(w)->forward(x);
            }
            // Summed over the share, divided by the whole batch: the shares add up to the mean.
            auto loss = torch::nn::functional::cross_entropy(
                            logits.view({-1, c.vocabSize}), y,
                            torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                        / positions;
            loss.backward();
            losses[w] = loss.item<double>();
        });
        group.reduceInto(opt.flatGradients());
        opt.step(1e-3);
        double loss = 0;
        for (const double l : losses)
            loss += l;
        return loss;
    };
    for (int i = 0; i < o.warmupSteps; ++i)
        step();
    TrainBenchSide side;
    side.parameters = opt.parameterCount();
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = cpuSeconds();
    for (int i = 0; i < o.steps; ++i) {
        const double loss = step();
        if (i == 0)
            side.firstLoss = loss;
        side.lastLoss = loss;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    side.secondsPerStep = seconds / o.steps;
    side.tokensPerSecond = static_cast<double>(o.steps * o.batch * o.sequence) / seconds;
    side.tokensPerCpuSecond = static_cast<double>(o.steps * o.batch * o.sequence) / (cpuSeconds() - cpuStart);
    return side;
}

std::optional<TrainBenchSide> runPython(const TrainBenchOptions &o, const model::ModelConfig &c, std::string &error)
{
    const auto script = std::filesystem::temp_directory_path() / ("itool_train_bench_" + std::to_string(::getpid()) + ".py");
    {
        std::ofstream out(script);
        out << trainBenchPythonScript();
    }
    const Json args{{"vocab", c.vocabSize}, {"hidden", c.hiddenSize}, {"layers", c.numHiddenLayers},
                    {"heads", c.numAttentionHeads}, {"intermediate", c.intermediateSize},
                    {"batch", o.batch}, {"sequence", o.sequence}, {"steps", o.steps},
                    {"warmup", o.warmupSteps}, {"torch_threads", o.pythonThreads.torchThreads}};
    std::string cmd = "OPENBLAS_NUM_THREADS=" + std::to_string(o.pythonThreads.blasThreads) + " "
                      + (o.pythonThreads.torchThreads > 1 ? "OMP_WAIT_POLICY=PASSIVE " : "") + shellQuote(o.python) + " "
                      + shellQuote(script.string()) + " " + shellQuote(args.dump()) + " 2>&1";
    std::string output;
    if (FILE *pipe = popen(cmd.c_str(), "r")) {
        std::array<char, 4096> buf{};
        while (std::fgets(buf.data(), buf.size(), pipe))
            output += buf.data();
        const int rc = pclose(pipe);
        std::filesystem::remove(script);
        if (rc != 0) {
            error = "python exited with status " + std::to_string(rc) + ": " + output.substr(0, 400);
            return std::nullopt;
        }
    } else {
        error = "cannot start " + o.python;
        return std::nullopt;
    }
    const auto lastLine = output.substr(output.find_last_of('{') == std::string::npos ? 0 : output.rfind('{'));
    try {
        const auto j = Json::parse(lastLine);
        TrainBenchSide side;
        side.tokensPerSecond = j.at("tokens_per_second").get<double>();
        side.secondsPerStep = j.at("seconds_per_step").get<double>();
        side.tokensPerCpuSecond = j.at("tokens_per_cpu_second").get<double>();
        side.parameters = j.at("parameters").get<std::int64_t>();
        side.firstLoss = j.at("first_loss").get<double>();
        side.lastLoss = j.at("last_loss").get<double>();
        return side;
    } catch (const std::exception &e) {
        error = std::string("cannot read the python result: ") + e.what() + ": " + output.substr(0, 400);
        return std::nullopt;
    }
}
} // namespace

TrainBenchResult runTrainBench(const TrainBenchOptions &o)
{
    TrainBenchResult r;
    r.config = trainBenchConfig();
    r.config.maxPositionEmbeddings = std::max<std::int64_t>(r.config.maxPositionEmbeddings, o.sequence);
    model::applyThreadSettings(o.threads);
    r.threads = model::describeThreads();
    if (o.threads.workers > 1)
        r.threads = std::to_string(std::min<std::int64_t>(o.threads.workers, o.batch))
                    + " data-parallel workers of 1 thread each (" + r.threads + " otherwise)";
    // Python first: its process is gone before ours starts, so the two never share the cores.
    if (o.runPython)
        r.python = runPython(o, r.config, r.pythonError);
    r.ours = runOurs(o, r.config);
    return r;
}

} // namespace itool::train
