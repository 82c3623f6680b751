// Aggregation of decay points and the result table (see decay_summary.h).
#include "core/eval/decay_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace itool::eval {

Spread spreadOf(const std::vector<double> &values)
{
    Spread s;
    s.n = static_cast<int>(values.size());
    if (values.empty())
        return s;
    double sum = 0;
    for (double v : values)
        sum += v;
    s.mean = sum / s.n;
    s.min = *std::min_element(values.begin(), values.end());
    s.max = *std::max_element(values.begin(), values.end());
    if (s.n > 1) {
        double ss = 0;
        for (double v : values)
            ss += (v - s.mean) * (v - s.mean);
        s.std = std::sqrt(ss / (s.n - 1));
    }
    return s;
}

Json toJson(const Spread &s)
{
    return Json{{"n", s.n}, {"mean", s.mean}, {"std", s.std}, {"min", s.min}, {"max", s.max}};
}

PairedGain pairedGain(const std::vector<std::pair<std::string, std::string>> &outcomes)
{
    PairedGain g;
    if (outcomes.empty())
        return g;
    const std::size_t n = outcomes.front().first.size();
    for (const auto &[a, b] : outcomes)
        if (a.size() != n || b.size() != n || n == 0)
            return g; // different test sets: no paired interval
    std::vector<double> d(n, 0.0);
    for (const auto &[a, b] : outcomes)
        for (std::size_t r = 0; r < n; ++r)
            d[r] += double(b[r] == '1') - double(a[r] == '1');
    double mean = 0;
    for (double &x : d) {
        x /= double(outcomes.size());
        mean += x;
    }
    mean /= double(n);
    double ss = 0;
    for (double x : d)
        ss += (x - mean) * (x - mean);
    const double sd = n > 1 ? std::sqrt(ss / double(n - 1)) : 0.0;
    const double half = 1.959963984540054 * sd / std::sqrt(double(n));
    g.seeds = int(outcomes.size());
    g.records = std::int64_t(n);
    g.gain = mean;
    g.interval = {mean - half, mean + half};
    return g;
}

Json toJson(const PairedGain &g)
{
    return Json{{"seeds", g.seeds},
                {"records", g.records},
                {"gain", g.gain},
                {"ci95", Json::array({g.interval.low, g.interval.high})}};
}

namespace {

using SeedAccuracy = std::map<std::uint64_t, const PointMetrics *>;
using SeedOutcomes = std::map<std::uint64_t, const std::string *>;

// Seeds present in both (each with its outcomes): the input of pairedGain.
std::vector<std::pair<std::string, std::string>> pairedOutcomes(const SeedOutcomes &a, const SeedOutcomes &b)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto &[seed, oa] : a)
        if (auto it = b.find(seed); it != b.end())
            out.emplace_back(*oa, *it->second);
    return out;
}

// Accuracy of one slice ("" = overall, else a difficulty or category name) per seed; seeds
// whose test set has no record of that slice are left out.
std::map<std::uint64_t, double> slice(const SeedAccuracy &bySeed, const std::string &dimension,
                                      const std::string &name)
{
    std::map<std::uint64_t, double> out;
    for (const auto &[seed, m] : bySeed) {
        if (dimension.empty()) {
            out[seed] = m->overall.accuracy();
            continue;
        }
        const auto &table = dimension == "difficulty" ? m->byDifficulty : m->byCategory;
        auto it = table.find(name);
        if (it != table.end() && it->second.total > 0)
            out[seed] = it->second.accuracy();
    }
    return out;
}

std::vector<double> valuesOf(const std::map<std::uint64_t, double> &m)
{
    std::vector<double> v;
    for (const auto &[seed, x] : m)
        v.push_back(x);
    return v;
}

std::set<std::string> names(const SeedAccuracy &bySeed, const std::string &dimension)
{
    std::set<std::string> out;
    for (const auto &[seed, m] : bySeed)
        for (const auto &[name, t] : dimension == "difficulty" ? m->byDifficulty : m->byCategory)
            out.insert(name);
    return out;
}

std::vector<double> differences(const std::map<std::uint64_t, double> &from,
                                const std::map<std::uint64_t, double> &to, double scale)
{
    std::vector<double> v;
    for (const auto &[seed, a] : from) {
        auto it = to.find(seed);
        if (it != to.end())
            v.push_back((it->second - a) / scale);
    }
    return v;
}

} // namespace

DecaySummary summariseDecay(const std::vector<DecayPoint> &points,
                            const std::vector<double> &fractions)
{
    DecaySummary summary;
    std::vector<SeedAccuracy> perFraction(fractions.size());
    std::vector<SeedOutcomes> outcomesPerFraction(fractions.size());
    std::vector<std::map<std::uint64_t, std::int64_t>> computePerFraction(fractions.size());
    std::vector<std::int64_t> records(fractions.size(), 0);
    // By (method, round), the iTool rounds first: method 0 "itool", 1 "continued_sft".
    using RoundKey = std::pair<int, int>;
    std::map<RoundKey, SeedAccuracy> perRound;
    std::map<RoundKey, SeedOutcomes> outcomesPerRound;
    std::map<RoundKey, std::vector<double>> computePerRound;
    for (const auto &p : points) {
        if (p.kind == "round") {
            const RoundKey key{p.method == "itool" ? 0 : 1, p.round};
            perRound[key][p.seed] = &p.metrics;
            if (!p.outcomes.empty())
                outcomesPerRound[key][p.seed] = &p.outcomes;
            if (p.computeTokens > 0)
                computePerRound[key].push_back(double(p.computeTokens));
        } else if (p.fractionIndex < fractions.size()) {
            perFraction[p.fractionIndex][p.seed] = &p.metrics;
            if (!p.outcomes.empty())
                outcomesPerFraction[p.fractionIndex][p.seed] = &p.outcomes;
            if (p.computeTokens > 0)
                computePerFraction[p.fractionIndex][p.seed] = p.computeTokens;
            records[p.fractionIndex] = p.records;
        }
    }
    std::vector<std::size_t> present;
    for (std::size_t i = 0; i < fractions.size(); ++i) {
        const auto &bySeed = perFraction[i];
        if (bySeed.empty())
            continue;
        present.push_back(i);
        FractionSummary f;
        f.fractionIndex = i;
        f.fraction = fractions[i];
        f.records = records[i];
        f.accuracy = spreadOf(valuesOf(slice(bySeed, "", "")));
        for (const auto &name : names(bySeed, "difficulty"))
            f.byDifficulty[name] = spreadOf(valuesOf(slice(bySeed, "difficulty", name)));
        for (const auto &name : names(bySeed, "category"))
            f.byCategory[name] = spreadOf(valuesOf(slice(bySeed, "category", name)));
        for (const auto &[seed, m] : bySeed)
            for (const auto &[kind, n] : m->fragmentErrors)
                f.meanFragmentErrors[kind] += double(n) / double(bySeed.size());
        summary.fractions.push_back(std::move(f));
    }
    for (std::size_t k = 1; k < present.size(); ++k) {
        const auto &a = perFraction[present[k - 1]];
        const auto &b = perFraction[present[k]];
        GainSummary g;
        g.fromFraction = fractions[present[k - 1]];
        g.toFraction = fractions[present[k]];
        g.doublings = std::log2(g.toFraction / g.fromFraction);
        const auto accA = slice(a, "", ""), accB = slice(b, "", "");
        g.gain = spreadOf(differences(accA, accB, 1.0));
        g.gainPerDoubling = spreadOf(differences(accA, accB, g.doublings));
        for (const auto &name : names(b, "difficulty")) {
            const auto d
                = differences(slice(a, "difficulty", name), slice(b, "difficulty", name), 1.0);
            if (!d.empty())
                g.byDifficulty[name] = spreadOf(d);
        }
        g.paired = pairedGain(
            pairedOutcomes(outcomesPerFraction[present[k - 1]], outcomesPerFraction[present[k]]));
        if (g.gain.n > 0)
            summary.gains.push_back(std::move(g));
    }
    // Rounds against the full-data model (the largest fraction present, which is 1 when the
    // experiment runs its rounds) of the same seed.
    const SeedAccuracy *full = present.empty() ? nullptr : &perFraction[present.back()];
    const SeedOutcomes *fullOutcomes = present.empty() ? nullptr : &outcomesPerFraction[present.back()];
    double fullCompute = 0;
    if (!present.empty()) {
        std::vector<double> c;
        for (const auto &[seed, tokens] : computePerFraction[present.back()])
            c.push_back(double(tokens));
        fullCompute = spreadOf(c).mean;
    }
    for (const auto &[key, bySeed] : perRound) {
        RoundSummary r;
        r.method = key.first == 0 ? "itool" : "continued_sft";
        r.round = key.second;
        r.accuracy = spreadOf(valuesOf(slice(bySeed, "", "")));
        for (const auto &name : names(bySeed, "difficulty"))
            r.byDifficulty[name] = spreadOf(valuesOf(slice(bySeed, "difficulty", name)));
        r.computeTokens = spreadOf(computePerRound[key]);
        r.computeShare = fullCompute > 0 && r.computeTokens.n > 0 ? r.computeTokens.mean / fullCompute : 0.0;
        if (full) {
            r.gain = spreadOf(differences(slice(*full, "", ""), slice(bySeed, "", ""), 1.0));
            for (const auto &name : names(bySeed, "difficulty")) {
                const auto d = differences(slice(*full, "difficulty", name), slice(bySeed, "difficulty", name), 1.0);
                if (!d.empty())
                    r.gainByDifficulty[name] = spreadOf(d);
            }
            r.paired = pairedGain(pairedOutcomes(*fullOutcomes, outcomesPerRound[key]));
        }
        summary.rounds.push_back(std::move(r));
    }
    return summary;
}

namespace {

Json spreads(const std::map<std::string, Spread> &m)
{
    Json out = Json::object();
    for (const auto &[k, s] : m)
        out[k] = toJson(s);
    return out;
}

} // namespace

Json toJson(const DecaySummary &s)
{
    Json fractions = Json::array(), gains = Json::array(), rounds = Json::array();
    for (const auto &f : s.fractions) {
        Json errors = Json::object();
        for (const auto &[k, v] : f.meanFragmentErrors)
            errors[k] = v;
        fractions.push_back(Json{{"fraction_index", f.fractionIndex},
                                 {"fraction", f.fraction},
                                 {"records", f.records},
                                 {"accuracy", toJson(f.accuracy)},
                                 {"by_difficulty", spreads(f.byDifficulty)},
                                 {"by_category", spreads(f.byCategory)},
                                 {"mean_fragment_errors", errors}});
    }
    for (const auto &g : s.gains)
        gains.push_back(Json{{"from_fraction", g.fromFraction},
                             {"to_fraction", g.toFraction},
                             {"doublings", g.doublings},
                             {"gain", toJson(g.gain)},
                             {"gain_per_doubling", toJson(g.gainPerDoubling)},
                             {"by_difficulty", spreads(g.byDifficulty)},
                             {"paired", toJson(g.paired)}});
    for (const auto &r : s.rounds)
        rounds.push_back(Json{{"method", r.method},
                              {"round", r.round},
                              {"accuracy", toJson(r.accuracy)},
                              {"by_difficulty", spreads(r.byDifficulty)},
                              {"compute_tokens", toJson(r.computeTokens)},
                              {"compute_share", r.computeShare},
                              {"gain", toJson(r.gain)},
                              {"gain_by_difficulty", spreads(r.gainByDifficulty)},
                              {"paired", toJson(r.paired)}});
    return Json{{"fractions", fractions}, {"gains", gains}, {"rounds", rounds}};
}

std::string fractionLabel(double fraction)
{
    char buf[32];
    if (fraction >= 1.0 - 1e-12)
        return "1";
    const double inv = 1.0 / fraction;
    if (std::fabs(inv - std::round(inv)) < 1e-9) {
        std::snprintf(buf, sizeof buf, "1/%lld", static_cast<long long>(std::llround(inv)));
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.3g", fraction);
    return buf;
}

namespace {

std::string pct(double v, bool sign = false)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, sign ? "%+.1f" : "%.1f", v * 100.0);
    return buf;
}

std::string meanStd(const Spread &s, bool sign = false)
{
    if (s.n == 0)
        return "-";
    return pct(s.mean, sign) + "±" + pct(s.std);
}

std::string range(const Spread &s, bool sign = false)
{
    if (s.n == 0)
        return "-";
    std::string out = "["; // built up piecewise: GCC 12 warns falsely on "[" + std::string&&
    out += pct(s.min, sign);
    out += ", ";
    out += pct(s.max, sign);
    out += "]";
    return out;
}

std::string interval(const PairedGain &g)
{
    if (g.records == 0)
        return "-";
    std::string out = "[";
    out += pct(g.interval.low, true);
    out += ", ";
    out += pct(g.interval.high, true);
    out += "]";
    return out;
}

std::string pad(const std::string &s, std::size_t width)
{
    // Display width: count UTF-8 lead bytes only (the ± sign is two bytes, one column).
    std::size_t cols = 0;
    for (unsigned char c : s)
        cols += (c & 0xC0) != 0x80 ? 1 : 0;
    return s + std::string(cols < width ? width - cols : 1, ' ');
}

} // namespace

std::string decayTable(const DecaySummary &s)
{
    std::set<std::string> difficulties;
    for (const auto &f : s.fractions)
        for (const auto &[d, sp] : f.byDifficulty)
            difficulties.insert(d);
    std::vector<std::string> diffOrder;
    for (const char *d : {"easy", "medium", "hard", "unset"})
        if (difficulties.count(d))
            diffOrder.push_back(d);

    std::string out = "accuracy % on the test set (mean±std over seeds, [min, max])\n";
    out += pad("fraction", 10) + pad("records", 9) + pad("seeds", 7) + pad("accuracy", 13)
           + pad("range", 15);
    for (const auto &d : diffOrder)
        out += pad(d, 12);
    out += "\n";
    for (const auto &f : s.fractions) {
        out += pad(fractionLabel(f.fraction), 10) + pad(std::to_string(f.records), 9)
               + pad(std::to_string(f.accuracy.n), 7) + pad(meanStd(f.accuracy), 13)
               + pad(range(f.accuracy), 15);
        for (const auto &d : diffOrder) {
            auto it = f.byDifficulty.find(d);
            out += pad(it == f.byDifficulty.end() ? "-" : meanStd(it->second), 12);
        }
        out += "\n";
    }
    if (!s.gains.empty()) {
        out += "\ngain per step (accuracy points; per doubling = gain / log2 of the size ratio)\n";
        out += pad("step", 14) + pad("seeds", 7) + pad("gain", 13) + pad("95% interval", 17)
               + pad("range", 17) + pad("per doubling", 14);
        for (const auto &d : diffOrder)
            out += pad(d, 12);
        out += "\n";
        for (const auto &g : s.gains) {
            out += pad(fractionLabel(g.fromFraction) + " -> " + fractionLabel(g.toFraction), 14)
                   + pad(std::to_string(g.gain.n), 7) + pad(meanStd(g.gain, true), 13)
                   + pad(interval(g.paired), 17) + pad(range(g.gain, true), 17)
                   + pad(meanStd(g.gainPerDoubling, true), 14);
            for (const auto &d : diffOrder) {
                auto it = g.byDifficulty.find(d);
                out += pad(it == g.byDifficulty.end() ? "-" : meanStd(it->second, true), 12);
            }
            out += "\n";
        }
    }
    if (!s.rounds.empty()) {
        out += "\nrounds from the full-data SFT model, same test set (compute: added since that model, "
               "% of its own training compute; gain: over it, per seed)\n";
        out += pad("method", 15) + pad("round", 7) + pad("seeds", 7) + pad("compute", 10) + pad("accuracy", 13)
               + pad("gain", 13) + pad("95% interval", 17);
        for (const auto &d : diffOrder)
            out += pad(d + " gain", 14);
        out += "\n";
        for (const auto &r : s.rounds) {
            char share[32] = "-";
            if (r.computeShare > 0)
                std::snprintf(share, sizeof share, "%.1f%%", 100.0 * r.computeShare);
            out += pad(r.method == "itool" ? "iTool" : "continued SFT", 15) + pad(std::to_string(r.round), 7)
                   + pad(std::to_string(r.accuracy.n), 7) + pad(share, 10) + pad(meanStd(r.accuracy), 13)
                   + pad(meanStd(r.gain, true), 13) + pad(interval(r.paired), 17);
            for (const auto &d : diffOrder) {
                auto it = r.gainByDifficulty.find(d);
                out += pad(it == r.gainByDifficulty.end() ? "-" : meanStd(it->second, true), 14);
            }
            out += "\n";
        }
    }
    return out;
}

} // namespace itool::eval
