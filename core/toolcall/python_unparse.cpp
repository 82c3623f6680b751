// ast.unparse for the syntax nodes BFCL turns into text (calls without keywords, subscripts):
// Python's spacing, quoting and precedence-driven parentheses.
#include "core/toolcall/python_syntax.h"

#include <cmath>

namespace itool::toolcall::detail {

namespace {

using K = Value::Kind;

// Python's unparse precedences.
enum Prec {
    kTuple = 0,
    kTest = 1,
    kOr = 2,
    kAnd = 3,
    kNot = 4,
    kCmp = 5,
    kBor = 6,
    kBxor,
    kBand,
    kShift,
    kArith,
    kTerm,
    kFactor,
    kPower,
    kAtom = 15
};

int binPrec(std::uint8_t op)
{
    switch (op) {
    case kOpOr:
        return kBor;
    case kOpXor:
        return kBxor;
    case kOpAnd:
        return kBand;
    case kOpLShift:
    case kOpRShift:
        return kShift;
    case kOpAdd:
    case kOpSub:
        return kArith;
    case kOpPow:
        return kPower;
    default:
        return kTerm;
    }
}

const char *binText(std::uint8_t op)
{
    switch (op) {
    case kOpAdd:
        return " + ";
    case kOpSub:
        return " - ";
    case kOpMul:
        return " * ";
    case kOpDiv:
        return " / ";
    case kOpMod:
        return " % ";
    case kOpAnd:
        return " & ";
    case kOpOr:
        return " | ";
    case kOpXor:
        return " ^ ";
    case kOpMatMul:
        return " @ ";
    case kOpFloorDiv:
        return " // ";
    case kOpPow:
        return " ** ";
    case kOpLShift:
        return " << ";
    default:
        return " >> ";
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
    case NodeKind::Operators: {
        // op: 1 conditional, 2 or, 3 and, 5 comparison (Python's precedence classes)
        const int own = n.op == 1 ? kTest : n.op == 2 ? kOr : n.op == 3 ? kAnd : kCmp;
        if (prec > own)
            out += '(';
        for (std::uint32_t i = 0; i < n.count; ++i) {
            if (i % 2 == 1) {
                out += ' ';
                out += s.node(kids[i]).ident;
                out += ' ';
            } else {
                // operands bind tighter than the operator; a conditional's last part may nest
                const bool lastOfConditional = n.op == 1 && i + 1 == n.count;
                unparseAt(s, kids[i], lastOfConditional ? own : own + 1, out);
            }
        }
        if (prec > own)
            out += ')';
        return;
    }
    case NodeKind::Starred:
        out += '*';
        unparseAt(s, n.lhs, kBor, out);
        return;
    }
}

} // namespace

void unparse(const Syntax &syntax, std::uint32_t node, std::string &out)
{
    unparseAt(syntax, node, kTest, out);
}

} // namespace itool::toolcall::detail
