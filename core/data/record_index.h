#pragma once
// A fast, indexed, read-only view over a native records JSONL file (core/data/native_format.h).
// The file is memory-mapped; a scan finds line offsets and a compact per-record summary
// (id, category, difficulty, tools, domain, number of gold calls, a lowercase text blob for
// search) without building a JSON tree, so that 100,000+ records can be filtered and sorted
// in milliseconds. Full records are parsed lazily on demand and kept in a small LRU cache.
//
// Scanning is split in two so that a viewer can show the first rows while the rest is still
// being indexed: scanChunk() is const, reads only the immutable mapping and may run on any
// thread; appendChunk() publishes a chunk's rows and must be called in file order by the
// owner. What this is not: an importer for foreign formats (see the importers), nor a writer.
#include "core/common/user_error.h"
#include "core/data/record.h"

#include <array>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace itool::data {

// Rows scanned from one byte range; tool/domain names are chunk-local until appended.
struct IndexChunk
{
    std::uint64_t beginByte = 0;
    std::uint64_t endByte = 0;  // the next chunk starts here
    std::int64_t lineCount = 0; // lines consumed (good or bad)
    std::vector<std::uint64_t> offsets;
    std::vector<std::uint32_t> lengths;
    std::vector<std::uint32_t> lines; // chunk-relative, 1-based
    std::vector<std::uint8_t> categories;
    std::vector<std::uint8_t> difficulties;
    std::vector<std::uint8_t> byPerson;
    std::vector<std::uint16_t> callCounts;
    std::vector<std::uint16_t> turnCounts;
    std::vector<std::uint32_t> domains; // index into localNames
    std::vector<std::uint32_t> toolBegin; // CSR into toolIds, one more than rows
    std::vector<std::uint32_t> toolIds;   // index into localNames
    std::string ids;                      // concatenated
    std::vector<std::uint32_t> idEnds;
    std::string previews; // first user message, shortened
    std::vector<std::uint32_t> previewEnds;
    std::string blob; // lowercase searchable text, records separated by '\n'
    std::vector<std::uint32_t> blobEnds;
    std::vector<std::string> localNames;
    std::vector<InputIssue> issues; // chunk-relative lines
};

// Which rows to keep; every set criterion must hold (empty string: any).
struct RecordFilter
{
    std::optional<Difficulty> difficulty;
    std::optional<Category> category;
    std::string tool;
    std::string domain;
    std::string errorType; // kNoPrediction, kCorrect, or an error type such as "type_error:simple"
    std::string text;      // case-insensitive substring of the searchable text
    bool empty() const;

    static constexpr const char *kNoPrediction = "(no prediction)";
    static constexpr const char *kCorrect = "(correct)";
};

enum class RecordColumn { Line, Id, Category, Difficulty, Domain, Tools, Calls, Turns, ErrorType, Preview };

class RecordIndex
{
public:
    // Maps the file; throws UserError when it cannot be opened. Nothing is indexed yet.
    explicit RecordIndex(const std::string &path);
    ~RecordIndex();
    RecordIndex(const RecordIndex &) = delete;
    RecordIndex &operator=(const RecordIndex &) = delete;

    const std::string &path() const { return m_path; }
    std::uint64_t fileSize() const { return m_size; }
    std::uint64_t indexedBytes() const { return m_indexedBytes; }
    bool complete() const { return m_indexedBytes >= m_size; }

    // Scans whole lines starting at fromByte until at least maxBytes are consumed (or EOF).
    // Thread-safe against readers and appendChunk (it touches only the immutable mapping).
    IndexChunk scanChunk(std::uint64_t fromByte, std::uint64_t maxBytes) const;
    // Publishes a chunk; chunks must arrive in order (chunk.beginByte == indexedBytes()).
    void appendChunk(IndexChunk &&chunk);
    // Indexes everything left; onChunk(rowsSoFar) after each chunk, return false to stop.
    // With threads > 1 the chunks are scanned in parallel and appended in order.
    // Returns false when stopped early.
    bool indexAll(const std::function<bool(std::size_t rows)> &onChunk = {},
                  std::uint64_t chunkBytes = kDefaultChunkBytes, unsigned threads = 1);
    static constexpr std::uint64_t kDefaultChunkBytes = 2u << 20;

    std::size_t size() const { return m_offsets.size(); }
    // Lines that are not JSON objects with a string "id"; kept out of the rows.
    const std::vector<InputIssue> &issues() const { return m_issues; }

    // Summary columns (row < size()).
    std::string_view id(std::size_t row) const;
    std::string_view preview(std::size_t row) const;
    std::string_view searchText(std::size_t row) const;
    std::int64_t line(std::size_t row) const { return m_lines[row]; }
    Category category(std::size_t row) const { return static_cast<Category>(m_categories[row]); }
    Difficulty difficulty(std::size_t row) const { return static_cast<Difficulty>(m_difficulties[row]); }
    bool difficultyByPerson(std::size_t row) const { return m_byPerson[row] != 0; }
    int callCount(std::size_t row) const { return m_callCounts[row]; }
    int turnCount(std::size_t row) const { return m_turnCounts[row]; }
    const std::string &domain(std::size_t row) const { return m_names[m_domains[row]]; }
    std::vector<std::string_view> tools(std::size_t row) const;
    std::size_t toolCount(std::size_t row) const { return m_toolBegin[row + 1] - m_toolBegin[row]; }
    // kNoPrediction when nothing was attached for this row, "" when the prediction is correct.
    std::string_view errorType(std::size_t row) const;
    bool hasPrediction(std::size_t row) const { return !m_errorTypes.empty() && m_errorTypes[row] != 0; }
    std::optional<std::size_t> rowOf(std::string_view id) const;

    // Distinct values, sorted, for filter menus.
    std::vector<std::string> toolNames() const;
    std::vector<std::string> domainNames() const;
    std::vector<std::string> errorTypeNames() const; // only those present

    // A person's (or a strategy's) split decision, overlaid on the file's value.
    void setDifficulty(std::size_t row, Difficulty difficulty, bool byPerson);
    // Check results by record id: error type ("" = correct). Rows not named: no prediction.
    void setErrorTypes(const std::unordered_map<std::string, std::string> &byId);

    std::vector<std::uint32_t> filter(const RecordFilter &filter) const;
    void sortRows(std::vector<std::uint32_t> &rows, RecordColumn column, bool ascending) const;
    // Counts per difficulty (Unset, Easy, Medium, Hard) over the given rows.
    std::array<std::size_t, 4> difficultyCounts(const std::vector<std::uint32_t> &rows) const;

    // The raw line text (without the newline).
    std::string_view rawLine(std::size_t row) const;
    // Parses the full record (cached); throws FormatError prefixed with "file:line: ".
    // The difficulty overlay is applied to the returned copy.
    std::shared_ptr<const Record> record(std::size_t row) const;
    void setCacheCapacity(std::size_t capacity) { m_cacheCapacity = capacity; }

private:
    std::uint32_t intern(const std::string &name);

    std::string m_path;
    int m_fd = -1;
    const char *m_data = nullptr;
    std::uint64_t m_size = 0;
    std::uint64_t m_indexedBytes = 0;
    std::int64_t m_linesDone = 0;

    std::vector<std::uint64_t> m_offsets;
    std::vector<std::uint32_t> m_lengths;
    std::vector<std::uint32_t> m_lines;
    std::vector<std::uint8_t> m_categories;
    std::vector<std::uint8_t> m_difficulties;
    std::vector<std::uint8_t> m_byPerson;
    std::vector<std::uint16_t> m_callCounts;
    std::vector<std::uint16_t> m_turnCounts;
    std::vector<std::uint32_t> m_domains;
    std::vector<std::uint32_t> m_toolBegin{0};
    std::vector<std::uint32_t> m_toolIds;
    std::string m_ids;
    std::vector<std::uint64_t> m_idEnds;
    std::string m_previews;
    std::vector<std::uint64_t> m_previewEnds;
    std::string m_blob;
    std::vector<std::uint64_t> m_blobEnds;
    std::vector<std::uint16_t> m_errorTypes; // index into m_errorNames; 0 = no prediction
    std::vector<std::string> m_errorNames{"(no prediction)"};
    std::vector<std::string> m_names; // tools and domains share one table; 0 = ""
    std::unordered_map<std::string, std::uint32_t> m_nameIds;
    std::vector<InputIssue> m_issues;

    mutable std::mutex m_cacheMutex;
    mutable std::list<std::pair<std::size_t, std::shared_ptr<const Record>>> m_cacheOrder;
    mutable std::unordered_map<std::size_t, decltype(m_cacheOrder)::iterator> m_cache;
    std::size_t m_cacheCapacity = 256;
    // Views into m_ids, rebuilt on first use after rows were appended (m_ids may move).
    mutable std::unordered_map<std::string_view, std::uint32_t> m_rowById;
    mutable std::size_t m_rowByIdRows = 0;
};

} // namespace itool::data
