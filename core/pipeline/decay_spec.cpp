// Parsing the decay experiment spec (see decay_spec.h).
#include "core/pipeline/decay_spec.h"

#include "core/common/user_error.h"
#include "core/eval/decay_fractions.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace itool::pipeline {

namespace {

[[noreturn]] void fail(const std::string &where, const std::string &key, const std::string &what)
{
    throw UserError(where + (key.empty() ? "" : ": \"" + key + "\"") + ": " + what);
}

void allowOnly(const Json &j, const std::string &where, std::initializer_list<const char *> keys)
{
    if (!j.is_object())
        fail(where, "", "expected a JSON object");
    const std::set<std::string> allowed(keys.begin(), keys.end());
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!allowed.count(it.key()))
            fail(where, it.key(), "unknown field (misspelt?)");
}

std::vector<std::string> files(const Json &j, const std::string &where, const char *key,
                               bool required)
{
    std::vector<std::string> out;
    if (!j.contains(key)) {
        if (required)
            fail(where, key, "expected a non-empty list of record files");
        return out;
    }
    if (!j[key].is_array() || (required && j[key].empty()))
        fail(where, key, "expected a list of record files");
    for (const auto &f : j[key]) {
        if (!f.is_string())
            fail(where, key, "expected file names (strings)");
        out.push_back(f.get<std::string>());
    }
    return out;
}

std::int64_t integer(const Json &j, const std::string &where, const char *key,
                     std::int64_t fallback, std::int64_t min)
{
    if (!j.contains(key))
        return fallback;
    if (!j[key].is_number_integer() || j[key].get<std::int64_t>() < min)
        fail(where, key, "expected an integer of at least " + std::to_string(min));
    return j[key].get<std::int64_t>();
}

} // namespace

DecaySpec decaySpecFromJson(const Json &json, const std::string &where)
{
    allowOnly(json, where,
              {"itool_spec", "version", "description", "run_dir", "data", "fractions", "seeds", "curriculum",
               "budget", "tokenizer", "model", "optimizer", "threads", "eval", "rounds"});
    if (!json.contains("itool_spec") || json["itool_spec"] != "decay")
        fail(where, "itool_spec", "expected \"decay\"");
    if (!json.contains("version") || json["version"] != kDecaySpecVersion)
        fail(where, "version", "this build reads version " + std::to_string(kDecaySpecVersion));
    DecaySpec s;
    if (!json.contains("run_dir") || !json["run_dir"].is_string()
        || json["run_dir"].get<std::string>().empty())
        fail(where, "run_dir", "expected a folder name");
    s.runDir = json["run_dir"].get<std::string>();

    const Json data = json.value("data", Json::object());
    const std::string dataWhere = where + ": \"data\"";
    allowOnly(
        data, dataWhere,
        {"train", "synthetic", "test", "test_percent", "max_train_records", "max_test_records", "max_tokens"});
    s.trainFiles = files(data, dataWhere, "train", true);
    s.testFiles = files(data, dataWhere, "test", false);
    s.testPercent = static_cast<int>(integer(data, dataWhere, "test_percent", s.testPercent, 1));
    if (s.testPercent > 90)
        fail(dataWhere, "test_percent", "must be at most 90");
    s.maxTrainRecords
        = static_cast<std::size_t>(integer(data, dataWhere, "max_train_records", 0, 0));
    s.maxTestRecords = static_cast<std::size_t>(integer(data, dataWhere, "max_test_records", 0, 0));

    if (json.contains("fractions")) {
        if (!json["fractions"].is_array())
            fail(where, "fractions", "expected a list of numbers in (0, 1]");
        for (const auto &f : json["fractions"]) {
            if (!f.is_number())
                fail(where, "fractions", "expected a list of numbers in (0, 1]");
            s.fractions.push_back(f.get<double>());
        }
    } else {
        s.fractions = eval::defaultDecayFractions();
    }
    try {
        eval::checkFractions(s.fractions);
    } catch (const UserError &e) {
        fail(where, "", e.what());
    }
    if (json.contains("seeds")) {
        if (!json["seeds"].is_array() || json["seeds"].empty())
            fail(where, "seeds", "expected a non-empty list of non-negative integers");
        std::set<std::uint64_t> seen;
        for (const auto &v : json["seeds"]) {
            if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
                fail(where, "seeds", "expected a non-empty list of non-negative integers");
            if (!seen.insert(v.get<std::uint64_t>()).second)
                fail(where, "seeds", "each seed once");
            s.seeds.push_back(v.get<std::uint64_t>());
        }
    } else {
        s.seeds = {1, 2, 3};
    }

    const Json budget = json.value("budget", Json::object());
    const std::string budgetWhere = where + ": \"budget\"";
    allowOnly(budget, budgetWhere, {"steps", "epochs", "min_steps"});
    // Two modes: "steps" (every point trains that many steps; the data varies, the compute
    // does not) or "epochs" + "min_steps" (steps grow with the subset). Not both.
    s.fixedSteps = integer(budget, budgetWhere, "steps", 0, 1);
    if (s.fixedSteps > 0 && (budget.contains("epochs") || budget.contains("min_steps")))
        fail(budgetWhere, "steps",
             "a fixed step budget cannot be combined with \"epochs\" / \"min_steps\" (choose one mode)");
    if (budget.contains("epochs")) {
        if (!budget["epochs"].is_number() || !(budget["epochs"].get<double>() > 0.0))
            fail(budgetWhere, "epochs", "expected a positive number");
        s.epochs = budget["epochs"].get<double>();
    }
    s.minSteps = integer(budget, budgetWhere, "min_steps", s.minSteps, 1);

    // Model, optimizer, tokenizer and threads: the SFT spec's parser checks them, field by field.
    Json sft{{"itool_spec", "sft"}, {"version", kSftSpecVersion}, {"run_dir", s.runDir}};
    sft["data"] = Json{{"train", s.trainFiles}, {"holdout_percent", 0}};
    for (const char *key : {"max_tokens", "synthetic"})
        if (data.contains(key))
            sft["data"][key] = data[key];
    for (const char *key : {"tokenizer", "model", "optimizer", "threads"})
        if (json.contains(key))
            sft[key] = json[key];
    // A curriculum (the SFT spec's stages, e.g. the warm-up's easy -> medium -> hard) makes
    // every point train those stages on its own subset: fixed steps, the stages' sum.
    s.curriculum = json.contains("curriculum");
    if (s.curriculum && json.contains("budget"))
        fail(where, "budget", "a curriculum fixes every point's steps (its stages' sum); give one or the other");
    sft["curriculum"] = s.curriculum ? json["curriculum"]
                                     : Json::array({Json{{"name", "all"},
                                                         {"difficulty", {"easy", "medium", "hard", "unset"}},
                                                         {"steps", 1}}});
    s.sft = sftSpecFromJson(sft, where);
    if (s.curriculum) {
        s.fixedSteps = 0;
        for (const auto &stage : s.sft.curriculum)
            s.fixedSteps += stage.steps;
    }

    const Json ev = json.value("eval", Json::object());
    const std::string evWhere = where + ": \"eval\"";
    allowOnly(ev, evWhere, {"max_new_tokens", "batch_size"});
    s.eval.maxNewTokens = integer(ev, evWhere, "max_new_tokens", 0, 0);
    s.eval.batchSize = integer(ev, evWhere, "batch_size", 16, 1);
    s.eval.maxTokens = s.sft.maxTokens;
    s.eval.threads = s.sft.threads.value_or(model::ThreadSettings{}); // decoding runs in float32
    if (s.eval.maxNewTokens >= s.sft.maxTokens)
        fail(evWhere, "max_new_tokens",
             "must be below data.max_tokens (" + std::to_string(s.sft.maxTokens) + ")");

    const Json rounds = json.value("rounds", Json::object());
    const std::string roundsWhere = where + ": \"rounds\"";
    allowOnly(rounds, roundsWhere, {"spec", "run_dir", "seed", "continued_sft"});
    if (rounds.contains("spec")) {
        if (!rounds["spec"].is_string() || rounds["spec"].get<std::string>().empty())
            fail(roundsWhere, "spec", "expected the path of a run spec (itool run)");
        s.rounds.spec = rounds["spec"].get<std::string>();
        if (rounds.contains("run_dir"))
            fail(roundsWhere, "run_dir",
                 "give either \"spec\" (the experiment runs the rounds) or \"run_dir\" (rounds run by hand), not both");
        if (s.fractions.empty() || s.fractions.back() != 1.0)
            fail(roundsWhere, "spec", "the rounds start from the full-data model: the last fraction must be 1");
    }
    if (rounds.contains("continued_sft")) {
        if (!rounds["continued_sft"].is_boolean())
            fail(roundsWhere, "continued_sft", "expected true or false");
        s.roundsContinuedSft = rounds["continued_sft"].get<bool>();
    }
    if (rounds.contains("run_dir")) {
        if (!rounds["run_dir"].is_string())
            fail(roundsWhere, "run_dir", "expected a folder name");
        s.rounds.runDir = rounds["run_dir"].get<std::string>();
    }
    s.rounds.seed = static_cast<std::uint64_t>(
        integer(rounds, roundsWhere, "seed", std::int64_t(s.seeds.front()), 0));
    if (!s.rounds.spec.empty() && std::find(s.seeds.begin(), s.seeds.end(), s.rounds.seed) == s.seeds.end())
        fail(roundsWhere, "seed", "expected one of the experiment's seeds (its full-data model starts the rounds)");
    return s;
}

DecaySpec readDecaySpec(const std::string &path, Json *json)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UserError("cannot read spec " + path);
    std::stringstream text;
    text << in.rdbuf();
    Json j;
    try {
        j = Json::parse(text.str());
    } catch (const Json::exception &e) {
        throw UserError(path + ": not valid JSON (" + e.what() + ")");
    }
    auto spec = decaySpecFromJson(j, path);
    if (json)
        *json = std::move(j);
    return spec;
}

} // namespace itool::pipeline
