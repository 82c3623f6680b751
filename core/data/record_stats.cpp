#include "core/data/record_stats.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace itool::data {

RecordStats computeStats(const std::vector<Record> &records)
{
    RecordStats s;
    for (Category c : {Category::None, Category::Simple, Category::Multiple, Category::Parallel,
                       Category::ParallelMultiple})
        s.byCategory[std::string(toString(c))] = 0;
    for (const char *d : {"easy", "medium", "hard", "unset"})
        s.byDifficulty[d] = 0;
    for (const Record &r : records) {
        ++s.records;
        ++s.byCategory[std::string(toString(r.category))];
        const std::string_view difficulty = toString(r.difficulty);
        ++s.byDifficulty[difficulty.empty() ? "unset" : std::string(difficulty)];
        if (r.difficultyByPerson)
            ++s.difficultyByPerson;
        ++s.byDomain[r.domain.empty() ? "(none)" : r.domain];
        if (r.gold.empty())
            ++s.noCallRecords;
        for (const GoldCall &call : r.gold) {
            ++s.goldCalls;
            ++s.byTool[call.name];
        }
    }
    return s;
}

Json statsToJson(const RecordStats &s)
{
    auto mapJson = [](const std::map<std::string, std::int64_t> &m) {
        Json out = Json::object();
        for (const auto &[k, v] : m)
            out[k] = v;
        return out;
    };
    return Json{{"records", s.records},
                {"gold_calls", s.goldCalls},
                {"no_call_records", s.noCallRecords},
                {"difficulty_by_person", s.difficultyByPerson},
                {"by_category", mapJson(s.byCategory)},
                {"by_difficulty", mapJson(s.byDifficulty)},
                {"by_domain", mapJson(s.byDomain)},
                {"tools", std::int64_t(s.byTool.size())},
                {"by_tool", mapJson(s.byTool)}};
}

namespace {

void section(std::ostringstream &out, const std::string &title,
             const std::map<std::string, std::int64_t> &counts, std::int64_t total,
             std::size_t maxRows, bool sortByCount)
{
    std::vector<std::pair<std::string, std::int64_t>> rows(counts.begin(), counts.end());
    if (sortByCount)
        std::stable_sort(rows.begin(), rows.end(),
                         [](const auto &a, const auto &b) { return a.second > b.second; });
    out << title << "\n";
    for (std::size_t i = 0; i < rows.size() && i < maxRows; ++i) {
        const double pct = total > 0 ? 100.0 * double(rows[i].second) / double(total) : 0.0;
        out << "  " << std::left << std::setw(34) << rows[i].first << std::right << std::setw(8)
            << rows[i].second << std::setw(8) << std::fixed << std::setprecision(1) << pct << "%\n";
    }
    if (rows.size() > maxRows)
        out << "  ... " << rows.size() - maxRows << " more\n";
}

} // namespace

std::string statsToTable(const RecordStats &s, std::size_t maxTools)
{
    std::ostringstream out;
    out << "records " << s.records << ", gold calls " << s.goldCalls << ", records without a call "
        << s.noCallRecords << ", difficulty set by a person " << s.difficultyByPerson << "\n\n";
    section(out, "category", s.byCategory, s.records, 100, false);
    section(out, "difficulty", s.byDifficulty, s.records, 100, false);
    section(out, "domain", s.byDomain, s.records, 30, true);
    section(out, "tool (gold calls, " + std::to_string(s.byTool.size()) + " tools)", s.byTool,
            s.goldCalls, maxTools, true);
    return out.str();
}

} // namespace itool::data
