// Search tree: PUCT selection, chains, backup and the JSON artifact (docs/search.md).
#include "core/search/search_tree.h"

#include <cmath>
#include <stdexcept>

namespace itool::search {

double puctScore(double valueSum, int visits, double prior, int parentVisits, double c)
{
    const double q = valueSum / (1.0 + visits);
    const double logN = parentVisits > 1 ? std::log(double(parentVisits)) : 0.0;
    return q + c * prior * std::sqrt(logN / (1.0 + visits));
}

SearchTree::SearchTree()
{
    SearchNode root;
    root.id = 0;
    m_nodes.push_back(root);
}

namespace {
std::vector<int> pathFromRoot(const std::vector<SearchNode> &nodes, int id)
{
    std::vector<int> path;
    for (int n = id; n > 0; n = nodes.at(std::size_t(n)).parent)
        path.push_back(n);
    return {path.rbegin(), path.rend()};
}
} // namespace

std::string SearchTree::text(int id) const
{
    std::string out;
    for (int n : pathFromRoot(m_nodes, id))
        out += m_nodes[std::size_t(n)].fragment;
    return out;
}

TokenIds SearchTree::tokens(int id) const
{
    TokenIds out;
    for (int n : pathFromRoot(m_nodes, id))
        out.insert(out.end(), m_nodes[std::size_t(n)].tokens.begin(), m_nodes[std::size_t(n)].tokens.end());
    return out;
}

int SearchTree::select(double c) const
{
    int current = 0;
    if (m_nodes[0].exhausted)
        return -1;
    while (true) {
        const auto &n = m_nodes[std::size_t(current)];
        if (!n.expanded)
            return current;
        int best = -1;
        double bestScore = 0.0;
        for (int child : n.children) {
            const auto &ch = m_nodes[std::size_t(child)];
            if (ch.exhausted)
                continue;
            const double s = puctScore(ch.valueSum, ch.visits, ch.prior, n.visits, c);
            if (best < 0 || s > bestScore) {
                best = child;
                bestScore = s;
            }
        }
        if (best < 0)
            return -1; // cannot happen while exhausted flags are kept up to date
        current = best;
    }
}

int SearchTree::addNode(int parent, std::string fragment, double prior, bool terminal, TokenIds tokens)
{
    SearchNode n;
    n.id = int(m_nodes.size());
    n.parent = parent;
    n.fragment = std::move(fragment);
    n.tokens = std::move(tokens);
    n.prior = prior;
    n.depth = m_nodes.at(std::size_t(parent)).depth + 1;
    n.terminal = terminal;
    n.exhausted = terminal;
    m_nodes.push_back(std::move(n));
    m_nodes[std::size_t(parent)].children.push_back(m_nodes.back().id);
    updateExhausted(parent);
    return m_nodes.back().id;
}

void SearchTree::updateExhausted(int id)
{
    for (int n = id; n >= 0; n = m_nodes[std::size_t(n)].parent) {
        auto &node = m_nodes[std::size_t(n)];
        bool exhausted = node.terminal;
        if (!exhausted && node.expanded) {
            exhausted = true;
            for (int child : node.children)
                exhausted = exhausted && m_nodes[std::size_t(child)].exhausted;
        }
        if (exhausted == node.exhausted && n != id)
            break; // nothing changes further up
        node.exhausted = exhausted;
    }
}

void SearchTree::markExpanded(int id)
{
    m_nodes.at(std::size_t(id)).expanded = true;
    updateExhausted(id);
}

int SearchTree::addChain(int from, const std::vector<Fragment> &fragments, int maxDepth, bool ends)
{
    int current = from;
    std::size_t i = 0;
    while (i < fragments.size()) {
        const int depth = m_nodes[std::size_t(current)].depth + 1;
        Fragment step = fragments[i];
        std::size_t next = i + 1;
        if (depth >= maxDepth && fragments.size() - i > 1) {
            // Below the depth limit the rest of the continuation is one node; its prior is
            // the geometric mean of the pieces' priors weighted by their token counts (the
            // search passes already-merged fragments, whose prior comes from the tokens).
            double logSum = 0.0;
            std::size_t weight = 0;
            step = Fragment{};
            for (std::size_t j = i; j < fragments.size(); ++j) {
                step.text += fragments[j].text;
                step.tokens.insert(step.tokens.end(), fragments[j].tokens.begin(), fragments[j].tokens.end());
                const std::size_t w = std::max<std::size_t>(1, fragments[j].tokens.size());
                logSum += double(w) * std::log(std::max(fragments[j].prior, 1e-300));
                weight += w;
            }
            step.prior = std::exp(logSum / double(weight));
            next = fragments.size();
        }
        const bool terminal = next == fragments.size() && ends;
        int found = -1;
        for (int child : m_nodes[std::size_t(current)].children) {
            const auto &ch = m_nodes[std::size_t(child)];
            if (ch.tokens == step.tokens && ch.fragment == step.text && ch.terminal == terminal) {
                found = child;
                break;
            }
        }
        current = found >= 0 ? found : addNode(current, std::move(step.text), step.prior, terminal, std::move(step.tokens));
        i = next;
    }
    return current;
}

void SearchTree::backup(int id, double reward)
{
    for (int n = id; n >= 0; n = m_nodes.at(n).parent) {
        m_nodes[n].visits += 1;
        m_nodes[n].valueSum += reward;
    }
}

namespace {
const char *const kColumns[] = {"id", "parent", "fragment", "prior", "visits", "value_sum", "mean_value",
                                "reward", "depth", "terminal", "expanded", "errors", "tokens"};
constexpr std::size_t kVersion1Columns = 12; // version 1 had no "tokens"
double round6(double v) { return std::round(v * 1e6) / 1e6; }
} // namespace

Json SearchTree::toJson(const Json &meta) const
{
    Json out = Json::object();
    out["format"] = "itool-tree";
    out["version"] = 2;
    for (auto it = meta.begin(); it != meta.end(); ++it)
        out[it.key()] = it.value();
    out["columns"] = Json::array();
    for (const char *c : kColumns)
        out["columns"].push_back(c);
    Json rows = Json::array();
    for (const auto &n : m_nodes) {
        Json row = Json::array();
        row.push_back(n.id);
        row.push_back(n.parent);
        row.push_back(n.fragment);
        row.push_back(round6(n.prior));
        row.push_back(n.visits);
        row.push_back(round6(n.valueSum));
        row.push_back(round6(n.meanValue()));
        row.push_back(n.reward ? Json(round6(*n.reward)) : Json(nullptr));
        row.push_back(n.depth);
        row.push_back(n.terminal);
        row.push_back(n.expanded);
        row.push_back(n.errors);
        row.push_back(n.tokens);
        rows.push_back(std::move(row));
    }
    out["nodes"] = std::move(rows);
    return out;
}

SearchTree SearchTree::fromJson(const Json &json)
{
    if (!json.is_object() || json.value("format", "") != "itool-tree" || !json.contains("nodes") ||
        !json["nodes"].is_array())
        throw std::runtime_error("not an itool-tree JSON object (format/nodes missing)");
    const int version = json.value("version", 0);
    if (version != 1 && version != 2)
        throw std::runtime_error("unsupported itool-tree version (1 and 2 are read)");
    const std::size_t columns = version == 1 ? kVersion1Columns : std::size(kColumns);
    SearchTree tree;
    tree.m_nodes.clear();
    const auto &rows = json["nodes"];
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto &r = rows[i];
        if (!r.is_array() || r.size() != columns)
            throw std::runtime_error("itool-tree node " + std::to_string(i) + ": expected " +
                                     std::to_string(columns) + " columns");
        SearchNode n;
        n.id = r[0].get<int>();
        n.parent = r[1].get<int>();
        if (n.id != int(i) || (i == 0) != (n.parent < 0) || n.parent >= int(i))
            throw std::runtime_error("itool-tree node " + std::to_string(i) + ": ids must be 0..n-1, parents first");
        n.fragment = r[2].get<std::string>();
        n.prior = r[3].get<double>();
        n.visits = r[4].get<int>();
        n.valueSum = r[5].get<double>();
        if (!r[7].is_null())
            n.reward = r[7].get<double>();
        n.depth = r[8].get<int>();
        n.terminal = r[9].get<bool>();
        n.expanded = r[10].get<bool>();
        n.errors = r[11];
        if (version >= 2)
            n.tokens = r[12].get<TokenIds>();
        if (n.parent >= 0)
            tree.m_nodes[n.parent].children.push_back(n.id);
        tree.m_nodes.push_back(std::move(n));
    }
    if (tree.m_nodes.empty())
        throw std::runtime_error("itool-tree without nodes");
    // Exhausted flags follow from the others: children come after their parents.
    for (auto it = tree.m_nodes.rbegin(); it != tree.m_nodes.rend(); ++it) {
        bool exhausted = it->terminal;
        if (!exhausted && it->expanded) {
            exhausted = true;
            for (int child : it->children)
                exhausted = exhausted && tree.m_nodes[std::size_t(child)].exhausted;
        }
        it->exhausted = exhausted;
    }
    return tree;
}

} // namespace itool::search
