#pragma once
// Internal to the importers: what every per-format reader gets (the file's items, the
// options) and how it hands back records, skipped lines and notes. Also the helpers the
// formats share. Not a public header: use importer.h.
#include "core/data/importer.h"
#include "core/data/input_reader.h"

#include <functional>
#include <stdexcept>

namespace itool::data {

// Thrown by a format reader for one bad item: the item is skipped with this reason.
class ItemError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Thrown when the whole file cannot be read as the format (wrong format, missing companion).
class FileFormatError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class ImportSink
{
public:
    ImportSink(ImportResult &result, std::string expectedShape)
        : m_result(result)
        , m_expectedShape(std::move(expectedShape))
    {
    }

    void add(Record record) { m_result.records.push_back(std::move(record)); }
    void skip(std::int64_t line, const std::string &reason);
    void note(std::int64_t line, const std::string &message);
    // A bad line in a companion file (BFCL answers, Seal-Tools tools): reported, not counted
    // against this file.
    void skipInCompanion(const std::string &file, std::int64_t line, const std::string &reason);
    const std::string &file() const { return m_result.file; }
    // For items without an id: "<file name without extension>:<line>", unique across files.
    std::string defaultId(std::int64_t line) const;

    // Called after each item: a file whose first kGiveUpAfter items all failed and gave no
    // record is not this format; stop and say what was expected.
    void checkGiveUp() const;
    static constexpr int kGiveUpAfter = 20;

private:
    ImportResult &m_result;
    std::string m_expectedShape;
    int m_badBeforeFirstGood = 0;
    std::string m_firstReason;
};

// Runs `perItem` for every item of the file, turning ItemError into a skipped line.
void forEachItem(InputReader &reader, ImportSink &sink,
                 const std::function<void(const Json &item, std::int64_t line)> &perItem);

// Shared small helpers for the readers (each throws ItemError naming the field).
const Json &requireField(const Json &object, const char *key, const char *expected);
std::string requireString(const Json &object, const char *key);
std::string idText(const Json &id); // "7" for 7, the string for a string
std::vector<GoldParam> goldParamsFromArguments(const Json &arguments, const std::string &callName);

// The readers, one per format (importer_<format>.cpp).
void importNative(InputReader &reader, ImportSink &sink);
void importBfcl(InputReader &reader, ImportSink &sink, const ImportOptions &options);
void importXlam(InputReader &reader, ImportSink &sink);
void importShareGpt(InputReader &reader, ImportSink &sink);
void importOpenAi(InputReader &reader, ImportSink &sink);
void importToolAce(InputReader &reader, ImportSink &sink);
void importApiBank(InputReader &reader, ImportSink &sink);
void importSealTools(InputReader &reader, ImportSink &sink, const ImportOptions &options);

} // namespace itool::data
