#pragma once
// Reads the items of a data file one by one: JSON Lines (one value per line) or a single JSON
// array of values (as API-Bank, xLAM and LLaMA-Factory ship), each item with its 1-based line.
// Robust against what people actually hand over: CRLF, a UTF-8 byte-order mark, no trailing
// newline, blank lines, truncated files, binary junk, huge lines, invalid UTF-8. Problems with
// one item are returned with that item; problems with the whole file (unreadable, UTF-16,
// binary) throw InputFileError. What it is not: it knows nothing about any record format.
#include "core/common/json.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace itool::data {

class InputFileError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct InputItem
{
    std::int64_t line = 0;     // 1-based line where the item starts
    std::optional<Json> value; // empty when the item could not be read
    std::string error;         // why not, when value is empty
};

class InputReader
{
public:
    // Items longer than this are skipped (reported) without being held in memory.
    static constexpr std::size_t kDefaultMaxItemBytes = 32u << 20;

    // Throws InputFileError when the file cannot be opened or is not UTF-8 text.
    explicit InputReader(const std::string &path, std::size_t maxItemBytes = kDefaultMaxItemBytes);
    ~InputReader();
    InputReader(const InputReader &) = delete;
    InputReader &operator=(const InputReader &) = delete;

    // Next item; false at the end of the file.
    bool next(InputItem &item);

    // True when the file is one JSON array rather than JSON Lines.
    bool isArray() const { return m_isArray; }
    const std::string &path() const { return m_path; }

private:
    bool nextLine(InputItem &item);
    bool nextArrayElement(InputItem &item);
    bool readRawLine(std::string &line, std::size_t &length);
    int peekByte();

    std::string m_path;
    std::size_t m_maxItemBytes;
    std::FILE *m_file = nullptr;
    std::unique_ptr<char[]> m_buffer;
    std::size_t m_bufferSize = 0;
    std::size_t m_bufferPos = 0;
    bool m_eof = false;
    bool m_isArray = false;
    std::int64_t m_lineNumber = 0;
    // JSON array mode: the whole file and a cursor over it.
    std::string m_text;
    std::size_t m_cursor = 0;
    bool m_arrayDone = false;
};

// Where the JSON value starting at text[start] ends (one past its last byte), scanning
// brackets and strings only; npos when the text ends first. Also used to cut a JSON
// value out of free text (tools inside a system prompt).
std::size_t findJsonValueEnd(std::string_view text, std::size_t start);

// The byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
std::size_t findInvalidUtf8(std::string_view text);

} // namespace itool::data
