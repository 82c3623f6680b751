// Deficiency selection arithmetic; see deficiency_selector.h.
#include "core/search/deficiency_selector.h"

#include <algorithm>
#include <cmath>

namespace itool::search {

namespace {
bool higherFirst(const DeficiencyScore &a, const DeficiencyScore &b)
{
    if (a.score != b.score)
        return a.score > b.score;
    return a.index < b.index;
}
std::size_t keepCount(std::size_t n, double fraction)
{
    if (fraction <= 0 || n == 0)
        return 0;
    return std::min(n, std::size_t(std::ceil(fraction * double(n) - 1e-9)));
}
} // namespace

std::vector<std::size_t> selectTopFraction(const std::vector<DeficiencyScore> &scores, double fraction)
{
    std::vector<std::size_t> out;
    for (bool calls : {true, false}) {
        std::vector<DeficiencyScore> group;
        for (const auto &s : scores)
            if (s.callsTools == calls && std::isfinite(s.score))
                group.push_back(s);
        std::sort(group.begin(), group.end(), higherFirst);
        group.resize(keepCount(group.size(), fraction));
        for (const auto &s : group)
            out.push_back(s.index);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::size_t> selectFailures(const std::vector<DeficiencyScore> &scores, double fraction)
{
    std::vector<DeficiencyScore> failed;
    for (const auto &s : scores)
        if (s.score > 0)
            failed.push_back(s);
    std::sort(failed.begin(), failed.end(), higherFirst);
    if (fraction < 1.0)
        failed.resize(std::min(failed.size(), keepCount(scores.size(), fraction)));
    std::vector<std::size_t> out;
    for (const auto &s : failed)
        out.push_back(s.index);
    std::sort(out.begin(), out.end());
    return out;
}

double frontierScore(bool greedyRight, int samplesRight, int samples)
{
    const int right = samplesRight + (greedyRight ? 1 : 0);
    if (right == 0 || right == samples + 1)
        return -1.0;
    const double share = samples > 0 ? double(samplesRight) / double(samples) : 0.0;
    return greedyRight ? 1.0 - share : 1.0 + share;
}

std::vector<std::size_t> selectFrontier(const std::vector<DeficiencyScore> &scores, double fraction)
{
    std::vector<DeficiencyScore> frontier;
    for (const auto &s : scores)
        if (s.score >= 0)
            frontier.push_back(s);
    std::sort(frontier.begin(), frontier.end(), higherFirst);
    frontier.resize(std::min(frontier.size(), keepCount(scores.size(), fraction)));
    std::vector<std::size_t> out;
    for (const auto &s : frontier)
        out.push_back(s.index);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace itool::search
