// Flat-buffer AdamW (see adamw.h).
#include "core/train/adamw.h"

#include "core/train/flat_parameters.h"

#include <cmath>
#include <stdexcept>

namespace itool::train {

FlatAdamW::FlatAdamW(const std::vector<std::pair<std::string, torch::Tensor>> &params, AdamWOptions options)
    : m_options(options)
{
    auto flat = flattenParameters(params);
    m_params = flat.values;
    m_grads = flat.grads;
    m_decayed = flat.matrixCount;
    const auto total = m_params.numel();
    const auto opts = m_params.options();
    m_m = torch::zeros({total}, opts);
    m_v = torch::zeros({total}, opts);
    m_denom = torch::empty({total}, opts);
}

void FlatAdamW::zeroGrad()
{
    m_grads.zero_();
}

double FlatAdamW::clipGradNorm(double maxNorm)
{
    const double norm = m_grads.norm().item<double>();
    if (maxNorm > 0 && norm > maxNorm)
        m_grads.mul_(maxNorm / (norm + 1e-6));
    return norm;
}

void FlatAdamW::step(double lr)
{
    torch::NoGradGuard noGrad;
    ++m_step;
    const auto &o = m_options;
    if (o.weightDecay > 0 && m_decayed > 0)
        m_params.narrow(0, 0, m_decayed).mul_(1.0 - lr * o.weightDecay);
    m_m.lerp_(m_grads, 1.0 - o.beta1);
    m_v.mul_(o.beta2).addcmul_(m_grads, m_grads, 1.0 - o.beta2);
    const double bias1 = 1.0 - std::pow(o.beta1, static_cast<double>(m_step));
    const double bias2 = 1.0 - std::pow(o.beta2, static_cast<double>(m_step));
    // p -= lr/bias1 * m / (sqrt(v)/sqrt(bias2) + eps), as torch.optim.AdamW.
    torch::sqrt_out(m_denom, m_v).div_(std::sqrt(bias2)).add_(o.eps);
    m_params.addcdiv_(m_m, m_denom, -lr / bias1);
}

void FlatAdamW::restore(const torch::Tensor &m, const torch::Tensor &v, std::int64_t step)
{
    if (m.numel() != m_m.numel() || v.numel() != m_v.numel())
        throw std::invalid_argument("optimizer state has " + std::to_string(m.numel())
                                    + " values, the model has " + std::to_string(m_m.numel()));
    torch::NoGradGuard noGrad;
    m_m.copy_(m.reshape({-1}));
    m_v.copy_(v.reshape({-1}));
    m_step = step;
}

} // namespace itool::train
