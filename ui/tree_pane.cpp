// The tree explorer; see tree_pane.h.
#include "ui/tree_pane.h"

#include "ui/tree_scene.h"

#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>

namespace itool::ui {

TreeView::TreeView(QWidget *parent)
    : QGraphicsView(parent)
{
    setDragMode(QGraphicsView::ScrollHandDrag);
    setRenderHint(QPainter::Antialiasing);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setFocusPolicy(Qt::StrongFocus);
}

void TreeView::zoomBy(double factor)
{
    const double z = zoom() * factor;
    if (z < 0.0005 || z > 8.0)
        return;
    m_autoFit = false;
    scale(factor, factor);
}

void TreeView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit)
        fit();
}

void TreeView::fit()
{
    if (scene())
        fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
}

void TreeView::wheelEvent(QWheelEvent *event)
{
    zoomBy(std::pow(1.0015, event->angleDelta().y()));
    event->accept();
}

void TreeView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        if (auto *s = qobject_cast<TreeScene *>(scene())) {
            for (QGraphicsItem *item : items(event->pos())) {
                const int id = s->nodeOf(item);
                if (id >= 0) {
                    emit nodeClicked(id, event->modifiers()
                                             & (Qt::ControlModifier | Qt::ShiftModifier));
                    event->accept();
                    return;
                }
            }
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void TreeView::keyPressEvent(QKeyEvent *event)
{
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    if (event->key() == Qt::Key_F && !ctrl) {
        fit();
        m_autoFit = true;
    } else if (ctrl && (event->key() == Qt::Key_Equal || event->key() == Qt::Key_Plus)) {
        zoomBy(1.25);
    } else if (ctrl && event->key() == Qt::Key_Minus) {
        zoomBy(0.8);
    } else {
        QGraphicsView::keyPressEvent(event);
        return;
    }
    event->accept();
}

TreePane::TreePane(QWidget *parent)
    : QWidget(parent)
{
    m_files = new QComboBox;
    m_files->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_files->setMinimumContentsLength(30);
    m_view = new TreeView;
    m_scene = new TreeScene(this);
    m_view->setScene(m_scene);
    m_details = new QTextBrowser;
    m_details->setMinimumWidth(220);
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_makePair = new QPushButton(tr("Make pair (A chosen, B rejected)"));
    m_makePair->setEnabled(false);
    auto *fit = new QPushButton(tr("Fit (F)"));

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Tree:")));
    top->addWidget(m_files, 1);
    top->addWidget(fit);
    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_summary);
    sideLayout->addWidget(m_details, 1);
    sideLayout->addWidget(m_makePair);
    auto *split = new QSplitter;
    split->addWidget(m_view);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(fit, &QPushButton::clicked, m_view, &TreeView::fit);
    connect(m_view, &TreeView::nodeClicked, this, &TreePane::clickNode);
    connect(m_makePair, &QPushButton::clicked, this, &TreePane::makePair);
    connect(m_files, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0)
            openTreeFile(m_files->itemData(i).toString());
    });
    m_details->setHtml(
        tr("<i>Click a node for its details; Ctrl+click a sibling to make a pair.</i>"));
}

void TreePane::setWorkspaceDir(const QString &dir)
{
    m_workspaceDir = dir;
    QStringList files;
    QDirIterator it(QDir(dir).filePath(QStringLiteral("runs")), {QStringLiteral("*.json")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (f.contains(QStringLiteral("/trees/")))
            files << f;
    }
    files.sort();
    const QSignalBlocker block(m_files);
    m_files->clear();
    for (const QString &f : files)
        m_files->addItem(QDir(dir).relativeFilePath(f), f);
    if (!files.isEmpty()) {
        m_files->setCurrentIndex(0);
        openTreeFile(files.front());
    }
}

QStringList TreePane::treeFiles() const
{
    QStringList out;
    for (int i = 0; i < m_files->count(); ++i)
        out << m_files->itemData(i).toString();
    return out;
}

bool TreePane::openTreeFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("%1: cannot read").arg(path);
        return false;
    }
    const QByteArray bytes = f.readAll();
    try {
        const Json j = Json::parse(bytes.constBegin(), bytes.constEnd());
        const search::SearchTree tree = search::SearchTree::fromJson(j);
        // runs/<run>/trees/round-R/<record>.json
        QString run;
        const QStringList parts = QDir::fromNativeSeparators(path).split(QLatin1Char('/'));
        const int t = parts.lastIndexOf(QStringLiteral("trees"));
        if (t >= 1)
            run = parts[t - 1];
        const QString record = QString::fromStdString(j.value("record", std::string()));
        const int round = j.value("round", 0);
        // The pair rules the run used (written into its trees since 2026-12-07), else the defaults.
        const search::PairOptions rules = j.contains("pairs") && j["pairs"].is_object()
                                              ? search::PairOptions::fromJson(j["pairs"])
                                              : search::PairOptions{};
        setTree(tree, run, record.isEmpty() ? QFileInfo(path).completeBaseName() : record, round,
                QString::fromStdString(j.value("prompt", std::string())), rules);
        return true;
    } catch (const std::exception &e) {
        if (error)
            *error = tr("%1: %2").arg(path, QString::fromUtf8(e.what()));
        m_summary->setText(
            tr("<b>Cannot open</b> %1: %2")
                .arg(path.toHtmlEscaped(), QString::fromUtf8(e.what()).toHtmlEscaped()));
        return false;
    }
}

void TreePane::setTree(const search::SearchTree &tree, const QString &run, const QString &recordId,
                       int round, const QString &prompt, const search::PairOptions &rules)
{
    m_run = run;
    m_recordId = recordId;
    m_round = round;
    m_prompt = prompt;
    m_selected.clear();
    search::PairCounts counts;
    m_pairs = search::extractPairs(tree, recordId.toStdString(), round, prompt.toStdString(), rules, &counts);
    m_scene->setTree(tree, m_pairs);
    int maxDepth = 0, terminals = 0;
    for (const auto &n : tree.nodes()) {
        maxDepth = std::max(maxDepth, n.depth);
        terminals += n.terminal;
    }
    m_summary->setText(
        tr("<b>%1</b> · round %2 · run %3<br>%4 nodes, depth %5, %6 complete responses, root N=%7; "
           "%8 pairs (green = chosen, red dashed = rejected)")
            .arg(recordId.toHtmlEscaped())
            .arg(round)
            .arg(run.isEmpty() ? tr("–") : run.toHtmlEscaped())
            .arg(tree.size())
            .arg(maxDepth)
            .arg(terminals)
            .arg(tree.node(0).visits)
            .arg(m_pairs.size()));
    m_view->resetTransform();
    m_view->setAutoFit(true);
    m_view->fit();
    updateButtons();
}

bool TreePane::showPair(const QString &run, const QString &recordId, int round, int chosenNode, int rejectedNode)
{
    if (m_workspaceDir.isEmpty())
        return false;
    if (run != m_run || recordId != m_recordId || round != m_round) {
        const QString file = QDir(m_workspaceDir)
                                 .filePath(QStringLiteral("runs/%1/trees/round-%2/%3.json").arg(run).arg(round).arg(recordId));
        if (!QFileInfo::exists(file))
            return false;
        const int index = m_files->findData(file);
        const QSignalBlocker block(m_files);
        if (index >= 0)
            m_files->setCurrentIndex(index);
        if (!openTreeFile(file))
            return false;
    }
    if (chosenNode >= m_scene->tree().size() || rejectedNode >= m_scene->tree().size())
        return false;
    clickNode(chosenNode, false);
    clickNode(rejectedNode, true);
    return true;
}

void TreePane::clickNode(int id, bool add)
{
    if (id < 0 || id >= m_scene->tree().size())
        return;
    if (add) {
        const auto it = std::find(m_selected.begin(), m_selected.end(), id);
        if (it != m_selected.end())
            m_selected.erase(it);
        else
            m_selected.push_back(id);
        if (m_selected.size() > 2)
            m_selected.erase(m_selected.begin());
    } else {
        m_selected = {id};
    }
    m_scene->setSelectedNodes(m_selected);
    showDetails(id);
    updateButtons();
}

QString TreePane::detailsText() const
{
    return m_details->toPlainText();
}

void TreePane::showDetails(int id)
{
    const search::SearchNode &n = m_scene->tree().node(id);
    auto esc = [](const std::string &s) { return QString::fromStdString(s).toHtmlEscaped(); };
    QString html = tr("<h3>Node %1</h3><table>").arg(id);
    auto row = [&html](const QString &k, const QString &v) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(k, v);
    };
    row(tr("parent"), QString::number(n.parent));
    row(tr("depth"), QString::number(n.depth));
    row(tr("prior"), QString::number(n.prior, 'f', 4));
    row(tr("visits"), QString::number(n.visits));
    row(tr("value sum"), QString::number(n.valueSum, 'f', 4));
    row(tr("mean value"), QString::number(n.meanValue(), 'f', 4));
    row(tr("reward"), n.reward ? QString::number(*n.reward, 'f', 4) : tr("–"));
    row(tr("terminal"), n.terminal ? tr("yes") : tr("no"));
    row(tr("children"), QString::number(n.children.size()));
    if (m_scene->isChosen(id))
        row(tr("pair"), tr("<span style='color:#14782a'>chosen</span>"));
    if (m_scene->isRejected(id))
        row(tr("pair"), tr("<span style='color:#b41e1e'>rejected</span>"));
    html += QStringLiteral("</table>");
    html += tr("<p><b>fragment</b><br><code>%1</code></p>").arg(esc(n.fragment));
    if (!n.errors.empty()) {
        html += tr("<p><b>fragment errors</b></p><ul>");
        for (const Json &e : n.errors) {
            QString line = esc(e.value("kind", std::string("?")));
            if (e.contains("parameter"))
                line += tr(" · parameter %1")
                            .arg(esc(e["parameter"].is_string() ? e["parameter"].get<std::string>()
                                                                : e["parameter"].dump()));
            if (e.contains("expected"))
                line += tr(" · expected <code>%1</code>")
                            .arg(esc(e["expected"].is_string() ? e["expected"].get<std::string>()
                                                               : e["expected"].dump()));
            if (e.contains("got"))
                line += tr(" · got <code>%1</code>")
                            .arg(esc(e["got"].is_string() ? e["got"].get<std::string>()
                                                          : e["got"].dump()));
            html += QStringLiteral("<li>%1</li>").arg(line);
        }
        html += QStringLiteral("</ul>");
    } else {
        html += tr("<p><b>fragment errors</b>: none</p>");
    }
    html += tr("<p><b>text from the root</b><br><code>%1</code></p>")
                .arg(esc(m_scene->tree().text(id)));
    m_details->setHtml(html);
}

std::optional<search::PreferencePair> TreePane::pairFromSelection() const
{
    if (m_selected.size() != 2)
        return std::nullopt;
    const auto &tree = m_scene->tree();
    const auto &a = tree.node(m_selected[0]);
    const auto &b = tree.node(m_selected[1]);
    if (a.parent < 0 || a.parent != b.parent)
        return std::nullopt;
    search::PreferencePair p;
    p.recordId = m_recordId.toStdString();
    p.round = m_round;
    p.parentNode = a.parent;
    p.chosenNode = a.id;
    p.rejectedNode = b.id;
    p.prompt = m_prompt.toStdString();
    p.prefix = tree.text(a.parent);
    p.chosen = a.fragment;
    p.rejected = b.fragment;
    p.chosenValue = a.meanValue();
    p.rejectedValue = b.meanValue();
    p.chosenVisits = a.visits;
    p.rejectedVisits = b.visits;
    // the rejected side's errors: its node and everything below it
    std::vector<int> stack{b.id};
    while (!stack.empty()) {
        const auto &n = tree.node(stack.back());
        stack.pop_back();
        for (const Json &e : n.errors)
            p.rejectedErrors.push_back(e);
        stack.insert(stack.end(), n.children.begin(), n.children.end());
    }
    p.status = "approved";
    return p;
}

void TreePane::updateButtons()
{
    const bool ok = pairFromSelection().has_value();
    m_makePair->setEnabled(ok);
    m_makePair->setToolTip(ok ? tr("Store a person-made pair: A chosen, B rejected")
                              : tr("Select two siblings: click one (A), Ctrl+click the other (B)"));
}

void TreePane::makePair()
{
    if (const auto p = pairFromSelection())
        emit pairRequested(m_run, *p);
}

} // namespace itool::ui
