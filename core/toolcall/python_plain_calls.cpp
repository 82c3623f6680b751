// The fast reader for plain call lists: `f(a=1, b='x'), g.h(c=[1, -2.5], d={'k': None})`, the
// shape nearly all model output has, read straight into ParsedCall values. It uses the same
// tokenizer as the full reader but no node pool, no precedence levels and no second pass that
// turns nodes into values. It gives up (false) on anything else: positional or repeated
// arguments, operators, tuples, calls or attributes as values, line breaks outside brackets,
// comments, errors; parseBracket then runs the full reader, which decides those cases. So
// the output is, by construction, what the full reader gives for the texts this one accepts.
// What it is not: a second grammar with rules of its own (every value rule here is one the
// full reader's resolveValue applies to the same tokens).
#include "core/toolcall/python_parser.h"

#include <limits>

namespace itool::toolcall::detail {

namespace {

// Containers nested deeper than this go to the full reader, which has the real limit.
constexpr int kMaxPlainDepth = 32;
// Repeated keywords are found by comparing with every earlier one; past this many arguments
// the full reader, which indexes them, keeps adversarial input linear.
constexpr std::size_t kMaxPlainArguments = 32;

} // namespace

// After a list or dict: the full reader would go on with postfix operators ('.', '(', '[') or
// binary operators; only the end of the value lets the plain reading stand.
bool Parser::atValueEnd() const
{
    return isOp(",") || isOp(")") || isOp("]") || isOp("}");
}

bool Parser::plainValue(Value &out, int depth)
{
    if (depth > kMaxPlainDepth)
        return false;
    const Token tok = m_tok;
    switch (tok.kind) {
    case Tok::Number:
    case Tok::String: // a literal (a string directly followed by another string is not lone)
        if (!isLoneOperand())
            return false;
        // the text changes places with the value's previous one, so that both keep storage
        setScalar(out, m_pendingConstant.kind);
        out.boolean = m_pendingConstant.boolean;
        out.bigInt = m_pendingConstant.bigInt;
        out.integer = m_pendingConstant.integer;
        out.number = m_pendingConstant.number;
        out.text.swap(m_pendingConstant.text);
        out.span = span(tok.begin, tok.end);
        advance();
        return true;
    case Tok::Name: {         // True, False, None; any other bare name becomes its text
        if (!isLoneOperand()) // keywords, calls, attributes, subscripts, operators
            return false;
        const std::string_view word = tokText();
        const Span s = span(tok.begin, tok.end);
        if (word == "True" || word == "False")
            out = Value::fromBool(word == "True", s);
        else if (word == "None")
            out = Value::none(s);
        else
            out = Value::fromString(std::string(word), s);
        advance();
        return true;
    }
    case Tok::Op:
        break;
    default:
        return false;
    }
    if (isOp("-") || isOp("+") || isOp("~")) { // BFCL negates a constant whatever the operator
        advance();
        if (m_tok.kind != Tok::Number || !isLoneOperand())
            return false;
        const Value &c = m_pendingConstant;
        const Span s = span(tok.begin, m_tok.end);
        if (c.kind == Value::Kind::Int && c.integer != std::numeric_limits<std::int64_t>::min())
            out = Value::fromInt(-c.integer, s);
        else if (c.kind == Value::Kind::Float)
            out = Value::fromFloat(-c.number, s);
        else // complex and big ints have their own text rules
            return false;
        advance();
        return true;
    }
    if (isOp("[")) {
        advance();
        out = Value();
        out.kind = Value::Kind::List;
        while (!isOp("]")) {
            if (!plainValue(out.items.emplace_back(), depth + 1))
                return false;
            if (isOp(","))
                advance();
            else if (!isOp("]"))
                return false;
        }
        out.span = span(tok.begin, m_tok.end);
        advance();
        return atValueEnd();
    }
    if (isOp("{")) {
        advance();
        out = Value();
        out.kind = Value::Kind::Dict;
        DictBuilder builder(out);
        while (!isOp("}")) {
            Value key, value;
            // a list or dict key is not at a value end before ':', so it gives up here
            if (!plainValue(key, depth + 1) || !isOp(":"))
                return false;
            advance();
            if (!plainValue(value, depth + 1))
                return false;
            builder.set(std::move(key), std::move(value));
            if (isOp(","))
                advance();
            else if (!isOp("}"))
                return false;
        }
        out.span = span(tok.begin, m_tok.end);
        advance();
        return atValueEnd();
    }
    return false;
}

bool Parser::plainCalls(std::vector<ParsedCall> &calls)
{
    // The full reader's eval-input rules about leading space, blank lines and comments are
    // left to it: the plain reading starts only at a name in the first byte.
    if (m_text.empty() || !isIdentStart(static_cast<unsigned char>(m_text[0])))
        return false;
    m_pos = 0;
    advance();
    std::size_t count = 0;
    for (;;) {
        if (m_tok.kind != Tok::Name || isReservedKeyword(tokText()))
            return false;
        if (count == calls.size())
            calls.emplace_back();
        ParsedCall &call = calls[count++];
        const std::uint32_t begin = m_tok.begin;
        std::uint32_t nameEnd = m_tok.end;
        call.name.assign(tokText());
        advance();
        while (isOp(".")) { // a dotted name, joined as BFCL joins the attribute chain
            advance();
            if (m_tok.kind != Tok::Name || isReservedKeyword(tokText()))
                return false;
            call.name += '.';
            call.name.append(tokText());
            nameEnd = m_tok.end;
            advance();
        }
        if (!isOp("("))
            return false;
        call.nameSpan = span(begin, nameEnd);
        call.positionalSpans.clear();
        advance();
        // arguments are written over the previous parse's, whose strings keep their storage
        std::size_t argCount = 0;
        while (!isOp(")")) {
            if (m_tok.kind != Tok::Name || !nextIsAssign() || isReservedKeyword(tokText()))
                return false; // a positional argument or something stranger
            if (argCount == kMaxPlainArguments)
                return false;
            const Token nameTok = m_tok;
            const std::string_view name = tokText();
            for (std::size_t a = 0; a < argCount; ++a)
                if (call.arguments[a].name == name)
                    return false; // repeated: the full reader applies Python's dict rule
            advance();            // the name
            advance();            // '='
            if (argCount == call.arguments.size())
                call.arguments.emplace_back();
            ParsedArgument &arg = call.arguments[argCount++];
            arg.name.assign(name);
            arg.nameSpan = span(nameTok.begin, nameTok.end);
            if (!plainValue(arg.value, 0))
                return false;
            if (isOp(","))
                advance();
            else if (!isOp(")"))
                return false;
        }
        call.arguments.resize(argCount);
        call.span = span(begin, m_tok.end);
        advance();
        if (m_tok.kind == Tok::End)
            break;
        if (!isOp(","))
            return false; // postfix or binary operators after the call, a line break...
        advance();
        if (m_tok.kind == Tok::End) // a trailing comma: a tuple of the calls so far
            break;
    }
    calls.resize(count);
    return true;
}

bool Syntax::parsePlainCalls(std::string_view text, std::uint32_t base,
                             std::vector<ParsedCall> &calls)
{
    error.clear();
    Parser parser(*this, text, base);
    return parser.plainCalls(calls);
}

} // namespace itool::toolcall::detail
