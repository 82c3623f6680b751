#pragma once
// The uncertainty of an accuracy and of a difference between two models: the Wilson score
// interval of a proportion, McNemar's exact test for two models that answered the same
// records (only the records on which they disagree carry information), and Newcombe's
// interval for the difference of two paired proportions (his method 10, built from the two
// Wilson intervals and the correlation of the outcomes). No torch, no Qt.
// What it is not: the tally of an evaluation (point_metrics.h) or the judge (the checker).
#include <cstdint>

namespace itool::eval {

struct Interval
{
    double low = 0.0, high = 0.0;
};

// 95 % (z = 1.959964) Wilson score interval of correct / total; [0, 1] when total is 0.
Interval wilsonInterval(std::int64_t correct, std::int64_t total, double z = 1.959963984540054);

// Outcomes of two models A and B on the same records.
struct PairedOutcomes
{
    std::int64_t bothRight = 0;
    std::int64_t onlyA = 0; // A right, B wrong
    std::int64_t onlyB = 0; // B right, A wrong
    std::int64_t bothWrong = 0;
    std::int64_t total() const { return bothRight + onlyA + onlyB + bothWrong; }
    double accuracyA() const;
    double accuracyB() const;
};

// Two-sided exact McNemar p-value: P(|X - n/2| >= |onlyA - n/2|) for X ~ Binomial(n, 1/2),
// n = onlyA + onlyB (1 when n is 0: no disagreement, no evidence).
double mcnemarExactP(std::int64_t onlyA, std::int64_t onlyB);

// 95 % interval of accuracy(B) - accuracy(A) (Newcombe 1998, method 10).
Interval pairedDifferenceInterval(const PairedOutcomes &outcomes, double z = 1.959963984540054);

} // namespace itool::eval
