// Intervals and the paired test; see accuracy_statistics.h.
#include "core/eval/accuracy_statistics.h"

#include <algorithm>
#include <cmath>

namespace itool::eval {

Interval wilsonInterval(std::int64_t correct, std::int64_t total, double z)
{
    if (total <= 0)
        return {0.0, 1.0};
    const double n = double(total);
    const double p = double(correct) / n;
    const double z2 = z * z;
    const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

double PairedOutcomes::accuracyA() const
{
    return total() ? double(bothRight + onlyA) / double(total()) : 0.0;
}

double PairedOutcomes::accuracyB() const
{
    return total() ? double(bothRight + onlyB) / double(total()) : 0.0;
}

double mcnemarExactP(std::int64_t onlyA, std::int64_t onlyB)
{
    const std::int64_t n = onlyA + onlyB;
    if (n <= 0)
        return 1.0;
    const std::int64_t smaller = std::min(onlyA, onlyB);
    // P(X <= smaller) for X ~ Binomial(n, 1/2), summed in log space (n may be large).
    const double logHalfPowN = double(n) * std::log(0.5);
    double tail = 0.0;
    for (std::int64_t k = 0; k <= smaller; ++k) {
        const double logChoose = std::lgamma(double(n) + 1) - std::lgamma(double(k) + 1) - std::lgamma(double(n - k) + 1);
        tail += std::exp(logChoose + logHalfPowN);
    }
    return std::min(1.0, 2.0 * tail);
}

Interval pairedDifferenceInterval(const PairedOutcomes &o, double z)
{
    const std::int64_t n = o.total();
    if (n <= 0)
        return {-1.0, 1.0};
    const double a = double(o.bothRight), b = double(o.onlyA), c = double(o.onlyB), d = double(o.bothWrong);
    const double pA = (a + b) / double(n), pB = (a + c) / double(n);
    const Interval wA = wilsonInterval(o.bothRight + o.onlyA, n, z);
    const Interval wB = wilsonInterval(o.bothRight + o.onlyB, n, z);
    const double denominator = (a + b) * (c + d) * (a + c) * (b + d);
    const double phi = denominator > 0 ? (a * d - b * c) / std::sqrt(denominator) : 0.0;
    const double theta = pB - pA;
    // Newcombe's method 10 for pB - pA: the lower limit combines B's lower and A's upper
    // distances, the upper limit B's upper and A's lower ones.
    const double down = std::sqrt(std::max(
        0.0, (pB - wB.low) * (pB - wB.low) - 2 * phi * (pB - wB.low) * (wA.high - pA) + (wA.high - pA) * (wA.high - pA)));
    const double up = std::sqrt(std::max(
        0.0, (wB.high - pB) * (wB.high - pB) - 2 * phi * (wB.high - pB) * (pA - wA.low) + (pA - wA.low) * (pA - wA.low)));
    return {std::max(-1.0, theta - down), std::min(1.0, theta + up)};
}

} // namespace itool::eval
