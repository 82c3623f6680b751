#pragma once
// AdamW (decoupled weight decay, PyTorch's update rule) over parameters that live in ONE
// flat buffer: the module's parameters and gradients are re-pointed at views of two
// contiguous tensors, so the optimiser step, gradient clipping and zeroing are a handful of
// vectorised operations instead of a loop over ~40 small tensors, and gradients are
// accumulated in place without per-step allocations. State (moments, step) is exposed for
// checkpoints. Torch header: model/train .cpp files only.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace itool::train {

struct AdamWOptions
{
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.95;
    double eps = 1e-8;
    double weightDecay = 0.1; // applied to matrices only (not to norm weights)
};

class FlatAdamW
{
public:
    // Takes over the parameters: after this, each parameter's data and grad are views into
    // the flat buffers (values preserved). Parameters with dim() < 2 get no weight decay.
    FlatAdamW(const std::vector<std::pair<std::string, torch::Tensor>> &params, AdamWOptions options);

    void zeroGrad();
    // L2 norm of all gradients; scales them down to maxNorm when above it (maxNorm <= 0: no clip).
    double clipGradNorm(double maxNorm);
    void step(double lr);

    std::int64_t stepCount() const { return m_step; }
    std::int64_t parameterCount() const { return m_params.numel(); }
    // The flat buffers the parameters' data and grads are views of (see flat_parameters.h).
    const torch::Tensor &flatParameters() const { return m_params; }
    const torch::Tensor &flatGradients() const { return m_grads; }
    const AdamWOptions &options() const { return m_options; }

    // For checkpoints: first/second moments as flat tensors, plus the step counter.
    const torch::Tensor &firstMoment() const { return m_m; }
    const torch::Tensor &secondMoment() const { return m_v; }
    // Throws std::invalid_argument when sizes do not match this optimiser.
    void restore(const torch::Tensor &m, const torch::Tensor &v, std::int64_t step);

private:
    AdamWOptions m_options;
    torch::Tensor m_params, m_grads, m_m, m_v, m_denom;
    std::int64_t m_decayed = 0; // the first m_decayed elements get weight decay
    std::int64_t m_step = 0;
};

} // namespace itool::train
