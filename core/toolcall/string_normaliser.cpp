// standardize_string with an ASCII fast path; non-ASCII code points go through the generated
// lowercase table (unicode_lower_table.cpp), so that e.g. the Kelvin sign matches "k".
#include "core/toolcall/string_normaliser.h"

#include <algorithm>

namespace itool::toolcall {

namespace {

std::uint32_t lowerCodePoint(std::uint32_t cp)
{
    const detail::LowerRun *begin = detail::kLowerRuns,
                           *end = detail::kLowerRuns + detail::kLowerRunCount;
    const detail::LowerRun *it = std::upper_bound(
        begin, end, cp, [](std::uint32_t c, const detail::LowerRun &r) { return c < r.first; });
    if (it == begin)
        return cp;
    --it;
    if (cp > it->last || (cp - it->first) % static_cast<std::uint32_t>(it->step) != 0)
        return cp;
    return static_cast<std::uint32_t>(static_cast<std::int64_t>(cp) + it->delta);
}

void appendUtf8(std::string &out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Decodes one UTF-8 sequence at text[i]; returns its length, or 0 when malformed.
std::size_t decodeUtf8(std::string_view text, std::size_t i, std::uint32_t &cp)
{
    const unsigned char c = static_cast<unsigned char>(text[i]);
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || i + len > text.size())
        return 0;
    cp = c & (0xFF >> (len + 1));
    for (std::size_t k = 1; k < len; ++k) {
        const unsigned char cc = static_cast<unsigned char>(text[i + k]);
        if ((cc & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    return len;
}

bool isRemoved(char c)
{
    return c == ' ' || c == ',' || c == '.' || c == '/' || c == '-' || c == '_' || c == '*'
           || c == '^';
}

// Python's Final_Sigma rule needs "is this a cased letter"; Latin, Greek and Cyrillic letters
// cover the texts tool calls carry.
bool isCasedApprox(std::uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')
           || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7)
           || (cp >= 0x370 && cp <= 0x3FF) || (cp >= 0x400 && cp <= 0x4FF)
           || (cp >= 0x1F00 && cp <= 0x1FFF);
}

// The next code point that survives the removal step, or 0.
std::uint32_t nextKept(std::string_view text, std::size_t i)
{
    while (i < text.size() && isRemoved(text[i]))
        ++i;
    if (i >= text.size())
        return 0;
    if (static_cast<unsigned char>(text[i]) < 0x80)
        return static_cast<unsigned char>(text[i]);
    std::uint32_t cp = 0;
    return decodeUtf8(text, i, cp) ? cp : 0;
}

// What standardize_string does to each ASCII byte: 0 when removed, else the byte it becomes.
struct AsciiMap
{
    char to[128];
    constexpr AsciiMap()
        : to{}
    {
        for (int c = 0; c < 128; ++c)
            to[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        for (char c : {' ', ',', '.', '/', '-', '_', '*', '^'})
            to[static_cast<unsigned char>(c)] = 0;
        to[static_cast<unsigned char>('\'')] = '"';
    }
};
constexpr AsciiMap kAscii;

// The general loop, from the first non-ASCII byte on (code points, Final_Sigma).
void appendStandardizedRest(std::string &out, std::string_view text, std::size_t from)
{
    std::uint32_t previous = 0;                // last kept code point, for Final_Sigma
    for (std::size_t back = from; back > 0;) { // the kept code point before `from`
        --back;
        if (static_cast<unsigned char>(text[back]) < 0x80 && !isRemoved(text[back])) {
            previous = static_cast<unsigned char>(text[back]);
            break;
        }
    }
    for (std::size_t i = from; i < text.size();) {
        const char c = text[i];
        if (static_cast<unsigned char>(c) < 0x80) {
            if (!isRemoved(c))
                previous = static_cast<unsigned char>(c);
            switch (c) {
            case ' ':
            case ',':
            case '.':
            case '/':
            case '-':
            case '_':
            case '*':
            case '^':
                break;
            case '\'':
                out += '"';
                break;
            default:
                out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
            }
            ++i;
            continue;
        }
        std::uint32_t cp = 0;
        const std::size_t len = decodeUtf8(text, i, cp);
        if (len == 0) { // not UTF-8: keep the byte
            out += c;
            ++i;
            continue;
        }
        if (cp == 0x3A3 && isCasedApprox(previous) && !isCasedApprox(nextKept(text, i + len))) {
            appendUtf8(out, 0x3C2); // final sigma
        } else if (cp == 0x130) {   // the one multi-character lowercase: I with dot above
            out += 'i';
            appendUtf8(out, 0x307);
        } else {
            appendUtf8(out, lowerCodePoint(cp));
        }
        previous = cp;
        i += len;
    }
}

} // namespace

void appendStandardized(std::string &out, std::string_view text)
{
    // ASCII first, through a table into storage sized up front (the result of an ASCII run is
    // never longer than the run); the first byte above 0x7F hands over to the general loop.
    const std::size_t start = out.size();
    out.resize(start + text.size());
    char *write = out.data() + start;
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80 || c == 0)
            break; // NUL maps to itself; the table's 0 means "removed"
        const char mapped = kAscii.to[c];
        *write = mapped;
        write += mapped != 0;
    }
    out.resize(static_cast<std::size_t>(write - out.data()));
    if (i < text.size())
        appendStandardizedRest(out, text, i);
}

std::string standardized(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    appendStandardized(out, text);
    return out;
}

} // namespace itool::toolcall
