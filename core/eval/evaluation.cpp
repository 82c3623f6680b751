// Judging and tallying answers; see evaluation.h.
#include "core/eval/evaluation.h"

#include "core/common/user_error.h"
#include "core/toolcall/check_report.h"
#include "core/toolcall/checker.h"

#include "core/eval/accuracy_statistics.h"

#include <cstdio>
#include <stdexcept>
#include <unordered_map>

namespace itool::eval {

namespace {

Judgement judge(const toolcall::CompiledCase &compiled, const std::string &answer)
{
    const auto result = toolcall::checkRaw(compiled, answer);
    Judgement j;
    j.correct = result.valid;
    j.score = result.score;
    if (!result.valid) {
        for (const auto &e : result.errors)
            j.errorKinds.push_back(e.kind);
        if (j.errorKinds.empty())
            j.errorKinds.push_back(result.errorType.empty() ? "checker:invalid" : result.errorType);
    }
    return j;
}

} // namespace

Judgement judgeAnswer(const data::Record &record, const std::string &answer)
{
    // Records that call no tool follow BFCL's irrelevance rule inside the checker.
    return judge(*toolcall::compileCase(record), answer);
}

Evaluation evaluateAnswers(const std::vector<data::Record> &records, const std::vector<std::string> &answers)
{
    if (records.size() != answers.size())
        throw std::invalid_argument("evaluateAnswers: one answer per record expected");
    Evaluation e;
    double scoreSum = 0.0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        Judgement j = judgeAnswer(records[i], answers[i]);
        e.metrics.add(records[i], j.correct, j.errorKinds);
        scoreSum += j.score;
        e.ids.push_back(records[i].id);
        e.answers.push_back(answers[i]);
        e.judgements.push_back(std::move(j));
    }
    e.meanScore = records.empty() ? 0.0 : scoreSum / double(records.size());
    return e;
}

Json Evaluation::toJson() const
{
    Json j = eval::toJson(metrics);
    j["mean_score"] = meanScore;
    j["seconds"] = seconds;
    return j;
}

std::string Evaluation::toText() const
{
    std::string out;
    char buf[256];
    auto line = [&](const std::string &name, const Tally &t) {
        const auto ci = wilsonInterval(t.correct, t.total);
        std::snprintf(buf, sizeof buf, "  %-20s %6lld / %-6lld %6.1f%%  [%5.1f, %5.1f]\n", name.c_str(),
                      (long long)t.correct, (long long)t.total, 100.0 * t.accuracy(), 100.0 * ci.low,
                      100.0 * ci.high);
        out += buf;
    };
    out += "accuracy (95% interval)\n";
    line("all", metrics.overall);
    out += "by difficulty\n";
    Tally harder;
    for (const auto &[k, t] : metrics.byDifficulty) {
        line(k, t);
        if (k == "medium" || k == "hard") {
            harder.total += t.total;
            harder.correct += t.correct;
        }
    }
    if (harder.total > 0)
        line("medium+hard", harder);
    out += "by category\n";
    for (const auto &[k, t] : metrics.byCategory)
        line(k, t);
    if (!metrics.firstErrors.empty()) {
        out += "first error of each wrong answer\n";
        for (const auto &[k, n] : metrics.firstErrors) {
            std::snprintf(buf, sizeof buf, "  %-40s %6lld\n", k.c_str(), (long long)n);
            out += buf;
        }
    }
    std::snprintf(buf, sizeof buf, "mean checker score %.3f\n", meanScore);
    return out + buf;
}

std::string Evaluation::answerLines() const
{
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto &j = judgements[i];
        // Model output may end inside a UTF-8 sequence (a byte-level token): U+FFFD there.
        out += Json{{"id", ids[i]}, {"result", answers[i]}, {"correct", j.correct}, {"score", j.score},
                    {"errors", j.errorKinds}}
                   .dump(-1, ' ', false, Json::error_handler_t::replace)
               + "\n";
    }
    return out;
}

std::vector<std::string> readAnswersFor(const std::vector<data::Record> &records, const std::string &path)
{
    const auto predictions = toolcall::readPredictions(path);
    std::unordered_map<std::string, const toolcall::Prediction *> byId;
    for (const auto &p : predictions) {
        if (!p.result.is_string())
            throw UserError(path + ":" + std::to_string(p.line) + ": \"result\": expected the answer text (a string)");
        if (!byId.emplace(p.id, &p).second)
            throw UserError(path + ":" + std::to_string(p.line) + ": a second answer for record \"" + p.id + "\"");
    }
    std::vector<std::string> answers;
    answers.reserve(records.size());
    std::vector<std::string> missing;
    for (const auto &r : records) {
        const auto it = byId.find(r.id);
        if (it == byId.end()) {
            missing.push_back(r.id);
            continue;
        }
        answers.push_back(it->second->result.get<std::string>());
    }
    if (!missing.empty()) {
        std::string list;
        for (std::size_t i = 0; i < missing.size() && i < 5; ++i)
            list += (i ? ", " : "") + missing[i];
        if (missing.size() > 5)
            list += " and " + std::to_string(missing.size() - 5) + " more";
        throw UserError(path + ": no answer for " + std::to_string(missing.size()) + " of the " +
                        std::to_string(records.size()) + " records (" + list + ")");
    }
    return answers;
}

} // namespace itool::eval
