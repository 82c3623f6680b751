// Deficiency selection of a round; see round_selection.h.
#include "core/pipeline/round_selection.h"

#include "core/eval/point_metrics.h"
#include "core/model/chat_template.h"
#include "core/search/deficiency_scorer.h"
#include "core/search/deficiency_selector.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace itool::pipeline {

RoundSelection selectRoundRecords(model::LlamaForCausalLM &net, const model::BpeTokenizer &tokenizer,
                                  const std::vector<data::Record> &train, const std::vector<search::TokenIds> &prompts,
                                  const RoundSpec &spec, std::uint64_t seed)
{
    torch::NoGradGuard guard;
    RoundSelection out;
    out.scores.assign(train.size(), std::numeric_limits<double>::quiet_NaN());
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < train.size(); ++i) {
        const auto &wanted = spec.selectionDifficulties;
        if (wanted.empty() || std::find(wanted.begin(), wanted.end(), eval::difficultyName(train[i])) != wanted.end())
            candidates.push_back(i);
    }
    out.candidates = std::int64_t(candidates.size());
    std::vector<const data::Record *> records;
    std::vector<search::TokenIds> candidatePrompts;
    for (auto i : candidates) {
        records.push_back(&train[i]);
        candidatePrompts.push_back(prompts[i]);
    }

    std::vector<double> scores;
    if (spec.selectionMode == "all") {
        // Every candidate, in file order (max_records keeps the first ones): the search itself
        // finds where the policy's answers differ.
        scores.assign(candidates.size(), 0.0);
        out.selected = candidates;
        for (auto i : candidates)
            out.scores[i] = 0.0;
        if (spec.selectionMaxRecords > 0 && int(out.selected.size()) > spec.selectionMaxRecords)
            out.selected.resize(std::size_t(spec.selectionMaxRecords));
        return out;
    }
    if (spec.selectionMode == "perplexity") {
        scores = search::responsePerplexities(net, tokenizer, records, std::size_t(spec.maxTokens));
        for (const auto *r : records)
            out.computeTokens += std::int64_t(model::tokenizeChat(*r, tokenizer, std::size_t(spec.maxTokens)).ids.size());
    } else {
        search::SampleCost cost;
        const auto outcomes = search::sampleOutcomes(net, tokenizer, records, candidatePrompts, spec.selectionSamples,
                                                     spec.selectionMode == "frontier" ? spec.temperature : 1.0,
                                                     spec.search.answerBudget, seed, &cost);
        out.computeTokens = cost.promptTokens + cost.decodedTokens;
        for (const auto &o : outcomes)
            scores.push_back(spec.selectionMode == "frontier"
                                 ? search::frontierScore(o.greedyRight, o.right, o.samples)
                                 : (o.samples > 0 ? double(o.samples - o.right) / double(o.samples) : 0.0));
    }
    std::vector<search::DeficiencyScore> ds;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        out.scores[candidates[k]] = scores[k];
        ds.push_back({candidates[k], !train[candidates[k]].gold.empty(), scores[k]});
    }
    if (spec.selectionMode == "perplexity")
        out.selected = search::selectTopFraction(ds, spec.selectionFraction);
    else if (spec.selectionMode == "failures")
        out.selected = search::selectFailures(ds, spec.selectionFraction);
    else
        out.selected = search::selectFrontier(ds, spec.selectionFraction);
    if (spec.selectionMaxRecords > 0 && int(out.selected.size()) > spec.selectionMaxRecords) {
        std::stable_sort(out.selected.begin(), out.selected.end(),
                         [&](std::size_t a, std::size_t b) { return out.scores[a] > out.scores[b]; });
        out.selected.resize(std::size_t(spec.selectionMaxRecords));
        std::sort(out.selected.begin(), out.selected.end());
    }
    return out;
}

} // namespace itool::pipeline
