#include "core/model/tokenizer_training.h"

#include "core/common/user_error.h"
#include "core/data/native_format.h"
#include "core/model/chat_template.h"

#include <chrono>
#include <fstream>

namespace itool::model {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

BpeTokenizer trainTokenizerOnRecords(const std::vector<std::string> &recordFiles,
                                     const BpeTrainingOptions &options,
                                     TokenizerTrainingReport &report)
{
    if (recordFiles.empty())
        throw UserError("no record files given (--in RECORDS.jsonl)");
    auto start = std::chrono::steady_clock::now();
    BpeTrainer trainer(options);
    std::vector<std::string> texts;
    for (const std::string &file : recordFiles) {
        std::ifstream in(file, std::ios::binary);
        if (!in)
            throw UserError(file + ": cannot read");
        std::string line;
        std::int64_t lineNumber = 0;
        while (std::getline(in, line)) {
            ++lineNumber;
            if (line.find_first_not_of(" \t\r") == std::string::npos)
                continue;
            data::Record record;
            try {
                record = data::recordFromJson(Json::parse(line));
            } catch (const Json::parse_error &e) {
                throw UserError(
                    InputIssue{file, lineNumber, std::string("not valid JSON: ") + e.what()}
                        .toString());
            } catch (const data::FormatError &e) {
                throw UserError(InputIssue{file, lineNumber, e.what()}.toString());
            }
            texts.push_back(renderTrainingText(record));
            trainer.addText(texts.back());
        }
    }
    if (texts.empty())
        throw UserError("the record files hold no records");
    report.records = texts.size();
    report.corpusBytes = trainer.corpusBytes();
    report.distinctWords = trainer.distinctWords();
    report.readSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    BpeTokenizer tokenizer = trainer.train();
    report.trainSeconds = secondsSince(start);
    report.vocabSize = tokenizer.vocabSize();
    report.merges = tokenizer.mergeCount();

    // Speed: the first pass starts with an empty word cache, the second finds it warm.
    std::vector<std::int32_t> ids;
    bool ok = true;
    for (int pass = 0; pass < 2; ++pass) {
        std::uint64_t tokens = 0;
        start = std::chrono::steady_clock::now();
        for (const std::string &text : texts) {
            ids.clear();
            tokenizer.encodeAppend(text, ids, SpecialTokens::Parse);
            tokens += ids.size();
        }
        const double seconds = secondsSince(start);
        const double rate = seconds > 0 ? double(tokens) / seconds : 0;
        (pass == 0 ? report.encodeColdTokensPerSecond : report.encodeWarmTokensPerSecond) = rate;
        report.corpusTokens = tokens;
    }
    for (const std::string &text : texts)
        ok = ok && tokenizer.decode(tokenizer.encode(text, SpecialTokens::Parse)) == text;
    report.roundTripOk = ok;
    return tokenizer;
}

} // namespace itool::model
