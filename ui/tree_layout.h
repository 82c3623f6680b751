#pragma once
// Positions for drawing a search tree left to right: depth gives the column (x); leaves take
// consecutive slots (y) in depth-first order and a parent sits midway between its first and
// last child. Two nodes of one column are then at least one slot apart (their subtrees' leaves
// do not interleave), and slot and column are wider than the largest node, so nodes never
// overlap. Left to right leaves room for the fragment text on the edges.
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
    double slot = 0.0, row = 0.0; // leaf spacing (y) and column spacing (x)
    double width = 0.0, height = 0.0;
};

TreeLayout layoutTree(const search::SearchTree &tree, const TreeLayoutOptions &options = {});

// Pairs of nodes whose discs intersect (for tests and a debug check): empty for a good layout.
std::vector<std::pair<int, int>> overlappingNodes(const TreeLayout &layout);

} // namespace itool::ui
