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

std::string SearchTree::text(int id) const
{
    std::vector<int> path;
    for (int n = id; n > 0; n = m_nodes.at(n).parent)
        path.push_back(n);
    std::string out;
    for (auto it = path.rbegin(); it != path.rend(); ++it)
        out += m_nodes[*it].fragment;
    return out;
}

int SearchTree::select(double c) const
{
    int current = 0;
    while (true) {
        const auto &n = m_nodes[current];
        if (!n.expanded || n.terminal || n.children.empty())
            return current;
        int best = -1;
        double bestScore = 0.0;
        for (int child : n.children) {
            const auto &ch = m_nodes[child];
            const double s = puctScore(ch.valueSum, ch.visits, ch.prior, n.visits, c);
            if (best < 0 || s > bestScore) {
                best = child;
                bestScore = s;
            }
        }
        current = best;
    }
}

int SearchTree::addNode(int parent, std::string fragment, double prior, bool terminal)
{
    SearchNode n;
    n.id = int(m_nodes.size());
    n.parent = parent;
    n.fragment = std::move(fragment);
    n.prior = prior;
    n.depth = m_nodes.at(parent).depth + 1;
    n.terminal = terminal;
    m_nodes.push_back(std::move(n));
    m_nodes[parent].children.push_back(m_nodes.back().id);
    return m_nodes.back().id;
}

int SearchTree::addChain(int from, const std::vector<std::string> &fragments, const std::vector<double> &priors,
                         int maxDepth, bool ends)
{
    if (fragments.size() != priors.size())
        throw std::invalid_argument("addChain: one prior per fragment");
    int current = from;
    std::size_t i = 0;
    while (i < fragments.size()) {
        const int depth = m_nodes[current].depth + 1;
        std::string text;
        double prior = priors[i];
        std::size_t next = i + 1;
        if (depth >= maxDepth && fragments.size() - i > 1) {
            // Below the depth limit the rest of the continuation is one node; its prior is
            // the geometric mean of the pieces' priors weighted equally (callers that know
            // token counts pass already-merged fragments).
            double logSum = 0.0;
            for (std::size_t j = i; j < fragments.size(); ++j) {
                text += fragments[j];
                logSum += std::log(std::max(priors[j], 1e-300));
            }
            prior = std::exp(logSum / double(fragments.size() - i));
            next = fragments.size();
        } else {
            text = fragments[i];
        }
        const bool last = next == fragments.size();
        const bool terminal = last && ends;
        int found = -1;
        for (int child : m_nodes[current].children)
            if (m_nodes[child].fragment == text && m_nodes[child].terminal == terminal) {
                found = child;
                break;
            }
        current = found >= 0 ? found : addNode(current, std::move(text), prior, terminal);
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
                                "reward", "depth", "terminal", "expanded", "errors"};
double round6(double v) { return std::round(v * 1e6) / 1e6; }
} // namespace

Json SearchTree::toJson(const Json &meta) const
{
    Json out = Json::object();
    out["format"] = "itool-tree";
    out["version"] = 1;
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
    if (json.value("version", 0) != 1)
        throw std::runtime_error("unsupported itool-tree version");
    SearchTree tree;
    tree.m_nodes.clear();
    const auto &rows = json["nodes"];
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto &r = rows[i];
        if (!r.is_array() || r.size() != std::size(kColumns))
            throw std::runtime_error("itool-tree node " + std::to_string(i) + ": expected " +
                                     std::to_string(std::size(kColumns)) + " columns");
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
        if (n.parent >= 0)
            tree.m_nodes[n.parent].children.push_back(n.id);
        tree.m_nodes.push_back(std::move(n));
    }
    if (tree.m_nodes.empty())
        throw std::runtime_error("itool-tree without nodes");
    return tree;
}

} // namespace itool::search
