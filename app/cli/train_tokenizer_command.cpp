// itool train-tokenizer: learns a byte-level BPE tokenizer on native record files and saves
// it as tokenizer.json. Argument parsing only; the work is core/model/tokenizer_training.
#include "app/cli/command_registry.h"
#include "core/common/user_error.h"
#include "core/model/tokenizer_training.h"

#include <cstdio>
#include <unistd.h>
#include <iostream>

namespace {

itool::cli::CommandRegistrar reg{
    {"train-tokenizer",
     "Train a byte-level BPE tokenizer on records (Hugging Face tokenizer.json)",
     "--in RECORDS.jsonl... [--vocab-size N] --out tokenizer.json",
     "The corpus is every record rendered by the chat template (tools, conversation and\n"
     "answer), so that call syntax and schema JSON become few tokens. The special tokens\n"
     "<|bos|> <|eos|> <|pad|> <|system|> <|user|> <|assistant|> <|tool|> <|tools|> <|end|>\n"
     "take ids 0-8. Training stops early when no pair occurs twice. See docs/tokenizer.md.",
     {{"in", "RECORDS.jsonl", "a native record file", true},
      {"vocab-size", "N", "total vocabulary size, specials and 256 bytes included (default 2048)"},
      {"pre-tokenizer", "NAME", "gpt2 (default: a word takes its leading space) or separate_spaces"},
      {"out", "FILE", "where to write tokenizer.json"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        std::vector<std::string> inputs = cl.values("in");
        for (const std::string &p : cl.positionals())
            inputs.push_back(p);
        const std::string out = cl.required("out");
        itool::model::BpeTrainingOptions options;
        const long long vocab = cl.intValue("vocab-size", options.vocabSize);
        const long long minimum = static_cast<long long>(options.specials.size()) + 256;
        if (vocab < minimum || vocab > 1'000'000)
            throw itool::UserError("--vocab-size must be between " + std::to_string(minimum)
                                   + " and 1000000, got " + std::to_string(vocab));
        options.vocabSize = std::int32_t(vocab);
        const std::string preTokenizer = cl.valueOr("pre-tokenizer", "gpt2");
        if (const auto kind = itool::model::preTokenizerOfName(preTokenizer))
            options.preTokenizer = *kind;
        else
            throw itool::UserError("--pre-tokenizer must be gpt2 or separate_spaces, got " + preTokenizer);
        if (!cl.wantsJson() && isatty(2))
            options.progress = [](std::int32_t done, std::int32_t target) {
                std::fprintf(stderr, "\rtraining: %d / %d tokens", done, target);
                return true;
            };
        itool::model::TokenizerTrainingReport report;
        const auto tokenizer = itool::model::trainTokenizerOnRecords(inputs, options, report);
        tokenizer.save(out);
        if (options.progress)
            std::fprintf(stderr, "\n");
        std::printf("records %zu, corpus %llu bytes, %zu distinct words\n", report.records,
                    static_cast<unsigned long long>(report.corpusBytes), report.distinctWords);
        std::printf("vocabulary %d (%zu merges) trained in %.2f s (reading %.2f s)\n",
                    report.vocabSize, report.merges, report.trainSeconds, report.readSeconds);
        std::printf("corpus: %llu tokens, %.2f bytes per token; encode %.0f tokens/s cold, "
                    "%.0f tokens/s warm; round trip %s\n",
                    static_cast<unsigned long long>(report.corpusTokens),
                    report.corpusTokens ? double(report.corpusBytes) / double(report.corpusTokens)
                                        : 0.0,
                    report.encodeColdTokensPerSecond, report.encodeWarmTokensPerSecond,
                    report.roundTripOk ? "exact" : "FAILED");
        std::printf("wrote %s\n", out.c_str());
        if (cl.wantsJson()) {
            itool::Json summary{{"out", out},
                                {"records", report.records},
                                {"corpus_bytes", report.corpusBytes},
                                {"distinct_words", report.distinctWords},
                                {"vocab_size", report.vocabSize},
                                {"merges", report.merges},
                                {"read_seconds", report.readSeconds},
                                {"train_seconds", report.trainSeconds},
                                {"corpus_tokens", report.corpusTokens},
                                {"encode_tokens_per_s_cold", report.encodeColdTokensPerSecond},
                                {"encode_tokens_per_s_warm", report.encodeWarmTokensPerSecond},
                                {"round_trip_exact", report.roundTripOk}};
            itool::cli::printJsonSummary(summary.dump());
        }
        return report.roundTripOk ? 0 : 2;
    }};

} // namespace
