#pragma once
// Internal to core/toolcall: the tokenizer and recursive-descent parser behind Syntax::parse,
// shared by python_lexer.cpp (tokens, literals) and python_syntax.cpp (grammar).
// What it is not: an interface for other code; use Syntax (python_syntax.h).
#include "core/toolcall/python_syntax.h"

#include <cstring>
#include <string>
#include <string_view>

namespace itool::toolcall::detail {

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

inline std::string opText(std::uint32_t code)
{
    std::string out;
    for (; code; code >>= 8)
        out += static_cast<char>(code & 0xFF);
    return out;
}

// Byte classes for names, one table lookup per byte in the lexer's hottest loop.
struct IdentTable
{
    static constexpr unsigned char kStart = 1, kChar = 2;
    unsigned char cls[256];
    constexpr IdentTable()
        : cls{}
    {
        for (int c = 0; c < 256; ++c) {
            const bool start
                = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
            const bool digit = c >= '0' && c <= '9';
            cls[c] = static_cast<unsigned char>((start ? kStart | kChar : 0) | (digit ? kChar : 0));
        }
    }
};
inline constexpr IdentTable kIdentTable;

inline bool isIdentStart(unsigned char c)
{
    return (kIdentTable.cls[c] & IdentTable::kStart) != 0;
}
inline bool isIdentChar(unsigned char c)
{
    return (kIdentTable.cls[c] & IdentTable::kChar) != 0;
}
inline bool isDigit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

inline bool isReservedKeyword(std::string_view w)
{
    // Python's keywords other than True, False and None (those are values here), by first
    // letter: a check runs for every name token, and most argument names are short lowercase
    // words that only the letter's few candidates can match.
    if (w.size() < 2 || w.size() > 8)
        return false;
    switch (w[0]) {
    case 'a':
        return w == "and" || w == "as" || w == "assert" || w == "async" || w == "await";
    case 'b':
        return w == "break";
    case 'c':
        return w == "class" || w == "continue";
    case 'd':
        return w == "def" || w == "del";
    case 'e':
        return w == "elif" || w == "else" || w == "except";
    case 'f':
        return w == "finally" || w == "for" || w == "from";
    case 'g':
        return w == "global";
    case 'i':
        return w == "if" || w == "import" || w == "in" || w == "is";
    case 'l':
        return w == "lambda";
    case 'n':
        return w == "nonlocal" || w == "not";
    case 'o':
        return w == "or";
    case 'p':
        return w == "pass";
    case 'r':
        return w == "raise" || w == "return";
    case 't':
        return w == "try";
    case 'w':
        return w == "while" || w == "with";
    case 'y':
        return w == "yield";
    default:
        return false;
    }
}

inline void appendUtf8(std::string &out, std::uint32_t cp)
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

inline int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Turns `v` into a scalar of kind `k` with every other field at its default, except `text`,
// which is left as it is, storage included: string tokens are read into it.
inline void setScalar(Value &v, Value::Kind k)
{
    v.kind = k;
    v.boolean = false;
    v.bigInt = false;
    v.integer = 0;
    v.number = 0.0;
    v.items.clear();
    v.entries.clear();
}

class Parser
{
public:
    Parser(Syntax &syntax, std::string_view text, std::uint32_t base)
        : m_syntax(syntax)
        , m_text(text)
        , m_base(base)
        , m_pendingConstant(syntax.pending)
        , m_stack(syntax.stack)
    {
    }

    std::uint32_t run();
    // The plain call list most model output is (python_plain_calls.cpp); false where the text
    // needs the full grammar.
    bool plainCalls(std::vector<ParsedCall> &calls);

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
    bool isLoneOperand() const;
    std::uint32_t booleanChain(std::string_view word, int op, std::uint32_t (Parser::*operand)());
    std::uint32_t orTest();
    std::uint32_t andTest();
    std::uint32_t comparison();
    std::uint32_t operatorNode(std::string_view text, std::uint32_t begin, std::uint32_t end);
    std::uint32_t notTest();
    std::uint32_t binary(int level);
    std::uint32_t unary();
    std::uint32_t power();
    std::uint32_t primary();
    std::uint32_t atom();
    std::uint32_t sequence(NodeKind kind, const char *close, std::uint32_t begin);
    std::uint32_t braces(std::uint32_t begin);
    std::uint32_t callArguments(std::uint32_t func);

    bool plainValue(Value &out, int depth);
    bool atValueEnd() const;

    std::uint32_t newNode(NodeKind kind, std::uint32_t begin, std::uint32_t end);
    Span span(std::uint32_t b, std::uint32_t e) const { return Span{m_base + b, m_base + e}; }
    std::uint32_t endOf(std::uint32_t node) const { return m_syntax.nodes[node].span.end - m_base; }
    std::uint32_t beginOf(std::uint32_t node) const
    {
        return m_syntax.nodes[node].span.begin - m_base;
    }
    void closeChildren(std::uint32_t node, std::size_t mark);

    Syntax &m_syntax;
    std::string_view m_text;
    std::uint32_t m_base;
    std::uint32_t m_pos = 0;
    int m_depth = 0;
    bool m_failed = false;
    Token m_tok;
    std::uint32_t m_prevEnd = 0;
    // The literal value of the current Number/String token: Syntax::pending, kept from parse
    // to parse so that string tokens are read into storage that is already there.
    Value &m_pendingConstant;
    std::vector<std::uint32_t> &m_stack;
    int m_nesting = 0;
};

} // namespace itool::toolcall::detail
