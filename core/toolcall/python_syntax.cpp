// The grammar half of the Python expression reader: a recursive-descent parser over the
// tokens of python_lexer.cpp into Syntax's node pool, mirroring CPython's eval-input rules
// (leading indentation, newlines outside brackets) that change BFCL's verdicts.
#include "core/toolcall/python_parser.h"

namespace itool::toolcall::detail {

namespace {

// Binary operator precedence (higher binds tighter) and node code; 0 when not one.
int binaryPrecedence(std::uint32_t op, std::uint8_t &code)
{
    switch (op) {
    case opCode("|"):
        code = kOpOr;
        return 1;
    case opCode("^"):
        code = kOpXor;
        return 2;
    case opCode("&"):
        code = kOpAnd;
        return 3;
    case opCode("<<"):
        code = kOpLShift;
        return 4;
    case opCode(">>"):
        code = kOpRShift;
        return 4;
    case opCode("+"):
        code = kOpAdd;
        return 5;
    case opCode("-"):
        code = kOpSub;
        return 5;
    case opCode("*"):
        code = kOpMul;
        return 6;
    case opCode("/"):
        code = kOpDiv;
        return 6;
    case opCode("//"):
        code = kOpFloorDiv;
        return 6;
    case opCode("%"):
        code = kOpMod;
        return 6;
    case opCode("@"):
        code = kOpMatMul;
        return 6;
    default:
        return 0;
    }
}

} // namespace

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
    m_syntax.children.insert(m_syntax.children.end(),
                             m_stack.begin() + static_cast<std::ptrdiff_t>(mark), m_stack.end());
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
    if (isLoneOperand()) {
        const std::uint32_t node = atom();
        --m_nesting;
        return node;
    }
    if (isWord("lambda")) {
        fail(m_tok.begin, "lambda is not supported");
        return kNoNode;
    }
    std::uint32_t result = orTest();
    if (result != kNoNode && isWord("if")) { // x if c else y
        const std::size_t mark = m_stack.size();
        m_stack.push_back(result);
        m_stack.push_back(operatorNode("if", m_tok.begin, m_tok.end));
        advance();
        const std::uint32_t condition = orTest();
        if (condition == kNoNode)
            return kNoNode;
        m_stack.push_back(condition);
        if (!isWord("else")) {
            fail(m_tok.begin, "expected 'else'");
            return kNoNode;
        }
        m_stack.push_back(operatorNode("else", m_tok.begin, m_tok.end));
        advance();
        const std::uint32_t otherwise = expression();
        if (otherwise == kNoNode)
            return kNoNode;
        m_stack.push_back(otherwise);
        const std::uint32_t node = newNode(NodeKind::Operators, beginOf(result), endOf(otherwise));
        m_syntax.nodes[node].op = 1; // precedence class: conditional
        closeChildren(node, mark);
        result = node;
    }
    --m_nesting;
    if (result == kNoNode)
        return kNoNode;
    if (isWord("for") || isOp(":=")) {
        fail(m_tok.begin, "comprehensions and assignment expressions are not supported");
        return kNoNode;
    }
    return result;
}

std::uint32_t Parser::operatorNode(std::string_view text, std::uint32_t begin, std::uint32_t end)
{
    const std::uint32_t node = newNode(NodeKind::Name, begin, end);
    m_syntax.nodes[node].ident = text;
    return node;
}

// `a or b or c` / `a and b`: one Operators node over the operands and the operator names.
std::uint32_t Parser::booleanChain(std::string_view word, int op,
                                   std::uint32_t (Parser::*operand)())
{
    std::uint32_t left = (this->*operand)();
    if (left == kNoNode || !isWord(word))
        return left;
    const std::size_t mark = m_stack.size();
    m_stack.push_back(left);
    std::uint32_t last = left;
    while (isWord(word)) {
        m_stack.push_back(operatorNode(word, m_tok.begin, m_tok.end));
        advance();
        last = (this->*operand)();
        if (last == kNoNode)
            return kNoNode;
        m_stack.push_back(last);
    }
    const std::uint32_t node = newNode(NodeKind::Operators, beginOf(left), endOf(last));
    m_syntax.nodes[node].op = op;
    closeChildren(node, mark);
    return node;
}

std::uint32_t Parser::orTest()
{
    return booleanChain("or", 2, &Parser::andTest);
}

std::uint32_t Parser::andTest()
{
    return booleanChain("and", 3, &Parser::notTest);
}

std::uint32_t Parser::comparison()
{
    const std::uint32_t left = binary(1);
    if (left == kNoNode)
        return kNoNode;
    auto comparisonOp = [&]() -> std::string_view {
        if (m_tok.kind == Tok::Op) {
            switch (m_tok.op) {
            case opCode("<"):
                return "<";
            case opCode(">"):
                return ">";
            case opCode("=="):
                return "==";
            case opCode("!="):
                return "!=";
            case opCode("<="):
                return "<=";
            case opCode(">="):
                return ">=";
            default:
                return {};
            }
        }
        if (isWord("in"))
            return "in";
        if (isWord("is"))
            return "is";
        if (isWord("not"))
            return "not";
        return {};
    };
    if (comparisonOp().empty())
        return left;
    const std::size_t mark = m_stack.size();
    m_stack.push_back(left);
    std::uint32_t last = left;
    for (std::string_view op = comparisonOp(); !op.empty(); op = comparisonOp()) {
        const std::uint32_t opBegin = m_tok.begin;
        advance();
        if (op == "not") {
            if (!isWord("in")) {
                fail(m_tok.begin, "expected 'in' after 'not'");
                return kNoNode;
            }
            op = "not in";
            advance();
        } else if (op == "is" && isWord("not")) {
            op = "is not";
            advance();
        }
        m_stack.push_back(operatorNode(op, opBegin, m_prevEnd));
        last = binary(1);
        if (last == kNoNode)
            return kNoNode;
        m_stack.push_back(last);
    }
    const std::uint32_t node = newNode(NodeKind::Operators, beginOf(left), endOf(last));
    m_syntax.nodes[node].op = 5;
    closeChildren(node, mark);
    return node;
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
    return comparison();
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
        if (isOp("**")) {
            fail(m_tok.begin, "**keyword unpacking is not supported");
            return kNoNode;
        }
        if (isOp("*")) { // a positional *args: dropped like any positional argument
            const std::uint32_t begin = m_tok.begin;
            advance();
            const std::uint32_t inner = expression();
            if (inner == kNoNode)
                return kNoNode;
            const std::uint32_t star = newNode(NodeKind::Starred, begin, endOf(inner));
            m_syntax.nodes[star].lhs = inner;
            if (sawKeyword) { // Python allows *args after keywords
                m_stack.push_back(star);
            } else {
                m_stack.push_back(star);
            }
            if (!isOp(","))
                break;
            advance();
            continue;
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
            if ((value.kind == Value::Kind::Other)
                != (m_pendingConstant.kind == Value::Kind::Other)) {
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
