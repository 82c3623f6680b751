#pragma once
// A search tree as graphics items: one disc per node (size by visits, colour by mean value,
// grey when never visited), edges with the step's fragment text, and the chosen / rejected
// siblings of the tree's preference pairs outlined in green / red. Hundreds of nodes cost
// a few hundred items; edges of each kind share one path item.
// What it is not: interaction (tree_pane.h) or layout (tree_layout.h).
#include "core/search/pair_extractor.h"
#include "core/search/search_tree.h"
#include "ui/tree_layout.h"

#include <QGraphicsScene>

#include <set>

class QGraphicsEllipseItem;

namespace itool::ui {

class TreeScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit TreeScene(QObject *parent = nullptr);

    // pairs: marks their chosen / rejected nodes (e.g. from the tree's own extraction).
    void setTree(const search::SearchTree &tree, const std::vector<search::PreferencePair> &pairs);
    const search::SearchTree &tree() const { return m_tree; }
    const TreeLayout &treeLayout() const { return m_layout; }
    bool isChosen(int id) const { return m_chosen.count(id) > 0; }
    bool isRejected(int id) const { return m_rejected.count(id) > 0; }
    QGraphicsEllipseItem *nodeItem(int id) const { return m_items.at(std::size_t(id)); }
    int nodeOf(const QGraphicsItem *item) const; // -1 when not a node
    void setSelectedNodes(const std::vector<int> &ids);

    static QColor valueColor(double meanValue, int visits);

private:
    search::SearchTree m_tree;
    TreeLayout m_layout;
    std::set<int> m_chosen, m_rejected;
    std::vector<QGraphicsEllipseItem *> m_items;
    std::vector<QGraphicsItem *> m_selectionRings;
};

} // namespace itool::ui
