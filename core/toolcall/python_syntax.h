#pragma once
// Internal to core/toolcall: a small reader for the Python expression subset model output
// uses (literals, names, dotted names, calls, subscripts, arithmetic), producing a flat node
// pool with byte spans, plus the two ways BFCL turns those nodes into values (its
// resolve_ast_by_type rules, and eval() for arithmetic) and an ast.unparse() for the nodes it
// stringifies. What it is not: a Python interpreter; anything outside the subset is a clean
// "unsupported" failure.
#include "core/toolcall/call_parser.h"
#include "core/toolcall/value.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace itool::toolcall::detail {

enum class NodeKind : std::uint8_t {
    Constant,  // value in `constant`
    Name,      // ident
    Attribute, // lhs . ident
    Call,      // lhs ( children: positional values, then Keyword nodes in source order )
    Keyword,   // ident = lhs
    List,
    Tuple,
    Dict, // children: key, value, key, value...
    Set,
    UnaryOp,   // op: '-', '+', '~', '!' (not); operand lhs
    BinOp,     // op code below; lhs, rhs
    Subscript, // lhs [ rhs ]
    // Parsed so that positional arguments using them are dropped like BFCL drops them, but
    // never turned into values (BFCL's decoder rejects them as values too):
    Operators, // comparisons, and/or, x if c else y: children are operand, op, operand, ...
               // with each op a Name node holding its text
    Starred    // *lhs as a positional argument
};

// BinOp codes.
enum : std::uint8_t {
    kOpAdd = '+',
    kOpSub = '-',
    kOpMul = '*',
    kOpDiv = '/',
    kOpMod = '%',
    kOpAnd = '&',
    kOpOr = '|',
    kOpXor = '^',
    kOpMatMul = '@',
    kOpFloorDiv = 'F',
    kOpPow = 'P',
    kOpLShift = 'L',
    kOpRShift = 'R'
};

constexpr std::uint32_t kNoNode = 0xffffffffu;

struct Node
{
    NodeKind kind = NodeKind::Constant;
    std::uint8_t op = 0;
    bool ellipsis = false; // Constant `...`
    bool parenthesized = false;
    Span span;
    Span nameSpan; // Keyword: the keyword's name; Attribute: the attribute
    std::uint32_t lhs = kNoNode, rhs = kNoNode;
    std::uint32_t first = 0, count = 0; // into Syntax::children
    std::string_view ident;
    std::uint32_t constant = kNoNode; // Constant: index into Syntax::constants
};

class Syntax
{
public:
    // Parses `text` (whose first byte sits at `base` in the raw text) as Python's eval input.
    // Returns the root node or kNoNode with error/errorOffset set.
    std::uint32_t parse(std::string_view text, std::uint32_t base);
    // The same text read straight into calls when it is a plain call list (keyword arguments
    // whose values are literals, bare names, negated numbers, lists and dicts of them): the
    // result parse() and the value rules would give, without the node pool. False, with
    // `calls` unspecified, where the text needs parse(); that includes every failure.
    bool parsePlainCalls(std::string_view text, std::uint32_t base, std::vector<ParsedCall> &calls);

    std::vector<Node> nodes;
    std::vector<std::uint32_t> children;
    std::vector<Value> constants;
    std::vector<std::uint32_t> stack; // parser scratch, kept for its capacity
    Value pending;                    // the token being read (Parser), kept for its storage
    std::string error;
    std::uint32_t errorOffset = 0;

    const Node &node(std::uint32_t i) const { return nodes[i]; }
    const std::uint32_t *childBegin(const Node &n) const { return children.data() + n.first; }
    const Value &constantOf(const Node &n) const { return constants[n.constant]; }
    Value &constantOf(const Node &n) { return constants[n.constant]; }
    void setConstant(std::uint32_t node, Value value)
    {
        nodes[node].constant = static_cast<std::uint32_t>(constants.size());
        constants.push_back(std::move(value));
    }
};

// BFCL's resolve_ast_by_type: the value a keyword argument's node becomes. False with
// `error` set where BFCL's decoder raises.
bool resolveValue(Syntax &syntax, std::uint32_t node, Value &out, std::string &error);
// BFCL's dotted function name of a call node (attributes joined by '.').
std::string callName(const Syntax &syntax, std::uint32_t callNode);
// Python's ast.unparse of a node.
void unparse(const Syntax &syntax, std::uint32_t node, std::string &out);

} // namespace itool::toolcall::detail
