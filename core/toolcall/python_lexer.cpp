// The tokenizer half of the Python expression reader: operators, names, numbers and string
// literals with CPython's rules (prefixes, escapes, number forms, line joining in brackets).
#include "core/toolcall/python_parser.h"

#include <charconv>
#include <cmath>

namespace itool::toolcall::detail {

bool Parser::fail(std::uint32_t at, std::string message)
{
    if (!m_failed) {
        m_failed = true;
        m_syntax.error = std::move(message);
        m_syntax.errorOffset = m_base + at;
    }
    m_tok.kind = Tok::Error;
    return false;
}

void Parser::advance()
{
    if (m_failed) {
        m_tok.kind = Tok::Error;
        return;
    }
    m_prevEnd = m_tok.end;
    const std::uint32_t n = static_cast<std::uint32_t>(m_text.size());
    for (;;) {
        while (m_pos < n
               && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\f'))
            ++m_pos;
        if (m_pos >= n) {
            m_tok = Token{Tok::End, n, n, 0};
            return;
        }
        const char c = m_text[m_pos];
        if (c == '#') {
            while (m_pos < n && m_text[m_pos] != '\n' && m_text[m_pos] != '\r')
                ++m_pos;
            continue;
        }
        if (c == '\\') {
            std::uint32_t p = m_pos + 1;
            if (p < n && m_text[p] == '\r')
                ++p;
            if (p < n && m_text[p] == '\n') {
                m_pos = p + 1;
                continue;
            }
            fail(m_pos, "unexpected character after line continuation character");
            return;
        }
        if (c == '\n' || c == '\r') {
            const std::uint32_t at = m_pos++;
            if (m_depth > 0)
                continue;
            m_tok = Token{Tok::Newline, at, at + 1, 0};
            return;
        }
        if (c == '\0') {
            fail(m_pos, "source code cannot contain null bytes");
            return;
        }
        break;
    }
    const std::uint32_t start = m_pos;
    const unsigned char c = static_cast<unsigned char>(m_text[m_pos]);
    if (isIdentStart(c)) {
        std::uint32_t p = m_pos;
        while (p < n && isIdentChar(static_cast<unsigned char>(m_text[p])))
            ++p;
        // string prefixes: r u b f br rb fr rf (any case) directly before a quote
        if (p < n && (m_text[p] == '\'' || m_text[p] == '"') && p - start <= 2) {
            std::string_view prefix = m_text.substr(start, p - start);
            bool valid = true;
            int r = 0, b = 0, u = 0, f = 0;
            for (char pc : prefix) {
                switch (pc | 0x20) {
                case 'r':
                    ++r;
                    break;
                case 'b':
                    ++b;
                    break;
                case 'u':
                    ++u;
                    break;
                case 'f':
                    ++f;
                    break;
                default:
                    valid = false;
                }
            }
            if (valid && r <= 1 && b + u + f <= 1 && !(u && r)) {
                lexString(start, p);
                return;
            }
        }
        m_pos = p;
        m_tok = Token{Tok::Name, start, p, 0};
        return;
    }
    if (isDigit(c)
        || (c == '.' && m_pos + 1 < n && isDigit(static_cast<unsigned char>(m_text[m_pos + 1])))) {
        lexNumber(start);
        return;
    }
    if (c == '\'' || c == '"') {
        lexString(start, start);
        return;
    }
    auto at = [&](std::uint32_t k) { return m_pos + k < n ? m_text[m_pos + k] : '\0'; };
    std::uint32_t len = 0;
    switch (c) {
    case '(':
    case '[':
    case '{':
        ++m_depth;
        len = 1;
        break;
    case ')':
    case ']':
    case '}':
        m_depth = m_depth > 0 ? m_depth - 1 : 0;
        len = 1;
        break;
    case ',':
    case ';':
    case '~':
    case '@':
    case '%':
    case '&':
    case '|':
    case '^':
        len = 1;
        break;
    case '.':
        len = (at(1) == '.' && at(2) == '.') ? 3 : 1;
        break;
    case '*':
        len = at(1) == '*' ? 2 : 1;
        break;
    case '/':
        len = at(1) == '/' ? 2 : 1;
        break;
    case '<':
        len = (at(1) == '<' || at(1) == '=') ? 2 : 1;
        break;
    case '>':
        len = (at(1) == '>' || at(1) == '=') ? 2 : 1;
        break;
    case '=':
        len = at(1) == '=' ? 2 : 1;
        break;
    case '!':
        len = at(1) == '=' ? 2 : 0;
        break;
    case '-':
        len = at(1) == '>' ? 2 : 1;
        break;
    case ':':
        len = at(1) == '=' ? 2 : 1;
        break;
    case '+':
        len = 1;
        break;
    default:
        break;
    }
    if (len) {
        m_tok = Token{Tok::Op, start, start + len, opCode(m_text.substr(m_pos, len))};
        m_pos += len;
        return;
    }
    fail(m_pos, std::string("invalid character '") + m_text[m_pos] + "'");
}

bool Parser::lexNumber(std::uint32_t start)
{
    const std::uint32_t n = static_cast<std::uint32_t>(m_text.size());
    std::uint32_t p = start;
    // The commonest number, a plain decimal int of up to 18 digits (no sign of a float, a
    // complex, a base prefix, an underscore or a leading zero), is read in one pass; it is
    // exactly what the general reading below gives for it.
    {
        std::int64_t value = 0;
        std::uint32_t q = start;
        while (q < n && q - start < 18 && isDigit(static_cast<unsigned char>(m_text[q]))) {
            value = value * 10 + (m_text[q] - '0');
            ++q;
        }
        const bool ends
            = q >= n || (!isIdentChar(static_cast<unsigned char>(m_text[q])) && m_text[q] != '.');
        if (ends && q > start && !(q - start > 1 && m_text[start] == '0')) {
            setScalar(m_pendingConstant, Value::Kind::Int);
            m_pendingConstant.integer = value;
            m_pendingConstant.text.clear(); // keeps its storage for the next string
            m_pendingConstant.span = span(start, q);
            m_tok = Token{Tok::Number, start, q, 0};
            m_pos = q;
            return true;
        }
    }
    std::string digits; // without underscores
    auto takeDigits = [&](auto isOk) {
        bool any = false;
        while (p < n) {
            const char ch = m_text[p];
            if (isOk(ch)) {
                digits += ch;
                any = true;
                ++p;
            } else if (ch == '_' && any && p + 1 < n && isOk(m_text[p + 1])) {
                ++p;
            } else {
                break;
            }
        }
        return any;
    };
    auto finish = [&](Value v) {
        if (p < n && isIdentChar(static_cast<unsigned char>(m_text[p])))
            return fail(p, "invalid literal");
        m_pendingConstant = std::move(v);
        m_pendingConstant.span = span(start, p);
        m_tok = Token{Tok::Number, start, p, 0};
        m_pos = p;
        return true;
    };
    auto bigInt = [&]() {
        Value big;
        big.kind = Value::Kind::Other;
        big.bigInt = true;
        big.text = std::string(m_text.substr(start, p - start));
        return big;
    };
    if (m_text[p] == '0' && p + 1 < n && std::strchr("xXoObB", m_text[p + 1])) {
        const char base = static_cast<char>(m_text[p + 1] | 0x20);
        p += 2;
        if (p < n && m_text[p] == '_')
            ++p;
        const int radix = base == 'x' ? 16 : base == 'o' ? 8 : 2;
        if (!takeDigits([radix](char ch) {
                int h = hexValue(ch);
                return h >= 0 && h < radix;
            }))
            return fail(p, "invalid number literal");
        std::int64_t value = 0;
        auto res = std::from_chars(digits.data(), digits.data() + digits.size(), value, radix);
        if (res.ec != std::errc())
            return finish(bigInt());
        return finish(Value::fromInt(value));
    }
    bool isFloat = false;
    takeDigits(isDigit);
    const std::size_t intDigits = digits.size();
    if (p < n && m_text[p] == '.') {
        isFloat = true;
        digits += '.';
        ++p;
        takeDigits(isDigit);
    }
    if (p < n && (m_text[p] == 'e' || m_text[p] == 'E')) {
        std::uint32_t q = p + 1;
        if (q < n && (m_text[q] == '+' || m_text[q] == '-'))
            ++q;
        if (q < n && isDigit(static_cast<unsigned char>(m_text[q]))) {
            isFloat = true;
            digits += 'e';
            digits.append(m_text.substr(p + 1, q - p - 1));
            p = q;
            takeDigits(isDigit);
        } else {
            return fail(p, "invalid decimal literal");
        }
    }
    if (p < n && (m_text[p] == 'j' || m_text[p] == 'J')) {
        ++p;
        Value complex;
        complex.kind = Value::Kind::Other;
        complex.text = std::string(m_text.substr(start, p - start));
        return finish(std::move(complex));
    }
    if (isFloat) {
        double d = 0;
        auto res = std::from_chars(digits.data(), digits.data() + digits.size(), d);
        if (res.ec == std::errc::result_out_of_range)
            d = digits.find("e-") != std::string::npos ? 0.0 : HUGE_VAL;
        return finish(Value::fromFloat(d));
    }
    if (intDigits > 1 && digits[0] == '0' && digits.find_first_not_of('0') != std::string::npos)
        return fail(start, "leading zeros in decimal integer literals are not permitted");
    std::int64_t value = 0;
    auto res = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (res.ec != std::errc())
        return finish(bigInt());
    return finish(Value::fromInt(value));
}

bool Parser::lexString(std::uint32_t start, std::uint32_t quoteAt)
{
    const std::uint32_t n = static_cast<std::uint32_t>(m_text.size());
    bool raw = false, bytes = false, fstring = false;
    for (std::uint32_t i = start; i < quoteAt; ++i) {
        const char pc = static_cast<char>(m_text[i] | 0x20);
        raw |= pc == 'r';
        bytes |= pc == 'b';
        fstring |= pc == 'f';
    }
    const char quote = m_text[quoteAt];
    const bool triple
        = quoteAt + 2 < n && m_text[quoteAt + 1] == quote && m_text[quoteAt + 2] == quote;
    std::uint32_t p = quoteAt + (triple ? 3 : 1);
    // written straight into the pending constant, whose storage outlives the parse
    std::string &out = m_pendingConstant.text;
    out.clear();
    for (;;) {
        if (p >= n)
            return fail(start, triple ? "unterminated triple-quoted string literal"
                                      : "unterminated string literal");
        const char ch = m_text[p];
        if (ch == quote) {
            if (!triple) {
                ++p;
                break;
            }
            if (p + 2 < n && m_text[p + 1] == quote && m_text[p + 2] == quote) {
                p += 3;
                break;
            }
        }
        if (!triple && (ch == '\n' || ch == '\r'))
            return fail(start, "unterminated string literal");
        if (ch == '\0')
            return fail(p, "source code cannot contain null bytes");
        if (ch != '\\') { // copy the plain run in one go
            std::uint32_t q = p + 1;
            while (q < n) {
                const char cq = m_text[q];
                if (cq == quote || cq == '\\' || cq == '\n' || cq == '\r' || cq == '\0')
                    break;
                ++q;
            }
            out.append(m_text.data() + p, q - p);
            p = q;
            continue;
        }
        if (p + 1 >= n)
            return fail(start, "unterminated string literal");
        const char e = m_text[p + 1];
        if (raw) { // a backslash still protects the next character, and both are kept
            out += ch;
            out += e;
            p += 2;
            continue;
        }
        p += 2;
        switch (e) {
        case '\n':
            break;
        case '\r':
            if (p < n && m_text[p] == '\n')
                ++p;
            break;
        case '\\':
            out += '\\';
            break;
        case '\'':
            out += '\'';
            break;
        case '"':
            out += '"';
            break;
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'v':
            out += '\v';
            break;
        case 'x':
        case 'u':
        case 'U': {
            if (bytes && e != 'x') {
                out += '\\';
                out += e;
                break;
            }
            const int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            std::uint32_t cp = 0;
            for (int i = 0; i < len; ++i) {
                const int h = p < n ? hexValue(m_text[p]) : -1;
                if (h < 0)
                    return fail(p, std::string("truncated \\") + e + " escape");
                cp = cp * 16 + static_cast<std::uint32_t>(h);
                ++p;
            }
            if (cp > 0x10FFFF)
                return fail(p, "illegal Unicode character in escape");
            if (bytes)
                out += static_cast<char>(cp);
            else
                appendUtf8(out, cp);
            break;
        }
        case 'N':
            if (!bytes)
                return fail(p - 2, "\\N{...} escapes are not supported");
            out += "\\N";
            break;
        default:
            if (e >= '0' && e <= '7') {
                std::uint32_t cp = static_cast<std::uint32_t>(e - '0');
                for (int i = 0; i < 2 && p < n && m_text[p] >= '0' && m_text[p] <= '7'; ++i)
                    cp = cp * 8 + static_cast<std::uint32_t>(m_text[p++] - '0');
                if (bytes)
                    out += static_cast<char>(cp & 0xFF);
                else
                    appendUtf8(out, cp);
            } else { // unknown escapes keep their backslash
                out += '\\';
                out += e;
            }
        }
    }
    if (fstring)
        return fail(start, "f-strings are not supported");
    if (bytes) {
        Value b;
        b.kind = Value::Kind::Other;
        b.text = std::string(m_text.substr(start, p - start));
        m_pendingConstant = std::move(b);
    } else {
        setScalar(m_pendingConstant, Value::Kind::String); // keeps `out`, the text just read
    }
    m_pendingConstant.span = span(start, p);
    m_tok = Token{Tok::String, start, p, 0};
    m_pos = p;
    return true;
}

// Most argument values are a literal or a bare name directly followed by ',', ')', ']', '}' or a
// dict's ':'. Such a token is a whole expression: the ten precedence levels between expression()
// and atom() would each look at that next token and hand the atom back unchanged, so skipping
// them changes nothing but the time. Keywords, and anything followed by an operator, a line
// break, a comment or another string (implicit concatenation), take the full path.
bool Parser::isLoneOperand() const
{
    if (m_tok.kind != Tok::Number && m_tok.kind != Tok::String
        && (m_tok.kind != Tok::Name || isReservedKeyword(tokText())))
        return false;
    const std::uint32_t n = static_cast<std::uint32_t>(m_text.size());
    std::uint32_t p = m_pos; // just past the current token
    while (p < n && (m_text[p] == ' ' || m_text[p] == '\t'))
        ++p;
    if (p >= n)
        return false;
    switch (m_text[p]) {
    case ',':
    case ')':
    case ']':
    case '}':
        return true;
    case ':':
        return p + 1 < n && m_text[p + 1] != '='; // not the walrus operator
    default:
        return false;
    }
}

// After a name inside brackets: is the next token a single '=' (a keyword argument)?
bool Parser::nextIsAssign() const
{
    std::uint32_t p = m_pos;
    const std::uint32_t n = static_cast<std::uint32_t>(m_text.size());
    while (p < n) {
        const char c = m_text[p];
        if (c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r') {
            ++p;
        } else if (c == '\\' && p + 1 < n && (m_text[p + 1] == '\n' || m_text[p + 1] == '\r')) {
            p += 2;
        } else if (c == '#') {
            while (p < n && m_text[p] != '\n' && m_text[p] != '\r')
                ++p;
        } else {
            return c == '=' && (p + 1 >= n || m_text[p + 1] != '=');
        }
    }
    return false;
}

} // namespace itool::toolcall::detail
