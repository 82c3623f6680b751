#pragma once
// The decoder-only Llama-style transformer (RMSNorm, rotary positions, SwiGLU, optional
// grouped-query attention, tied or untied embeddings) as a libtorch module whose parameter
// names are exactly Hugging Face's (model.embed_tokens.weight, model.layers.N.self_attn.
// q_proj.weight, ..., model.norm.weight, lm_head.weight). Torch header: include it only from
// .cpp files of core/model, core/train, core/search, core/eval, core/pipeline.
// What it is not: decoding (decoder.h), saving/loading (model_io.h) or training.
#include "core/model/model_config.h"

#include <torch/torch.h>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace itool::model {

// Keys and values of earlier positions, one pair per layer, each [batch, kvHeads, len, headDim].
struct KVCache
{
    std::vector<torch::Tensor> keys;
    std::vector<torch::Tensor> values;
    std::int64_t length() const { return keys.empty() || !keys[0].defined() ? 0 : keys[0].size(2); }
    void clear() { keys.clear(); values.clear(); }
    // Keeps only the given batch rows (finished sequences dropped from a batch).
    void selectRows(const torch::Tensor &rows);
};

class RMSNormImpl : public torch::nn::Module
{
public:
    RMSNormImpl(std::int64_t dim, double eps);
    torch::Tensor forward(const torch::Tensor &x);
    torch::Tensor weight;

private:
    double m_eps;
};
TORCH_MODULE(RMSNorm);

class AttentionImpl : public torch::nn::Module
{
public:
    explicit AttentionImpl(const ModelConfig &config);
    // x [B,T,C]; cos/sin [B,T,headDim] (sin with its first half negated); mask additive [B or 1,1,T,S] or undefined (no mask).
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                          const torch::Tensor &mask, torch::Tensor *cacheK, torch::Tensor *cacheV);
    torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, o_proj{nullptr};

private:
    std::int64_t m_heads, m_kvHeads, m_headDim;
};
TORCH_MODULE(Attention);

class MlpImpl : public torch::nn::Module
{
public:
    explicit MlpImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &x);
    torch::nn::Linear gate_proj{nullptr}, up_proj{nullptr}, down_proj{nullptr};
};
TORCH_MODULE(Mlp);

class DecoderLayerImpl : public torch::nn::Module
{
public:
    explicit DecoderLayerImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                          const torch::Tensor &mask, torch::Tensor *cacheK, torch::Tensor *cacheV);
    Attention self_attn{nullptr};
    Mlp mlp{nullptr};
    RMSNorm input_layernorm{nullptr}, post_attention_layernorm{nullptr};
};
TORCH_MODULE(DecoderLayer);

// "model.*": embeddings, layers and final norm.
class LlamaBackboneImpl : public torch::nn::Module
{
public:
    explicit LlamaBackboneImpl(const ModelConfig &config);
    torch::nn::Embedding embed_tokens{nullptr};
    torch::nn::ModuleList layers{nullptr};
    RMSNorm norm{nullptr};
};
TORCH_MODULE(LlamaBackbone);

class LlamaForCausalLMImpl : public torch::nn::Module
{
public:
    explicit LlamaForCausalLMImpl(const ModelConfig &config);

    // ids [B,T] int64 -> logits [B,T,vocab]. With a cache, the new tokens continue after the
    // cached positions and the cache is extended. keyMask [B, past+T] bool (true = real
    // token) masks left padding; positions [B,T] int64 overrides the default past..past+T-1.
    torch::Tensor forward(const torch::Tensor &ids, KVCache *cache = nullptr,
                          const torch::Tensor &keyMask = {}, const torch::Tensor &positions = {});
    // Final hidden states [B,T,C] (before lm_head), same arguments.
    torch::Tensor hidden(const torch::Tensor &ids, KVCache *cache = nullptr,
                         const torch::Tensor &keyMask = {}, const torch::Tensor &positions = {});
    torch::Tensor logitsFromHidden(const torch::Tensor &hidden);

    const ModelConfig &config() const { return m_config; }
    // Parameters under their Hugging Face names; lm_head.weight absent when tied.
    std::vector<std::pair<std::string, torch::Tensor>> namedWeights() const;
    // Llama's initialisation: normal(0, 0.02) for linear and embedding weights, ones for norms.
    void initWeights(std::uint64_t seed);

    LlamaBackbone model{nullptr};
    torch::nn::Linear lm_head{nullptr}; // null when tie_word_embeddings

private:
    void ensureRotary(std::int64_t length, const torch::Device &device);
    ModelConfig m_config;
    torch::Tensor m_cos, m_sin; // [maxPos, headDim]; m_sin's first half negated
    // Inference runs on several threads at once (parallel decoding); the tables are built
    // lazily, so building them is guarded.
    std::mutex m_rotaryMutex;
};
TORCH_MODULE(LlamaForCausalLM);

} // namespace itool::model
