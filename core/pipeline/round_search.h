#pragma once
// The search and pair stages of one round of `itool run`: the selected records searched
// batchRecords at a time (MCTS over call fragments, or, with search.method "sampling", the
// paper's ablation: simulations x width independent answers from the root, whose best and
// worst make the pair), then step-wise pairs from every tree. Each tree is handed to the
// caller as soon as it is done (to be written), with progress after each batch.
// Torch header: core/pipeline .cpp files only.
#include "core/data/record.h"
#include "core/model/bpe_tokenizer.h"
#include "core/model/transformer.h"
#include "core/pipeline/round_spec.h"
#include "core/search/pair_extractor.h"
#include "core/search/search_tree.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace itool::pipeline {

struct RoundSearch
{
    std::map<std::string, search::SearchTree> trees; // by record id
    std::vector<search::PreferencePair> pairs;       // every tree's, before the cap
    search::PairCounts counts;
    std::int64_t rollouts = 0, truncated = 0;
    std::int64_t promptTokens = 0, decodedTokens = 0; // what the decoding processed
    double seconds = 0;
    bool cancelled = false;
};

// The MCTS settings a round searches with: the spec's, with the round mixed into the seed,
// and for search.method "sampling" one expansion of simulations x width answers at depth 1.
search::MctsOptions roundSearchOptions(const RoundSpec &spec, int round);

struct RoundSearchCallbacks
{
    std::function<void(const data::Record &, const search::SearchTree &, const Json &meta)> onTree;
    std::function<void(std::size_t searched, std::size_t total, std::int64_t rollouts, std::size_t pairs)> onProgress;
};

// prompts[i] is train[i]'s prompt; selected indexes train. Pairs carry the rendered prompt.
RoundSearch searchRoundRecords(model::LlamaForCausalLM &net, const model::BpeTokenizer &tokenizer,
                               const std::vector<data::Record> &train, const std::vector<search::TokenIds> &prompts,
                               const std::vector<std::size_t> &selected, const RoundSpec &spec, int round,
                               const RoundSearchCallbacks &callbacks, const std::atomic<bool> *cancel);

} // namespace itool::pipeline
