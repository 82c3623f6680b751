// Tree drawing; see tree_scene.h.
#include "ui/tree_scene.h"

#include <QFontMetricsF>
#include <QGraphicsEllipseItem>
#include <QGraphicsPathItem>
#include <QGraphicsSimpleTextItem>
#include <QPainterPath>
#include <QPen>

#include <algorithm>

namespace itool::ui {

namespace {
constexpr int kNodeIdKey = 0;
}

TreeScene::TreeScene(QObject *parent)
    : QGraphicsScene(parent)
{
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
}

QColor TreeScene::valueColor(double v, int visits)
{
    if (visits <= 0)
        return QColor(190, 190, 190);
    // -1 red, 0 amber, +1 green (rewards of the checker lie in [-1, 1]).
    const double t = std::clamp((v + 1.0) / 2.0, 0.0, 1.0);
    const QColor red(214, 69, 65), amber(240, 180, 41), green(46, 160, 67);
    auto mix = [](const QColor &a, const QColor &b, double u) {
        return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * u),
                                float(a.greenF() + (b.greenF() - a.greenF()) * u),
                                float(a.blueF() + (b.blueF() - a.blueF()) * u));
    };
    return t < 0.5 ? mix(red, amber, t * 2.0) : mix(amber, green, (t - 0.5) * 2.0);
}

void TreeScene::setTree(const search::SearchTree &tree,
                        const std::vector<search::PreferencePair> &pairs)
{
    clear();
    m_items.clear();
    m_selectionRings.clear();
    m_chosen.clear();
    m_rejected.clear();
    m_tree = tree;
    m_layout = layoutTree(m_tree);
    for (const auto &p : pairs) {
        m_chosen.insert(p.chosenNode);
        m_rejected.insert(p.rejectedNode);
    }

    QPainterPath plain, chosen, rejected;
    const auto &nodes = m_tree.nodes();
    for (const auto &n : nodes) {
        if (n.parent < 0)
            continue;
        const auto &a = m_layout.nodes[std::size_t(n.parent)];
        const auto &b = m_layout.nodes[std::size_t(n.id)];
        QPainterPath &path = m_chosen.count(n.id)     ? chosen
                             : m_rejected.count(n.id) ? rejected
                                                      : plain;
        path.moveTo(a.x + a.radius, a.y);
        path.cubicTo((a.x + b.x) / 2, a.y, (a.x + b.x) / 2, b.y, b.x - b.radius, b.y);
    }
    auto addEdges = [this](const QPainterPath &path, const QPen &pen) {
        auto *item = addPath(path, pen);
        item->setZValue(-1);
    };
    addEdges(plain, QPen(QColor(150, 150, 150), 1.2));
    addEdges(chosen, QPen(QColor(46, 160, 67), 2.5));
    QPen rejectedPen(QColor(214, 69, 65), 2.5, Qt::DashLine);
    addEdges(rejected, rejectedPen);

    QFont labelFont;
    labelFont.setPointSizeF(7.5);
    labelFont.setFamily(QStringLiteral("monospace"));
    labelFont.setStyleHint(QFont::Monospace);
    const QFontMetricsF fm(labelFont);
    const double labelWidth = m_layout.row - 2.0 * 16.0 - 12.0; // the column gap, less the discs
    m_items.resize(nodes.size());
    for (const auto &n : nodes) {
        const auto &g = m_layout.nodes[std::size_t(n.id)];
        auto *item = addEllipse(g.x - g.radius, g.y - g.radius, 2 * g.radius, 2 * g.radius);
        item->setBrush(valueColor(n.meanValue(), n.visits));
        QPen pen(QColor(70, 70, 70), 1.0);
        if (m_chosen.count(n.id))
            pen = QPen(QColor(20, 120, 40), 4.0);
        else if (m_rejected.count(n.id))
            pen = QPen(QColor(180, 30, 30), 4.0, Qt::DashLine);
        if (n.terminal)
            pen.setStyle(pen.style() == Qt::DashLine ? Qt::DashDotLine : Qt::SolidLine);
        item->setPen(pen);
        item->setData(kNodeIdKey, n.id);
        item->setToolTip(QStringLiteral("node %1 · N=%2 · V/N=%3")
                             .arg(n.id)
                             .arg(n.visits)
                             .arg(n.meanValue(), 0, 'f', 3));
        m_items[std::size_t(n.id)] = item;
        if (n.parent >= 0 && !n.fragment.empty()) {
            QString text = QString::fromStdString(n.fragment).simplified();
            text = fm.elidedText(text, Qt::ElideRight, labelWidth);
            auto *label = addSimpleText(text, labelFont);
            label->setBrush(QColor(40, 40, 40));
            const QRectF r = label->boundingRect();
            label->setPos(g.x - g.radius - 3 - r.width(), g.y - r.height() - 1); // left of the node, over its edge
            label->setToolTip(QString::fromStdString(n.fragment));
        }
        if (!n.errors.empty() || (n.reward && *n.reward < 1.0 && n.terminal)) {
            auto *mark = addSimpleText(
                n.errors.empty() ? QStringLiteral("·") : QStringLiteral("!%1").arg(n.errors.size()),
                labelFont);
            mark->setBrush(QColor(180, 30, 30));
            mark->setPos(g.x + g.radius + 1, g.y - 4);
        }
    }
    setSceneRect(QRectF(-20, -30, m_layout.width + 40, m_layout.height + 60));
}

int TreeScene::nodeOf(const QGraphicsItem *item) const
{
    if (!item)
        return -1;
    const QVariant v = item->data(kNodeIdKey);
    return v.isValid() ? v.toInt() : -1;
}

void TreeScene::setSelectedNodes(const std::vector<int> &ids)
{
    for (QGraphicsItem *ring : m_selectionRings) {
        removeItem(ring);
        delete ring;
    }
    m_selectionRings.clear();
    int k = 0;
    for (int id : ids) {
        if (id < 0 || id >= int(m_items.size()))
            continue;
        const auto &g = m_layout.nodes[std::size_t(id)];
        const double r = g.radius + 6;
        auto *ring = addEllipse(g.x - r, g.y - r, 2 * r, 2 * r, QPen(QColor(40, 90, 220), 3.0));
        ring->setZValue(2);
        auto *tag = addSimpleText(k == 0 ? QStringLiteral("A") : QStringLiteral("B"));
        tag->setBrush(QColor(40, 90, 220));
        tag->setPos(g.x - r - 12, g.y - r - 12);
        m_selectionRings.push_back(ring);
        m_selectionRings.push_back(tag);
        ++k;
    }
}

} // namespace itool::ui
