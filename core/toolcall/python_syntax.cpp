// The Python expression reader behind the bracket-syntax decoder: tokens and a precedence
// parser into Syntax's node pool. Mirrors CPython's tokenizer rules that change verdicts
// (leading indentation, newlines outside brackets, string prefixes and escapes, number forms).
#include "core/toolcall/python_syntax.h"

#include <charconv>
#include <cstring>

namespace itool::toolcall::detail {

namespace {

enum class Tok : std::uint8_t { End, Newline, Name, Number, String, Op, Error };

struct Token
{
    Tok kind = Tok::End;
    std::uint32_t begin = 0, end = 0; // offsets within the parsed text
    std::uint32_t op = 0;             // operator characters packed by opCode
};

// Operators as up to three characters packed into one integer, compared in one instruction.
constexpr std::uint32_t opCode(std::string_view s)
{
    std::uint32_t code = 0;
    for (std::size_t i = 0; i < s.size() && i < 3; ++i)
        code |= static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])) << (8 * i);
    return code;
}

std::string opText(std::uint32_t code)
{
    std::string out;
    for (; code; code >>= 8)
        out += static_cast<char>(code & 0xFF);
    return out;
}

bool isIdentStart(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool isIdentChar(unsigned char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); }
bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }

bool isReservedKeyword(std::string_view w)
{
    static constexpr std::string_view kWords[] = {
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
        "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
        "yield"};
    for (std::string_view k : kWords)
        if (k == w)
            return true;
    return false;
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

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

class Parser
{
public:
    Parser(Syntax &syntax, std::string_view text, std::uint32_t base)
        : m_syntax(syntax), m_text(text), m_base(base), m_stack(syntax.stack)
    {}

    std::uint32_t run();

private:
    // --- tokens ---
    void advance();
    const Token &peek() const { return m_tok; }
    bool isOp(std::string_view op) const { return m_tok.kind == Tok::Op && m_tok.op == opCode(op); }
    bool isWord(std::string_view w) const { return m_tok.kind == Tok::Name && tokText() == w; }
    std::string_view tokText() const { return m_text.substr(m_tok.begin, m_tok.end - m_tok.begin); }
    bool fail(std::uint32_t at, std::string message);
    bool nextIsAssign() const;
    bool expectOp(std::string_view op);
    bool lexNumber(std::uint32_t start);
    bool lexString(std::uint32_t start, std::uint32_t quoteAt);

    // --- grammar ---
    std::uint32_t expressionList(bool allowTupleWithoutParens);
    std::uint32_t expression();
    std::uint32_t notTest();
    std::uint32_t binary(int level);
    std::uint32_t unary();
    std::uint32_t power();
    std::uint32_t primary();
    std::uint32_t atom();
    std::uint32_t sequence(NodeKind kind, const char *close, std::uint32_t begin);
    std::uint32_t braces(std::uint32_t begin);
    std::uint32_t callArguments(std::uint32_t func);

    std::uint32_t newNode(NodeKind kind, std::uint32_t begin, std::uint32_t end);
    Span span(std::uint32_t b, std::uint32_t e) const { return Span{m_base + b, m_base + e}; }
    std::uint32_t endOf(std::uint32_t node) const { return m_syntax.nodes[node].span.end - m_base; }
    std::uint32_t beginOf(std::uint32_t node) const { return m_syntax.nodes[node].span.begin - m_base; }
    void closeChildren(std::uint32_t node, std::size_t mark);

    Syntax &m_syntax;
    std::string_view m_text;
    std::uint32_t m_base;
    std::uint32_t m_pos = 0;
    int m_depth = 0;
    bool m_failed = false;
    Token m_tok;
    std::uint32_t m_prevEnd = 0;
    Value m_pendingConstant; // the literal value of the current Number/String token
    std::vector<std::uint32_t> &m_stack;
    int m_nesting = 0;
};

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
        while (m_pos < n && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\f'))
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
                case 'r': ++r; break;
                case 'b': ++b; break;
                case 'u': ++u; break;
                case 'f': ++f; break;
                default: valid = false;
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
    if (isDigit(c) || (c == '.' && m_pos + 1 < n && isDigit(static_cast<unsigned char>(m_text[m_pos + 1])))) {
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
    case '(': case '[': case '{': ++m_depth; len = 1; break;
    case ')': case ']': case '}': m_depth = m_depth > 0 ? m_depth - 1 : 0; len = 1; break;
    case ',': case ';': case '~': case '@': case '%': case '&': case '|': case '^': len = 1; break;
    case '.': len = (at(1) == '.' && at(2) == '.') ? 3 : 1; break;
    case '*': len = at(1) == '*' ? 2 : 1; break;
    case '/': len = at(1) == '/' ? 2 : 1; break;
    case '<': len = (at(1) == '<' || at(1) == '=') ? 2 : 1; break;
    case '>': len = (at(1) == '>' || at(1) == '=') ? 2 : 1; break;
    case '=': len = at(1) == '=' ? 2 : 1; break;
    case '!': len = at(1) == '=' ? 2 : 0; break;
    case '-': len = at(1) == '>' ? 2 : 1; break;
    case ':': len = at(1) == '=' ? 2 : 1; break;
    case '+': len = 1; break;
    default: break;
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
        big.text = std::string(m_text.substr(start, p - start));
        return big;
    };
    if (m_text[p] == '0' && p + 1 < n && std::strchr("xXoObB", m_text[p + 1])) {
        const char base = static_cast<char>(m_text[p + 1] | 0x20);
        p += 2;
        if (p < n && m_text[p] == '_')
            ++p;
        const int radix = base == 'x' ? 16 : base == 'o' ? 8 : 2;
        if (!takeDigits([radix](char ch) { int h = hexValue(ch); return h >= 0 && h < radix; }))
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
    const bool triple = quoteAt + 2 < n && m_text[quoteAt + 1] == quote && m_text[quoteAt + 2] == quote;
    std::uint32_t p = quoteAt + (triple ? 3 : 1);
    std::string out;
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
        case '\n': break;
        case '\r':
            if (p < n && m_text[p] == '\n')
                ++p;
            break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
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
        m_pendingConstant = Value::fromString(std::move(out));
    }
    m_pendingConstant.span = span(start, p);
    m_tok = Token{Tok::String, start, p, 0};
    m_pos = p;
    return true;
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

std::uint32_t Parser::newNode(NodeKind kind, std::uint32_t begin, std::uint32_t end)
{
    Node &node = m_syntax.nodes.emplace_back();
    node.kind = kind;
    node.span = span(begin, end);
    return static_cast<std::uint32_t>(m_syntax.nodes.size() - 1);
}

void Parser::closeChildren(std::uint32_t node, std::size_t mark)
{
    Node &n = m_syntax.nodes[node];
    n.first = static_cast<std::uint32_t>(m_syntax.children.size());
    n.count = static_cast<std::uint32_t>(m_stack.size() - mark);
    m_syntax.children.insert(m_syntax.children.end(), m_stack.begin() + static_cast<std::ptrdiff_t>(mark), m_stack.end());
    m_stack.resize(mark);
}

bool Parser::expectOp(std::string_view op)
{
    if (isOp(op)) {
        advance();
        return true;
    }
    if (m_tok.kind == Tok::Error)
        return false;
    return fail(m_tok.begin, "expected '" + std::string(op) + "'");
}

std::uint32_t Parser::run()
{
    // Leading blank lines are fine; an indented first line is not (eval input).
    std::uint32_t lineStart = 0;
    std::uint32_t p = 0;
    const std::uint32_t n = static_cast<std::uint32_t>(m_text.size());
    while (p < n) {
        const char ch = m_text[p];
        if (ch == ' ' || ch == '\t' || ch == '\f') {
            ++p;
        } else if (ch == '\n' || ch == '\r') {
            lineStart = ++p;
        } else if (ch == '#') {
            while (p < n && m_text[p] != '\n' && m_text[p] != '\r')
                ++p;
        } else {
            break;
        }
    }
    if (p < n && p > lineStart) {
        fail(lineStart, "unexpected indent");
        return kNoNode;
    }
    m_pos = lineStart;
    advance();
    if (m_tok.kind == Tok::End || m_tok.kind == Tok::Newline) {
        fail(m_tok.begin, "empty expression");
        return kNoNode;
    }
    const std::uint32_t root = expressionList(true);
    if (root == kNoNode)
        return kNoNode;
    while (m_tok.kind == Tok::Newline)
        advance();
    if (m_tok.kind != Tok::End) {
        fail(m_tok.begin, "invalid syntax");
        return kNoNode;
    }
    return root;
}

std::uint32_t Parser::expressionList(bool allowTupleWithoutParens)
{
    const std::uint32_t first = expression();
    if (first == kNoNode || !allowTupleWithoutParens || !isOp(","))
        return first;
    const std::size_t mark = m_stack.size();
    m_stack.push_back(first);
    while (isOp(",")) {
        advance();
        if (m_tok.kind == Tok::End || m_tok.kind == Tok::Newline || isOp(")") || isOp("]"))
            break;
        const std::uint32_t next = expression();
        if (next == kNoNode)
            return kNoNode;
        m_stack.push_back(next);
    }
    const std::uint32_t tuple = newNode(NodeKind::Tuple, beginOf(first), m_prevEnd);
    closeChildren(tuple, mark);
    return tuple;
}

std::uint32_t Parser::expression()
{
    if (++m_nesting > 200) {
        fail(m_tok.begin, "expression nested too deeply");
        return kNoNode;
    }
    if (isWord("lambda")) {
        fail(m_tok.begin, "lambda is not supported");
        return kNoNode;
    }
    const std::uint32_t result = notTest();
    --m_nesting;
    if (result == kNoNode)
        return kNoNode;
    if (isWord("if") || isWord("and") || isWord("or") || isWord("in") || isWord("is")
        || isWord("not") || isWord("for") || isOp("<") || isOp(">") || isOp("==") || isOp("!=")
        || isOp("<=") || isOp(">=") || isOp(":=")) {
        fail(m_tok.begin, "comparisons, conditionals and comprehensions are not supported");
        return kNoNode;
    }
    return result;
}

std::uint32_t Parser::notTest()
{
    if (isWord("not")) {
        if (++m_nesting > 200) {
            fail(m_tok.begin, "expression nested too deeply");
            return kNoNode;
        }
        const std::uint32_t begin = m_tok.begin;
        advance();
        const std::uint32_t operand = notTest();
        --m_nesting;
        if (operand == kNoNode)
            return kNoNode;
        const std::uint32_t node = newNode(NodeKind::UnaryOp, begin, endOf(operand));
        m_syntax.nodes[node].op = '!';
        m_syntax.nodes[node].lhs = operand;
        return node;
    }
    return binary(1);
}

// Binary operator precedence (higher binds tighter) and node code; 0 when not one.
int binaryPrecedence(std::uint32_t op, std::uint8_t &code)
{
    switch (op) {
    case opCode("|"): code = kOpOr; return 1;
    case opCode("^"): code = kOpXor; return 2;
    case opCode("&"): code = kOpAnd; return 3;
    case opCode("<<"): code = kOpLShift; return 4;
    case opCode(">>"): code = kOpRShift; return 4;
    case opCode("+"): code = kOpAdd; return 5;
    case opCode("-"): code = kOpSub; return 5;
    case opCode("*"): code = kOpMul; return 6;
    case opCode("/"): code = kOpDiv; return 6;
    case opCode("//"): code = kOpFloorDiv; return 6;
    case opCode("%"): code = kOpMod; return 6;
    case opCode("@"): code = kOpMatMul; return 6;
    default: return 0;
    }
}

// Precedence climbing over the left-associative binary operators.
std::uint32_t Parser::binary(int minPrecedence)
{
    std::uint32_t left = unary();
    for (;;) {
        if (left == kNoNode || m_tok.kind != Tok::Op)
            return left;
        std::uint8_t code = 0;
        const int precedence = binaryPrecedence(m_tok.op, code);
        if (precedence == 0 || precedence < minPrecedence)
            return left;
        advance();
        const std::uint32_t right = binary(precedence + 1);
        if (right == kNoNode)
            return kNoNode;
        const std::uint32_t node = newNode(NodeKind::BinOp, beginOf(left), endOf(right));
        m_syntax.nodes[node].op = code;
        m_syntax.nodes[node].lhs = left;
        m_syntax.nodes[node].rhs = right;
        left = node;
    }
}

std::uint32_t Parser::unary()
{
    if (isOp("-") || isOp("+") || isOp("~")) {
        const std::uint32_t begin = m_tok.begin;
        const std::uint8_t op = static_cast<std::uint8_t>(m_tok.op & 0xFF);
        advance();
        if (++m_nesting > 200) {
            fail(begin, "expression nested too deeply");
            return kNoNode;
        }
        const std::uint32_t operand = unary();
        --m_nesting;
        if (operand == kNoNode)
            return kNoNode;
        const std::uint32_t node = newNode(NodeKind::UnaryOp, begin, endOf(operand));
        m_syntax.nodes[node].op = op;
        m_syntax.nodes[node].lhs = operand;
        return node;
    }
    return power();
}

std::uint32_t Parser::power()
{
    const std::uint32_t base = primary();
    if (base == kNoNode || !isOp("**"))
        return base;
    advance();
    if (++m_nesting > 200) {
        fail(m_tok.begin, "expression nested too deeply");
        return kNoNode;
    }
    const std::uint32_t exponent = unary();
    --m_nesting;
    if (exponent == kNoNode)
        return kNoNode;
    const std::uint32_t node = newNode(NodeKind::BinOp, beginOf(base), endOf(exponent));
    m_syntax.nodes[node].op = kOpPow;
    m_syntax.nodes[node].lhs = base;
    m_syntax.nodes[node].rhs = exponent;
    return node;
}

std::uint32_t Parser::primary()
{
    std::uint32_t node = atom();
    while (node != kNoNode && m_tok.kind == Tok::Op) {
        if (isOp(".")) {
            advance();
            if (m_tok.kind != Tok::Name || isReservedKeyword(tokText())) {
                fail(m_tok.begin, "expected a name after '.'");
                return kNoNode;
            }
            const std::uint32_t attr = newNode(NodeKind::Attribute, beginOf(node), m_tok.end);
            m_syntax.nodes[attr].lhs = node;
            m_syntax.nodes[attr].ident = tokText();
            m_syntax.nodes[attr].nameSpan = span(m_tok.begin, m_tok.end);
            advance();
            node = attr;
        } else if (isOp("(")) {
            advance();
            node = callArguments(node);
        } else if (isOp("[")) {
            advance();
            const std::uint32_t index = expressionList(true);
            if (index == kNoNode)
                return kNoNode;
            if (isOp(":")) {
                fail(m_tok.begin, "slices are not supported");
                return kNoNode;
            }
            const std::uint32_t end = m_tok.end;
            if (!expectOp("]"))
                return kNoNode;
            const std::uint32_t sub = newNode(NodeKind::Subscript, beginOf(node), end);
            m_syntax.nodes[sub].lhs = node;
            m_syntax.nodes[sub].rhs = index;
            node = sub;
        } else {
            break;
        }
    }
    return node;
}

std::uint32_t Parser::callArguments(std::uint32_t func)
{
    const std::size_t mark = m_stack.size();
    bool sawKeyword = false;
    while (!isOp(")")) {
        if (m_tok.kind == Tok::Error)
            return kNoNode;
        if (isOp("*") || isOp("**")) {
            fail(m_tok.begin, "starred arguments are not supported");
            return kNoNode;
        }
        if (m_tok.kind == Tok::Name && nextIsAssign() && !isReservedKeyword(tokText())) {
            const Token nameTok = m_tok;
            advance(); // the name
            advance(); // '='
            const std::uint32_t value = expression();
            if (value == kNoNode)
                return kNoNode;
            const std::uint32_t kw = newNode(NodeKind::Keyword, nameTok.begin, endOf(value));
            m_syntax.nodes[kw].ident = m_text.substr(nameTok.begin, nameTok.end - nameTok.begin);
            m_syntax.nodes[kw].nameSpan = span(nameTok.begin, nameTok.end);
            m_syntax.nodes[kw].lhs = value;
            m_stack.push_back(kw);
            sawKeyword = true;
            if (!isOp(","))
                break;
            advance();
            continue;
        }
        const std::uint32_t argBegin = m_tok.begin;
        const std::uint32_t value = expression();
        if (value == kNoNode)
            return kNoNode;
        if (sawKeyword) {
            fail(argBegin, "positional argument follows keyword argument");
            return kNoNode;
        }
        m_stack.push_back(value);
        if (!isOp(","))
            break;
        advance();
    }
    const std::uint32_t end = m_tok.end;
    if (!expectOp(")"))
        return kNoNode;
    const std::uint32_t call = newNode(NodeKind::Call, beginOf(func), end);
    m_syntax.nodes[call].lhs = func;
    closeChildren(call, mark);
    return call;
}

std::uint32_t Parser::sequence(NodeKind kind, const char *close, std::uint32_t begin)
{
    const std::size_t mark = m_stack.size();
    bool sawComma = false;
    while (!isOp(close)) {
        if (m_tok.kind == Tok::Error)
            return kNoNode;
        if (isOp("*")) {
            fail(m_tok.begin, "starred elements are not supported");
            return kNoNode;
        }
        const std::uint32_t item = expression();
        if (item == kNoNode)
            return kNoNode;
        m_stack.push_back(item);
        if (!isOp(","))
            break;
        sawComma = true;
        advance();
    }
    const std::uint32_t end = m_tok.end;
    if (!expectOp(close))
        return kNoNode;
    if (kind == NodeKind::Tuple && m_stack.size() - mark == 1 && !sawComma) {
        const std::uint32_t inner = m_stack.back(); // (x) is x
        m_stack.pop_back();
        m_syntax.nodes[inner].parenthesized = true;
        return inner;
    }
    const std::uint32_t node = newNode(kind, begin, end);
    closeChildren(node, mark);
    return node;
}

std::uint32_t Parser::braces(std::uint32_t begin)
{
    const std::size_t mark = m_stack.size();
    bool isDict = true;
    bool first = true;
    while (!isOp("}")) {
        if (m_tok.kind == Tok::Error)
            return kNoNode;
        if (isOp("**") || isOp("*")) {
            fail(m_tok.begin, "unpacking in braces is not supported");
            return kNoNode;
        }
        const std::uint32_t key = expression();
        if (key == kNoNode)
            return kNoNode;
        if (first)
            isDict = isOp(":");
        first = false;
        m_stack.push_back(key);
        if (isDict) {
            if (!expectOp(":"))
                return kNoNode;
            const std::uint32_t value = expression();
            if (value == kNoNode)
                return kNoNode;
            m_stack.push_back(value);
        }
        if (!isOp(","))
            break;
        advance();
    }
    const std::uint32_t end = m_tok.end;
    if (!expectOp("}"))
        return kNoNode;
    const std::uint32_t node = newNode(isDict ? NodeKind::Dict : NodeKind::Set, begin, end);
    closeChildren(node, mark);
    return node;
}

std::uint32_t Parser::atom()
{
    const Token tok = m_tok;
    switch (tok.kind) {
    case Tok::Name: {
        const std::string_view word = tokText();
        const std::uint32_t node = newNode(NodeKind::Constant, tok.begin, tok.end);
        const Span wordSpan = m_syntax.nodes[node].span;
        if (word == "True" || word == "False") {
            m_syntax.setConstant(node, Value::fromBool(word == "True", wordSpan));
        } else if (word == "None") {
            m_syntax.setConstant(node, Value::none(wordSpan));
        } else if (isReservedKeyword(word)) {
            fail(tok.begin, "unexpected keyword '" + std::string(word) + "'");
            return kNoNode;
        } else {
            m_syntax.nodes[node].kind = NodeKind::Name;
            m_syntax.nodes[node].ident = word;
        }
        advance();
        return node;
    }
    case Tok::Number: {
        const std::uint32_t node = newNode(NodeKind::Constant, tok.begin, tok.end);
        m_syntax.setConstant(node, std::move(m_pendingConstant));
        advance();
        return node;
    }
    case Tok::String: {
        const std::uint32_t node = newNode(NodeKind::Constant, tok.begin, tok.end);
        Value value = std::move(m_pendingConstant);
        advance();
        while (m_tok.kind == Tok::String) { // implicit concatenation
            if ((value.kind == Value::Kind::Other) != (m_pendingConstant.kind == Value::Kind::Other)) {
                fail(m_tok.begin, "cannot mix bytes and nonbytes literals");
                return kNoNode;
            }
            if (value.kind == Value::Kind::Other)
                value.text += ' ';
            value.text += m_pendingConstant.text;
            value.span.end = m_pendingConstant.span.end;
            advance();
        }
        m_syntax.nodes[node].span.end = value.span.end;
        m_syntax.setConstant(node, std::move(value));
        return node;
    }
    case Tok::Op:
        if (isOp("(")) {
            advance();
            return sequence(NodeKind::Tuple, ")", tok.begin);
        }
        if (isOp("[")) {
            advance();
            return sequence(NodeKind::List, "]", tok.begin);
        }
        if (isOp("{")) {
            advance();
            return braces(tok.begin);
        }
        if (isOp("...")) {
            const std::uint32_t node = newNode(NodeKind::Constant, tok.begin, tok.end);
            m_syntax.nodes[node].ellipsis = true;
            m_syntax.setConstant(node, Value::fromString("...", span(tok.begin, tok.end)));
            advance();
            return node;
        }
        fail(tok.begin, "unexpected '" + opText(tok.op) + "'");
        return kNoNode;
    case Tok::End:
        fail(tok.begin, "unexpected end of input");
        return kNoNode;
    case Tok::Newline:
        fail(tok.begin, "unexpected line break outside brackets");
        return kNoNode;
    default:
        return kNoNode;
    }
}

} // namespace

std::uint32_t Syntax::parse(std::string_view text, std::uint32_t base)
{
    nodes.clear();
    children.clear();
    stack.clear();
    constants.clear();
    error.clear();
    errorOffset = base;
    Parser parser(*this, text, base);
    return parser.run();
}

} // namespace itool::toolcall::detail
