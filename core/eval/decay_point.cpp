// JSON form of a decay point (see decay_point.h).
#include "core/eval/decay_point.h"

#include "core/common/user_error.h"

#include <cstdio>

namespace itool::eval {

std::string DecayPoint::key() const
{
    if (kind == "round")
        return std::string(method == "continued_sft" ? "sft-" : "") + "round" + std::to_string(round) + "-s" + std::to_string(seed);
    char buf[64];
    std::snprintf(buf, sizeof buf, "f%.6g-s%llu", fraction, static_cast<unsigned long long>(seed));
    return buf;
}

Json toJson(const DecayPoint &p)
{
    Json j{{"key", p.key()}, {"kind", p.kind}};
    if (p.kind == "round") {
        j["round"] = p.round;
        j["method"] = p.method;
    } else {
        j["fraction_index"] = p.fractionIndex;
        j["fraction"] = p.fraction;
    }
    j["seed"] = p.seed;
    j["records"] = p.records;
    j["steps"] = p.steps;
    j["model_dir"] = p.modelDir;
    j["train_seconds"] = p.trainSeconds;
    j["eval_seconds"] = p.evalSeconds;
    j["compute_tokens"] = p.computeTokens;
    j["metrics"] = toJson(p.metrics);
    if (!p.outcomes.empty())
        j["outcomes"] = p.outcomes;
    return j;
}

DecayPoint decayPointFromJson(const Json &j, const std::string &where)
{
    if (!j.is_object())
        throw UserError(where + ": expected a JSON object");
    try {
        DecayPoint p;
        p.kind = j.at("kind").get<std::string>();
        if (p.kind != "sft" && p.kind != "round")
            throw UserError(where + ": \"kind\": expected \"sft\" or \"round\"");
        if (p.kind == "round") {
            p.round = j.at("round").get<int>();
            p.method = j.value("method", std::string("itool"));
            if (p.method != "itool" && p.method != "continued_sft")
                throw UserError(where + ": \"method\": expected \"itool\" or \"continued_sft\"");
        } else {
            p.fractionIndex = j.at("fraction_index").get<std::size_t>();
            p.fraction = j.at("fraction").get<double>();
        }
        p.seed = j.at("seed").get<std::uint64_t>();
        p.records = j.at("records").get<std::int64_t>();
        p.steps = j.at("steps").get<std::int64_t>();
        p.modelDir = j.at("model_dir").get<std::string>();
        p.trainSeconds = j.value("train_seconds", 0.0);
        p.evalSeconds = j.value("eval_seconds", 0.0);
        p.computeTokens = j.value("compute_tokens", std::int64_t(0));
        p.metrics = pointMetricsFromJson(j.at("metrics"), where + ": \"metrics\"");
        p.outcomes = j.value("outcomes", std::string());
        if (p.outcomes.find_first_not_of("01") != std::string::npos)
            throw UserError(where + ": \"outcomes\": expected a string of 0 and 1");
        if (!p.outcomes.empty() && std::int64_t(p.outcomes.size()) != p.metrics.overall.total)
            throw UserError(where + ": \"outcomes\": " + std::to_string(p.outcomes.size())
                            + " outcomes for " + std::to_string(p.metrics.overall.total) + " test records");
        return p;
    } catch (const Json::exception &e) {
        throw UserError(where + ": " + e.what());
    }
}

} // namespace itool::eval
