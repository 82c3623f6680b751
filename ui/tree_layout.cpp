// Tree layout; see tree_layout.h.
#include "ui/tree_layout.h"

#include <algorithm>
#include <cmath>

namespace itool::ui {

TreeLayout layoutTree(const search::SearchTree &tree, const TreeLayoutOptions &o)
{
    TreeLayout out;
    const auto &nodes = tree.nodes();
    out.nodes.resize(nodes.size());
    if (nodes.empty())
        return out;
    int maxVisits = 1;
    for (const auto &n : nodes)
        maxVisits = std::max(maxVisits, n.visits);
    for (std::size_t i = 0; i < nodes.size(); ++i)
        out.nodes[i].radius = o.minRadius
                              + (o.maxRadius - o.minRadius)
                                    * std::sqrt(double(std::max(0, nodes[i].visits)) / maxVisits);
    out.slot = 2.0 * o.maxRadius + o.gap;
    out.row = 2.0 * o.maxRadius + o.rowGap;

    // Iterative post-order (trees can be deep chains): leaves take the next slot, parents
    // the middle of their children.
    double nextSlot = 0.0;
    int maxDepth = 0;
    std::vector<std::pair<int, std::size_t>> stack{{0, 0}};
    while (!stack.empty()) {
        auto &[id, child] = stack.back();
        const auto &n = nodes[std::size_t(id)];
        if (child < n.children.size()) {
            const int next = n.children[child++];
            stack.emplace_back(next, 0);
            continue;
        }
        auto &g = out.nodes[std::size_t(id)];
        const int depth = int(stack.size()) - 1;
        maxDepth = std::max(maxDepth, depth);
        g.x = o.maxRadius + depth * out.row;
        if (n.children.empty()) {
            g.y = o.maxRadius + nextSlot * out.slot;
            nextSlot += 1.0;
        } else {
            g.y = (out.nodes[std::size_t(n.children.front())].y
                   + out.nodes[std::size_t(n.children.back())].y)
                  / 2.0;
        }
        stack.pop_back();
    }
    out.height = 2.0 * o.maxRadius + std::max(0.0, nextSlot - 1.0) * out.slot;
    out.width = 2.0 * o.maxRadius + maxDepth * out.row;
    return out;
}

std::vector<std::pair<int, int>> overlappingNodes(const TreeLayout &layout)
{
    // Sort by x and compare neighbours within the largest diameter: O(n log n + hits).
    std::vector<int> order(layout.nodes.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return layout.nodes[a].x < layout.nodes[b].x; });
    double maxR = 0.0;
    for (const auto &g : layout.nodes)
        maxR = std::max(maxR, g.radius);
    std::vector<std::pair<int, int>> out;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto &a = layout.nodes[order[i]];
        for (std::size_t j = i + 1; j < order.size(); ++j) {
            const auto &b = layout.nodes[order[j]];
            if (b.x - a.x >= 2.0 * maxR)
                break;
            const double dx = b.x - a.x, dy = b.y - a.y, r = a.radius + b.radius;
            if (dx * dx + dy * dy < r * r)
                out.emplace_back(std::min(order[i], order[j]), std::max(order[i], order[j]));
        }
    }
    return out;
}

} // namespace itool::ui
