#pragma once
// Learning rate: linear warm-up to the peak, then cosine decay to minRatio * peak at the last
// step. A pure function of the step, so a resumed run needs no scheduler state beyond it.
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace itool::train {

struct CosineSchedule
{
    double peak = 1e-3;
    double minRatio = 0.1;
    std::int64_t warmupSteps = 0;
    std::int64_t totalSteps = 1;

    // step: 0-based index of the optimiser step about to run.
    double at(std::int64_t step) const
    {
        if (warmupSteps > 0 && step < warmupSteps)
            return peak * static_cast<double>(step + 1) / static_cast<double>(warmupSteps);
        const double span = static_cast<double>(std::max<std::int64_t>(1, totalSteps - warmupSteps));
        const double progress = std::clamp(static_cast<double>(step - warmupSteps) / span, 0.0, 1.0);
        const double cosine = 0.5 * (1.0 + std::cos(M_PI * progress));
        return peak * (minRatio + (1.0 - minRatio) * cosine);
    }
};

} // namespace itool::train
