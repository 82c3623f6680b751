#pragma once
// An SFT job end to end: records -> held-out split -> tokenizer (given or trained) -> chat
// template tokens with answer masks -> curriculum stages by difficulty -> the trainer.
// The run folder gets tokenizer.json, heldout.jsonl, spec.json, metrics.jsonl, checkpoints,
// stage-<name>/ models and model/ (config.json, model.safetensors, tokenizer.json).
// No torch here.
#include "core/model/bpe_tokenizer.h"
#include "core/pipeline/sft_spec.h"
#include "core/pipeline/training_events.h"
#include "core/train/sft_trainer.h"

#include <string>
#include <utility>
#include <vector>

namespace itool::pipeline {

struct SftJobReport
{
    std::string runDir;
    std::size_t records = 0, trainRecords = 0, heldoutRecords = 0, tooLong = 0;
    std::size_t syntheticRecords = 0, syntheticExcluded = 0; // generated ones kept / dropped as duplicates
    std::vector<std::pair<std::string, std::size_t>> stageExamples;
    std::int32_t vocabSize = 0;
    std::int64_t parameters = 0;
    train::SftResult result;
};

// A tokenizer trained by the job learns its merges from at most this many training records.
inline constexpr std::size_t kTokenizerCorpusRecords = 4000;

// A byte-level BPE tokenizer trained on the chat-template text of (at most the first
// kTokenizerCorpusRecords of) records: what a job uses when its spec names no tokenizer.
model::BpeTokenizer trainJobTokenizer(const std::vector<const data::Record *> &records, std::int32_t vocabSize,
                                      model::PreTokenizer preTokenizer = model::PreTokenizer::Gpt2);

// The trainer's curriculum stages over `records`: each record tokenized once with the chat
// template (those longer than maxTokens even after cutting context are skipped and counted
// in *tooLong), then put in every stage whose difficulties include its own ("unset" when it
// has none). Throws UserError "<where>: curriculum stage "NAME" matches no training records"
// when a stage is left empty.
std::vector<train::CurriculumStage> curriculumStages(const std::vector<const data::Record *> &records,
                                                     const model::BpeTokenizer &tokenizer, std::int64_t maxTokens,
                                                     const std::vector<SftStageSpec> &stages, const std::string &where,
                                                     std::size_t *tooLong = nullptr);

// Whether a record is in the held-out split (a hash of its id, stable across runs).
bool isHeldOut(const std::string &recordId, int holdoutPercent);

SftJobReport runSftJob(const SftSpec &spec, const Json &specJson, bool resume, EventSink *events = nullptr,
                       const CancelToken *cancel = nullptr);

} // namespace itool::pipeline
