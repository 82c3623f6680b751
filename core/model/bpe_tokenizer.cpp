#include "core/model/bpe_tokenizer.h"

#include "core/model/pre_tokenizer.h"

#include <algorithm>
#include <mutex>
#include <queue>
#include <stdexcept>

namespace itool::model {

namespace {

std::uint64_t pairKey(std::int32_t a, std::int32_t b)
{
    return (std::uint64_t(std::uint32_t(a)) << 32) | std::uint32_t(b);
}

struct StringHash
{
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Bounds memory on huge inputs; clearing only costs recomputation.
constexpr std::size_t kMaxCachedWords = 1 << 20;

} // namespace

struct BpeTokenizer::WordCache
{
    std::mutex mutex;
    std::unordered_map<std::string, std::vector<std::int32_t>, StringHash, std::equal_to<>> map;
};

BpeTokenizer::BpeTokenizer(std::vector<std::string> tokens, std::vector<bool> special,
                           std::vector<std::pair<std::int32_t, std::int32_t>> merges, PreTokenizer preTokenizer)
    : m_tokens(std::move(tokens))
    , m_special(std::move(special))
    , m_merges(std::move(merges))
    , m_preTokenizer(preTokenizer)
    , m_cache(std::make_shared<WordCache>())
{
    const auto n = std::int32_t(m_tokens.size());
    if (m_special.size() != m_tokens.size())
        throw std::invalid_argument("one special flag per token expected");
    m_byteId.fill(-1);
    std::unordered_map<std::string_view, std::int32_t> regular;
    for (std::int32_t id = 0; id < n; ++id) {
        const std::string &t = m_tokens[std::size_t(id)];
        if (t.empty())
            throw std::invalid_argument("token " + std::to_string(id) + " is empty");
        if (m_special[std::size_t(id)]) {
            for (const auto &[text, other] : m_specials)
                if (text == t)
                    throw std::invalid_argument("special token \"" + t + "\" appears twice");
            m_specials.emplace_back(t, id);
            m_specialFirstByte[static_cast<unsigned char>(t[0])] = true;
            continue;
        }
        if (!regular.emplace(t, id).second)
            throw std::invalid_argument("token " + std::to_string(id)
                                        + " repeats the bytes of token "
                                        + std::to_string(regular[t]));
        if (t.size() == 1)
            m_byteId[static_cast<unsigned char>(t[0])] = id;
    }
    for (int b = 0; b < 256; ++b)
        if (m_byteId[std::size_t(b)] < 0)
            throw std::invalid_argument("no token for byte " + std::to_string(b)
                                        + " (a byte-level vocabulary needs all 256)");
    std::sort(m_specials.begin(), m_specials.end(),
              [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });

    m_mergeByPair.reserve(m_merges.size() * 2);
    for (std::size_t rank = 0; rank < m_merges.size(); ++rank) {
        const auto [a, b] = m_merges[rank];
        const std::string where = "merge " + std::to_string(rank);
        if (a < 0 || a >= n || b < 0 || b >= n)
            throw std::invalid_argument(where + " uses an id outside the vocabulary");
        if (m_special[std::size_t(a)] || m_special[std::size_t(b)])
            throw std::invalid_argument(where + " uses a special token");
        auto it = regular.find(m_tokens[std::size_t(a)] + m_tokens[std::size_t(b)]);
        if (it == regular.end())
            throw std::invalid_argument(where + " produces bytes that are not in the vocabulary");
        // A pair listed twice keeps its first (lowest) rank, as Hugging Face does.
        m_mergeByPair.emplace(pairKey(a, b), MergeResult{std::int32_t(rank), it->second});
    }
}

bool BpeTokenizer::isSpecial(std::int32_t id) const
{
    return id >= 0 && std::size_t(id) < m_special.size() && m_special[std::size_t(id)];
}

std::optional<std::int32_t> BpeTokenizer::specialId(std::string_view text) const
{
    for (const auto &[t, id] : m_specials)
        if (t == text)
            return id;
    return std::nullopt;
}

std::int32_t BpeTokenizer::requireSpecial(std::string_view text) const
{
    if (auto id = specialId(text))
        return *id;
    throw UserError("the tokenizer has no special token \"" + std::string(text)
                    + "\"; train one with itool train-tokenizer");
}

std::vector<std::string> BpeTokenizer::specialTokens() const
{
    std::vector<std::pair<std::int32_t, std::string>> byId;
    for (const auto &[t, id] : m_specials)
        byId.emplace_back(id, t);
    std::sort(byId.begin(), byId.end());
    std::vector<std::string> out;
    for (auto &[id, t] : byId)
        out.push_back(std::move(t));
    return out;
}

bool BpeTokenizer::sameModel(const BpeTokenizer &other) const
{
    return m_tokens == other.m_tokens && m_special == other.m_special && m_merges == other.m_merges;
}

// Applies merges to one word, lowest rank first and leftmost first among equal ranks (the
// Hugging Face order), with a heap so that long words stay O(n log n).
void BpeTokenizer::encodeWord(std::string_view word, std::vector<std::int32_t> &out) const
{
    const std::size_t n = word.size();
    if (n == 1) {
        out.push_back(m_byteId[static_cast<unsigned char>(word[0])]);
        return;
    }
    struct Symbol
    {
        std::int32_t id, prev, next;
    };
    std::vector<Symbol> sym(n);
    for (std::size_t i = 0; i < n; ++i)
        sym[i] = {m_byteId[static_cast<unsigned char>(word[i])], std::int32_t(i) - 1,
                  i + 1 < n ? std::int32_t(i + 1) : -1};

    struct Candidate
    {
        std::int32_t rank, pos, left, right, result;
        bool operator>(const Candidate &o) const
        {
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
    auto consider = [&](std::int32_t pos) {
        const std::int32_t next = sym[std::size_t(pos)].next;
        if (next < 0)
            return;
        const std::int32_t a = sym[std::size_t(pos)].id, b = sym[std::size_t(next)].id;
        auto it = m_mergeByPair.find(pairKey(a, b));
        if (it != m_mergeByPair.end())
            heap.push({it->second.rank, pos, a, b, it->second.id});
    };
    for (std::size_t i = 0; i + 1 < n; ++i)
        consider(std::int32_t(i));

    while (!heap.empty()) {
        const Candidate c = heap.top();
        heap.pop();
        Symbol &left = sym[std::size_t(c.pos)];
        if (left.id != c.left || left.next < 0 || sym[std::size_t(left.next)].id != c.right)
            continue; // stale: one side was merged away since
        const std::int32_t rightPos = left.next;
        Symbol &right = sym[std::size_t(rightPos)];
        left.id = c.result;
        left.next = right.next;
        if (right.next >= 0)
            sym[std::size_t(right.next)].prev = c.pos;
        right.id = -1;
        right.next = -1;
        if (left.prev >= 0)
            consider(left.prev);
        consider(c.pos);
    }
    for (std::int32_t i = 0; i >= 0; i = sym[std::size_t(i)].next)
        out.push_back(sym[std::size_t(i)].id);
}

void BpeTokenizer::encodePlain(std::string_view text, std::vector<std::int32_t> &out) const
{
    thread_local std::vector<std::string_view> words;
    words.clear();
    preTokenize(text, words, m_preTokenizer);
    WordCache &cache = *m_cache;
    for (std::string_view word : words) {
        if (word.size() == 1) {
            out.push_back(m_byteId[static_cast<unsigned char>(word[0])]);
            continue;
        }
        {
            std::lock_guard lock(cache.mutex);
            auto it = cache.map.find(word);
            if (it != cache.map.end()) {
                out.insert(out.end(), it->second.begin(), it->second.end());
                continue;
            }
        }
        const std::size_t start = out.size();
        encodeWord(word, out);
        std::lock_guard lock(cache.mutex);
        if (cache.map.size() >= kMaxCachedWords)
            cache.map.clear();
        cache.map.emplace(std::string(word), std::vector<std::int32_t>(
                                                 out.begin() + std::ptrdiff_t(start), out.end()));
    }
}

void BpeTokenizer::encodeAppend(std::string_view text, std::vector<std::int32_t> &out,
                                SpecialTokens specials) const
{
    if (specials == SpecialTokens::Plain || m_specials.empty()) {
        encodePlain(text, out);
        return;
    }
    std::size_t plainStart = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!m_specialFirstByte[static_cast<unsigned char>(text[i])])
            continue;
        for (const auto &[t, id] : m_specials) { // longest first
            if (text.compare(i, t.size(), t) == 0) {
                encodePlain(text.substr(plainStart, i - plainStart), out);
                out.push_back(id);
                i += t.size() - 1;
                plainStart = i + 1;
                break;
            }
        }
    }
    encodePlain(text.substr(plainStart), out);
}

std::vector<std::int32_t> BpeTokenizer::encode(std::string_view text, SpecialTokens specials) const
{
    std::vector<std::int32_t> out;
    out.reserve(text.size() / 3 + 4);
    encodeAppend(text, out, specials);
    return out;
}

std::string BpeTokenizer::decode(std::span<const std::int32_t> ids, bool skipSpecials) const
{
    std::string out;
    for (std::int32_t id : ids) {
        if (id < 0 || std::size_t(id) >= m_tokens.size())
            throw std::out_of_range("token id " + std::to_string(id)
                                    + " is outside the vocabulary of "
                                    + std::to_string(m_tokens.size()));
        if (skipSpecials && m_special[std::size_t(id)])
            continue;
        out += m_tokens[std::size_t(id)];
    }
    return out;
}

} // namespace itool::model
