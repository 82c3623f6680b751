#include "core/data/difficulty_splitter.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <unordered_map>

namespace itool::data {

namespace {

std::string lowered(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string numberText(const Json &value)
{
    if (value.is_number_integer())
        return value.dump();
    const double v = value.get<double>();
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return std::to_string(static_cast<long long>(v));
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.15g", v);
    return buffer;
}

} // namespace

bool isVerbatim(const Json &value, const std::string &lowerText)
{
    if (value.is_string())
        return !value.get_ref<const std::string &>().empty()
               && lowerText.find(lowered(value.get<std::string>())) != std::string::npos;
    if (value.is_number())
        return lowerText.find(numberText(value)) != std::string::npos;
    if (value.is_boolean() || value.is_null())
        return false; // a yes/no is read from the phrasing, never copied
    if (value.empty())
        return true;
    for (const auto &item : value.items())
        if (!isVerbatim(item.value(), lowerText))
            return false;
    return true;
}

StructuralFeatures structuralFeatures(const Record &record)
{
    StructuralFeatures f;
    f.calls = static_cast<int>(record.gold.size());
    f.candidates = static_cast<int>(record.tools.size());
    std::string userText;
    int messages = 0;
    for (const Message &m : record.conversation) {
        if (m.role == Role::User)
            userText += lowered(m.content) + "\n";
        if (m.role != Role::System)
            ++messages;
    }
    f.extraTurns = std::max(0, messages - 1);
    for (const GoldCall &call : record.gold)
        for (const GoldParam &p : call.params) {
            if (p.omittable())
                continue; // may be left out: nothing to derive
            const bool verbatim = std::any_of(p.allowed.begin(), p.allowed.end(),
                                              [&](const Json &v) { return isVerbatim(v, userText); });
            if (!verbatim)
                ++f.nonVerbatim;
        }
    f.score = 2 * std::max(0, f.calls - 1) + std::max(0, f.candidates - 1) + 2 * f.nonVerbatim + std::min(f.extraTurns, 4);
    return f;
}

Difficulty structuralDifficulty(int score)
{
    if (score <= kEasyMax)
        return Difficulty::Easy;
    if (score <= kMediumMax)
        return Difficulty::Medium;
    return Difficulty::Hard;
}

void SplitSummary::count(const std::vector<Record> &records)
{
    easy = medium = hard = unset = 0;
    for (const Record &r : records) {
        switch (r.difficulty) {
        case Difficulty::Easy: ++easy; break;
        case Difficulty::Medium: ++medium; break;
        case Difficulty::Hard: ++hard; break;
        case Difficulty::Unset: ++unset; break;
        }
    }
}

SplitSummary splitStructural(std::vector<Record> &records)
{
    SplitSummary summary;
    for (Record &r : records) {
        if (r.difficultyByPerson) {
            ++summary.keptByPerson;
            continue;
        }
        const Difficulty d = structuralDifficulty(structuralFeatures(r).score);
        if (d != r.difficulty)
            ++summary.changed;
        r.difficulty = d;
    }
    summary.count(records);
    return summary;
}

SplitSummary splitByPerplexity(std::vector<Record> &records, ResponseScorer &scorer)
{
    SplitSummary summary;
    std::vector<std::pair<double, std::size_t>> scored;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (records[i].difficultyByPerson) {
            ++summary.keptByPerson;
            continue;
        }
        const double ppl = scorer.perplexity(records[i]);
        if (!std::isfinite(ppl)) {
            ++summary.unscored;
            if (records[i].difficulty != Difficulty::Unset)
                ++summary.changed;
            records[i].difficulty = Difficulty::Unset;
            continue;
        }
        scored.emplace_back(ppl, i);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    const std::size_t n = scored.size();
    for (std::size_t rank = 0; rank < n; ++rank) {
        const std::size_t tercile = rank * 3 / n; // 0, 1, 2: sizes differ by at most one
        const Difficulty d = tercile == 0 ? Difficulty::Easy : tercile == 1 ? Difficulty::Medium : Difficulty::Hard;
        Record &r = records[scored[rank].second];
        if (r.difficulty != d)
            ++summary.changed;
        r.difficulty = d;
    }
    summary.count(records);
    return summary;
}

std::vector<DifficultyOverride> readDifficultyOverrides(const std::string &path, std::vector<InputIssue> &issues)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UserError("cannot read overrides file " + path);
    std::vector<DifficultyOverride> out;
    std::string line;
    std::int64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        const Json json = Json::parse(line, nullptr, false);
        if (json.is_discarded() || !json.is_object()) {
            issues.push_back({path, number, "not a JSON object (expected {\"id\": \"...\", \"difficulty\": \"easy|medium|hard\"})"});
            continue;
        }
        auto id = json.find("id");
        auto difficulty = json.find("difficulty");
        if (id == json.end() || !id->is_string() || id->get<std::string>().empty()) {
            issues.push_back({path, number, "missing string \"id\""});
            continue;
        }
        const auto parsed = difficulty != json.end() && difficulty->is_string() ? difficultyFromString(difficulty->get<std::string>())
                                                                                 : std::nullopt;
        if (!parsed || *parsed == Difficulty::Unset) {
            issues.push_back({path, number, "\"difficulty\" must be \"easy\", \"medium\" or \"hard\""});
            continue;
        }
        out.push_back(DifficultyOverride{id->get<std::string>(), *parsed, number});
    }
    return out;
}

SplitSummary applyOverrides(std::vector<Record> &records, const std::vector<DifficultyOverride> &overrides,
                            const std::string &overridesPath, std::vector<InputIssue> &issues)
{
    SplitSummary summary;
    std::unordered_map<std::string, std::size_t> byId;
    for (std::size_t i = 0; i < records.size(); ++i)
        byId.emplace(records[i].id, i);
    for (const DifficultyOverride &o : overrides) {
        auto it = byId.find(o.id);
        if (it == byId.end()) {
            issues.push_back({overridesPath, o.line, "no record with id \"" + o.id + "\""});
            continue;
        }
        Record &r = records[it->second];
        if (r.difficulty != o.difficulty || !r.difficultyByPerson)
            ++summary.changed;
        r.difficulty = o.difficulty;
        r.difficultyByPerson = true;
    }
    for (const Record &r : records)
        summary.keptByPerson += r.difficultyByPerson ? 1 : 0;
    summary.count(records);
    return summary;
}

} // namespace itool::data
