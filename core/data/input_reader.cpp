#include "core/data/input_reader.h"

#include <cstring>
#include <filesystem>

namespace itool::data {

namespace {

constexpr std::size_t kChunk = 1u << 20;
constexpr std::size_t kSniffBytes = 64u << 10;
constexpr std::size_t kMaxArrayFileBytes = std::size_t(2) << 30;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string describeParseError(const std::string &what)
{
    // nlohmann messages start with "[json.exception.parse_error.101] parse error at ...".
    auto pos = what.find("] ");
    return pos == std::string::npos ? what : what.substr(pos + 2);
}

// Parses one item; never throws.
void parseItem(std::string_view text, InputItem &item)
{
    if (auto bad = findInvalidUtf8(text); bad != std::string_view::npos) {
        item.error = "invalid UTF-8 at byte " + std::to_string(bad + 1)
                     + " of the line (the file must be UTF-8 text)";
        return;
    }
    try {
        item.value = Json::parse(text.begin(), text.end());
    } catch (const std::exception &e) {
        item.error = "broken JSON: " + describeParseError(e.what());
    }
}

} // namespace

std::size_t findInvalidUtf8(std::string_view text)
{
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned int min = 0, cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, min = 0x10000, cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return std::string_view::npos;
}

std::size_t findJsonValueEnd(std::string_view text, std::size_t start)
{
    if (start >= text.size())
        return std::string_view::npos;
    const char first = text[start];
    if (first == '"') {
        for (std::size_t i = start + 1; i < text.size(); ++i) {
            if (text[i] == '\\')
                ++i;
            else if (text[i] == '"')
                return i + 1;
        }
        return std::string_view::npos;
    }
    if (first != '[' && first != '{') {
        std::size_t i = start;
        while (i < text.size() && !isSpace(text[i]) && text[i] != ',' && text[i] != ']'
               && text[i] != '}')
            ++i;
        return i;
    }
    int depth = 0;
    bool inString = false;
    for (std::size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return std::string_view::npos;
}

InputReader::InputReader(const std::string &path, std::size_t maxItemBytes)
    : m_path(path)
    , m_maxItemBytes(maxItemBytes)
    , m_buffer(new char[kChunk])
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw InputFileError(path + ": is a folder, not a data file");
    m_file = std::fopen(path.c_str(), "rb");
    if (!m_file)
        throw InputFileError(path + ": cannot open (" + std::strerror(errno) + ")");

    // Sniff the start: byte-order marks, NUL bytes, and whether this is one JSON array.
    std::string head(kSniffBytes, '\0');
    head.resize(std::fread(head.data(), 1, head.size(), m_file));
    std::rewind(m_file);
    auto startsWith = [&](std::string_view bom) { return head.compare(0, bom.size(), bom) == 0; };
    using namespace std::string_view_literals;
    if (startsWith("\x00\x00\xFE\xFF"sv) || startsWith("\xFF\xFE\x00\x00"sv))
        throw InputFileError(path
                             + ": the file is UTF-32 (it starts with a UTF-32 byte-order "
                               "mark); save it as UTF-8");
    if (startsWith("\xFF\xFE"sv) || startsWith("\xFE\xFF"sv))
        throw InputFileError(path
                             + ": the file is UTF-16 (it starts with a UTF-16 byte-order "
                               "mark); save it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8");
    std::size_t skip = startsWith("\xEF\xBB\xBF"sv) ? 3 : 0;
    if (head.find('\0') != std::string::npos)
        throw InputFileError(path
                             + ": the file contains NUL bytes: binary data, or UTF-16/32 "
                               "text without a byte-order mark (expected UTF-8 text)");
    std::size_t firstChar = skip;
    while (firstChar < head.size() && isSpace(head[firstChar]))
        ++firstChar;
    m_isArray = firstChar < head.size() && head[firstChar] == '[';

    if (m_isArray) {
        std::fseek(m_file, 0, SEEK_END);
        const long size = std::ftell(m_file);
        std::rewind(m_file);
        if (size < 0 || std::size_t(size) > kMaxArrayFileBytes)
            throw InputFileError(path
                                 + ": a single JSON array file over 2 GiB is not supported; "
                                   "convert it to JSON Lines");
        m_text.resize(std::size_t(size));
        m_text.resize(std::fread(m_text.data(), 1, m_text.size(), m_file));
        if (m_text.find('\0') != std::string::npos)
            throw InputFileError(path + ": the file contains NUL bytes (expected UTF-8 text)");
        m_cursor = firstChar + 1;
        m_lineNumber = 1;
        for (std::size_t i = 0; i < m_cursor; ++i)
            if (m_text[i] == '\n')
                ++m_lineNumber;
    } else if (skip) {
        std::fseek(m_file, long(skip), SEEK_SET);
    }
}

InputReader::~InputReader()
{
    if (m_file)
        std::fclose(m_file);
}

bool InputReader::next(InputItem &item)
{
    item = InputItem{};
    return m_isArray ? nextArrayElement(item) : nextLine(item);
}

int InputReader::peekByte()
{
    if (m_bufferPos >= m_bufferSize) {
        if (m_eof)
            return -1;
        m_bufferSize = std::fread(m_buffer.get(), 1, kChunk, m_file);
        m_bufferPos = 0;
        if (m_bufferSize == 0) {
            m_eof = true;
            return -1;
        }
    }
    return static_cast<unsigned char>(m_buffer[m_bufferPos]);
}

// Reads up to the next '\n' (or the end); keeps at most m_maxItemBytes of it in `line` but
// reports the full length. False when nothing is left.
bool InputReader::readRawLine(std::string &line, std::size_t &length)
{
    line.clear();
    length = 0;
    if (peekByte() < 0)
        return false;
    while (peekByte() >= 0) {
        const char *start = m_buffer.get() + m_bufferPos;
        const std::size_t avail = m_bufferSize - m_bufferPos;
        const void *nl = std::memchr(start, '\n', avail);
        const std::size_t take = nl ? std::size_t(static_cast<const char *>(nl) - start) : avail;
        if (length + take <= m_maxItemBytes + 1) // +1 leaves room for a '\r' to strip
            line.append(start, take);
        length += take;
        m_bufferPos += take;
        if (nl) {
            ++m_bufferPos;
            break;
        }
    }
    if (!line.empty() && line.back() == '\r' && length == line.size()) {
        line.pop_back();
        --length;
    }
    return true;
}

bool InputReader::nextLine(InputItem &item)
{
    std::string line;
    std::size_t length = 0;
    for (;;) {
        if (!readRawLine(line, length))
            return false;
        ++m_lineNumber;
        if (length > m_maxItemBytes) {
            item.line = m_lineNumber;
            item.error = "line is " + std::to_string(length) + " bytes, over the limit of "
                         + std::to_string(m_maxItemBytes) + " bytes for one record; skipped";
            return true;
        }
        std::size_t b = 0;
        while (b < line.size() && isSpace(line[b]))
            ++b;
        if (b == line.size())
            continue; // blank lines are not records
        item.line = m_lineNumber;
        parseItem(line, item);
        return true;
    }
}

bool InputReader::nextArrayElement(InputItem &item)
{
    if (m_arrayDone)
        return false;
    auto skipSpace = [&] {
        while (m_cursor < m_text.size() && isSpace(m_text[m_cursor])) {
            if (m_text[m_cursor] == '\n')
                ++m_lineNumber;
            ++m_cursor;
        }
    };
    skipSpace();
    if (m_cursor < m_text.size() && m_text[m_cursor] == ']') {
        ++m_cursor;
        m_arrayDone = true;
        skipSpace();
        if (m_cursor < m_text.size()) {
            item.line = m_lineNumber;
            item.error = "unexpected text after the closing ']' of the JSON array";
            return true;
        }
        return false;
    }
    if (m_cursor >= m_text.size()) {
        m_arrayDone = true;
        item.line = m_lineNumber;
        item.error = "the file ends before the closing ']' of the JSON array (truncated?)";
        return true;
    }
    item.line = m_lineNumber;
    const std::size_t start = m_cursor;
    const std::size_t end = findJsonValueEnd(m_text, start);
    if (end == std::string::npos) {
        m_arrayDone = true;
        item.error = "the file ends inside this element (truncated?)";
        return true;
    }
    for (std::size_t i = start; i < end; ++i)
        if (m_text[i] == '\n')
            ++m_lineNumber;
    m_cursor = end;
    if (end - start > m_maxItemBytes) {
        item.error = "element is " + std::to_string(end - start) + " bytes, over the limit of "
                     + std::to_string(m_maxItemBytes) + " bytes for one record; skipped";
    } else {
        parseItem(std::string_view(m_text).substr(start, end - start), item);
    }
    skipSpace();
    if (m_cursor < m_text.size() && m_text[m_cursor] == ',') {
        ++m_cursor;
    } else if (m_cursor < m_text.size() && m_text[m_cursor] != ']') {
        // Resynchronise: skip to the next top-level separator so that one bad element does
        // not take the rest of the file with it.
        if (item.value) {
            item.value.reset();
            item.error = "expected ',' or ']' after this element";
        }
        while (m_cursor < m_text.size() && m_text[m_cursor] != ',' && m_text[m_cursor] != ']') {
            if (m_text[m_cursor] == '\n')
                ++m_lineNumber;
            ++m_cursor;
        }
        if (m_cursor < m_text.size() && m_text[m_cursor] == ',')
            ++m_cursor;
    }
    return true;
}

} // namespace itool::data
