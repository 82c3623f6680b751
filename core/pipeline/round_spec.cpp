// Run spec parsing; see round_spec.h and docs/rounds.md.
#include "core/pipeline/round_spec.h"

#include "core/common/user_error.h"
#include "core/pipeline/sft_spec.h"

#include <filesystem>
#include <fstream>
#include <set>

namespace itool::pipeline {

namespace {

class Reader
{
public:
    Reader(const Json &json, std::string where) : m_json(json), m_where(std::move(where)) {}

    [[noreturn]] void fail(const std::string &field, const std::string &what) const
    {
        throw UserError(m_where + ": " + field + ": " + what);
    }
    const Json *find(const std::string &key) const
    {
        return m_json.contains(key) ? &m_json.at(key) : nullptr;
    }
    std::string str(const std::string &key, const std::string &fallback) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_string())
            fail(key, "expected a string");
        return v->get<std::string>();
    }
    double num(const std::string &key, double fallback, double lo, double hi) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_number())
            fail(key, "expected a number");
        const double d = v->get<double>();
        if (d < lo || d > hi)
            fail(key, "expected a number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return d;
    }
    std::int64_t integer(const std::string &key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_number_integer())
            fail(key, "expected an integer");
        const auto i = v->get<std::int64_t>();
        if (i < lo || i > hi)
            fail(key, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return i;
    }
    bool boolean(const std::string &key, bool fallback) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_boolean())
            fail(key, "expected true or false");
        return v->get<bool>();
    }
    std::vector<std::string> strings(const std::string &key) const
    {
        std::vector<std::string> out;
        const Json *v = find(key);
        if (!v)
            return out;
        if (!v->is_array())
            fail(key, "expected a list of file paths");
        for (const auto &e : *v) {
            if (!e.is_string())
                fail(key, "expected a list of file paths");
            out.push_back(e.get<std::string>());
        }
        return out;
    }
    Reader sub(const std::string &key) const
    {
        static const Json empty = Json::object();
        const Json *v = find(key);
        if (v && !v->is_object())
            fail(key, "expected an object");
        return Reader(v ? *v : empty, m_where + ": " + key);
    }
    void onlyKeys(const std::set<std::string> &allowed) const
    {
        for (auto it = m_json.begin(); it != m_json.end(); ++it)
            if (!allowed.count(it.key()))
                fail(it.key(), "unknown field");
    }

private:
    const Json &m_json;
    std::string m_where;
};

// The warm-up SFT spec as the run trains it: its own run_dir replaced by runDir/warmup, so
// the warm-up always lives inside the run folder (and a spec file shared by several runs
// does not make them train into one folder).
Json warmupSftJson(const Json &sft, const std::string &runDir)
{
    Json j = sft;
    if (j.is_object())
        j["run_dir"] = warmupRunDir(runDir);
    return j;
}

} // namespace

std::string warmupRunDir(const std::string &runDir)
{
    return (std::filesystem::path(runDir) / "warmup").string();
}

std::string warmupModelDir(const std::string &runDir)
{
    return (std::filesystem::path(runDir) / "warmup" / "model").string();
}

RoundSpec roundSpecFromJson(const Json &json, const std::string &where)
{
    if (!json.is_object())
        throw UserError(where + ": expected a JSON object");
    Reader r(json, where);
    r.onlyKeys({"version", "kind", "run_dir", "start_model", "warmup", "tokenizer", "train_files", "eval_files",
                "eval_max_records", "eval_max_new_tokens", "max_tokens", "rounds", "method", "train_synthetic", "selection", "search",
                "pairs", "preference", "continued_sft", "seed", "threads", "note"});
    if (r.integer("version", kRoundSpecVersion, 1, 1000) != kRoundSpecVersion)
        r.fail("version", "this program reads version " + std::to_string(kRoundSpecVersion));
    RoundSpec s;
    s.runDir = r.str("run_dir", "");
    if (s.runDir.empty())
        r.fail("run_dir", "required: the run folder");
    s.startModel = r.str("start_model", "");
    if (const Json *w = r.find("warmup")) {
        if (w->is_string() && !w->get<std::string>().empty()) {
            s.warmupPath = w->get<std::string>();
        } else if (w->is_object()) {
            s.warmup = warmupSftJson(*w, s.runDir);
            sftSpecFromJson(s.warmup, where + ": warmup"); // names the wrong field; the job parses it again
        } else {
            r.fail("warmup", "expected the path of an SFT spec file or an SFT spec object");
        }
    }
    if (!s.startModel.empty() && s.hasWarmup())
        r.fail("start_model", "give start_model or warmup, not both: start_model is a model folder to start "
                              "from, warmup an SFT spec the run trains first");
    if (s.startModel.empty() && !s.hasWarmup())
        r.fail("start_model", "required: start_model (a model folder: config.json, model.safetensors, "
                              "tokenizer.json) or warmup (an SFT spec, trained first into run_dir/warmup)");
    s.tokenizerPath = r.str("tokenizer", "");
    s.trainFiles = r.strings("train_files");
    if (s.trainFiles.empty())
        r.fail("train_files", "required: at least one native JSONL file");
    const auto syn = r.sub("train_synthetic");
    syn.onlyKeys({"count", "seed", "exclude"});
    s.trainSyntheticCount = std::uint64_t(syn.integer("count", 0, 0, 10'000'000));
    s.trainSyntheticSeed = std::uint64_t(syn.integer("seed", 1, 0, std::int64_t(1) << 62));
    s.trainSyntheticExclude = syn.strings("exclude");
    s.evalFiles = r.strings("eval_files");
    s.evalMaxRecords = int(r.integer("eval_max_records", 0, 0, 1 << 30));
    s.evalMaxNewTokens = r.integer("eval_max_new_tokens", 0, 0, 1 << 20);
    s.maxTokens = r.integer("max_tokens", s.maxTokens, 16, 1 << 20);
    s.rounds = int(r.integer("rounds", s.rounds, 0, 100));
    s.method = r.str("method", s.method);
    if (s.method != "itool" && s.method != "continued_sft")
        r.fail("method", "expected \"itool\" (the rounds) or \"continued_sft\" (the baseline)");
    s.seed = std::uint64_t(r.integer("seed", 1, 0, std::int64_t(1) << 62));

    const auto sel = r.sub("selection");
    sel.onlyKeys({"mode", "fraction", "samples", "max_records", "difficulties"});
    s.selectionMode = sel.str("mode", s.selectionMode);
    if (s.selectionMode != "perplexity" && s.selectionMode != "failures" && s.selectionMode != "frontier" &&
        s.selectionMode != "all")
        sel.fail("mode", "expected \"perplexity\", \"failures\", \"frontier\" or \"all\"");
    s.selectionFraction = sel.num("fraction", s.selectionFraction, 0.0, 1.0);
    s.selectionSamples = int(sel.integer("samples", s.selectionSamples, 1, 64));
    s.selectionMaxRecords = int(sel.integer("max_records", 0, 0, 1 << 30));
    s.selectionDifficulties = sel.strings("difficulties");
    for (const auto &d : s.selectionDifficulties)
        if (d != "easy" && d != "medium" && d != "hard")
            sel.fail("difficulties", "expected a list of \"easy\", \"medium\", \"hard\"; got \"" + d + "\"");

    const auto se = r.sub("search");
    if (se.find("simulation_steps"))
        se.fail("simulation_steps", "no longer read: every expansion samples its continuations to the end of the "
                                    "answer, which is the rollout (docs/search.md); remove the field");
    se.onlyKeys({"method", "simulations", "width", "max_depth", "exploration", "temperature", "top_p",
                 "max_new_tokens", "greedy_branch", "batch_records", "seed"});
    s.searchMethod = se.str("method", s.searchMethod);
    if (s.searchMethod != "mcts" && s.searchMethod != "sampling")
        se.fail("method", "expected \"mcts\" (the tree) or \"sampling\" (best vs worst of independent answers)");
    s.search.simulations = int(se.integer("simulations", 5, 1, 10000));
    s.search.width = int(se.integer("width", 3, 1, 64));
    s.search.maxDepth = int(se.integer("max_depth", 3, 1, 64));
    s.search.exploration = se.num("exploration", 1.0, 0.0, 100.0);
    s.search.seed = std::uint64_t(se.integer("seed", std::int64_t(s.seed), 0, std::int64_t(1) << 62));
    s.search.answerBudget = se.integer("max_new_tokens", 0, 0, 4096);
    s.search.greedyBranch = se.boolean("greedy_branch", false);
    s.temperature = se.num("temperature", s.temperature, 0.0, 10.0);
    s.topP = se.num("top_p", s.topP, 0.0, 1.0);
    s.batchRecords = int(se.integer("batch_records", s.batchRecords, 1, 4096));

    const auto pa = r.sub("pairs");
    pa.onlyKeys({"min_gap", "min_chosen", "chosen_reaches_correct", "max_overlap", "cap_per_round", "approved_only",
                 "workspace_db"});
    s.pairs.minGap = pa.num("min_gap", 0.1, 0.0, 2.0);
    s.pairs.minChosen = pa.num("min_chosen", search::PairOptions{}.minChosen, -1.0, 1.0);
    s.pairs.chosenReachesCorrect = pa.boolean("chosen_reaches_correct", false);
    s.pairs.maxOverlap = pa.num("max_overlap", 0.95, 0.0, 1.0);
    s.pairs.capPerRound = int(pa.integer("cap_per_round", 4000, 0, 1 << 30));
    s.approvedOnly = pa.boolean("approved_only", false);
    s.workspaceDb = pa.str("workspace_db", "");

    const auto pr = r.sub("preference");
    pr.onlyKeys({"loss", "beta", "gamma", "orpo_lambda", "length_normalised", "lr", "min_lr_ratio", "warmup_ratio",
                 "epochs", "steps", "batch_pairs", "clip_norm", "chosen_nll", "workers"});
    s.loss = pr.str("loss", "simpo");
    const bool simpoLike = s.loss == "simpo" || s.loss == "orpo";
    if (s.loss != "simpo" && s.loss != "dpo" && s.loss != "ipo" && s.loss != "orpo")
        pr.fail("loss", "expected simpo, dpo, ipo or orpo");
    s.beta = pr.num("beta", s.loss == "simpo" ? 2.5 : (s.loss == "orpo" ? 1.0 : 0.1), 1e-6, 1000.0);
    s.gamma = pr.num("gamma", s.loss == "simpo" ? 0.5 : 0.0, -100.0, 100.0);
    s.orpoLambda = pr.num("orpo_lambda", 0.1, 0.0, 100.0);
    s.lengthNormalised = pr.boolean("length_normalised", simpoLike);
    s.lr = pr.num("lr", s.lr, 0.0, 1.0);
    s.minLrRatio = pr.num("min_lr_ratio", s.minLrRatio, 0.0, 1.0);
    s.warmupRatio = pr.num("warmup_ratio", s.warmupRatio, 0.0, 1.0);
    s.epochs = int(pr.integer("epochs", s.epochs, 0, 1000));
    s.steps = pr.integer("steps", 0, 0, 10'000'000);
    s.batchPairs = int(pr.integer("batch_pairs", s.batchPairs, 1, 4096));
    s.clipNorm = pr.num("clip_norm", s.clipNorm, 0.0, 1e6);
    s.chosenNll = pr.num("chosen_nll", 0.0, 0.0, 100.0);
    s.workers = int(pr.integer("workers", 0, 0, 256));

    const auto cs = r.sub("continued_sft");
    cs.onlyKeys({"compute_of", "compute_tokens", "lr", "min_lr_ratio", "warmup_ratio", "batch_size"});
    s.sft.computeOf = cs.str("compute_of", "");
    s.sft.computeTokens = cs.num("compute_tokens", 0.0, 0.0, 1e15);
    s.sft.lr = cs.num("lr", s.sft.lr, 0.0, 1.0);
    s.sft.minLrRatio = cs.num("min_lr_ratio", s.sft.minLrRatio, 0.0, 1.0);
    s.sft.warmupRatio = cs.num("warmup_ratio", s.sft.warmupRatio, 0.0, 1.0);
    s.sft.batchSize = int(cs.integer("batch_size", s.sft.batchSize, 1, 4096));
    if (s.method == "continued_sft" && s.sft.computeOf.empty() && s.sft.computeTokens <= 0)
        cs.fail("compute_of", "the continued-SFT baseline needs its budget: compute_of (an iTool run folder, each "
                              "round gets that round's compute) or compute_tokens (per round)");
    const auto th = r.sub("threads");
    th.onlyKeys({"torch", "blas"});
    s.threads.torchThreads = int(th.integer("torch", 1, 1, 256));
    s.threads.blasThreads = int(th.integer("blas", 2, 1, 256));
    return s;
}

RoundSpec readRoundSpec(const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        throw UserError("cannot read the run spec " + path);
    Json json = Json::parse(in, nullptr, false);
    if (json.is_discarded())
        throw UserError(path + ": not valid JSON");
    RoundSpec spec = roundSpecFromJson(json, path);
    try {
        loadWarmupSpec(spec);
    } catch (const UserError &e) {
        throw UserError(path + ": warmup: " + e.what());
    }
    return spec;
}

void loadWarmupSpec(RoundSpec &spec)
{
    if (spec.warmupPath.empty() || !spec.warmup.is_null())
        return;
    std::ifstream in(spec.warmupPath);
    if (!in)
        throw UserError("cannot read the warm-up SFT spec " + spec.warmupPath
                        + " (relative paths are relative to the current folder)");
    const Json json = Json::parse(in, nullptr, false);
    if (json.is_discarded())
        throw UserError(spec.warmupPath + ": not valid JSON");
    Json sft = warmupSftJson(json, spec.runDir);
    sftSpecFromJson(sft, spec.warmupPath);
    spec.warmup = std::move(sft);
}

Json roundSpecToJson(const RoundSpec &s)
{
    Json out{{"version", kRoundSpecVersion}, {"kind", "itool-run"}, {"run_dir", s.runDir}};
    if (!s.hasWarmup())
        out["start_model"] = s.startModel;
    else if (!s.warmup.is_null())
        out["warmup"] = s.warmup;
    else
        out["warmup"] = s.warmupPath;
    Json rest{{"tokenizer", s.tokenizerPath},
                {"train_files", s.trainFiles},
                {"train_synthetic",
                 {{"count", s.trainSyntheticCount}, {"seed", s.trainSyntheticSeed}, {"exclude", s.trainSyntheticExclude}}},
                {"eval_files", s.evalFiles},
                {"eval_max_records", s.evalMaxRecords},
                {"eval_max_new_tokens", s.evalMaxNewTokens},
                {"max_tokens", s.maxTokens},
                {"rounds", s.rounds},
                {"method", s.method},
                {"selection",
                 {{"mode", s.selectionMode},
                  {"fraction", s.selectionFraction},
                  {"samples", s.selectionSamples},
                  {"max_records", s.selectionMaxRecords},
                  {"difficulties", s.selectionDifficulties}}},
                {"search",
                 {{"method", s.searchMethod},
                  {"simulations", s.search.simulations},
                  {"width", s.search.width},
                  {"max_depth", s.search.maxDepth},
                  {"exploration", s.search.exploration},
                  {"temperature", s.temperature},
                  {"top_p", s.topP},
                  {"max_new_tokens", s.search.answerBudget},
                  {"greedy_branch", s.search.greedyBranch},
                  {"batch_records", s.batchRecords},
                  {"seed", s.search.seed}}},
                {"pairs",
                 {{"min_gap", s.pairs.minGap},
                  {"min_chosen", s.pairs.minChosen},
                  {"chosen_reaches_correct", s.pairs.chosenReachesCorrect},
                  {"max_overlap", s.pairs.maxOverlap},
                  {"cap_per_round", s.pairs.capPerRound},
                  {"approved_only", s.approvedOnly},
                  {"workspace_db", s.workspaceDb}}},
                {"preference",
                 {{"loss", s.loss},
                  {"beta", s.beta},
                  {"gamma", s.gamma},
                  {"orpo_lambda", s.orpoLambda},
                  {"length_normalised", s.lengthNormalised},
                  {"lr", s.lr},
                  {"min_lr_ratio", s.minLrRatio},
                  {"warmup_ratio", s.warmupRatio},
                  {"epochs", s.epochs},
                  {"steps", s.steps},
                  {"batch_pairs", s.batchPairs},
                  {"clip_norm", s.clipNorm},
                  {"chosen_nll", s.chosenNll},
                  {"workers", s.workers}}},
                {"continued_sft",
                 {{"compute_of", s.sft.computeOf},
                  {"compute_tokens", s.sft.computeTokens},
                  {"lr", s.sft.lr},
                  {"min_lr_ratio", s.sft.minLrRatio},
                  {"warmup_ratio", s.sft.warmupRatio},
                  {"batch_size", s.sft.batchSize}}},
                {"seed", s.seed},
                {"threads", {{"torch", s.threads.torchThreads}, {"blas", s.threads.blasThreads}}}};
    for (auto it = rest.begin(); it != rest.end(); ++it)
        out[it.key()] = it.value();
    return out;
}

} // namespace itool::pipeline
