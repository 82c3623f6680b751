// From syntax nodes to values, the way BFCL's decoder does it: resolve_ast_by_type for a
// keyword's value (every unary operator negates a constant, bare names become strings,
// calls without keywords and subscripts become their source text), eval() for arithmetic,
// and ast.unparse for the stringified nodes.
#include "core/toolcall/python_syntax.h"

#include <cmath>
#include <limits>

namespace itool::toolcall::detail {

namespace {

using K = Value::Kind;

bool failWith(std::string &error, std::string message)
{
    error = std::move(message);
    return false;
}

std::int64_t intOf(const Value &v) { return v.kind == K::Bool ? (v.boolean ? 1 : 0) : v.integer; }
bool isIntLike(const Value &v) { return v.kind == K::Int || v.kind == K::Bool; }
double floatOf(const Value &v) { return v.kind == K::Float ? v.number : static_cast<double>(intOf(v)); }

bool evaluate(const Syntax &s, std::uint32_t index, Value &out, std::string &error);

bool sequenceRepeat(const Value &seq, std::int64_t times, Value &out, std::string &error)
{
    if (times > 0 && seq.items.size() * static_cast<std::size_t>(times) > 100000)
        return failWith(error, "repetition too large");
    out = Value();
    out.kind = seq.kind;
    for (std::int64_t t = 0; t < times; ++t)
        out.items.insert(out.items.end(), seq.items.begin(), seq.items.end());
    return true;
}

bool arithmetic(std::uint8_t op, const Value &a, const Value &b, Value &out, std::string &error)
{
    const std::string unsupported = "unsupported operand types for arithmetic: "
                                    + std::string(pyTypeName(a)) + " and " + std::string(pyTypeName(b));
    if (a.kind == K::String || b.kind == K::String) {
        if (op == kOpAdd && a.kind == K::String && b.kind == K::String) {
            out = Value::fromString(a.text + b.text);
            return true;
        }
        if (op == kOpMul && (isIntLike(a) || isIntLike(b))) {
            const Value &str = a.kind == K::String ? a : b;
            const std::int64_t times = intOf(a.kind == K::String ? b : a);
            if (times > 0 && str.text.size() * static_cast<std::size_t>(times) > 1000000)
                return failWith(error, "repetition too large");
            std::string result;
            for (std::int64_t t = 0; t < times; ++t)
                result += str.text;
            out = Value::fromString(std::move(result));
            return true;
        }
        return failWith(error, unsupported);
    }
    if (a.isSequence() || b.isSequence()) {
        if (op == kOpAdd && a.kind == b.kind) {
            out = a;
            out.items.insert(out.items.end(), b.items.begin(), b.items.end());
            return true;
        }
        if (op == kOpMul && a.isSequence() && isIntLike(b))
            return sequenceRepeat(a, intOf(b), out, error);
        if (op == kOpMul && b.isSequence() && isIntLike(a))
            return sequenceRepeat(b, intOf(a), out, error);
        return failWith(error, unsupported);
    }
    if (!a.isNumeric() || !b.isNumeric())
        return failWith(error, unsupported);
    if (isIntLike(a) && isIntLike(b)) {
        const std::int64_t x = intOf(a), y = intOf(b);
        std::int64_t r = 0;
        switch (op) {
        case kOpAdd:
            if (__builtin_add_overflow(x, y, &r))
                return failWith(error, "integer overflow");
            out = Value::fromInt(r);
            return true;
        case kOpSub:
            if (__builtin_sub_overflow(x, y, &r))
                return failWith(error, "integer overflow");
            out = Value::fromInt(r);
            return true;
        case kOpMul:
            if (__builtin_mul_overflow(x, y, &r))
                return failWith(error, "integer overflow");
            out = Value::fromInt(r);
            return true;
        case kOpDiv:
            if (y == 0)
                return failWith(error, "division by zero");
            out = Value::fromFloat(static_cast<double>(x) / static_cast<double>(y));
            return true;
        case kOpFloorDiv:
        case kOpMod: {
            if (y == 0)
                return failWith(error, "integer division or modulo by zero");
            if (x == std::numeric_limits<std::int64_t>::min() && y == -1)
                return failWith(error, "integer overflow");
            std::int64_t q = x / y, m = x % y;
            if (m != 0 && ((m < 0) != (y < 0))) {
                --q;
                m += y;
            }
            out = Value::fromInt(op == kOpMod ? m : q);
            return true;
        }
        case kOpPow: {
            if (y < 0) {
                if (x == 0)
                    return failWith(error, "0 cannot be raised to a negative power");
                out = Value::fromFloat(std::pow(static_cast<double>(x), static_cast<double>(y)));
                return true;
            }
            std::int64_t result = 1;
            for (std::int64_t i = 0; i < y; ++i) {
                if (__builtin_mul_overflow(result, x, &result))
                    return failWith(error, "integer overflow");
                if (result == 0 || result == 1)
                    break;
            }
            if (result == 1 && x == -1 && (y % 2))
                result = -1;
            out = Value::fromInt(result);
            return true;
        }
        case kOpLShift:
            if (y < 0)
                return failWith(error, "negative shift count");
            if (y >= 63 || (x != 0 && (x > (INT64_MAX >> y) || x < (INT64_MIN >> y))))
                return x == 0 ? (out = Value::fromInt(0), true) : failWith(error, "integer overflow");
            out = Value::fromInt(static_cast<std::int64_t>(static_cast<std::uint64_t>(x) << y));
            return true;
        case kOpRShift:
            if (y < 0)
                return failWith(error, "negative shift count");
            out = Value::fromInt(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
            return true;
        case kOpAnd:
        case kOpOr:
        case kOpXor: {
            r = op == kOpAnd ? (x & y) : op == kOpOr ? (x | y) : (x ^ y);
            if (a.kind == K::Bool && b.kind == K::Bool)
                out = Value::fromBool(r != 0);
            else
                out = Value::fromInt(r);
            return true;
        }
        default:
            return failWith(error, unsupported);
        }
    }
    const double x = floatOf(a), y = floatOf(b);
    switch (op) {
    case kOpAdd: out = Value::fromFloat(x + y); return true;
    case kOpSub: out = Value::fromFloat(x - y); return true;
    case kOpMul: out = Value::fromFloat(x * y); return true;
    case kOpDiv:
        if (y == 0)
            return failWith(error, "float division by zero");
        out = Value::fromFloat(x / y);
        return true;
    case kOpFloorDiv:
    case kOpMod: {
        if (y == 0)
            return failWith(error, "float modulo by zero");
        // CPython's float_divmod
        double mod = std::fmod(x, y);
        double div = (x - mod) / y;
        if (mod != 0) {
            if ((y < 0) != (mod < 0)) {
                mod += y;
                div -= 1.0;
            }
        } else {
            mod = std::copysign(0.0, y);
        }
        double floordiv = 0.0;
        if (div != 0) {
            floordiv = std::floor(div);
            if (div - floordiv > 0.5)
                floordiv += 1.0;
        } else {
            floordiv = std::copysign(0.0, x / y);
        }
        out = Value::fromFloat(op == kOpMod ? mod : floordiv);
        return true;
    }
    case kOpPow:
        if (x == 0 && y < 0)
            return failWith(error, "0.0 cannot be raised to a negative power");
        if (x < 0 && y != std::floor(y))
            return failWith(error, "complex results are not supported");
        out = Value::fromFloat(std::pow(x, y));
        return true;
    default:
        return failWith(error, unsupported);
    }
}

bool truthy(const Value &v)
{
    switch (v.kind) {
    case K::None: return false;
    case K::Bool: return v.boolean;
    case K::Int: return v.integer != 0;
    case K::Float: return v.number != 0;
    case K::String: return !v.text.empty();
    case K::List:
    case K::Tuple: return !v.items.empty();
    case K::Dict: return !v.entries.empty();
    default: return true;
    }
}

bool evaluate(const Syntax &s, std::uint32_t index, Value &out, std::string &error)
{
    const Node &n = s.node(index);
    switch (n.kind) {
    case NodeKind::Constant:
        if (n.ellipsis || s.constantOf(n).kind == K::Other)
            return failWith(error, "unsupported literal in arithmetic");
        out = s.constantOf(n);
        return true;
    case NodeKind::Name:
        return failWith(error, "name '" + std::string(n.ident) + "' is not defined");
    case NodeKind::List:
    case NodeKind::Tuple: {
        out = Value();
        out.kind = n.kind == NodeKind::List ? K::List : K::Tuple;
        out.items.resize(n.count);
        for (std::uint32_t i = 0; i < n.count; ++i)
            if (!evaluate(s, s.childBegin(n)[i], out.items[i], error))
                return false;
        return true;
    }
    case NodeKind::Dict: {
        Value dict;
        dict.kind = K::Dict;
        DictBuilder builder(dict);
        for (std::uint32_t i = 0; i + 1 < n.count; i += 2) {
            Value key, value;
            if (!evaluate(s, s.childBegin(n)[i], key, error) || !evaluate(s, s.childBegin(n)[i + 1], value, error))
                return false;
            if (key.kind == K::List || key.kind == K::Dict)
                return failWith(error, "unhashable type: '" + std::string(pyTypeName(key)) + "'");
            builder.set(std::move(key), std::move(value));
        }
        out = std::move(dict);
        return true;
    }
    case NodeKind::UnaryOp: {
        Value operand;
        if (!evaluate(s, n.lhs, operand, error))
            return false;
        if (n.op == '!') {
            out = Value::fromBool(!truthy(operand));
            return true;
        }
        if (!operand.isNumeric() || (n.op == '~' && operand.kind == K::Float))
            return failWith(error, "bad operand type for unary operator");
        if (operand.kind == K::Float) {
            out = Value::fromFloat(n.op == '-' ? -operand.number : operand.number);
            return true;
        }
        const std::int64_t i = intOf(operand);
        if (n.op == '-' && i == std::numeric_limits<std::int64_t>::min())
            return failWith(error, "integer overflow");
        out = Value::fromInt(n.op == '-' ? -i : n.op == '~' ? ~i : i);
        return true;
    }
    case NodeKind::BinOp: {
        Value a, b;
        if (!evaluate(s, n.lhs, a, error) || !evaluate(s, n.rhs, b, error))
            return false;
        return arithmetic(n.op, a, b, out, error);
    }
    default:
        return failWith(error, "unsupported expression in arithmetic");
    }
}

// Python's unparse precedences.
enum Prec { kTuple = 0, kNot = 3, kBor = 6, kBxor, kBand, kShift, kArith, kTerm, kFactor, kPower, kAtom = 15 };

int binPrec(std::uint8_t op)
{
    switch (op) {
    case kOpOr: return kBor;
    case kOpXor: return kBxor;
    case kOpAnd: return kBand;
    case kOpLShift:
    case kOpRShift: return kShift;
    case kOpAdd:
    case kOpSub: return kArith;
    case kOpPow: return kPower;
    default: return kTerm;
    }
}

const char *binText(std::uint8_t op)
{
    switch (op) {
    case kOpAdd: return " + ";
    case kOpSub: return " - ";
    case kOpMul: return " * ";
    case kOpDiv: return " / ";
    case kOpMod: return " % ";
    case kOpAnd: return " & ";
    case kOpOr: return " | ";
    case kOpXor: return " ^ ";
    case kOpMatMul: return " @ ";
    case kOpFloorDiv: return " // ";
    case kOpPow: return " ** ";
    case kOpLShift: return " << ";
    default: return " >> ";
    }
}

void unparseAt(const Syntax &s, std::uint32_t index, int prec, std::string &out)
{
    const Node &n = s.node(index);
    const std::uint32_t *kids = s.childBegin(n);
    auto items = [&](std::uint32_t from) {
        for (std::uint32_t i = from; i < n.count; ++i) {
            if (i > from)
                out += ", ";
            unparseAt(s, kids[i], kTuple + 1, out);
        }
    };
    switch (n.kind) {
    case NodeKind::Constant:
        if (n.ellipsis)
            out += "...";
        else if (s.constantOf(n).kind == K::Float && std::isinf(s.constantOf(n).number))
            out += "1e309";
        else
            appendPyRepr(out, s.constantOf(n));
        return;
    case NodeKind::Name:
        out += n.ident;
        return;
    case NodeKind::Attribute:
        unparseAt(s, n.lhs, kAtom, out);
        out += '.';
        out += n.ident;
        return;
    case NodeKind::Call: {
        unparseAt(s, n.lhs, kAtom, out);
        out += '(';
        for (std::uint32_t i = 0; i < n.count; ++i) {
            if (i)
                out += ", ";
            const Node &arg = s.node(kids[i]);
            if (arg.kind == NodeKind::Keyword) {
                out += arg.ident;
                out += '=';
                unparseAt(s, arg.lhs, kTuple + 1, out);
            } else {
                unparseAt(s, kids[i], kTuple + 1, out);
            }
        }
        out += ')';
        return;
    }
    case NodeKind::List:
        out += '[';
        items(0);
        out += ']';
        return;
    case NodeKind::Set:
        out += '{';
        items(0);
        out += '}';
        return;
    case NodeKind::Tuple:
        if (prec > kTuple || n.count == 0)
            out += '(';
        items(0);
        if (n.count == 1)
            out += ',';
        if (prec > kTuple || n.count == 0)
            out += ')';
        return;
    case NodeKind::Dict:
        out += '{';
        for (std::uint32_t i = 0; i + 1 < n.count; i += 2) {
            if (i)
                out += ", ";
            unparseAt(s, kids[i], kTuple + 1, out);
            out += ": ";
            unparseAt(s, kids[i + 1], kTuple + 1, out);
        }
        out += '}';
        return;
    case NodeKind::UnaryOp: {
        const int own = n.op == '!' ? kNot : kFactor;
        if (prec > own)
            out += '(';
        if (n.op == '!')
            out += "not ";
        else
            out += static_cast<char>(n.op);
        unparseAt(s, n.lhs, own, out);
        if (prec > own)
            out += ')';
        return;
    }
    case NodeKind::BinOp: {
        const int own = binPrec(n.op);
        const bool rightAssoc = n.op == kOpPow;
        if (prec > own)
            out += '(';
        unparseAt(s, n.lhs, rightAssoc ? own + 1 : own, out);
        out += binText(n.op);
        unparseAt(s, n.rhs, rightAssoc ? own : own + 1, out);
        if (prec > own)
            out += ')';
        return;
    }
    case NodeKind::Subscript: {
        unparseAt(s, n.lhs, kAtom, out);
        out += '[';
        const Node &slice = s.node(n.rhs);
        if (slice.kind == NodeKind::Tuple && slice.count > 0) {
            const std::uint32_t *sk = s.childBegin(slice);
            for (std::uint32_t i = 0; i < slice.count; ++i) {
                if (i)
                    out += ", ";
                unparseAt(s, sk[i], kTuple + 1, out);
            }
            if (slice.count == 1)
                out += ',';
        } else {
            unparseAt(s, n.rhs, kTuple, out);
        }
        out += ']';
        return;
    }
    case NodeKind::Keyword:
        out += n.ident;
        out += '=';
        unparseAt(s, n.lhs, kTuple + 1, out);
        return;
    }
}

} // namespace

void unparse(const Syntax &syntax, std::uint32_t node, std::string &out) { unparseAt(syntax, node, kTuple, out); }

std::string callName(const Syntax &syntax, std::uint32_t callNode)
{
    // BFCL walks the attribute chain down to a Name; anything else at the bottom is dropped.
    std::uint32_t part = syntax.node(callNode).lhs;
    if (syntax.node(part).kind == NodeKind::Name)
        return std::string(syntax.node(part).ident);
    std::vector<std::string_view> parts;
    while (syntax.node(part).kind == NodeKind::Attribute) {
        parts.push_back(syntax.node(part).ident);
        part = syntax.node(part).lhs;
    }
    if (syntax.node(part).kind == NodeKind::Name)
        parts.push_back(syntax.node(part).ident);
    std::string name;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        if (!name.empty() || it != parts.rbegin())
            name += '.';
        name += *it;
    }
    return name;
}

bool resolveValue(Syntax &s, std::uint32_t index, Value &out, std::string &error)
{
    Node &n = s.nodes[index];
    switch (n.kind) {
    case NodeKind::Constant:
        out = std::move(s.constantOf(n)); // each node is resolved once
        out.span = n.span;
        return true;
    case NodeKind::UnaryOp: {
        const Node &operand = s.node(n.lhs);
        // BFCL: -operand.value, whatever the operator; only a constant has .value.
        if (operand.kind != NodeKind::Constant || operand.ellipsis)
            return failWith(error, "unary operator on a non-constant");
        const Value &c = s.constantOf(operand);
        const Span sp = n.span;
        switch (c.kind) {
        case K::Bool: out = Value::fromInt(c.boolean ? -1 : 0, sp); return true;
        case K::Int:
            if (c.integer == std::numeric_limits<std::int64_t>::min())
                return failWith(error, "integer overflow");
            out = Value::fromInt(-c.integer, sp);
            return true;
        case K::Float: out = Value::fromFloat(-c.number, sp); return true;
        case K::Other:
            if (c.text.empty() || c.text[0] == 'b' || c.text[0] == 'B' || c.text.find('\'') != std::string::npos
                || c.text.find('"') != std::string::npos)
                return failWith(error, "bad operand type for unary -: 'bytes'");
            out = c;
            out.text = "-" + c.text;
            out.span = sp;
            return true;
        default:
            return failWith(error, "bad operand type for unary -: '" + std::string(pyTypeName(c)) + "'");
        }
    }
    case NodeKind::List:
    case NodeKind::Tuple: {
        Value seq;
        seq.kind = n.kind == NodeKind::List ? K::List : K::Tuple;
        seq.span = n.span;
        const std::uint32_t count = n.count, first = n.first;
        seq.items.resize(count);
        for (std::uint32_t i = 0; i < count; ++i)
            if (!resolveValue(s, s.children[first + i], seq.items[i], error))
                return false;
        out = std::move(seq);
        return true;
    }
    case NodeKind::Dict: {
        Value dict;
        dict.kind = K::Dict;
        dict.span = n.span;
        const std::uint32_t count = n.count, first = n.first;
        dict.entries.reserve(count / 2);
        DictBuilder builder(dict);
        for (std::uint32_t i = 0; i + 1 < count; i += 2) {
            Value key, value;
            if (!resolveValue(s, s.children[first + i], key, error)
                || !resolveValue(s, s.children[first + i + 1], value, error))
                return false;
            if (key.kind == K::List || key.kind == K::Dict)
                return failWith(error, "unhashable type: '" + std::string(pyTypeName(key)) + "'");
            builder.set(std::move(key), std::move(value));
        }
        out = std::move(dict);
        return true;
    }
    case NodeKind::BinOp:
        if (!evaluate(s, index, out, error))
            return false;
        out.span = n.span;
        return true;
    case NodeKind::Name:
        out = Value::fromString(std::string(n.ident), n.span);
        return true;
    case NodeKind::Call: {
        bool hasKeywords = false;
        for (std::uint32_t i = 0; i < n.count; ++i)
            hasKeywords |= s.node(s.children[n.first + i]).kind == NodeKind::Keyword;
        if (!hasKeywords) {
            std::string text;
            unparse(s, index, text);
            out = Value::fromString(std::move(text), n.span);
            return true;
        }
        Value args;
        args.kind = K::Dict;
        args.span = n.span;
        DictBuilder builder(args);
        const std::uint32_t count = s.node(index).count, first = s.node(index).first;
        for (std::uint32_t i = 0; i < count; ++i) {
            const std::uint32_t kid = s.children[first + i];
            if (s.node(kid).kind != NodeKind::Keyword)
                continue;
            Value value;
            if (!resolveValue(s, s.node(kid).lhs, value, error))
                return false;
            builder.set(Value::fromString(std::string(s.node(kid).ident), s.node(kid).nameSpan), std::move(value));
        }
        Value call;
        call.kind = K::Dict;
        call.span = s.node(index).span;
        call.entries.push_back(DictEntry{Value::fromString(callName(s, index)), std::move(args)});
        out = std::move(call);
        return true;
    }
    case NodeKind::Subscript: {
        std::string text;
        unparse(s, index, text);
        out = Value::fromString(std::move(text), n.span);
        return true;
    }
    case NodeKind::Attribute:
        return failWith(error, "unsupported value: attribute access");
    case NodeKind::Set:
        return failWith(error, "unsupported value: set");
    default:
        return failWith(error, "unsupported value");
    }
}

} // namespace itool::toolcall::detail
