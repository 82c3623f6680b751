#pragma once
// The versioned JSON spec of an iTool run (`itool run --spec SPEC.json`): the starting policy
// (a model folder, or a warm-up SFT spec the run trains first into run_dir/warmup), the data,
// and the settings of every stage of the rounds (selection, search, pairs, preference
// training, evaluation). docs/rounds.md documents every field. Parsing names the field that
// is wrong. No torch here.
#include "core/common/json.h"
#include "core/model/threading.h"
#include "core/search/mcts.h"
#include "core/search/pair_extractor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace itool::pipeline {

inline constexpr int kRoundSpecVersion = 1;

struct RoundSpec
{
    std::string runDir;
    std::string startModel;      // folder with config.json, model.safetensors, tokenizer.json
    // The warm-up, instead of startModel: an SFT spec file ("warmup": "PATH", relative to
    // the current folder like every other path) or an inline SFT spec object. warmup holds
    // the SFT spec itself once known (inline, or read by loadWarmupSpec) with its run_dir
    // set to runDir/warmup; null while only the path is known, or when there is no warm-up.
    std::string warmupPath;
    Json warmup;
    bool hasWarmup() const { return !warmupPath.empty() || !warmup.is_null(); }
    std::string tokenizerPath;   // empty: startModel/tokenizer.json
    std::vector<std::string> trainFiles;
    // Generated records added to the train records (the warm-up's own distribution; the same
    // seed gives the same records, split and decontaminated as in an SFT spec's "synthetic").
    std::uint64_t trainSyntheticCount = 0, trainSyntheticSeed = 1;
    std::vector<std::string> trainSyntheticExclude;
    std::vector<std::string> evalFiles;
    int evalMaxRecords = 0;      // 0: all
    std::int64_t evalMaxNewTokens = 0; // 0: follow the evaluation records (model::answerTokenBudget)
    std::int64_t maxTokens = 512; // context per sequence (prompt cut from the left)
    int rounds = 2;
    // "itool": the rounds of the method. "continued_sft": the baseline the rounds must beat,
    // each round SFT on the train records' gold answers for the compute an iTool run spent
    // on that round (sft below).
    std::string method = "itool";

    // selection
    std::string selectionMode = "perplexity"; // "failures", "frontier", "all"
    double selectionFraction = 0.3;
    int selectionSamples = 4;    // k: failures and frontier modes
    int selectionMaxRecords = 0; // 0: no cap (the highest-ranked are kept)
    std::vector<std::string> selectionDifficulties; // empty: every record is a candidate

    // search
    std::string searchMethod = "mcts"; // or "sampling": best vs worst of simulations x width answers
    search::MctsOptions search;        // search.answerBudget 0 (spec "max_new_tokens" 0): follow the data
    double temperature = 1.5;
    double topP = 1.0;
    int batchRecords = 16; // trees searched together (one decoder batch per simulation step)

    // pairs
    search::PairOptions pairs;
    bool approvedOnly = false;
    std::string workspaceDb; // empty: runDir/workspace.db

    // preference training
    std::string loss = "simpo";
    double beta = 2.5, gamma = 0.5, orpoLambda = 0.1;
    bool lengthNormalised = true;
    double lr = 1e-4;
    double minLrRatio = 0.1;
    double warmupRatio = 0.1;
    int epochs = 2;
    std::int64_t steps = 0; // > 0: this many optimiser steps per round, whatever the pair count
    int batchPairs = 8;
    double clipNorm = 1.0;
    double chosenNll = 0.0; // weight of the chosen side's NLL (RPO style)
    int workers = 0;        // data-parallel workers; 0: one per usable core

    // the continued-SFT baseline (method "continued_sft")
    struct ContinuedSft
    {
        std::string computeOf;          // an iTool run folder: each round gets its compute
        double computeTokens = 0;       // or a fixed budget per round (forward-token equivalents)
        double lr = 1e-4;
        double minLrRatio = 0.1;
        double warmupRatio = 0.05;
        int batchSize = 32;
    } sft;

    std::uint64_t seed = 1;
    model::ThreadSettings threads;
};

// Throws UserError "WHERE: field: what was expected". Reads no file: a warm-up given as a
// path stays a path (an inline warm-up spec is checked here).
RoundSpec roundSpecFromJson(const Json &json, const std::string &where);
// Parses the file and reads and checks the warm-up spec file it names, if any.
RoundSpec readRoundSpec(const std::string &path);
// Reads the warm-up SFT spec file (spec.warmupPath) into spec.warmup and checks it; does
// nothing when there is no warm-up or it is already known. Throws UserError naming the file.
void loadWarmupSpec(RoundSpec &spec);
// The folder the warm-up trains into, and the model folder the rounds then start from.
std::string warmupRunDir(const std::string &runDir);
std::string warmupModelDir(const std::string &runDir);
// The spec with every default filled in (what the run folder's spec.json holds); a warm-up
// appears as its SFT spec object when known.
Json roundSpecToJson(const RoundSpec &spec);

} // namespace itool::pipeline
