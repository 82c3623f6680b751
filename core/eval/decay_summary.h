#pragma once
// Aggregating decay points over seeds: per fraction the mean, standard deviation (sample,
// n - 1; 0 for one seed), min and max of the accuracy overall, by difficulty and by category,
// and the mean fragment error counts; per step between consecutive fractions the gain (per
// seed: accuracy at the larger fraction minus accuracy at the smaller one, then aggregated)
// and the gain per doubling (gain / log2(larger / smaller)); rounds aggregated the same way.
// Also the text table the CLI prints. No torch.
#include "core/common/json.h"
#include "core/eval/accuracy_statistics.h"
#include "core/eval/decay_point.h"

#include <map>
#include <string>
#include <vector>

namespace itool::eval {

struct Spread
{
    int n = 0;
    double mean = 0, std = 0, min = 0, max = 0;
};

// The gain from model set A to model set B on the same test records, with a 95 % interval
// that carries the test set's sampling error: for every record, its verdict averaged over
// the seeds present in both (B's minus A's, each '1' right or '0' wrong); the gain is the
// mean of these over the records and the interval mean ± 1.96 × sd / sqrt(records). With one
// seed this is the paired (Wald) interval of a difference of proportions. It does not carry
// the spread between training seeds, which the Spread over seeds shows.
struct PairedGain
{
    int seeds = 0;
    std::int64_t records = 0;
    double gain = 0;
    Interval interval;
};
// outcomes: for each seed present in both, (A's outcomes, B's outcomes), equal lengths.
PairedGain pairedGain(const std::vector<std::pair<std::string, std::string>> &outcomes);
Json toJson(const PairedGain &gain);
Spread spreadOf(const std::vector<double> &values);
Json toJson(const Spread &spread);

struct FractionSummary
{
    std::size_t fractionIndex = 0;
    double fraction = 0;
    std::int64_t records = 0; // training records of the subset (the same for every seed)
    Spread accuracy;
    std::map<std::string, Spread> byDifficulty, byCategory;
    std::map<std::string, double> meanFragmentErrors;
};

struct GainSummary
{
    double fromFraction = 0, toFraction = 0;
    double doublings = 0; // log2(to / from)
    Spread gain;          // per seed, accuracy points (0..1)
    Spread gainPerDoubling;
    std::map<std::string, Spread> byDifficulty; // gain by difficulty
    // 95 % interval of the gain from the records' paired verdicts (pairedGain); records 0 when the
    // points kept no outcomes.
    PairedGain paired;
};

struct RoundSummary
{
    std::string method = "itool"; // or "continued_sft"
    int round = 0;
    Spread accuracy;
    std::map<std::string, Spread> byDifficulty;
    Spread computeTokens;      // added since the full-data model, rounds 1..round
    double computeShare = 0;   // computeTokens / the full-data SFT points' compute (0: unknown)
    Spread gain;               // accuracy minus the same seed's full-data SFT point
    std::map<std::string, Spread> gainByDifficulty;
    PairedGain paired;         // the gain's 95 % interval from the paired verdicts
};

struct DecaySummary
{
    std::vector<FractionSummary> fractions; // only fractions with at least one finished point
    std::vector<GainSummary> gains;         // between consecutive summarised fractions
    std::vector<RoundSummary> rounds;
};

DecaySummary summariseDecay(const std::vector<DecayPoint> &points,
                            const std::vector<double> &fractions);
Json toJson(const DecaySummary &summary);

// "1/16" for simple reciprocals, otherwise "0.3".
std::string fractionLabel(double fraction);
// The table printed at the end of `itool experiment decay`.
std::string decayTable(const DecaySummary &summary);

} // namespace itool::eval
