// ModelConfig <-> Llama config.json, and the checks that keep a bad shape from reaching torch.
#include "core/model/model_config.h"

#include "core/common/user_error.h"

#include <fstream>
#include <sstream>

namespace itool::model {

void ModelConfig::validate() const
{
    auto need = [](bool ok, const std::string &what) {
        if (!ok)
            throw UserError("model config: " + what);
    };
    need(vocabSize > 0, "vocab_size must be positive");
    need(hiddenSize > 0, "hidden_size must be positive");
    need(intermediateSize > 0, "intermediate_size must be positive");
    need(numHiddenLayers > 0, "num_hidden_layers must be positive");
    need(numAttentionHeads > 0, "num_attention_heads must be positive");
    need(hiddenSize % numAttentionHeads == 0, "hidden_size must be a multiple of num_attention_heads");
    need(headDim() % 2 == 0, "hidden_size / num_attention_heads must be even (rotary positions)");
    need(numKeyValueHeads > 0 && numAttentionHeads % numKeyValueHeads == 0,
         "num_key_value_heads must divide num_attention_heads");
    need(maxPositionEmbeddings > 0, "max_position_embeddings must be positive");
    need(rmsNormEps > 0, "rms_norm_eps must be positive");
    need(ropeTheta > 0, "rope_theta must be positive");
    need(bosTokenId < vocabSize && eosTokenId < vocabSize, "bos/eos token ids must be below vocab_size");
}

std::int64_t ModelConfig::parameterCount() const
{
    const std::int64_t kvDim = numKeyValueHeads * headDim();
    const std::int64_t attention = hiddenSize * hiddenSize * 2 + hiddenSize * kvDim * 2;
    const std::int64_t mlp = 3 * hiddenSize * intermediateSize;
    const std::int64_t norms = 2 * hiddenSize;
    const std::int64_t embed = vocabSize * hiddenSize;
    return embed + numHiddenLayers * (attention + mlp + norms) + hiddenSize
           + (tieWordEmbeddings ? 0 : embed);
}

Json configToJson(const ModelConfig &c)
{
    Json j;
    j["architectures"] = Json::array({"LlamaForCausalLM"});
    j["model_type"] = "llama";
    j["vocab_size"] = c.vocabSize;
    j["hidden_size"] = c.hiddenSize;
    j["intermediate_size"] = c.intermediateSize;
    j["num_hidden_layers"] = c.numHiddenLayers;
    j["num_attention_heads"] = c.numAttentionHeads;
    j["num_key_value_heads"] = c.numKeyValueHeads;
    j["max_position_embeddings"] = c.maxPositionEmbeddings;
    j["rms_norm_eps"] = c.rmsNormEps;
    j["rope_theta"] = c.ropeTheta;
    j["tie_word_embeddings"] = c.tieWordEmbeddings;
    j["hidden_act"] = "silu";
    j["torch_dtype"] = "float32";
    if (c.bosTokenId >= 0)
        j["bos_token_id"] = c.bosTokenId;
    if (c.eosTokenId >= 0)
        j["eos_token_id"] = c.eosTokenId;
    return j;
}

ModelConfig configFromJson(const Json &j, const std::string &where)
{
    if (!j.is_object())
        throw UserError(where + ": expected a JSON object");
    ModelConfig c;
    auto integer = [&](const char *key, std::int64_t &out, bool required) {
        if (!j.contains(key)) {
            if (required)
                throw UserError(where + ": missing field \"" + key + "\"");
            return;
        }
        if (!j[key].is_number_integer())
            throw UserError(where + ": field \"" + key + "\" must be an integer");
        out = j[key].get<std::int64_t>();
    };
    auto number = [&](const char *key, double &out) {
        if (!j.contains(key))
            return;
        if (!j[key].is_number())
            throw UserError(where + ": field \"" + key + "\" must be a number");
        out = j[key].get<double>();
    };
    integer("vocab_size", c.vocabSize, true);
    integer("hidden_size", c.hiddenSize, true);
    integer("intermediate_size", c.intermediateSize, true);
    integer("num_hidden_layers", c.numHiddenLayers, true);
    integer("num_attention_heads", c.numAttentionHeads, true);
    c.numKeyValueHeads = c.numAttentionHeads;
    integer("num_key_value_heads", c.numKeyValueHeads, false);
    integer("max_position_embeddings", c.maxPositionEmbeddings, false);
    number("rms_norm_eps", c.rmsNormEps);
    number("rope_theta", c.ropeTheta);
    if (j.contains("tie_word_embeddings")) {
        if (!j["tie_word_embeddings"].is_boolean())
            throw UserError(where + ": field \"tie_word_embeddings\" must be true or false");
        c.tieWordEmbeddings = j["tie_word_embeddings"].get<bool>();
    }
    if (j.contains("bos_token_id") && !j["bos_token_id"].is_null())
        integer("bos_token_id", c.bosTokenId, false);
    if (j.contains("eos_token_id") && !j["eos_token_id"].is_null())
        integer("eos_token_id", c.eosTokenId, false);
    try {
        c.validate();
    } catch (const UserError &e) {
        throw UserError(where + ": " + e.what());
    }
    return c;
}

void writeConfigFile(const ModelConfig &config, const std::string &path)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw UserError("cannot write " + path);
    out << configToJson(config).dump(2) << "\n";
    if (!out)
        throw UserError("failed writing " + path);
}

ModelConfig readConfigFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UserError("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    Json j;
    try {
        j = Json::parse(text.str());
    } catch (const std::exception &e) {
        throw UserError(path + ": not valid JSON (" + e.what() + ")");
    }
    return configFromJson(j, path);
}

} // namespace itool::model
