// Torch <-> safetensors, and model folders (see model_io.h).
#include "core/model/model_io.h"

#include <filesystem>
#include <set>

namespace itool::model {

namespace {
DType toDType(torch::ScalarType t)
{
    switch (t) {
    case torch::kFloat64: return DType::F64;
    case torch::kFloat32: return DType::F32;
    case torch::kFloat16: return DType::F16;
    case torch::kBFloat16: return DType::BF16;
    case torch::kInt64: return DType::I64;
    case torch::kInt32: return DType::I32;
    case torch::kInt16: return DType::I16;
    case torch::kInt8: return DType::I8;
    case torch::kUInt8: return DType::U8;
    case torch::kBool: return DType::Bool;
    default: throw std::invalid_argument("safetensors: unsupported tensor type");
    }
}

torch::ScalarType toScalar(DType d)
{
    switch (d) {
    case DType::F64: return torch::kFloat64;
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::I64: return torch::kInt64;
    case DType::I32: return torch::kInt32;
    case DType::I16: return torch::kInt16;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::Bool: return torch::kBool;
    }
    return torch::kFloat32;
}

std::string shapeText(at::IntArrayRef shape)
{
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}
} // namespace

void saveTensors(const std::string &path, const NamedTensors &tensors, const Metadata &metadata)
{
    std::vector<torch::Tensor> keep;
    std::vector<TensorView> views;
    keep.reserve(tensors.size());
    for (const auto &[name, t] : tensors) {
        keep.push_back(t.detach().to(torch::kCPU).contiguous());
        const auto &c = keep.back();
        views.push_back(TensorView{name, toDType(c.scalar_type()),
                                   std::vector<std::int64_t>(c.sizes().begin(), c.sizes().end()),
                                   c.data_ptr(), static_cast<std::size_t>(c.nbytes())});
    }
    writeSafetensors(path, views, metadata);
}

torch::Tensor tensorFrom(const SafetensorsFile &file, const std::string &name)
{
    const auto &info = file.info(name);
    auto t = torch::empty(info.shape, torch::TensorOptions().dtype(toScalar(info.dtype)));
    if (info.end > info.begin)
        std::memcpy(t.data_ptr(), file.data(name), info.end - info.begin);
    return t;
}

void loadWeights(LlamaForCausalLM &model, const SafetensorsFile &file, bool allowExtra)
{
    torch::NoGradGuard noGrad;
    std::set<std::string> expected;
    for (auto &[name, p] : model->namedWeights()) {
        expected.insert(name);
        if (!file.contains(name))
            throw SafetensorsError(file.source() + ": missing weight '" + name + "'");
        auto t = tensorFrom(file, name);
        if (t.sizes() != p.sizes())
            throw SafetensorsError(file.source() + ": weight '" + name + "' has shape " + shapeText(t.sizes())
                                   + ", the config needs " + shapeText(p.sizes()));
        p.copy_(t.to(p.scalar_type()));
    }
    for (const auto &name : file.names())
        if (!allowExtra && !expected.count(name) && !(name == "lm_head.weight" && model->config().tieWordEmbeddings))
            throw SafetensorsError(file.source() + ": unexpected weight '" + name + "' (config does not match?)");
}

void saveModel(const LlamaForCausalLM &model, const std::string &dir)
{
    std::filesystem::create_directories(dir);
    writeConfigFile(model->config(), (std::filesystem::path(dir) / kConfigFile).string());
    saveTensors((std::filesystem::path(dir) / kWeightsFile).string(), model->namedWeights(), {{"format", "pt"}});
}

LlamaForCausalLM loadModel(const std::string &dir)
{
    const auto config = readConfigFile((std::filesystem::path(dir) / kConfigFile).string());
    LlamaForCausalLM model(config);
    const auto file = SafetensorsFile::open((std::filesystem::path(dir) / kWeightsFile).string());
    loadWeights(model, file);
    return model;
}

} // namespace itool::model
