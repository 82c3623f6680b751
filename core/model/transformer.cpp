// The Llama-style transformer (see transformer.h). The maths follows Hugging Face's
// modeling_llama so that weights move between the two unchanged; tests/golden checks it
// against an independent PyTorch implementation.
#include "core/model/transformer.h"

#include <cmath>
#include <limits>

namespace itool::model {

namespace {
// Added to masked attention scores. Finite (not -inf) so that a row with every key masked
// (a left-padding query) gives a uniform distribution instead of NaN.
constexpr double kMaskValue = -1e30;

// RMSNorm with a hand-written backward: saves only x/rms and 1/rms, and needs fewer
// temporaries than autograd's chain of pow/mean/add/rsqrt/mul (measured in bench train).
struct RmsNormFunction : public torch::autograd::Function<RmsNormFunction>
{
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &x,
                                 const torch::Tensor &weight, double eps)
    {
        auto rstd = torch::rsqrt((x * x).mean(-1, /*keepdim=*/true).add_(eps));
        auto xhat = x * rstd;
        ctx->save_for_backward({xhat, rstd, weight});
        return xhat * weight;
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext *ctx,
                                                 torch::autograd::tensor_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto &xhat = saved[0], &rstd = saved[1], &weight = saved[2];
        const auto &dy = grads[0];
        auto g = dy * weight;
        // d/dx of x*rstd: rstd * (g - xhat * mean(g * xhat))
        auto dx = (g - xhat * (g * xhat).mean(-1, /*keepdim=*/true)) * rstd;
        auto dw = (dy * xhat).reshape({-1, weight.size(0)}).sum(0);
        return {dx, dw, torch::Tensor()};
    }
};
} // namespace

void KVCache::selectRows(const torch::Tensor &rows)
{
    for (auto &k : keys)
        k = k.index_select(0, rows);
    for (auto &v : values)
        v = v.index_select(0, rows);
}

RMSNormImpl::RMSNormImpl(std::int64_t dim, double eps) : m_eps(eps)
{
    weight = register_parameter("weight", torch::ones({dim}));
}

torch::Tensor RMSNormImpl::forward(const torch::Tensor &x)
{
    return RmsNormFunction::apply(x, weight, m_eps);
}

AttentionImpl::AttentionImpl(const ModelConfig &c)
    : m_heads(c.numAttentionHeads), m_kvHeads(c.numKeyValueHeads), m_headDim(c.headDim())
{
    auto linear = [](std::int64_t in, std::int64_t out) {
        return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
    };
    q_proj = register_module("q_proj", linear(c.hiddenSize, m_heads * m_headDim));
    k_proj = register_module("k_proj", linear(c.hiddenSize, m_kvHeads * m_headDim));
    v_proj = register_module("v_proj", linear(c.hiddenSize, m_kvHeads * m_headDim));
    o_proj = register_module("o_proj", linear(m_heads * m_headDim, c.hiddenSize));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor &x, const torch::Tensor &cos,
                                     const torch::Tensor &sin, const torch::Tensor &mask,
                                     torch::Tensor *cacheK, torch::Tensor *cacheV)
{
    const auto B = x.size(0), T = x.size(1);
    auto q = q_proj(x).view({B, T, m_heads, m_headDim}).transpose(1, 2);
    auto k = k_proj(x).view({B, T, m_kvHeads, m_headDim}).transpose(1, 2);
    auto v = v_proj(x).view({B, T, m_kvHeads, m_headDim}).transpose(1, 2);
    // rotate_half(x) * sin == roll(x, D/2) * signedSin, where signedSin = cat(-sin1, sin2)
    // (the model passes it that way): one roll instead of narrow/neg/cat, addcmul fuses.
    auto c = cos.unsqueeze(1), s = sin.unsqueeze(1); // [B,1,T,D]
    const auto half = m_headDim / 2;
    q = torch::addcmul(q * c, torch::roll(q, half, -1), s);
    k = torch::addcmul(k * c, torch::roll(k, half, -1), s);
    if (cacheK) {
        if (cacheK->defined()) {
            k = torch::cat({*cacheK, k}, 2);
            v = torch::cat({*cacheV, v}, 2);
        }
        *cacheK = k;
        *cacheV = v;
    }
    const auto S = k.size(2);
    if (m_kvHeads != m_heads) {
        // Each key/value head serves heads/kvHeads consecutive query heads (HF repeat_kv).
        const auto rep = m_heads / m_kvHeads;
        k = k.unsqueeze(2).expand({B, m_kvHeads, rep, S, m_headDim}).reshape({B, m_heads, S, m_headDim});
        v = v.unsqueeze(2).expand({B, m_kvHeads, rep, S, m_headDim}).reshape({B, m_heads, S, m_headDim});
    }
    const double scale = 1.0 / std::sqrt(static_cast<double>(m_headDim));
    torch::Tensor probs;
    if (mask.defined() && mask.dim() == 2) {
        // Shared [T,S] mask: one fused scale + mask + matmul over all heads.
        auto scores = torch::baddbmm(mask, q.reshape({B * m_heads, T, m_headDim}),
                                     k.reshape({B * m_heads, S, m_headDim}).transpose(1, 2), 1.0, scale);
        probs = torch::softmax(scores, -1).view({B, m_heads, T, S});
    } else {
        auto scores = torch::matmul(q, k.transpose(-2, -1)) * scale;
        if (mask.defined())
            scores = scores + mask;
        probs = torch::softmax(scores, -1);
    }
    auto out = torch::matmul(probs, v).transpose(1, 2).reshape({B, T, m_heads * m_headDim});
    return o_proj(out);
}

MlpImpl::MlpImpl(const ModelConfig &c)
{
    auto linear = [](std::int64_t in, std::int64_t out) {
        return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
    };
    gate_proj = register_module("gate_proj", linear(c.hiddenSize, c.intermediateSize));
    up_proj = register_module("up_proj", linear(c.hiddenSize, c.intermediateSize));
    down_proj = register_module("down_proj", linear(c.intermediateSize, c.hiddenSize));
}

torch::Tensor MlpImpl::forward(const torch::Tensor &x)
{
    return down_proj(torch::silu(gate_proj(x)) * up_proj(x));
}

DecoderLayerImpl::DecoderLayerImpl(const ModelConfig &c)
{
    self_attn = register_module("self_attn", Attention(c));
    mlp = register_module("mlp", Mlp(c));
    input_layernorm = register_module("input_layernorm", RMSNorm(c.hiddenSize, c.rmsNormEps));
    post_attention_layernorm = register_module("post_attention_layernorm", RMSNorm(c.hiddenSize, c.rmsNormEps));
}

torch::Tensor DecoderLayerImpl::forward(const torch::Tensor &x, const torch::Tensor &cos,
                                        const torch::Tensor &sin, const torch::Tensor &mask,
                                        torch::Tensor *cacheK, torch::Tensor *cacheV)
{
    auto h = x + self_attn(input_layernorm(x), cos, sin, mask, cacheK, cacheV);
    return h + mlp(post_attention_layernorm(h));
}

LlamaBackboneImpl::LlamaBackboneImpl(const ModelConfig &c)
{
    embed_tokens = register_module("embed_tokens", torch::nn::Embedding(c.vocabSize, c.hiddenSize));
    layers = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < c.numHiddenLayers; ++i)
        layers->push_back(DecoderLayer(c));
    norm = register_module("norm", RMSNorm(c.hiddenSize, c.rmsNormEps));
}

LlamaForCausalLMImpl::LlamaForCausalLMImpl(const ModelConfig &config) : m_config(config)
{
    m_config.validate();
    model = register_module("model", LlamaBackbone(m_config));
    if (!m_config.tieWordEmbeddings)
        lm_head = register_module(
            "lm_head", torch::nn::Linear(torch::nn::LinearOptions(m_config.hiddenSize, m_config.vocabSize).bias(false)));
    initWeights(0);
}

void LlamaForCausalLMImpl::initWeights(std::uint64_t seed)
{
    torch::NoGradGuard noGrad;
    auto gen = at::detail::createCPUGenerator(seed);
    for (auto &[name, p] : namedWeights()) {
        if (name.ends_with("norm.weight")) {
            p.fill_(1.0);
        } else {
            auto values = at::normal(0.0, 0.02, p.sizes(), gen, torch::TensorOptions().dtype(torch::kFloat32));
            p.copy_(values);
        }
    }
}

void LlamaForCausalLMImpl::ensureRotary(std::int64_t length, const torch::Device &device)
{
    const auto dtype = model->embed_tokens->weight.scalar_type();
    const std::lock_guard<std::mutex> lock(m_rotaryMutex);
    if (m_cos.defined() && m_cos.size(0) >= length && m_cos.device() == device && m_cos.scalar_type() == dtype)
        return;
    const auto D = m_config.headDim();
    const auto n = std::max(length, m_config.maxPositionEmbeddings);
    auto invFreq = 1.0 / torch::pow(m_config.ropeTheta, torch::arange(0, D, 2, torch::kFloat32) / static_cast<double>(D));
    auto t = torch::arange(n, torch::kFloat32);
    auto freqs = torch::outer(t, invFreq);
    auto emb = torch::cat({freqs, freqs}, -1);
    m_cos = emb.cos().to(device, dtype);
    m_sin = torch::cat({-freqs.sin(), freqs.sin()}, -1).to(device, dtype); // signed, see AttentionImpl
}

torch::Tensor LlamaForCausalLMImpl::hidden(const torch::Tensor &ids, KVCache *cache,
                                           const torch::Tensor &keyMask, const torch::Tensor &positions)
{
    TORCH_CHECK(ids.dim() == 2, "ids must be [batch, time]");
    const auto B = ids.size(0), T = ids.size(1);
    const auto past = cache ? cache->length() : 0;
    const auto device = ids.device();
    ensureRotary(past + T, device);

    torch::Tensor cos, sin;
    if (positions.defined()) {
        cos = m_cos.index_select(0, positions.reshape({-1})).view({B, T, -1});
        sin = m_sin.index_select(0, positions.reshape({-1})).view({B, T, -1});
    } else {
        cos = m_cos.narrow(0, past, T).unsqueeze(0).expand({B, T, m_cos.size(1)});
        sin = m_sin.narrow(0, past, T).unsqueeze(0).expand({B, T, m_sin.size(1)});
    }

    torch::Tensor mask; // additive
    const auto S = past + T;
    if (keyMask.defined()) {
        // query i (absolute past+i) sees key j when j <= past+i and key j is a real token.
        auto causal = torch::ones({T, S}, torch::TensorOptions().dtype(torch::kBool).device(device)).tril(past);
        auto allowed = causal.unsqueeze(0) & keyMask.to(torch::kBool).unsqueeze(1); // [B,T,S]
        mask = torch::zeros({B, 1, T, S}, torch::TensorOptions().dtype(m_cos.scalar_type()).device(device))
                   .masked_fill_(allowed.logical_not().unsqueeze(1), kMaskValue);
    } else if (T > 1) {
        auto blocked = torch::ones({T, S}, torch::TensorOptions().dtype(torch::kBool).device(device)).triu(past + 1);
        mask = torch::zeros({T, S}, torch::TensorOptions().dtype(m_cos.scalar_type()).device(device))
                   .masked_fill_(blocked, kMaskValue);
    }

    if (cache && cache->keys.empty()) {
        cache->keys.resize(static_cast<std::size_t>(m_config.numHiddenLayers));
        cache->values.resize(static_cast<std::size_t>(m_config.numHiddenLayers));
    }
    auto x = model->embed_tokens(ids);
    for (std::size_t i = 0; i < model->layers->size(); ++i) {
        auto layer = model->layers->ptr<DecoderLayerImpl>(i);
        x = layer->forward(x, cos, sin, mask, cache ? &cache->keys[i] : nullptr,
                           cache ? &cache->values[i] : nullptr);
    }
    return model->norm(x);
}

torch::Tensor LlamaForCausalLMImpl::logitsFromHidden(const torch::Tensor &h)
{
    if (lm_head)
        return lm_head(h);
    return torch::matmul(h, model->embed_tokens->weight.t());
}

torch::Tensor LlamaForCausalLMImpl::forward(const torch::Tensor &ids, KVCache *cache,
                                            const torch::Tensor &keyMask, const torch::Tensor &positions)
{
    return logitsFromHidden(hidden(ids, cache, keyMask, positions));
}

std::vector<std::pair<std::string, torch::Tensor>> LlamaForCausalLMImpl::namedWeights() const
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto &item : named_parameters(/*recurse=*/true))
        out.emplace_back(item.key(), item.value());
    return out;
}

} // namespace itool::model
