// SFT checkpoint files (see checkpoint.h).
#include "core/train/checkpoint.h"

#include "core/model/model_io.h"

#include <cinttypes>
#include <cstdio>
#include <filesystem>

namespace itool::train {

namespace {
std::string hex64(std::uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
    return buf;
}

constexpr const char *kExpAvg = "optimizer.exp_avg";
constexpr const char *kExpAvgSq = "optimizer.exp_avg_sq";
constexpr const char *kOrder = "data.order";
constexpr const char *kTorchRng = "rng.torch";
} // namespace

void writeCheckpoint(const std::string &path, const model::LlamaForCausalLM &model, const FlatAdamW &optimizer,
                     const TrainerState &state)
{
    model::NamedTensors tensors = model->namedWeights();
    tensors.emplace_back(kExpAvg, optimizer.firstMoment());
    tensors.emplace_back(kExpAvgSq, optimizer.secondMoment());
    tensors.emplace_back(kOrder, torch::tensor(state.order.empty() ? std::vector<std::int64_t>{} : state.order,
                                               torch::kLong));
    tensors.emplace_back(kTorchRng, at::detail::getDefaultCPUGenerator().get_state());

    // Checksum over the data section exactly as encodeSafetensors lays it out.
    std::vector<torch::Tensor> keep;
    std::uint64_t hash = model::kFnvOffset;
    for (auto &[name, t] : tensors) {
        t = t.detach().to(torch::kCPU).contiguous();
        hash = model::fnv1a64(t.data_ptr(), static_cast<std::size_t>(t.nbytes()), hash);
    }
    model::Metadata meta;
    meta["format"] = kCheckpointFormat;
    meta["version"] = std::to_string(kCheckpointVersion);
    meta["checksum"] = hex64(hash);
    meta["config"] = model::configToJson(model->config()).dump();
    Json s{{"step", state.step},       {"stage_index", state.stageIndex}, {"stage_step", state.stageStep},
           {"cursor", state.cursor},   {"epoch", state.epoch},            {"optimizer_step", optimizer.stepCount()},
           {"shuffle_rng", state.shuffleRng}, {"losses", state.losses},  {"plan", state.plan}};
    meta["state"] = s.dump();
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    model::saveTensors(path, tensors, meta);
}

TrainerState readCheckpoint(const std::string &path, model::LlamaForCausalLM &model, FlatAdamW &optimizer)
{
    const std::string what = "checkpoint " + path;
    model::SafetensorsFile file = [&] {
        try {
            return model::SafetensorsFile::open(path);
        } catch (const model::SafetensorsError &e) {
            throw CheckpointError(what + " is damaged: " + e.what());
        }
    }();
    const auto &meta = file.metadata();
    auto field = [&](const char *key) -> const std::string & {
        auto it = meta.find(key);
        if (it == meta.end())
            throw CheckpointError(what + " is not an itool SFT checkpoint (no \"" + key + "\" in its metadata)");
        return it->second;
    };
    if (field("format") != kCheckpointFormat)
        throw CheckpointError(what + " is not an itool SFT checkpoint (format \"" + field("format") + "\")");
    if (field("version") != std::to_string(kCheckpointVersion))
        throw CheckpointError(what + " has version " + field("version") + "; this build reads version "
                              + std::to_string(kCheckpointVersion));
    const auto sum = model::fnv1a64(file.dataSection().data(), file.dataSection().size());
    if (hex64(sum) != field("checksum"))
        throw CheckpointError(what + " is damaged: checksum " + hex64(sum) + " does not match the recorded "
                              + field("checksum") + " (bytes changed after writing)");
    model::ModelConfig config;
    try {
        config = model::configFromJson(Json::parse(field("config")), what + " config");
    } catch (const Json::exception &e) {
        throw CheckpointError(what + " is damaged: config is not JSON");
    }
    if (!(config == model->config()))
        throw CheckpointError(what + " holds a model of another shape than the spec asks for");

    TrainerState state;
    std::int64_t optimizerStep = 0;
    try {
        const Json s = Json::parse(field("state"));
        state.step = s.at("step").get<std::int64_t>();
        state.stageIndex = s.at("stage_index").get<std::int64_t>();
        state.stageStep = s.at("stage_step").get<std::int64_t>();
        state.cursor = s.at("cursor").get<std::int64_t>();
        state.epoch = s.at("epoch").get<std::int64_t>();
        optimizerStep = s.at("optimizer_step").get<std::int64_t>();
        state.shuffleRng = s.at("shuffle_rng").get<std::string>();
        state.losses = s.at("losses").get<std::vector<double>>();
        state.plan = s.at("plan");
    } catch (const Json::exception &e) {
        throw CheckpointError(what + " is damaged: trainer state unreadable (" + e.what() + ")");
    }
    try {
        model::loadWeights(model, file, /*allowExtra=*/true);
    } catch (const model::SafetensorsError &e) {
        throw CheckpointError(what + ": " + e.what());
    }
    try {
        optimizer.restore(model::tensorFrom(file, kExpAvg), model::tensorFrom(file, kExpAvgSq), optimizerStep);
        auto order = model::tensorFrom(file, kOrder);
        state.order.assign(order.data_ptr<std::int64_t>(), order.data_ptr<std::int64_t>() + order.numel());
        auto generator = at::detail::getDefaultCPUGenerator(); // a handle: shares the default's state
        generator.set_state(model::tensorFrom(file, kTorchRng));
    } catch (const std::exception &e) {
        throw CheckpointError(what + " is damaged: " + e.what());
    }
    return state;
}

} // namespace itool::train
