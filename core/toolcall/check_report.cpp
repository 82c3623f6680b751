// Predictions file in, verdict lines and a per-category summary out.
#include "core/toolcall/check_report.h"

#include "core/common/user_error.h"
#include "core/data/importer.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace itool::toolcall {

std::vector<Prediction> readPredictions(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UserError(InputIssue{path, 0, "cannot open the predictions file"}.toString());
    std::vector<Prediction> out;
    std::string line;
    std::int64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        Json j = Json::parse(line, nullptr, false);
        if (j.is_discarded())
            throw UserError(InputIssue{path, number, "not a JSON line (expected {\"id\": ..., \"result\": ...})"}.toString());
        if (!j.is_object() || !j.contains("id") || !j.contains("result"))
            throw UserError(InputIssue{path, number, "expected an object with \"id\" and \"result\""}.toString());
        const Json &id = j["id"];
        if (!id.is_string() && !id.is_number_integer())
            throw UserError(InputIssue{path, number, "\"id\" must be a string"}.toString());
        out.push_back(Prediction{id.is_string() ? id.get<std::string>() : id.dump(), std::move(j["result"]), number});
    }
    if (out.empty())
        throw UserError(InputIssue{path, 0, "no predictions in the file"}.toString());
    return out;
}

void CheckSummary::add(const std::string &category, const CheckResult &result)
{
    for (CategorySummary *s : {&m_categories[category], &m_all}) {
        ++s->total;
        s->valid += result.valid;
        s->scoreSum += result.score;
        if (!result.valid)
            ++s->errorTypes[result.errorType];
    }
}

namespace {

Json summaryJson(const CategorySummary &s)
{
    Json j = Json::object();
    j["total"] = s.total;
    j["valid"] = s.valid;
    j["accuracy"] = s.total ? static_cast<double>(s.valid) / static_cast<double>(s.total) : 0.0;
    j["mean_score"] = s.total ? s.scoreSum / static_cast<double>(s.total) : 0.0;
    Json errors = Json::object();
    for (const auto &[type, count] : s.errorTypes)
        errors[type] = count;
    j["error_types"] = std::move(errors);
    return j;
}

} // namespace

Json CheckSummary::toJson() const
{
    Json j = Json::object();
    Json categories = Json::object();
    for (const auto &[name, s] : m_categories)
        categories[name] = summaryJson(s);
    j["categories"] = std::move(categories);
    j["overall"] = summaryJson(m_all);
    return j;
}

std::string CheckSummary::toText() const
{
    std::ostringstream out;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-24s %8s %8s %9s %10s\n", "category", "total", "valid", "accuracy", "mean score");
    out << buf;
    auto row = [&](const std::string &name, const CategorySummary &s) {
        std::snprintf(buf, sizeof buf, "%-24s %8lld %8lld %8.2f%% %10.3f\n", name.c_str(), static_cast<long long>(s.total),
                      static_cast<long long>(s.valid), s.total ? 100.0 * static_cast<double>(s.valid) / static_cast<double>(s.total) : 0.0,
                      s.total ? s.scoreSum / static_cast<double>(s.total) : 0.0);
        out << buf;
    };
    for (const auto &[name, s] : m_categories)
        row(name, s);
    row("overall", m_all);
    if (!m_all.errorTypes.empty()) {
        out << "\nerror types:\n";
        for (const auto &[type, count] : m_all.errorTypes) {
            std::snprintf(buf, sizeof buf, "  %-56s %8lld\n", type.c_str(), static_cast<long long>(count));
            out << buf;
        }
    }
    return out.str();
}

Json checkLineJson(const std::string &id, const CheckResult &result)
{
    Json j = Json::object();
    j["id"] = id;
    j["valid"] = result.valid;
    j["error_type"] = result.errorType;
    Json errors = Json::array();
    for (const FragmentError &e : result.errors)
        errors.push_back(toJson(e));
    j["errors"] = std::move(errors);
    j["score"] = result.score;
    return j;
}

CheckSummary checkPredictions(const std::vector<data::Record> &records, const std::vector<Prediction> &predictions,
                              const std::string &predictionsPath, const CheckOptions &options,
                              const std::function<void(const Json &)> &emit)
{
    std::unordered_map<std::string, std::size_t> byId;
    for (std::size_t i = 0; i < records.size(); ++i)
        byId.emplace(records[i].id, i);
    std::vector<std::shared_ptr<const CompiledCase>> compiled(records.size());
    CheckSummary summary;
    for (const Prediction &p : predictions) {
        auto it = byId.find(p.id);
        if (it == byId.end())
            throw UserError(InputIssue{predictionsPath, p.line, "unknown id \"" + p.id + "\" (no record has it)"}.toString());
        auto &c = compiled[it->second];
        if (!c)
            c = compileCase(records[it->second], options);
        const CheckResult result = checkJson(*c, p.result);
        const data::Record &record = records[it->second];
        summary.add(std::string(data::toString(record.category == data::Category::None ? data::inferCategory(record)
                                                                                        : record.category)),
                    result);
        emit(checkLineJson(p.id, result));
    }
    return summary;
}

namespace {

std::vector<data::Record> importOrThrow(const std::string &path, const data::ImportOptions &options)
{
    data::ImportResult result = data::importFile(path, options);
    if (!result.ok())
        throw UserError(path + ": " + result.error);
    if (!result.issues.empty())
        throw UserError(result.issues.front().toString()
                        + (result.issueCount > 1 ? " (and " + std::to_string(result.issueCount - 1) + " more)" : ""));
    if (result.records.empty())
        throw UserError(InputIssue{path, 0, "no records in the file"}.toString());
    return std::move(result.records);
}

} // namespace

std::vector<data::Record> loadBfclRecords(const std::string &questions, const std::vector<std::string> &answers)
{
    data::ImportOptions options;
    options.format = data::DataFormat::Bfcl;
    options.answerFiles = answers;
    return importOrThrow(questions, options);
}

std::vector<data::Record> loadNativeRecords(const std::string &path)
{
    data::ImportOptions options;
    options.format = data::DataFormat::Native;
    return importOrThrow(path, options);
}

} // namespace itool::toolcall
