#pragma once
// Positions for drawing a search tree top-down: depth gives the row; leaves take consecutive
// slots in depth-first order and a parent sits midway between its first and last child. Two
// nodes of one row are then at least one slot apart (their subtrees' leaves do not interleave),
// and the slot and row are wider than the largest node, so nodes never overlap.
// Node radius grows with the square root of the visit count.
// What it is not: drawing (tree_scene.h).
#include "core/search/search_tree.h"

#include <vector>

namespace itool::ui {

struct TreeLayoutOptions
{
    double minRadius = 7.0;
    double maxRadius = 24.0;
    double gap = 40.0;    // free space between the widest nodes of one row
    double rowGap = 70.0; // free space between rows (edge labels go there)
};

struct NodeGeometry
{
    double x = 0.0, y = 0.0; // centre
    double radius = 0.0;
};

struct TreeLayout
{
    std::vector<NodeGeometry> nodes; // by node id
    double slot = 0.0, row = 0.0;
    double width = 0.0, height = 0.0;
};

TreeLayout layoutTree(const search::SearchTree &tree, const TreeLayoutOptions &options = {});

// Pairs of nodes whose discs intersect (for tests and a debug check): empty for a good layout.
std::vector<std::pair<int, int>> overlappingNodes(const TreeLayout &layout);

} // namespace itool::ui
