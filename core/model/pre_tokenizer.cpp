#include "core/model/pre_tokenizer.h"

#include <cstdint>

namespace itool::model {

namespace {

enum class CharClass : std::uint8_t { Letter, Number, Space, Other };

struct Char
{
    CharClass cls = CharClass::Other;
    std::size_t len = 0; // 0: past the end
};

// Decodes one UTF-8 code point strictly (no overlongs, no surrogates); an invalid byte is
// a one-byte character of class Other, so any byte string can be split.
std::size_t decodeUtf8(const unsigned char *p, std::size_t n, char32_t &cp)
{
    const unsigned char b0 = p[0];
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i < n && p[i] >= lo && p[i] <= hi;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
        cp = (char32_t(b0 & 0x1F) << 6) | (p[1] & 0x3F);
        return 2;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
        const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
        if (cont(1, lo, hi) && cont(2)) {
            cp = (char32_t(b0 & 0x0F) << 12) | (char32_t(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            return 3;
        }
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
        const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
        if (cont(1, lo, hi) && cont(2) && cont(3)) {
            cp = (char32_t(b0 & 0x07) << 18) | (char32_t(p[1] & 0x3F) << 12)
                 | (char32_t(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
            return 4;
        }
    }
    return 0; // invalid
}

bool inRange(char32_t c, char32_t lo, char32_t hi)
{
    return c >= lo && c <= hi;
}

// An approximation of \p{L}, \p{N} and \s outside ASCII: the common white space, digit
// and punctuation/symbol blocks are listed; everything else counts as a letter, which is
// right for Latin, Greek, Cyrillic, CJK, Arabic and most scripts.
CharClass classifyNonAscii(char32_t c)
{
    if (c == 0x85 || c == 0xA0 || c == 0x1680 || inRange(c, 0x2000, 0x200A) || c == 0x2028
        || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000)
        return CharClass::Space;
    if (c == 0xB2 || c == 0xB3 || c == 0xB9 || inRange(c, 0xBC, 0xBE) || inRange(c, 0x660, 0x669)
        || inRange(c, 0x6F0, 0x6F9) || inRange(c, 0x966, 0x96F) || c == 0x2070
        || inRange(c, 0x2074, 0x2079) || inRange(c, 0x2080, 0x2089) || inRange(c, 0x2150, 0x2189)
        || inRange(c, 0x2460, 0x249B) || c == 0x3007 || inRange(c, 0x3021, 0x3029)
        || inRange(c, 0xFF10, 0xFF19))
        return CharClass::Number;
    if (inRange(c, 0x900, 0xDFF)) { // Indic scripts: vowel signs and viramas are marks
        const char32_t off = c & 0x7F;
        if (off <= 0x03 || (off >= 0x3A && off <= 0x4F && off != 0x3D) || inRange(off, 0x51, 0x57)
            || off == 0x62 || off == 0x63)
            return CharClass::Other;
        return inRange(off, 0x66, 0x6F) ? CharClass::Number : CharClass::Letter;
    }
    if (c < 0xC0) // Latin-1 punctuation and symbols, except the three letters among them
        return (c == 0xAA || c == 0xB5 || c == 0xBA) ? CharClass::Letter : CharClass::Other;
    if (c == 0xD7 || c == 0xF7 || inRange(c, 0x300, 0x36F) // combining marks are not \p{L}
        || inRange(c, 0x2010, 0x2BFF) || inRange(c, 0x3001, 0x3004) || inRange(c, 0x3008, 0x3020)
        || c == 0x3030 || inRange(c, 0xE000, 0xF8FF) || inRange(c, 0xFE30, 0xFE4F)
        || inRange(c, 0xFF01, 0xFF0F) || inRange(c, 0xFF1A, 0xFF20) || inRange(c, 0xFF3B, 0xFF40)
        || inRange(c, 0xFF5B, 0xFF65) || inRange(c, 0x1F000, 0x1FAFF))
        return CharClass::Other;
    return CharClass::Letter;
}

struct AsciiTable
{
    CharClass cls[128];
    constexpr AsciiTable()
        : cls{}
    {
        for (int c = 0; c < 128; ++c) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                cls[c] = CharClass::Letter;
            else if (c >= '0' && c <= '9')
                cls[c] = CharClass::Number;
            else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
                cls[c] = CharClass::Space;
            else
                cls[c] = CharClass::Other;
        }
    }
};
constexpr AsciiTable kAscii;

class Splitter
{
public:
    Splitter(std::string_view text, PreTokenizer kind)
        : m_p(reinterpret_cast<const unsigned char *>(text.data()))
        , m_n(text.size())
        , m_separateSpaces(kind == PreTokenizer::SeparateSpaces)
    {
    }

    Char at(std::size_t i) const
    {
        if (i >= m_n)
            return {};
        const unsigned char b = m_p[i];
        if (b < 0x80)
            return {kAscii.cls[b], 1};
        char32_t cp = 0;
        const std::size_t len = decodeUtf8(m_p + i, m_n - i, cp);
        if (len == 0)
            return {CharClass::Other, 1};
        return {classifyNonAscii(cp), len};
    }

    bool isNewline(std::size_t i) const { return i < m_n && (m_p[i] == '\n' || m_p[i] == '\r'); }

    std::size_t scan(std::size_t i, CharClass cls) const
    {
        for (Char c = at(i); c.len && c.cls == cls; c = at(i))
            i += c.len;
        return i;
    }

    // Length of a contraction ('s 't 're 've 'm 'll 'd, any case) at i, or 0.
    std::size_t contraction(std::size_t i) const
    {
        if (m_p[i] != '\'' || i + 1 >= m_n)
            return 0;
        auto lower = [&](std::size_t k) { return k < m_n ? char(m_p[k] | 0x20) : '\0'; };
        const char a = lower(i + 1);
        if (a == 's' || a == 't' || a == 'm' || a == 'd')
            return 2;
        const char b = lower(i + 2);
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
            return 3;
        return 0;
    }

    // End of the piece that starts at i: the alternatives of kPreTokenizerPattern in order.
    std::size_t pieceEnd(std::size_t i) const
    {
        if (std::size_t len = contraction(i))
            return i + len;
        const Char c = at(i);
        if (c.cls == CharClass::Letter)
            return scan(i, CharClass::Letter);
        if (!m_separateSpaces && c.cls != CharClass::Number && !isNewline(i)
            && at(i + c.len).cls == CharClass::Letter && at(i + c.len).len)
            return scan(i + c.len, CharClass::Letter);
        if (c.cls == CharClass::Number) {
            std::size_t j = i;
            for (int k = 0; k < 3; ++k) {
                const Char d = at(j);
                if (!d.len || d.cls != CharClass::Number)
                    break;
                j += d.len;
            }
            return j;
        }
        std::size_t k = i;
        if (!m_separateSpaces && m_p[i] == ' ' && at(i + 1).len && at(i + 1).cls == CharClass::Other)
            k = i + 1;
        if (at(k).cls == CharClass::Other) {
            std::size_t j = scan(k, CharClass::Other);
            while (isNewline(j))
                ++j;
            return j;
        }
        // White space: up to its last line break, else all of it at the end of the text (and
        // always with SeparateSpaces), else all but its last character (which then prefixes
        // the next word).
        std::size_t j = i, lastBreakEnd = 0, lastCharStart = i;
        for (Char s = at(j); s.len && s.cls == CharClass::Space; s = at(j)) {
            lastCharStart = j;
            if (isNewline(j))
                lastBreakEnd = j + 1;
            j += s.len;
        }
        if (lastBreakEnd)
            return lastBreakEnd;
        if (m_separateSpaces || j >= m_n || lastCharStart == i)
            return j;
        return lastCharStart;
    }

    std::size_t size() const { return m_n; }

private:
    const unsigned char *m_p;
    std::size_t m_n;
    bool m_separateSpaces;
};

} // namespace

std::string_view preTokenizerPattern(PreTokenizer kind)
{
    return kind == PreTokenizer::SeparateSpaces ? kSeparateSpacesPattern : kPreTokenizerPattern;
}

std::optional<PreTokenizer> preTokenizerOfPattern(std::string_view pattern)
{
    for (PreTokenizer kind : {PreTokenizer::Gpt2, PreTokenizer::SeparateSpaces})
        if (pattern == preTokenizerPattern(kind))
            return kind;
    return std::nullopt;
}

std::string_view preTokenizerName(PreTokenizer kind)
{
    return kind == PreTokenizer::SeparateSpaces ? "separate_spaces" : "gpt2";
}

std::optional<PreTokenizer> preTokenizerOfName(std::string_view name)
{
    for (PreTokenizer kind : {PreTokenizer::Gpt2, PreTokenizer::SeparateSpaces})
        if (name == preTokenizerName(kind))
            return kind;
    return std::nullopt;
}

void preTokenize(std::string_view text, std::vector<std::string_view> &out, PreTokenizer kind)
{
    const Splitter splitter(text, kind);
    std::size_t i = 0;
    while (i < splitter.size()) {
        std::size_t end = splitter.pieceEnd(i);
        if (end <= i) // cannot happen; guards against an endless loop on a logic slip
            end = i + 1;
        out.push_back(text.substr(i, end - i));
        i = end;
    }
}

std::vector<std::string_view> preTokenize(std::string_view text, PreTokenizer kind)
{
    std::vector<std::string_view> out;
    out.reserve(text.size() / 4 + 1);
    preTokenize(text, out, kind);
    return out;
}

} // namespace itool::model
