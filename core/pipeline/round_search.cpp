// Search and pairs of a round; see round_search.h.
#include "core/pipeline/round_search.h"

#include "core/model/chat_template.h"
#include "core/search/checker_reward.h"
#include "core/search/decoder_policy.h"
#include "core/search/mcts.h"

#include <chrono>

namespace itool::pipeline {

search::MctsOptions roundSearchOptions(const RoundSpec &spec, int round)
{
    auto options = spec.search;
    options.seed = spec.search.seed + std::uint64_t(round) * 7919ULL;
    if (spec.searchMethod == "sampling") {
        // As many complete answers as the tree search scores, all from the root.
        options.width = spec.search.simulations * spec.search.width;
        options.simulations = 1;
        options.maxDepth = 1;
    }
    return options;
}

RoundSearch searchRoundRecords(model::LlamaForCausalLM &net, const model::BpeTokenizer &tokenizer,
                               const std::vector<data::Record> &train, const std::vector<search::TokenIds> &prompts,
                               const std::vector<std::size_t> &selected, const RoundSpec &spec, int round,
                               const RoundSearchCallbacks &callbacks, const std::atomic<bool> *cancel)
{
    torch::NoGradGuard guard;
    const auto start = std::chrono::steady_clock::now();
    RoundSearch out;
    const auto options = roundSearchOptions(spec, round);
    const std::size_t batchSize = std::size_t(spec.batchRecords);
    for (std::size_t b = 0; b < selected.size(); b += batchSize) {
        if (cancel && cancel->load()) {
            out.cancelled = true;
            break;
        }
        std::vector<const data::Record *> batch;
        std::vector<search::SearchProblem> problems;
        std::vector<search::TokenIds> batchPrompts;
        for (std::size_t i = b; i < std::min(selected.size(), b + batchSize); ++i) {
            batch.push_back(&train[selected[i]]);
            problems.push_back({train[selected[i]].id});
            batchPrompts.push_back(prompts[selected[i]]);
        }
        search::DecoderPolicyOptions po;
        po.temperature = spec.temperature;
        po.topP = spec.topP;
        search::DecoderPolicy policy(net, tokenizer, std::move(batchPrompts), po);
        std::vector<search::SearchTree> found;
        const auto stats = search::runMcts(problems, policy, search::makeCheckerReward(batch), options, found, cancel);
        out.rollouts += stats.rollouts;
        out.truncated += stats.truncated;
        out.promptTokens += policy.promptTokens();
        out.decodedTokens += policy.decodedTokens();
        if (cancel && cancel->load()) {
            out.cancelled = true; // the batch's trees are unfinished: not kept
            break;
        }
        for (std::size_t k = 0; k < found.size(); ++k) {
            const auto &rec = *batch[k];
            const Json meta{{"record", rec.id},
                            {"round", round},
                            {"search", options.toJson()},
                            {"search_method", spec.searchMethod},
                            {"pairs", spec.pairs.toJson()}};
            if (callbacks.onTree)
                callbacks.onTree(rec, found[k], meta);
            auto p = search::extractPairs(found[k], rec.id, round, model::renderChat(rec).prompt, spec.pairs,
                                          &out.counts);
            out.pairs.insert(out.pairs.end(), p.begin(), p.end());
            out.trees.emplace(rec.id, std::move(found[k]));
        }
        if (callbacks.onProgress)
            callbacks.onProgress(std::min(selected.size(), b + batchSize), selected.size(), out.rollouts,
                                 out.pairs.size());
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

} // namespace itool::pipeline
