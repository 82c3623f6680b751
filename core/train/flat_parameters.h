#pragma once
// Moves a module's parameters into two contiguous buffers, one for values and one for
// gradients: each parameter's data and grad become views into them (values preserved).
// Matrices come first, in the order given, then the rest (norm weights), so that weight decay
// is one narrow() of the buffer. Two models of the same config flattened this way have the
// same layout, which is what lets data-parallel replicas sync and reduce in one operation.
// Torch header: model/train .cpp files only.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace itool::train {

struct FlatParameters
{
    torch::Tensor values, grads;  // 1-D, same length
    std::int64_t matrixCount = 0; // the first matrixCount elements belong to parameters with dim() >= 2
};

FlatParameters flattenParameters(const std::vector<std::pair<std::string, torch::Tensor>> &params);

} // namespace itool::train
