// The tokenizer.json side of BpeTokenizer: the byte-level alphabet, reading with validation
// (every problem names the file and the field) and writing in the Hugging Face layout.
#include "core/model/bpe_tokenizer.h"

#include "core/model/pre_tokenizer.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace itool::model {

namespace {

struct ByteLevelAlphabet
{
    char32_t toChar[256]{};
    std::int16_t toByte[512]{}; // code point -> byte, -1 when not in the alphabet
    ByteLevelAlphabet()
    {
        std::fill(std::begin(toByte), std::end(toByte), std::int16_t(-1));
        int extra = 0;
        for (int b = 0; b < 256; ++b) {
            const bool printable
                = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            toChar[b] = printable ? char32_t(b) : char32_t(256 + extra++);
            toByte[toChar[b]] = std::int16_t(b);
        }
    }
};

const ByteLevelAlphabet &alphabet()
{
    static const ByteLevelAlphabet a;
    return a;
}

void appendUtf8(std::string &out, char32_t c) // c < 0x800 here
{
    if (c < 0x80) {
        out += char(c);
    } else {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    }
}

std::string jsonQuoted(const std::string &s)
{
    return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool mentionsByteLevel(const Json &component)
{
    if (!component.is_object())
        return false;
    if (component.value("type", "") == "ByteLevel")
        return true;
    for (const char *list : {"pretokenizers", "decoders"}) {
        auto it = component.find(list);
        if (it != component.end() && it->is_array())
            for (const Json &c : *it)
                if (mentionsByteLevel(c))
                    return true;
    }
    return false;
}

// The splitter a file asks for: SeparateSpaces when its Split pre-tokenizer has exactly our
// SeparateSpaces pattern; otherwise (our GPT-2 style pattern, another one, or none) the GPT-2
// style splitter, as files were read before there was a choice.
PreTokenizer preTokenizerOf(const Json &file)
{
    const auto pre = file.find("pre_tokenizer");
    if (pre == file.end() || !pre->is_object())
        return PreTokenizer::Gpt2;
    std::vector<const Json *> parts{&*pre};
    if (auto list = pre->find("pretokenizers"); list != pre->end() && list->is_array())
        for (const Json &c : *list)
            parts.push_back(&c);
    for (const Json *c : parts) {
        if (!c->is_object())
            continue;
        const auto type = c->find("type");
        if (type == c->end() || *type != "Split")
            continue;
        const auto pattern = c->find("pattern");
        if (pattern == c->end() || !pattern->is_object())
            continue;
        const auto regex = pattern->find("Regex");
        if (regex != pattern->end() && regex->is_string())
            if (auto kind = preTokenizerOfPattern(regex->get<std::string>()))
                return *kind;
    }
    return PreTokenizer::Gpt2;
}

} // namespace

std::string bytesToByteLevel(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes)
        appendUtf8(out, alphabet().toChar[b]);
    return out;
}

std::optional<std::string> byteLevelToBytes(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        char32_t c;
        if (b0 < 0x80) {
            c = b0;
            i += 1;
        } else if ((b0 & 0xE0) == 0xC0 && i + 1 < text.size()
                   && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
            c = (char32_t(b0 & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
            i += 2;
        } else {
            return std::nullopt;
        }
        if (c >= 512 || alphabet().toByte[c] < 0)
            return std::nullopt;
        out += char(alphabet().toByte[c]);
    }
    return out;
}

BpeTokenizer BpeTokenizer::fromJson(const Json &json, const std::string &sourceName)
{
    auto fail = [&](const std::string &where, const std::string &what) -> TokenizerFileError {
        return TokenizerFileError(sourceName + ": " + where + ": " + what);
    };
    if (!json.is_object())
        throw fail("top level", "expected a JSON object");
    auto modelIt = json.find("model");
    if (modelIt == json.end() || !modelIt->is_object())
        throw fail("model", "missing (expected an object with type \"BPE\", vocab and merges)");
    const Json &model = *modelIt;
    if (model.contains("type") && model["type"] != "BPE")
        throw fail("model.type", "expected \"BPE\", got " + model["type"].dump());
    for (const char *part : {"pre_tokenizer", "decoder"}) {
        auto it = json.find(part);
        if (it == json.end() || it->is_null())
            throw fail(part, "missing (expected a ByteLevel component)");
        if (!mentionsByteLevel(*it))
            throw fail(part, "expected a ByteLevel component, got " + it->dump());
    }
    auto vocabIt = model.find("vocab");
    if (vocabIt == model.end() || !vocabIt->is_object())
        throw fail("model.vocab", "missing (expected an object token -> id)");
    auto mergesIt = model.find("merges");
    if (mergesIt == model.end() || !mergesIt->is_array())
        throw fail("model.merges", "missing (expected a list of \"left right\" pairs)");

    // id -> (bytes, special); filled from the vocabulary and the added tokens.
    std::vector<std::optional<std::pair<std::string, bool>>> slots;
    std::unordered_map<std::string, std::int32_t> idOfByteLevel;
    auto place = [&](std::int64_t id, std::string bytes, bool special, const std::string &where,
                     const std::string &shown) {
        if (id < 0 || id > 10'000'000)
            throw fail(where, "id " + std::to_string(id) + " of " + shown + " is out of range");
        if (std::size_t(id) >= slots.size())
            slots.resize(std::size_t(id) + 1);
        auto &slot = slots[std::size_t(id)];
        if (slot && slot->first != bytes)
            throw fail(where, "id " + std::to_string(id) + " is given to both "
                                  + jsonQuoted(slot->first) + " and " + shown);
        if (slot)
            special = special || slot->second;
        slot = std::make_pair(std::move(bytes), special);
    };
    for (auto it = vocabIt->begin(); it != vocabIt->end(); ++it) {
        const std::string where = "model.vocab[" + jsonQuoted(it.key()) + "]";
        if (!it.value().is_number_integer())
            throw fail(where, "expected an integer id, got " + it.value().dump());
        auto bytes = byteLevelToBytes(it.key());
        if (!bytes)
            throw fail(where, "not written in the byte-level alphabet");
        idOfByteLevel[it.key()] = it.value().get<std::int32_t>();
        place(it.value().get<std::int64_t>(), std::move(*bytes), false, where,
              jsonQuoted(it.key()));
    }
    if (auto added = json.find("added_tokens"); added != json.end() && !added->is_null()) {
        if (!added->is_array())
            throw fail("added_tokens", "expected a list");
        for (std::size_t i = 0; i < added->size(); ++i) {
            const Json &t = (*added)[i];
            const std::string where = "added_tokens[" + std::to_string(i) + "]";
            if (!t.is_object() || !t.contains("id") || !t["id"].is_number_integer()
                || !t.contains("content") || !t["content"].is_string())
                throw fail(where, "expected {\"id\": integer, \"content\": string, ...}");
            if (t.contains("special") && t["special"] != true)
                throw fail(where, "only special added tokens are supported");
            const std::string content = t["content"].get<std::string>();
            if (content.empty())
                throw fail(where, "empty content");
            place(t["id"].get<std::int64_t>(), content, true, where, jsonQuoted(content));
        }
    }

    std::vector<std::string> tokens(slots.size());
    std::vector<bool> special(slots.size());
    for (std::size_t id = 0; id < slots.size(); ++id) {
        if (!slots[id])
            throw fail("model.vocab", "no token has id " + std::to_string(id)
                                          + " (ids must run from 0 without gaps)");
        tokens[id] = std::move(slots[id]->first);
        special[id] = slots[id]->second;
    }

    std::vector<std::pair<std::int32_t, std::int32_t>> merges;
    merges.reserve(mergesIt->size());
    for (std::size_t i = 0; i < mergesIt->size(); ++i) {
        const Json &m = (*mergesIt)[i];
        const std::string where = "model.merges[" + std::to_string(i) + "]";
        std::string left, right;
        if (m.is_string()) {
            const std::string s = m.get<std::string>();
            const auto space = s.find(' ');
            if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos)
                throw fail(where, jsonQuoted(s) + " is not two tokens separated by one space");
            left = s.substr(0, space);
            right = s.substr(space + 1);
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
            left = m[0].get<std::string>();
            right = m[1].get<std::string>();
        } else {
            throw fail(where, "expected \"left right\" or [\"left\", \"right\"], got " + m.dump());
        }
        auto l = idOfByteLevel.find(left), r = idOfByteLevel.find(right);
        if (l == idOfByteLevel.end())
            throw fail(where, "names unknown token " + jsonQuoted(left));
        if (r == idOfByteLevel.end())
            throw fail(where, "names unknown token " + jsonQuoted(right));
        if (!idOfByteLevel.count(left + right))
            throw fail(where,
                       "the merged token " + jsonQuoted(left + right) + " is not in model.vocab");
        merges.emplace_back(l->second, r->second);
    }
    try {
        return BpeTokenizer(std::move(tokens), std::move(special), std::move(merges), preTokenizerOf(json));
    } catch (const std::invalid_argument &e) {
        throw fail("model", e.what());
    }
}

BpeTokenizer BpeTokenizer::load(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw TokenizerFileError(path + ": cannot read the tokenizer file");
    std::stringstream buffer;
    buffer << in.rdbuf();
    Json json;
    try {
        json = Json::parse(buffer.str());
    } catch (const Json::parse_error &e) {
        throw TokenizerFileError(path + ": not valid JSON: " + e.what());
    }
    return fromJson(json, path);
}

Json BpeTokenizer::toJson() const
{
    Json added = Json::array();
    Json vocab = Json::object();
    for (std::size_t id = 0; id < m_tokens.size(); ++id) {
        if (m_special[id])
            added.push_back(Json{{"id", id},
                                 {"content", m_tokens[id]},
                                 {"single_word", false},
                                 {"lstrip", false},
                                 {"rstrip", false},
                                 {"normalized", false},
                                 {"special", true}});
        else
            vocab[bytesToByteLevel(m_tokens[id])] = id;
    }
    Json merges = Json::array();
    for (const auto &[a, b] : m_merges)
        merges.push_back(bytesToByteLevel(m_tokens[std::size_t(a)]) + " "
                         + bytesToByteLevel(m_tokens[std::size_t(b)]));
    Json split{{"type", "Split"},
               {"pattern", Json{{"Regex", std::string(preTokenizerPattern(m_preTokenizer))}}},
               {"behavior", "Isolated"},
               {"invert", false}};
    Json byteLevel{{"type", "ByteLevel"},
                   {"add_prefix_space", false},
                   {"trim_offsets", true},
                   {"use_regex", false}};
    return Json{{"version", "1.0"},
                {"truncation", nullptr},
                {"padding", nullptr},
                {"added_tokens", std::move(added)},
                {"normalizer", nullptr},
                {"pre_tokenizer",
                 Json{{"type", "Sequence"}, {"pretokenizers", Json::array({split, byteLevel})}}},
                {"post_processor", nullptr},
                {"decoder", byteLevel},
                {"model", Json{{"type", "BPE"},
                               {"dropout", nullptr},
                               {"unk_token", nullptr},
                               {"continuing_subword_prefix", nullptr},
                               {"end_of_word_suffix", nullptr},
                               {"fuse_unk", false},
                               {"byte_fallback", false},
                               {"ignore_merges", false},
                               {"vocab", std::move(vocab)},
                               {"merges", std::move(merges)}}}};
}

void BpeTokenizer::save(const std::string &path) const
{
    const std::string text = toJson().dump(1) + "\n";
    const std::string temp = path + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw UserError(temp + ": cannot write the tokenizer file");
        out << text;
        if (!out.flush())
            throw UserError(temp + ": writing the tokenizer file failed");
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec)
        throw UserError(path + ": cannot replace the tokenizer file: " + ec.message());
}

} // namespace itool::model
