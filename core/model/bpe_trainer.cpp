#include "core/model/bpe_trainer.h"

#include "core/model/pre_tokenizer.h"

#include <algorithm>
#include <queue>
#include <stdexcept>
#include <unordered_set>

namespace itool::model {

namespace {

std::uint64_t pairKey(std::int32_t a, std::int32_t b)
{
    return (std::uint64_t(std::uint32_t(a)) << 32) | std::uint32_t(b);
}
std::int32_t leftOf(std::uint64_t key)
{
    return std::int32_t(key >> 32);
}
std::int32_t rightOf(std::uint64_t key)
{
    return std::int32_t(key & 0xFFFFFFFFu);
}

struct HeapEntry
{
    std::int64_t count;
    std::uint64_t pair;
    // Max-heap on count; ties go to the smaller pair of ids, so training is deterministic.
    bool operator<(const HeapEntry &o) const
    {
        return count != o.count ? count < o.count : pair > o.pair;
    }
};

} // namespace

std::vector<std::string> defaultSpecialTokens()
{
    return {"<|bos|>",       "<|eos|>",  "<|pad|>",   "<|system|>", "<|user|>",
            "<|assistant|>", "<|tool|>", "<|tools|>", "<|end|>"};
}

BpeTrainer::BpeTrainer(BpeTrainingOptions options)
    : m_options(std::move(options))
{
}

void BpeTrainer::addText(std::string_view text)
{
    m_bytes += text.size();
    std::vector<std::string_view> words;
    auto addPlain = [&](std::string_view plain) {
        words.clear();
        preTokenize(plain, words, m_options.preTokenizer);
        for (std::string_view w : words) {
            auto it = m_wordCounts.find(std::string(w));
            if (it == m_wordCounts.end())
                m_wordCounts.emplace(std::string(w), 1);
            else
                ++it->second;
        }
    };
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        for (const std::string &s : m_options.specials) {
            if (!s.empty() && text.compare(i, s.size(), s) == 0) {
                addPlain(text.substr(start, i - start));
                i += s.size() - 1;
                start = i + 1;
                break;
            }
        }
    }
    addPlain(text.substr(start));
}

BpeTokenizer BpeTrainer::train() const
{
    const auto specialCount = std::int32_t(m_options.specials.size());
    const std::int32_t baseSize = specialCount + 256;
    if (m_options.vocabSize < baseSize)
        throw std::invalid_argument("the vocabulary size must be at least "
                                    + std::to_string(baseSize) + " (" + std::to_string(specialCount)
                                    + " special tokens + 256 bytes)");

    // Ids: specials first, then byte b at specialCount + b, then one id per new token.
    std::vector<std::string> tokens(m_options.specials);
    std::vector<bool> special(std::size_t(specialCount), true);
    for (int b = 0; b < 256; ++b) {
        tokens.emplace_back(1, char(b));
        special.push_back(false);
    }
    std::unordered_map<std::string, std::int32_t> idOfBytes;
    for (std::int32_t id = specialCount; id < baseSize; ++id)
        idOfBytes.emplace(tokens[std::size_t(id)], id);

    // Distinct words in a fixed order (sorted) so that results do not depend on hashing.
    std::vector<std::pair<std::string_view, std::int64_t>> sorted;
    sorted.reserve(m_wordCounts.size());
    for (const auto &[w, c] : m_wordCounts)
        sorted.emplace_back(w, c);
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::vector<std::int32_t>> words(sorted.size());
    std::vector<std::int64_t> freq(sorted.size());
    for (std::size_t w = 0; w < sorted.size(); ++w) {
        freq[w] = sorted[w].second;
        for (unsigned char b : sorted[w].first)
            words[w].push_back(specialCount + b);
    }

    std::unordered_map<std::uint64_t, std::int64_t> pairCount;
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> where;
    pairCount.reserve(words.size() * 2);
    for (std::size_t w = 0; w < words.size(); ++w) {
        const auto &s = words[w];
        for (std::size_t i = 0; i + 1 < s.size(); ++i) {
            const std::uint64_t key = pairKey(s[i], s[i + 1]);
            pairCount[key] += freq[w];
            auto &list = where[key];
            if (list.empty() || list.back() != w)
                list.push_back(std::uint32_t(w));
        }
    }
    std::priority_queue<HeapEntry> heap;
    for (const auto &[key, count] : pairCount)
        heap.push({count, key});

    std::vector<std::pair<std::int32_t, std::int32_t>> merges;
    std::vector<std::uint64_t> lastVisit(words.size(), 0);
    std::vector<std::int32_t> merged;
    std::unordered_set<std::uint64_t> touched;
    std::uint64_t step = 0;
    auto adjust = [&](std::uint64_t key, std::int64_t delta) {
        auto it = pairCount.find(key);
        if (it == pairCount.end())
            it = pairCount.emplace(key, 0).first;
        it->second += delta;
        if (it->second == 0)
            pairCount.erase(it);
    };

    while (std::int32_t(tokens.size()) < m_options.vocabSize && !heap.empty()) {
        const HeapEntry top = heap.top();
        heap.pop();
        auto current = pairCount.find(top.pair);
        if (current == pairCount.end())
            continue;
        if (current->second != top.count) { // stale entry: requeue with today's count
            heap.push({current->second, top.pair});
            continue;
        }
        if (top.count < m_options.minPairCount)
            break;
        const std::int32_t a = leftOf(top.pair), b = rightOf(top.pair);
        std::string bytes = tokens[std::size_t(a)] + tokens[std::size_t(b)];
        std::int32_t c;
        if (auto existing = idOfBytes.find(bytes); existing != idOfBytes.end()) {
            c = existing->second; // another pair spelled these bytes already; reuse its id
        } else {
            c = std::int32_t(tokens.size());
            idOfBytes.emplace(bytes, c);
            tokens.push_back(std::move(bytes));
            special.push_back(false);
        }
        merges.emplace_back(a, b);
        ++step;

        touched.clear();
        std::vector<std::uint32_t> affected = std::move(where[top.pair]);
        where.erase(top.pair);
        for (std::uint32_t w : affected) {
            if (lastVisit[w] == step)
                continue;
            lastVisit[w] = step;
            auto &s = words[w];
            merged.clear();
            bool changed = false;
            for (std::size_t i = 0; i < s.size();) {
                if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
                    merged.push_back(c);
                    i += 2;
                    changed = true;
                } else {
                    merged.push_back(s[i++]);
                }
            }
            if (!changed)
                continue;
            const std::int64_t f = freq[w];
            for (std::size_t i = 0; i + 1 < s.size(); ++i)
                adjust(pairKey(s[i], s[i + 1]), -f);
            for (std::size_t i = 0; i + 1 < merged.size(); ++i) {
                const std::uint64_t key = pairKey(merged[i], merged[i + 1]);
                adjust(key, f);
                if (merged[i] == c || merged[i + 1] == c) {
                    auto &list = where[key];
                    if (list.empty() || list.back() != w)
                        list.push_back(w);
                    touched.insert(key);
                }
            }
            s.swap(merged);
        }
        for (std::uint64_t key : touched)
            if (auto it = pairCount.find(key); it != pairCount.end())
                heap.push({it->second, key});
        if (m_options.progress && step % 64 == 0
            && !m_options.progress(std::int32_t(tokens.size()), m_options.vocabSize))
            throw std::runtime_error("cancelled");
    }
    if (m_options.progress)
        m_options.progress(std::int32_t(tokens.size()), m_options.vocabSize);
    return BpeTokenizer(std::move(tokens), std::move(special), std::move(merges), m_options.preTokenizer);
}

} // namespace itool::model
