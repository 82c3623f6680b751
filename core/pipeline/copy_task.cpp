// The span-copy warm-up task (see copy_task.h).
#include "core/pipeline/copy_task.h"

#include "core/model/bpe_tokenizer.h"
#include "core/model/chat_template.h"

#include <random>

namespace itool::pipeline {

namespace {
// std::uniform_int_distribution's algorithm is implementation-defined; this is not.
std::size_t uniformBelow(std::mt19937_64 &rng, std::size_t n)
{
    return static_cast<std::size_t>(rng() % n);
}
} // namespace

std::vector<train::TrainExample> makeCopyExamples(const std::vector<const train::TrainExample *> &sources,
                                                  const model::BpeTokenizer &tokenizer,
                                                  const CopyTaskOptions &options)
{
    const std::size_t minSpan = std::max<std::size_t>(1, options.minSpan);
    const std::size_t maxSpan = std::max(minSpan, options.maxSpan);
    const std::int32_t bos = tokenizer.requireSpecial(model::kBos);
    const std::int32_t header = tokenizer.requireSpecial(model::kAssistant);
    const std::int32_t end = tokenizer.requireSpecial(model::kEnd);
    std::mt19937_64 rng(options.seed ^ 0xC0B1E5u);

    std::vector<train::TrainExample> out;
    out.reserve(sources.size());
    struct Run
    {
        std::size_t begin, length;
    };
    std::vector<Run> runs;
    for (const train::TrainExample *source : sources) {
        // Maximal runs of plain tokens in the prompt (where the loss mask is 0).
        runs.clear();
        std::size_t start = 0;
        for (std::size_t i = 0; i <= source->ids.size(); ++i) {
            const bool plain = i < source->ids.size() && !source->lossMask[i] && !tokenizer.isSpecial(source->ids[i]);
            if (plain)
                continue;
            if (i - start >= minSpan)
                runs.push_back({start, i - start});
            start = i + 1;
        }
        if (runs.empty())
            continue;
        const Run run = runs[uniformBelow(rng, runs.size())];
        const std::size_t longest = std::min(maxSpan, run.length);
        const std::size_t length = minSpan + uniformBelow(rng, longest - minSpan + 1);
        const std::size_t offset = run.begin + uniformBelow(rng, run.length - length + 1);
        const auto span = source->ids.begin() + std::ptrdiff_t(offset);

        train::TrainExample e;
        e.ids.reserve(2 * length + 3);
        e.ids.push_back(bos);
        e.ids.insert(e.ids.end(), span, span + std::ptrdiff_t(length));
        e.ids.push_back(header);
        e.ids.insert(e.ids.end(), span, span + std::ptrdiff_t(length));
        e.ids.push_back(end);
        e.lossMask.assign(e.ids.size(), 0);
        std::fill(e.lossMask.begin() + std::ptrdiff_t(length + 2), e.lossMask.end(), std::uint8_t(1));
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace itool::pipeline
