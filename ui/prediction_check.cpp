#include "ui/prediction_check.h"

#include "core/toolcall/check_report.h"
#include "core/toolcall/checker.h"
#include "core/toolcall/gold_predictions.h"

namespace itool::ui {

std::unordered_map<std::string, Json> readPredictions(const std::string &path)
{
    std::unordered_map<std::string, Json> out;
    for (toolcall::Prediction &p : toolcall::readPredictions(path))
        out[p.id] = std::move(p.result);
    return out;
}

std::string predictionErrorType(const data::Record &record, const Json &result)
{
    const auto verdict = toolcall::checkJson(*toolcall::compileCase(record), result);
    return verdict.valid ? std::string() : verdict.errorType;
}

PredictionCheck checkPrediction(const data::Record &record, const Json &result)
{
    const auto compiled = toolcall::compileCase(record);
    PredictionCheck out;
    toolcall::CheckResult verdict = toolcall::checkJson(*compiled, result);
    out.errorType = verdict.valid ? std::string() : verdict.errorType;
    if (result.is_string()) {
        out.text = result.get<std::string>();
    } else {
        // A decoded list has no text of its own: show it in bracket syntax and take the
        // spans from checking that text (the verdict above stays the decoded one's).
        try {
            out.text = toolcall::renderBracket(result);
            out.rendered = true;
            verdict.errors = toolcall::checkRaw(*compiled, out.text).errors;
        } catch (const std::exception &) {
            out.text = result.dump();
            for (auto &e : verdict.errors)
                e.span = {};
        }
    }
    for (const toolcall::FragmentError &e : verdict.errors) {
        FragmentMark m;
        m.kind = e.kind;
        m.expected = e.expected;
        m.got = e.got;
        m.begin = e.span.begin;
        m.end = e.span.end;
        if (e.span.empty() && e.call < 0) {
            m.begin = 0;
            m.end = static_cast<std::uint32_t>(out.text.size()); // the whole output is wrong
        }
        if (e.call >= 0)
            m.message = "call " + std::to_string(e.call + 1);
        if (!e.parameter.empty())
            m.message += (m.message.empty() ? "" : ", ") + std::string("parameter ") + e.parameter;
        out.marks.push_back(std::move(m));
    }
    return out;
}

} // namespace itool::ui
