// The SFT job (see sft_job.h).
#include "core/pipeline/sft_job.h"

#include "core/common/user_error.h"
#include "core/model/bpe_trainer.h"
#include "core/model/chat_template.h"
#include "core/model/safetensors.h"
#include "core/pipeline/record_files.h"
#include "core/train/cpu_features.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace itool::pipeline {

namespace fs = std::filesystem;

bool isHeldOut(const std::string &recordId, int holdoutPercent)
{
    return static_cast<int>(model::fnv1a64(recordId.data(), recordId.size()) % 100) < holdoutPercent;
}

model::BpeTokenizer trainJobTokenizer(const std::vector<const data::Record *> &records, std::int32_t vocabSize,
                                      model::PreTokenizer preTokenizer)
{
    model::BpeTrainingOptions options;
    options.vocabSize = vocabSize;
    options.preTokenizer = preTokenizer;
    model::BpeTrainer trainer(options);
    // The first records suffice for the merges; BPE training time grows with the corpus.
    for (std::size_t i = 0; i < std::min(records.size(), kTokenizerCorpusRecords); ++i)
        trainer.addText(model::renderTrainingText(*records[i]));
    return trainer.train();
}

std::vector<train::CurriculumStage> curriculumStages(const std::vector<const data::Record *> &records,
                                                     const model::BpeTokenizer &tokenizer, std::int64_t maxTokens,
                                                     const std::vector<SftStageSpec> &stageSpecs, const std::string &where,
                                                     std::size_t *tooLong)
{
    std::vector<train::CurriculumStage> stages(stageSpecs.size());
    for (std::size_t k = 0; k < stageSpecs.size(); ++k) {
        stages[k].name = stageSpecs[k].name;
        stages[k].steps = stageSpecs[k].steps;
    }
    std::size_t skipped = 0;
    for (const data::Record *record : records) {
        auto t = model::tokenizeChat(*record, tokenizer, static_cast<std::size_t>(maxTokens));
        if (!t.fits) {
            ++skipped;
            continue;
        }
        train::TrainExample e;
        e.ids.assign(t.ids.begin(), t.ids.end());
        e.lossMask = std::move(t.answerMask);
        std::string difficulty(data::toString(record->difficulty));
        if (difficulty.empty())
            difficulty = "unset";
        for (std::size_t k = 0; k < stageSpecs.size(); ++k) {
            const auto &wanted = stageSpecs[k].difficulties;
            if (std::find(wanted.begin(), wanted.end(), difficulty) != wanted.end())
                stages[k].examples.push_back(e);
        }
    }
    if (tooLong)
        *tooLong += skipped;
    for (std::size_t k = 0; k < stageSpecs.size(); ++k)
        if (stages[k].examples.empty())
            throw UserError(where + ": curriculum stage \"" + stageSpecs[k].name
                            + "\" matches no training records (difficulties " + Json(stageSpecs[k].difficulties).dump()
                            + "; " + std::to_string(skipped) + " of " + std::to_string(records.size())
                            + " records skipped as longer than max_tokens " + std::to_string(maxTokens) + ")");
    return stages;
}

SftJobReport runSftJob(const SftSpec &spec, const Json &specJson, bool resume, EventSink *events,
                       const CancelToken *cancel)
{
    SftJobReport report;
    report.runDir = spec.runDir;
    const fs::path runDir(spec.runDir);
    fs::create_directories(runDir);
    auto log = [&](const std::string &text) {
        if (events) {
            TrainingEvent e;
            e.kind = TrainingEvent::Kind::Log;
            e.message = text;
            events->onEvent(e);
        }
    };

    auto records = readRecordFiles(spec.trainFiles);
    if (spec.synthetic.count > 0) {
        log("generating " + std::to_string(spec.synthetic.count) + " synthetic records (seed "
            + std::to_string(spec.synthetic.seed) + ")");
        const SyntheticCounts counts = appendSyntheticRecords(records, spec.synthetic);
        report.syntheticRecords = counts.kept;
        report.syntheticExcluded = counts.excluded;
    }
    report.records = records.size();
    std::vector<const data::Record *> train;
    std::vector<data::Record> heldout;
    for (const auto &r : records) {
        if (isHeldOut(r.id, spec.holdoutPercent))
            heldout.push_back(r);
        else
            train.push_back(&r);
    }
    report.trainRecords = train.size();
    report.heldoutRecords = heldout.size();
    if (train.empty())
        throw UserError("sft: no training records left in " + spec.trainFiles.front() + " after the hold-out split");
    writeRecordFile((runDir / "heldout.jsonl").string(), heldout);
    {
        std::ofstream out(runDir / "spec.json");
        out << specJson.dump(2) << "\n";
    }

    const fs::path runTokenizer = runDir / "tokenizer.json";
    std::optional<model::BpeTokenizer> tokenizer;
    if (!spec.tokenizerPath.empty()) {
        tokenizer = model::BpeTokenizer::load(spec.tokenizerPath);
        tokenizer->save(runTokenizer.string());
    } else if (resume && fs::exists(runTokenizer)) {
        tokenizer = model::BpeTokenizer::load(runTokenizer.string()); // the one the checkpoint was trained with
    } else {
        log("training a " + std::to_string(spec.tokenizerVocabSize) + "-token tokenizer on "
            + std::to_string(std::min(train.size(), kTokenizerCorpusRecords)) + " records");
        tokenizer = trainJobTokenizer(train, spec.tokenizerVocabSize, spec.tokenizerPreTokenizer);
        tokenizer->save(runTokenizer.string());
    }
    report.vocabSize = tokenizer->vocabSize();

    train::SftOptions o;
    o.model = spec.model;
    o.model.vocabSize = tokenizer->vocabSize();
    o.model.bosTokenId = tokenizer->requireSpecial(model::kBos);
    o.model.eosTokenId = tokenizer->requireSpecial(model::kEnd);
    o.lr = spec.lr;
    o.minLrRatio = spec.minLrRatio;
    o.warmupSteps = spec.warmupSteps;
    o.beta1 = spec.beta1;
    o.beta2 = spec.beta2;
    o.weightDecay = spec.weightDecay;
    o.batchSize = spec.batchSize;
    o.gradAccum = spec.gradAccum;
    o.clipNorm = spec.clipNorm;
    o.checkpointEvery = spec.checkpointEvery;
    o.seed = spec.seed;
    o.runDir = spec.runDir;
    o.resume = resume;
    o.padId = o.model.eosTokenId;
    o.bf16 = spec.bf16 && train::cpuHasNativeBf16();
    if (spec.bf16 && !o.bf16)
        log("precision bf16 asked for, but this CPU has no native bfloat16 (avx512_bf16 or "
            "amx_bf16): training in float32, which is faster here");
    o.threads = spec.threads.value_or(model::trainingThreads(o.bf16));
    log(std::string(o.bf16 ? "bf16" : "float32") + ", threads: torch " + std::to_string(o.threads.torchThreads)
        + ", OpenBLAS " + std::to_string(o.threads.blasThreads) + ", data-parallel workers "
        + std::to_string(o.threads.workers) + (spec.threads ? " (from the spec)" : ""));
    report.parameters = o.model.parameterCount();

    auto stages = curriculumStages(train, *tokenizer, spec.maxTokens, spec.curriculum, "sft", &report.tooLong);
    for (const auto &stage : stages)
        report.stageExamples.emplace_back(stage.name, stage.examples.size());
    log(std::to_string(report.trainRecords) + " training records, " + std::to_string(report.heldoutRecords)
        + " held out (" + (runDir / "heldout.jsonl").string() + "), " + std::to_string(report.tooLong)
        + " too long; model " + std::to_string(report.parameters) + " parameters, vocabulary "
        + std::to_string(report.vocabSize));

    report.result = train::runSft(o, stages, events, cancel);
    if (!report.result.modelDir.empty())
        tokenizer->save((fs::path(report.result.modelDir) / "tokenizer.json").string());
    return report;
}

} // namespace itool::pipeline
