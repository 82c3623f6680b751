// See flat_parameters.h.
#include "core/train/flat_parameters.h"

namespace itool::train {

FlatParameters flattenParameters(const std::vector<std::pair<std::string, torch::Tensor>> &params)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> ordered;
    for (const auto &[name, p] : params)
        if (p.dim() >= 2)
            ordered.push_back(p);
    for (const auto &[name, p] : params)
        if (p.dim() < 2)
            ordered.push_back(p);
    FlatParameters flat;
    std::int64_t total = 0;
    for (const auto &p : ordered) {
        if (p.dim() >= 2)
            flat.matrixCount += p.numel();
        total += p.numel();
    }
    const auto opts = ordered.empty() ? torch::TensorOptions() : ordered.front().options();
    flat.values = torch::empty({total}, opts);
    flat.grads = torch::zeros({total}, opts);
    std::int64_t offset = 0;
    for (auto &p : ordered) {
        const auto n = p.numel();
        auto view = flat.values.narrow(0, offset, n).view(p.sizes());
        view.copy_(p);
        p.set_data(view);
        p.mutable_grad() = flat.grads.narrow(0, offset, n).view(p.sizes());
        offset += n;
    }
    return flat;
}

} // namespace itool::train
