#pragma once
// The nested training subsets of the decay experiment: one seeded shuffle of the training
// records per experiment seed, and each fraction takes a prefix of it, so every subset is a
// superset of the smaller ones. The shuffle uses std::mt19937_64 (its output is fixed by the
// standard) with our own Fisher-Yates, so the subsets are the same on every platform.
// What it is not: the train/test split (core/pipeline/decay_job) or any training.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace itool::eval {

// The experiment's default fractions: 1/16, 1/8, 1/4, 1/2, 1.
std::vector<double> defaultDecayFractions();

// Throws UserError unless the fractions are in (0, 1] and strictly increasing.
void checkFractions(const std::vector<double> &fractions);

// Records in the subset for `fraction` of `total`: round(fraction * total), at least 1 when
// total > 0, never more than total.
std::size_t subsetSize(double fraction, std::size_t total);

// A permutation of 0..n-1 that depends only on n and seed.
std::vector<std::size_t> seededPermutation(std::size_t n, std::uint64_t seed);

// The shuffle seed for an experiment seed (kept apart from the model-init seed so that the
// two streams never coincide).
std::uint64_t subsetShuffleSeed(std::uint64_t experimentSeed);

// Indices of the records in each fraction's subset, in shuffle order: result[i] is a prefix
// of result[i + 1].
std::vector<std::vector<std::size_t>> nestedSubsets(std::size_t total, const std::vector<double> &fractions,
                                                    std::uint64_t experimentSeed);

} // namespace itool::eval
