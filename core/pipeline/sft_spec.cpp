// Parsing and checking the SFT job spec (see sft_spec.h).
#include "core/pipeline/sft_spec.h"

#include "core/common/user_error.h"

#include <fstream>
#include <set>
#include <sstream>

namespace itool::pipeline {

namespace {
class Reader
{
public:
    Reader(const Json &j, std::string where) : m_j(j), m_where(std::move(where))
    {
        if (!m_j.is_object())
            fail("", "expected a JSON object");
    }
    [[noreturn]] void fail(const std::string &key, const std::string &what) const
    {
        throw UserError(m_where + (key.empty() ? "" : ": \"" + key + "\"") + ": " + what);
    }
    bool has(const std::string &key) const { return m_j.contains(key); }
    const Json &at(const std::string &key) const { return m_j.at(key); }
    std::int64_t integer(const std::string &key, std::int64_t fallback, std::int64_t min) const
    {
        if (!has(key))
            return fallback;
        if (!at(key).is_number_integer())
            fail(key, "expected an integer");
        const auto v = at(key).get<std::int64_t>();
        if (v < min)
            fail(key, "must be at least " + std::to_string(min));
        return v;
    }
    double number(const std::string &key, double fallback, double min, double max) const
    {
        if (!has(key))
            return fallback;
        if (!at(key).is_number())
            fail(key, "expected a number");
        const auto v = at(key).get<double>();
        if (v < min || v > max)
            fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        return v;
    }
    std::string string(const std::string &key, const std::string &fallback, bool required = false) const
    {
        if (!has(key)) {
            if (required)
                fail(key, "missing");
            return fallback;
        }
        if (!at(key).is_string())
            fail(key, "expected a string");
        return at(key).get<std::string>();
    }
    bool boolean(const std::string &key, bool fallback) const
    {
        if (!has(key))
            return fallback;
        if (!at(key).is_boolean())
            fail(key, "expected true or false");
        return at(key).get<bool>();
    }
    Reader object(const std::string &key) const
    {
        static const Json empty = Json::object();
        return Reader(has(key) ? at(key) : empty, m_where + ": \"" + key + "\"");
    }
    void allowOnly(std::initializer_list<const char *> keys) const
    {
        std::set<std::string> allowed(keys.begin(), keys.end());
        for (auto it = m_j.begin(); it != m_j.end(); ++it)
            if (!allowed.count(it.key()))
                fail(it.key(), "unknown field (misspelt?)");
    }
    const std::string &where() const { return m_where; }

private:
    const Json &m_j;
    std::string m_where;
};
} // namespace

SftSpec sftSpecFromJson(const Json &json, const std::string &where)
{
    Reader r(json, where);
    r.allowOnly({"itool_spec", "version", "description", "run_dir", "data", "tokenizer", "model", "curriculum",
                 "optimizer", "checkpoint_every", "seed", "threads", "precision"});
    if (r.string("itool_spec", "", true) != "sft")
        r.fail("itool_spec", "expected \"sft\"");
    if (r.integer("version", 0, 0) != kSftSpecVersion)
        r.fail("version", "this build reads version " + std::to_string(kSftSpecVersion));
    SftSpec s;
    s.runDir = r.string("run_dir", "", true);

    const auto data = r.object("data");
    data.allowOnly({"train", "synthetic", "max_tokens", "holdout_percent"});
    if (!data.has("train") || !data.at("train").is_array() || data.at("train").empty())
        data.fail("train", "expected a non-empty list of record files");
    for (const auto &f : data.at("train")) {
        if (!f.is_string())
            data.fail("train", "expected file names (strings)");
        s.trainFiles.push_back(f.get<std::string>());
    }
    if (data.has("synthetic")) {
        const auto syn = data.object("synthetic");
        syn.allowOnly({"count", "seed", "exclude"});
        s.synthetic.count = static_cast<std::uint64_t>(syn.integer("count", 0, 0));
        s.synthetic.seed = static_cast<std::uint64_t>(syn.integer("seed", 1, 0));
        if (syn.has("exclude")) {
            if (!syn.at("exclude").is_array())
                syn.fail("exclude", "expected a list of record files");
            for (const auto &f : syn.at("exclude")) {
                if (!f.is_string())
                    syn.fail("exclude", "expected file names (strings)");
                s.synthetic.excludeFiles.push_back(f.get<std::string>());
            }
        }
    }
    s.maxTokens = data.integer("max_tokens", s.maxTokens, 16);
    s.holdoutPercent = static_cast<int>(data.integer("holdout_percent", s.holdoutPercent, 0));
    if (s.holdoutPercent > 90)
        data.fail("holdout_percent", "must be at most 90");

    const auto tok = r.object("tokenizer");
    tok.allowOnly({"path", "vocab_size", "pre_tokenizer"});
    s.tokenizerPath = tok.string("path", "");
    s.tokenizerVocabSize = static_cast<std::int32_t>(tok.integer("vocab_size", s.tokenizerVocabSize, 300));
    const std::string preTokenizer = tok.string("pre_tokenizer", "gpt2");
    if (const auto kind = model::preTokenizerOfName(preTokenizer))
        s.tokenizerPreTokenizer = *kind;
    else
        tok.fail("pre_tokenizer", "expected \"gpt2\" or \"separate_spaces\", got \"" + preTokenizer + "\"");

    const auto m = r.object("model");
    m.allowOnly({"hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                 "num_key_value_heads", "max_position_embeddings", "rms_norm_eps", "rope_theta",
                 "tie_word_embeddings"});
    s.model.hiddenSize = m.integer("hidden_size", 128, 8);
    s.model.intermediateSize = m.integer("intermediate_size", 344, 8);
    s.model.numHiddenLayers = m.integer("num_hidden_layers", 4, 1);
    s.model.numAttentionHeads = m.integer("num_attention_heads", 4, 1);
    s.model.numKeyValueHeads = m.integer("num_key_value_heads", s.model.numAttentionHeads, 1);
    s.model.maxPositionEmbeddings = m.integer("max_position_embeddings", s.maxTokens, 16);
    s.model.rmsNormEps = m.number("rms_norm_eps", 1e-5, 1e-12, 1.0);
    s.model.ropeTheta = m.number("rope_theta", 10000.0, 1.0, 1e9);
    s.model.tieWordEmbeddings = m.boolean("tie_word_embeddings", true);
    s.model.vocabSize = s.tokenizerVocabSize; // replaced by the tokenizer's real size
    try {
        s.model.validate();
    } catch (const UserError &e) {
        m.fail("", e.what());
    }
    if (s.model.maxPositionEmbeddings < s.maxTokens)
        m.fail("max_position_embeddings", "must be at least data.max_tokens (" + std::to_string(s.maxTokens) + ")");

    if (!r.has("curriculum") || !r.at("curriculum").is_array() || r.at("curriculum").empty())
        r.fail("curriculum", "expected a non-empty list of stages");
    std::set<std::string> names;
    for (std::size_t i = 0; i < r.at("curriculum").size(); ++i) {
        Reader st(r.at("curriculum")[i], where + ": \"curriculum\"[" + std::to_string(i) + "]");
        st.allowOnly({"name", "difficulty", "steps"});
        SftStageSpec stage;
        stage.name = st.string("name", "", true);
        if (stage.name.empty() || stage.name.find('/') != std::string::npos || !names.insert(stage.name).second)
            st.fail("name", "must be a unique, non-empty name without '/'");
        if (!st.has("difficulty") || !st.at("difficulty").is_array() || st.at("difficulty").empty())
            st.fail("difficulty", "expected a list such as [\"easy\"] or [\"easy\", \"medium\"]");
        for (const auto &d : st.at("difficulty")) {
            static const std::set<std::string> known{"easy", "medium", "hard", "unset"};
            if (!d.is_string() || !known.count(d.get<std::string>()))
                st.fail("difficulty", "values must be easy, medium, hard or unset");
            stage.difficulties.push_back(d.get<std::string>());
        }
        stage.steps = st.integer("steps", 0, 1);
        if (!st.has("steps"))
            st.fail("steps", "missing");
        s.curriculum.push_back(stage);
    }

    const auto o = r.object("optimizer");
    o.allowOnly({"lr", "min_lr_ratio", "warmup_steps", "beta1", "beta2", "weight_decay", "batch_size", "grad_accum",
                 "clip_norm"});
    s.lr = o.number("lr", s.lr, 1e-7, 1.0);
    s.minLrRatio = o.number("min_lr_ratio", s.minLrRatio, 0.0, 1.0);
    s.warmupSteps = o.integer("warmup_steps", s.warmupSteps, 0);
    s.beta1 = o.number("beta1", s.beta1, 0.0, 0.999999);
    s.beta2 = o.number("beta2", s.beta2, 0.0, 0.999999);
    s.weightDecay = o.number("weight_decay", s.weightDecay, 0.0, 1.0);
    s.batchSize = o.integer("batch_size", s.batchSize, 1);
    s.gradAccum = o.integer("grad_accum", s.gradAccum, 1);
    s.clipNorm = o.number("clip_norm", s.clipNorm, 0.0, 1e6);

    const auto precision = r.string("precision", "fp32");
    if (precision != "fp32" && precision != "bf16")
        r.fail("precision", "expected \"fp32\" or \"bf16\"");
    s.bf16 = precision == "bf16";
    s.checkpointEvery = r.integer("checkpoint_every", s.checkpointEvery, 0);
    s.seed = static_cast<std::uint64_t>(r.integer("seed", 1, 0));
    if (r.has("threads")) {
        const auto th = r.object("threads");
        th.allowOnly({"torch", "blas", "workers"});
        model::ThreadSettings threads;
        threads.torchThreads = static_cast<int>(th.integer("torch", threads.torchThreads, 1));
        threads.blasThreads = static_cast<int>(th.integer("blas", threads.blasThreads, 1));
        threads.workers = static_cast<int>(th.integer("workers", threads.workers, 1));
        s.threads = threads;
    }
    return s;
}

SftSpec readSftSpec(const std::string &path)
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
    return sftSpecFromJson(j, path);
}

} // namespace itool::pipeline
