// Strict JSON (RFC 8259) into Value with spans. Numbers with a fraction or exponent are
// floats, others ints (beyond int64: Other, like Python's big ints that match nothing).
#include "core/toolcall/json_reader.h"

#include <charconv>
#include <cmath>

namespace itool::toolcall::detail {

namespace {

class Reader
{
public:
    Reader(std::string_view text, std::uint32_t base) : m_text(text), m_base(base) {}

    bool run(Value &out)
    {
        skipSpace();
        if (!value(out, 0))
            return false;
        skipSpace();
        if (m_pos != m_text.size())
            return fail("unexpected text after the JSON value");
        return true;
    }

    std::string error;
    std::uint32_t errorOffset = 0;

private:
    bool fail(std::string message)
    {
        error = std::move(message);
        errorOffset = m_base + static_cast<std::uint32_t>(m_pos);
        return false;
    }
    void skipSpace()
    {
        while (m_pos < m_text.size()
               && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    Span span(std::size_t b) const
    {
        return Span{m_base + static_cast<std::uint32_t>(b), m_base + static_cast<std::uint32_t>(m_pos)};
    }
    bool literal(std::string_view word)
    {
        if (m_text.compare(m_pos, word.size(), word) != 0)
            return fail("invalid literal");
        m_pos += word.size();
        return true;
    }

    bool value(Value &out, int depth)
    {
        if (depth > 200)
            return fail("JSON nested too deeply");
        if (m_pos >= m_text.size())
            return fail("unexpected end of JSON");
        const std::size_t begin = m_pos;
        switch (m_text[m_pos]) {
        case '{': return object(out, depth);
        case '[': return array(out, depth);
        case '"': {
            std::string s;
            if (!string(s))
                return false;
            out = Value::fromString(std::move(s), span(begin));
            return true;
        }
        case 't':
            if (!literal("true"))
                return false;
            out = Value::fromBool(true, span(begin));
            return true;
        case 'f':
            if (!literal("false"))
                return false;
            out = Value::fromBool(false, span(begin));
            return true;
        case 'n':
            if (!literal("null"))
                return false;
            out = Value::none(span(begin));
            return true;
        default: return number(out);
        }
    }

    bool number(Value &out)
    {
        const std::size_t begin = m_pos;
        std::size_t p = m_pos;
        const std::size_t n = m_text.size();
        auto digit = [&](std::size_t i) { return i < n && m_text[i] >= '0' && m_text[i] <= '9'; };
        if (p < n && m_text[p] == '-')
            ++p;
        if (!digit(p))
            return fail("invalid JSON value");
        if (m_text[p] == '0')
            ++p;
        else
            while (digit(p))
                ++p;
        bool isFloat = false;
        if (p < n && m_text[p] == '.') {
            ++p;
            if (!digit(p))
                return fail("invalid number");
            while (digit(p))
                ++p;
            isFloat = true;
        }
        if (p < n && (m_text[p] == 'e' || m_text[p] == 'E')) {
            ++p;
            if (p < n && (m_text[p] == '+' || m_text[p] == '-'))
                ++p;
            if (!digit(p))
                return fail("invalid number");
            while (digit(p))
                ++p;
            isFloat = true;
        }
        const char *first = m_text.data() + begin, *last = m_text.data() + p;
        m_pos = p;
        if (!isFloat) {
            std::int64_t i = 0;
            if (std::from_chars(first, last, i).ec == std::errc()) {
                out = Value::fromInt(i, span(begin));
                return true;
            }
            out = Value();
            out.kind = Value::Kind::Other;
            out.text.assign(first, last);
            out.span = span(begin);
            return true;
        }
        double d = 0;
        auto res = std::from_chars(first, last, d);
        if (res.ec == std::errc::result_out_of_range)
            d = std::string_view(first, p - begin).find("e-") != std::string_view::npos ? 0.0 : HUGE_VAL;
        out = Value::fromFloat(d, span(begin));
        return true;
    }

    static void appendUtf8(std::string &out, std::uint32_t cp)
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

    bool hex4(std::uint32_t &cp)
    {
        cp = 0;
        for (int i = 0; i < 4; ++i, ++m_pos) {
            if (m_pos >= m_text.size())
                return fail("truncated \\u escape");
            const char c = m_text[m_pos];
            int h = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (h < 0)
                return fail("invalid \\u escape");
            cp = cp * 16 + static_cast<std::uint32_t>(h);
        }
        return true;
    }

    bool string(std::string &out)
    {
        ++m_pos; // opening quote
        for (;;) {
            const std::size_t runStart = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] != '"' && m_text[m_pos] != '\\'
                   && static_cast<unsigned char>(m_text[m_pos]) >= 0x20)
                ++m_pos;
            out.append(m_text.data() + runStart, m_pos - runStart);
            if (m_pos >= m_text.size())
                return fail("unterminated string");
            const char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (c != '\\')
                return fail("control character in string");
            if (++m_pos >= m_text.size())
                return fail("unterminated string");
            const char e = m_text[m_pos++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                std::uint32_t cp = 0;
                if (!hex4(cp))
                    return false;
                if (cp >= 0xD800 && cp < 0xDC00 && m_text.compare(m_pos, 2, "\\u") == 0) {
                    const std::size_t save = m_pos;
                    m_pos += 2;
                    std::uint32_t low = 0;
                    if (!hex4(low))
                        return false;
                    if (low >= 0xDC00 && low < 0xE000)
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    else
                        m_pos = save;
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                --m_pos;
                return fail("invalid escape in string");
            }
        }
    }

    bool array(Value &out, int depth)
    {
        const std::size_t begin = m_pos++;
        Value list;
        list.kind = Value::Kind::List;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            list.span = span(begin);
            out = std::move(list);
            return true;
        }
        for (;;) {
            skipSpace();
            list.items.emplace_back();
            if (!value(list.items.back(), depth + 1))
                return false;
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                break;
            }
            return fail("expected ',' or ']'");
        }
        list.span = span(begin);
        out = std::move(list);
        return true;
    }

    bool object(Value &out, int depth)
    {
        const std::size_t begin = m_pos++;
        Value dict;
        dict.kind = Value::Kind::Dict;
        DictBuilder builder(dict);
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            dict.span = span(begin);
            out = std::move(dict);
            return true;
        }
        for (;;) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"')
                return fail("expected a string key");
            const std::size_t keyBegin = m_pos;
            std::string key;
            if (!string(key))
                return false;
            Value keyValue = Value::fromString(std::move(key), span(keyBegin));
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':')
                return fail("expected ':'");
            ++m_pos;
            skipSpace();
            Value item;
            if (!value(item, depth + 1))
                return false;
            builder.set(std::move(keyValue), std::move(item)); // duplicate keys: last wins, as json.loads
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                break;
            }
            return fail("expected ',' or '}'");
        }
        dict.span = span(begin);
        out = std::move(dict);
        return true;
    }

    std::string_view m_text;
    std::uint32_t m_base;
    std::size_t m_pos = 0;
};

} // namespace

bool readJson(std::string_view text, std::uint32_t base, Value &out, std::string &error,
              std::uint32_t &errorOffset)
{
    Reader reader(text, base);
    if (reader.run(out))
        return true;
    error = std::move(reader.error);
    errorOffset = reader.errorOffset;
    return false;
}

} // namespace itool::toolcall::detail
