// Nested subsets for the decay experiment (see decay_fractions.h).
#include "core/eval/decay_fractions.h"

#include "core/common/user_error.h"

#include <cmath>
#include <numeric>
#include <random>
#include <string>

namespace itool::eval {

std::vector<double> defaultDecayFractions()
{
    return {1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 1.0};
}

void checkFractions(const std::vector<double> &fractions)
{
    if (fractions.empty())
        throw UserError("fractions: expected at least one fraction");
    for (std::size_t i = 0; i < fractions.size(); ++i) {
        const double f = fractions[i];
        if (!(f > 0.0 && f <= 1.0))
            throw UserError("fractions[" + std::to_string(i) + "]: must be in (0, 1], got " + std::to_string(f));
        if (i > 0 && !(f > fractions[i - 1]))
            throw UserError("fractions[" + std::to_string(i) + "]: must be larger than the one before (the subsets "
                            "are nested, smallest first)");
    }
}

std::size_t subsetSize(double fraction, std::size_t total)
{
    if (total == 0)
        return 0;
    const auto n = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(total)));
    return std::min(total, std::max<std::size_t>(1, n));
}

std::vector<std::size_t> seededPermutation(std::size_t n, std::uint64_t seed)
{
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 rng(seed);
    // Fisher-Yates with a modulo draw: std::uniform_int_distribution differs between
    // standard libraries, the raw mt19937_64 stream does not. The bias is below 2^-40 here.
    for (std::size_t i = n; i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(rng() % i);
        std::swap(order[i - 1], order[j]);
    }
    return order;
}

std::uint64_t subsetShuffleSeed(std::uint64_t experimentSeed)
{
    // splitmix64 finaliser: distinct seeds give unrelated streams.
    std::uint64_t z = experimentSeed + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::vector<std::vector<std::size_t>> nestedSubsets(std::size_t total, const std::vector<double> &fractions,
                                                    std::uint64_t experimentSeed)
{
    checkFractions(fractions);
    const auto order = seededPermutation(total, subsetShuffleSeed(experimentSeed));
    std::vector<std::vector<std::size_t>> subsets;
    for (double f : fractions)
        subsets.emplace_back(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(subsetSize(f, total)));
    return subsets;
}

} // namespace itool::eval
