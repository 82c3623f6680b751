#pragma once
// Autoregressive decoding for a batch of prompts: KV cache (or full recomputation, for
// checking and benchmarking), greedy / temperature / top-p sampling, the model's log-prob of
// every chosen token, stop on end tokens. Deterministic for a seed: sampling uses our own
// per-row generator, not torch's global one. Torch header (model/train/search/eval .cpp only).
// What it is not: tokenisation or the chat template (callers pass and get token ids).
#include "core/model/transformer.h"

#include <cstdint>
#include <vector>

namespace itool::model {

struct SamplingOptions
{
    double temperature = 0.0; // 0: greedy (argmax)
    double topP = 1.0;        // nucleus: smallest set of tokens whose probability reaches topP
    std::int64_t maxNewTokens = 64;
    std::vector<std::int64_t> stopTokens; // generation of a row ends after emitting one
    std::uint64_t seed = 0;               // row i samples from generator(seed, i)
    bool useCache = true;
    std::int64_t padToken = 0; // fills left padding; masked out, so any id works
    // When set (one per prompt), row i samples from generator(rowSeeds[i]) instead: a row's
    // samples then do not depend on which other rows share its batch.
    std::vector<std::uint64_t> rowSeeds;
};

struct Generation
{
    std::vector<std::int64_t> tokens;  // new tokens, the stop token included when hit
    std::vector<double> logProbs;      // log p(token | prefix) under the model (temperature 1)
    bool stopped = false;              // ended on a stop token, not on maxNewTokens
};

// Prompts may differ in length (left-padded internally). Runs without gradients, in eval
// mode semantics (the model has no dropout).
std::vector<Generation> generate(LlamaForCausalLM &model, const std::vector<std::vector<std::int64_t>> &prompts,
                                 const SamplingOptions &options);

// Picks a token from one row of logits: argmax when temperature is 0, otherwise samples
// softmax(logits / temperature) restricted to the top-p nucleus using `uniform` in [0,1).
std::int64_t pickToken(const float *logits, std::int64_t vocab, double temperature, double topP, double uniform);

} // namespace itool::model
