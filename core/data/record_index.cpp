#include "core/data/record_index.h"

#include "core/data/native_format.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <future>
#include <thread>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace itool::data {

namespace {

constexpr std::size_t kPreviewChars = 160;
constexpr int kMaxDepth = 32;

void appendLower(std::string &out, std::string_view text)
{
    const std::size_t start = out.size();
    out.append(text);
    for (std::size_t i = start; i < out.size(); ++i) {
        const char c = out[i];
        if (c >= 'A' && c <= 'Z')
            out[i] = static_cast<char>(c + ('a' - 'A'));
        else if (c == '\n')
            out[i] = ' '; // '\n' separates records in the blob
    }
}

std::string lower(std::string_view text)
{
    std::string out;
    appendLower(out, text);
    return out;
}

// Pulls the summary out of one line without building a JSON tree.
class SummarySax : public nlohmann::json_sax<nlohmann::json>
{
public:
    using json = nlohmann::json;
    explicit SummarySax(IndexChunk &chunk, std::unordered_map<std::string, std::uint32_t> &localIds)
        : m_chunk(chunk), m_localIds(localIds)
    {}

    std::string id;
    bool hasId = false;
    std::string category, difficulty, domain, preview;
    bool byPerson = false;
    bool hasCategory = false;
    int calls = 0, turns = 0;
    std::vector<std::uint32_t> tools;
    std::string blob;
    std::string error;

    bool null() override { return true; }
    bool boolean(bool value) override
    {
        if (m_depth == 1 && m_keys[1] == "difficulty_by_person")
            byPerson = value;
        return true;
    }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t &) override { return true; }
    bool binary(binary_t &) override { return true; }
    bool string(string_t &value) override
    {
        if (m_depth == 1) {
            const std::string &key = m_keys[1];
            if (key == "id") {
                id = value;
                hasId = true;
                appendLower(blob, value);
                blob.push_back(' ');
            } else if (key == "category") {
                category = value;
                hasCategory = true;
            } else if (key == "difficulty") {
                difficulty = value;
            } else if (key == "domain") {
                domain = value;
                appendLower(blob, value);
                blob.push_back(' ');
            }
            return true;
        }
        const std::string &top = m_keys[1];
        if (top == "tools") {
            if (m_depth == 3 && m_keys[3] == "name") {
                tools.push_back(localId(value));
                appendLower(blob, value);
                blob.push_back(' ');
            }
        } else if (top == "conversation") {
            if (m_depth == 3 && m_keys[3] == "role") {
                m_role = value;
                return true;
            }
            if (m_depth == 3 && m_keys[3] == "content" && m_role == "user" && preview.empty())
                preview = value.substr(0, kPreviewChars);
            appendLower(blob, value);
            blob.push_back(' ');
        } else if (top == "gold") {
            appendLower(blob, value);
            blob.push_back(' ');
        }
        return true;
    }
    bool start_object(std::size_t) override
    {
        if (m_depth == 0)
            m_sawObject = true;
        if (m_depth == 2 && m_keys[1] == "gold")
            ++calls;
        if (m_depth == 2 && m_keys[1] == "conversation") {
            ++turns;
            m_role.clear();
        }
        return push(true);
    }
    bool end_object() override { return pop(); }
    bool start_array(std::size_t) override { return push(false); }
    bool end_array() override { return pop(); }
    bool key(string_t &value) override
    {
        if (m_depth < kMaxDepth)
            m_keys[m_depth] = value;
        return true;
    }
    bool parse_error(std::size_t position, const std::string &, const nlohmann::detail::exception &e) override
    {
        error = "not valid JSON at character " + std::to_string(position) + " ("
                + std::string(e.what()).substr(0, 120) + ")";
        return false;
    }

    bool sawObject() const { return m_sawObject; }

private:
    bool push(bool)
    {
        ++m_depth;
        if (m_depth < kMaxDepth)
            m_keys[m_depth].clear();
        return true;
    }
    bool pop()
    {
        --m_depth;
        return true;
    }
    std::uint32_t localId(const std::string &name)
    {
        auto [it, inserted] = m_localIds.emplace(name, static_cast<std::uint32_t>(m_chunk.localNames.size()));
        if (inserted)
            m_chunk.localNames.push_back(name);
        return it->second;
    }

    IndexChunk &m_chunk;
    std::unordered_map<std::string, std::uint32_t> &m_localIds;
    int m_depth = 0;
    std::string m_keys[kMaxDepth];
    std::string m_role;
    bool m_sawObject = false;

};

} // namespace

bool RecordFilter::empty() const
{
    return !difficulty && !category && tool.empty() && domain.empty() && errorType.empty() && text.empty();
}

RecordIndex::RecordIndex(const std::string &path)
    : m_path(path)
{
    m_names.push_back(std::string());
    m_nameIds.emplace(std::string(), 0);
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0)
        throw UserError(path + ": cannot open (" + std::strerror(errno) + ")");
    struct stat st {};
    if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(m_fd);
        throw UserError(path + ": not a regular file");
    }
    m_size = static_cast<std::uint64_t>(st.st_size);
    if (m_size > 0) {
        void *map = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, m_fd, 0);
        if (map == MAP_FAILED) {
            ::close(m_fd);
            throw UserError(path + ": cannot map (" + std::strerror(errno) + ")");
        }
        ::madvise(map, m_size, MADV_SEQUENTIAL);
        m_data = static_cast<const char *>(map);
    }
}

RecordIndex::~RecordIndex()
{
    if (m_data)
        ::munmap(const_cast<char *>(m_data), m_size);
    if (m_fd >= 0)
        ::close(m_fd);
}

IndexChunk RecordIndex::scanChunk(std::uint64_t fromByte, std::uint64_t maxBytes) const
{
    IndexChunk chunk;
    chunk.beginByte = fromByte;
    chunk.toolBegin.push_back(0);
    std::unordered_map<std::string, std::uint32_t> localIds;
    chunk.localNames.push_back(std::string());
    localIds.emplace(std::string(), 0);

    std::uint64_t pos = fromByte;
    const std::uint64_t stop = std::min(m_size, fromByte + maxBytes);
    while (pos < m_size && (pos < stop || pos == fromByte)) {
        const char *begin = m_data + pos;
        const void *nl = std::memchr(begin, '\n', m_size - pos);
        const std::uint64_t end = nl ? static_cast<std::uint64_t>(static_cast<const char *>(nl) - m_data) : m_size;
        std::uint64_t lineEnd = end;
        if (lineEnd > pos && m_data[lineEnd - 1] == '\r')
            --lineEnd;
        ++chunk.lineCount;
        const auto lineNo = static_cast<std::uint32_t>(chunk.lineCount);
        const std::string_view text(begin, lineEnd - pos);
        const std::uint64_t lineStart = pos;
        pos = nl ? end + 1 : m_size;

        if (text.find_first_not_of(" \t") == std::string_view::npos)
            continue; // blank lines are allowed
        SummarySax sax(chunk, localIds);
        const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
        if (!ok) {
            chunk.issues.push_back({m_path, lineNo, sax.error.empty() ? "not valid JSON" : sax.error});
            continue;
        }
        if (!sax.sawObject()) {
            chunk.issues.push_back({m_path, lineNo, "expected a JSON object per line"});
            continue;
        }
        if (!sax.hasId) {
            chunk.issues.push_back({m_path, lineNo, "missing field \"id\" (expected a string)"});
            continue;
        }
        Category category = Category::None;
        if (sax.hasCategory) {
            auto parsed = categoryFromString(sax.category);
            if (!parsed) {
                chunk.issues.push_back({m_path, lineNo, "field \"category\" must be one of none, simple, "
                                                        "multiple, parallel, parallel_multiple"});
                continue;
            }
            category = *parsed;
        } else {
            // Same rule as inferCategory(), from the counts.
            const bool parallel = sax.calls > 1, multiple = sax.tools.size() > 1;
            category = sax.calls == 0             ? Category::None
                       : (parallel && multiple) ? Category::ParallelMultiple
                       : parallel               ? Category::Parallel
                       : multiple               ? Category::Multiple
                                                : Category::Simple;
        }
        auto difficulty = difficultyFromString(sax.difficulty);
        if (!difficulty) {
            chunk.issues.push_back({m_path, lineNo, "field \"difficulty\" must be \"easy\", \"medium\", \"hard\" or \"\""});
            continue;
        }
        chunk.offsets.push_back(lineStart);
        chunk.lengths.push_back(static_cast<std::uint32_t>(text.size()));
        chunk.lines.push_back(lineNo);
        chunk.categories.push_back(static_cast<std::uint8_t>(category));
        chunk.difficulties.push_back(static_cast<std::uint8_t>(*difficulty));
        chunk.byPerson.push_back(sax.byPerson ? 1 : 0);
        chunk.callCounts.push_back(static_cast<std::uint16_t>(std::min(sax.calls, 65535)));
        chunk.turnCounts.push_back(static_cast<std::uint16_t>(std::min(sax.turns, 65535)));
        {
            auto [it, inserted] = localIds.emplace(sax.domain, static_cast<std::uint32_t>(chunk.localNames.size()));
            if (inserted)
                chunk.localNames.push_back(sax.domain);
            chunk.domains.push_back(it->second);
        }
        chunk.toolIds.insert(chunk.toolIds.end(), sax.tools.begin(), sax.tools.end());
        chunk.toolBegin.push_back(static_cast<std::uint32_t>(chunk.toolIds.size()));
        chunk.ids += sax.id;
        chunk.idEnds.push_back(static_cast<std::uint32_t>(chunk.ids.size()));
        chunk.previews += sax.preview;
        chunk.previewEnds.push_back(static_cast<std::uint32_t>(chunk.previews.size()));
        chunk.blob += sax.blob;
        chunk.blob.push_back('\n');
        chunk.blobEnds.push_back(static_cast<std::uint32_t>(chunk.blob.size()));
    }
    chunk.endByte = pos;
    return chunk;
}

std::uint32_t RecordIndex::intern(const std::string &name)
{
    auto [it, inserted] = m_nameIds.emplace(name, static_cast<std::uint32_t>(m_names.size()));
    if (inserted)
        m_names.push_back(name);
    return it->second;
}

void RecordIndex::appendChunk(IndexChunk &&chunk)
{
    if (chunk.beginByte != m_indexedBytes)
        throw std::logic_error("RecordIndex::appendChunk: chunks must be appended in file order");
    std::vector<std::uint32_t> remap(chunk.localNames.size());
    for (std::size_t i = 0; i < chunk.localNames.size(); ++i)
        remap[i] = intern(chunk.localNames[i]);

    const std::size_t rows = chunk.offsets.size();
    const auto lineBase = static_cast<std::uint32_t>(m_linesDone);
    m_offsets.insert(m_offsets.end(), chunk.offsets.begin(), chunk.offsets.end());
    m_lengths.insert(m_lengths.end(), chunk.lengths.begin(), chunk.lengths.end());
    for (std::uint32_t l : chunk.lines)
        m_lines.push_back(lineBase + l);
    m_categories.insert(m_categories.end(), chunk.categories.begin(), chunk.categories.end());
    m_difficulties.insert(m_difficulties.end(), chunk.difficulties.begin(), chunk.difficulties.end());
    m_byPerson.insert(m_byPerson.end(), chunk.byPerson.begin(), chunk.byPerson.end());
    m_callCounts.insert(m_callCounts.end(), chunk.callCounts.begin(), chunk.callCounts.end());
    m_turnCounts.insert(m_turnCounts.end(), chunk.turnCounts.begin(), chunk.turnCounts.end());
    for (std::uint32_t d : chunk.domains)
        m_domains.push_back(remap[d]);
    const auto toolBase = static_cast<std::uint32_t>(m_toolIds.size());
    for (std::uint32_t t : chunk.toolIds)
        m_toolIds.push_back(remap[t]);
    for (std::size_t r = 1; r < chunk.toolBegin.size(); ++r)
        m_toolBegin.push_back(toolBase + chunk.toolBegin[r]);
    const std::uint64_t idBase = m_ids.size(), previewBase = m_previews.size(), blobBase = m_blob.size();
    m_ids += chunk.ids;
    for (std::uint32_t e : chunk.idEnds)
        m_idEnds.push_back(idBase + e);
    m_previews += chunk.previews;
    for (std::uint32_t e : chunk.previewEnds)
        m_previewEnds.push_back(previewBase + e);
    m_blob += chunk.blob;
    for (std::uint32_t e : chunk.blobEnds)
        m_blobEnds.push_back(blobBase + e);
    if (!m_errorTypes.empty())
        m_errorTypes.resize(m_offsets.size(), 0);
    for (InputIssue &issue : chunk.issues) {
        issue.line += lineBase;
        m_issues.push_back(std::move(issue));
    }
    m_linesDone += chunk.lineCount;
    m_indexedBytes = chunk.endByte;
    (void)rows;
}

bool RecordIndex::indexAll(const std::function<bool(std::size_t)> &onChunk, std::uint64_t chunkBytes, unsigned threads)
{
    chunkBytes = std::max<std::uint64_t>(chunkBytes, 1);
    if (threads <= 1 || m_size - m_indexedBytes < 4 * chunkBytes) {
        while (!complete()) {
            appendChunk(scanChunk(m_indexedBytes, chunkBytes));
            if (onChunk && !onChunk(size()))
                return complete();
        }
        return true;
    }
    // Cut the rest of the file at line starts, scan the pieces on worker threads (scanChunk
    // only reads the mapping) and append them in file order as they complete.
    std::vector<std::uint64_t> cuts{m_indexedBytes};
    while (cuts.back() < m_size) {
        std::uint64_t next = cuts.back() + chunkBytes;
        if (next >= m_size) {
            next = m_size;
        } else {
            const void *nl = std::memchr(m_data + next, '\n', m_size - next);
            next = nl ? static_cast<std::uint64_t>(static_cast<const char *>(nl) - m_data) + 1 : m_size;
        }
        cuts.push_back(next);
    }
    const std::size_t pieces = cuts.size() - 1;
    std::vector<std::future<IndexChunk>> pending(pieces);
    std::size_t launched = 0;
    const std::size_t window = threads * 2; // bounded memory for chunks waiting their turn
    for (std::size_t k = 0; k < pieces; ++k) {
        while (launched < pieces && launched < k + window) {
            const std::size_t j = launched++;
            pending[j] = std::async(std::launch::async, [this, j, &cuts] { return scanChunk(cuts[j], cuts[j + 1] - cuts[j]); });
        }
        appendChunk(pending[k].get());
        if (onChunk && !onChunk(size())) {
            for (std::size_t j = k + 1; j < launched; ++j)
                pending[j].wait();
            return complete();
        }
    }
    return true;
}

std::string_view RecordIndex::id(std::size_t row) const
{
    const std::uint64_t begin = row == 0 ? 0 : m_idEnds[row - 1];
    return std::string_view(m_ids).substr(begin, m_idEnds[row] - begin);
}

std::string_view RecordIndex::preview(std::size_t row) const
{
    const std::uint64_t begin = row == 0 ? 0 : m_previewEnds[row - 1];
    return std::string_view(m_previews).substr(begin, m_previewEnds[row] - begin);
}

std::string_view RecordIndex::searchText(std::size_t row) const
{
    const std::uint64_t begin = row == 0 ? 0 : m_blobEnds[row - 1];
    return std::string_view(m_blob).substr(begin, m_blobEnds[row] - begin - 1);
}

std::vector<std::string_view> RecordIndex::tools(std::size_t row) const
{
    std::vector<std::string_view> out;
    for (std::uint32_t i = m_toolBegin[row]; i < m_toolBegin[row + 1]; ++i)
        out.emplace_back(m_names[m_toolIds[i]]);
    return out;
}

std::string_view RecordIndex::errorType(std::size_t row) const
{
    if (m_errorTypes.empty())
        return RecordFilter::kNoPrediction;
    return m_errorNames[m_errorTypes[row]];
}

std::optional<std::size_t> RecordIndex::rowOf(std::string_view id) const
{
    std::lock_guard lock(m_cacheMutex);
    if (m_rowByIdRows != size()) {
        m_rowById.clear();
        m_rowById.reserve(size());
        for (std::size_t row = 0; row < size(); ++row)
            m_rowById.emplace(this->id(row), static_cast<std::uint32_t>(row));
        m_rowByIdRows = size();
    }
    auto it = m_rowById.find(id);
    if (it == m_rowById.end())
        return std::nullopt;
    return it->second;
}

std::vector<std::string> RecordIndex::toolNames() const
{
    std::vector<bool> used(m_names.size(), false);
    for (std::uint32_t t : m_toolIds)
        used[t] = true;
    std::vector<std::string> out;
    for (std::size_t i = 1; i < m_names.size(); ++i)
        if (used[i])
            out.push_back(m_names[i]);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> RecordIndex::domainNames() const
{
    std::vector<bool> used(m_names.size(), false);
    for (std::uint32_t d : m_domains)
        used[d] = true;
    std::vector<std::string> out;
    for (std::size_t i = 1; i < m_names.size(); ++i)
        if (used[i])
            out.push_back(m_names[i]);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> RecordIndex::errorTypeNames() const
{
    std::vector<bool> used(m_errorNames.size(), m_errorTypes.empty());
    for (std::uint16_t e : m_errorTypes)
        used[e] = true;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < m_errorNames.size(); ++i)
        if (used[i])
            out.push_back(m_errorNames[i].empty() ? std::string(RecordFilter::kCorrect) : m_errorNames[i]);
    std::sort(out.begin(), out.end());
    return out;
}

void RecordIndex::setDifficulty(std::size_t row, Difficulty difficulty, bool byPerson)
{
    m_difficulties[row] = static_cast<std::uint8_t>(difficulty);
    m_byPerson[row] = byPerson ? 1 : 0;
    std::lock_guard lock(m_cacheMutex);
    if (auto it = m_cache.find(row); it != m_cache.end()) {
        m_cacheOrder.erase(it->second);
        m_cache.erase(it);
    }
}

void RecordIndex::setErrorTypes(const std::unordered_map<std::string, std::string> &byId)
{
    m_errorNames.assign(1, RecordFilter::kNoPrediction);
    std::unordered_map<std::string, std::uint16_t> ids;
    m_errorTypes.assign(size(), 0);
    for (std::size_t row = 0; row < size(); ++row) {
        auto it = byId.find(std::string(id(row)));
        if (it == byId.end())
            continue;
        auto [e, inserted] = ids.emplace(it->second, static_cast<std::uint16_t>(m_errorNames.size()));
        if (inserted)
            m_errorNames.push_back(it->second);
        m_errorTypes[row] = e->second;
    }
}

std::vector<std::uint32_t> RecordIndex::filter(const RecordFilter &f) const
{
    const std::size_t n = size();
    std::vector<std::uint8_t> keep(n, 1);
    if (!f.text.empty()) {
        std::fill(keep.begin(), keep.end(), 0);
        const std::string needle = lower(f.text);
        const char *base = m_blob.data();
        const std::size_t total = m_blob.size();
        std::size_t pos = 0;
        while (pos < total) {
            const void *hit = ::memmem(base + pos, total - pos, needle.data(), needle.size());
            if (!hit)
                break;
            const auto at = static_cast<std::uint64_t>(static_cast<const char *>(hit) - base);
            const auto row = static_cast<std::size_t>(
                std::upper_bound(m_blobEnds.begin(), m_blobEnds.end(), at) - m_blobEnds.begin());
            if (row >= n)
                break;
            keep[row] = 1;
            pos = m_blobEnds[row]; // skip to the next record
        }
    }
    std::optional<std::uint32_t> toolId, domainId;
    if (!f.tool.empty()) {
        auto it = m_nameIds.find(f.tool);
        if (it == m_nameIds.end())
            return {};
        toolId = it->second;
    }
    if (!f.domain.empty()) {
        auto it = m_nameIds.find(f.domain);
        if (it == m_nameIds.end())
            return {};
        domainId = it->second;
    }
    std::optional<std::uint16_t> errorId;
    if (!f.errorType.empty()) {
        const std::string wanted = f.errorType == RecordFilter::kCorrect ? std::string() : f.errorType;
        for (std::size_t i = 0; i < m_errorNames.size(); ++i)
            if (m_errorNames[i] == wanted)
                errorId = static_cast<std::uint16_t>(i);
        if (!errorId)
            return {};
    }
    const auto wantDifficulty = f.difficulty ? static_cast<int>(*f.difficulty) : -1;
    const auto wantCategory = f.category ? static_cast<int>(*f.category) : -1;

    std::vector<std::uint32_t> out;
    out.reserve(n);
    for (std::size_t row = 0; row < n; ++row) {
        if (!keep[row])
            continue;
        if (wantDifficulty >= 0 && m_difficulties[row] != wantDifficulty)
            continue;
        if (wantCategory >= 0 && m_categories[row] != wantCategory)
            continue;
        if (domainId && m_domains[row] != *domainId)
            continue;
        if (errorId && (m_errorTypes.empty() ? 0 : m_errorTypes[row]) != *errorId)
            continue;
        if (toolId) {
            bool found = false;
            for (std::uint32_t i = m_toolBegin[row]; i < m_toolBegin[row + 1] && !found; ++i)
                found = m_toolIds[i] == *toolId;
            if (!found)
                continue;
        }
        out.push_back(static_cast<std::uint32_t>(row));
    }
    return out;
}

void RecordIndex::sortRows(std::vector<std::uint32_t> &rows, RecordColumn column, bool ascending) const
{
    auto sortBy = [&](auto key) {
        if (ascending)
            std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
        else
            std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) { return key(b) < key(a); });
    };
    switch (column) {
    case RecordColumn::Line: sortBy([&](std::uint32_t r) { return m_lines[r]; }); break;
    case RecordColumn::Id: sortBy([&](std::uint32_t r) { return id(r); }); break;
    case RecordColumn::Category: sortBy([&](std::uint32_t r) { return m_categories[r]; }); break;
    case RecordColumn::Difficulty: sortBy([&](std::uint32_t r) { return m_difficulties[r]; }); break;
    case RecordColumn::Domain: sortBy([&](std::uint32_t r) { return std::string_view(domain(r)); }); break;
    case RecordColumn::Tools: sortBy([&](std::uint32_t r) { return toolCount(r); }); break;
    case RecordColumn::Calls: sortBy([&](std::uint32_t r) { return m_callCounts[r]; }); break;
    case RecordColumn::Turns: sortBy([&](std::uint32_t r) { return m_turnCounts[r]; }); break;
    case RecordColumn::ErrorType: sortBy([&](std::uint32_t r) { return errorType(r); }); break;
    case RecordColumn::Preview: sortBy([&](std::uint32_t r) { return preview(r); }); break;
    }
}

std::array<std::size_t, 4> RecordIndex::difficultyCounts(const std::vector<std::uint32_t> &rows) const
{
    std::array<std::size_t, 4> counts{};
    for (std::uint32_t r : rows)
        ++counts[m_difficulties[r] & 3];
    return counts;
}

std::string_view RecordIndex::rawLine(std::size_t row) const
{
    return std::string_view(m_data + m_offsets[row], m_lengths[row]);
}

std::shared_ptr<const Record> RecordIndex::record(std::size_t row) const
{
    {
        std::lock_guard lock(m_cacheMutex);
        if (auto it = m_cache.find(row); it != m_cache.end()) {
            m_cacheOrder.splice(m_cacheOrder.begin(), m_cacheOrder, it->second);
            return it->second->second;
        }
    }
    auto parsed = std::make_shared<Record>();
    try {
        const std::string_view text = rawLine(row);
        *parsed = recordFromJson(Json::parse(text.begin(), text.end()));
    } catch (const std::exception &e) {
        throw FormatError(m_path + ":" + std::to_string(m_lines[row]) + ": " + e.what());
    }
    parsed->difficulty = difficulty(row);
    parsed->difficultyByPerson = difficultyByPerson(row);
    std::shared_ptr<const Record> result = std::move(parsed);
    std::lock_guard lock(m_cacheMutex);
    m_cacheOrder.emplace_front(row, result);
    m_cache[row] = m_cacheOrder.begin();
    while (m_cache.size() > m_cacheCapacity) {
        m_cache.erase(m_cacheOrder.back().first);
        m_cacheOrder.pop_back();
    }
    return result;
}

} // namespace itool::data
