#pragma once
// The tree explorer: a record's search tree from its JSON file (runs/<run>/trees/round-R/
// <record>.json), drawn by TreeScene in a zoomable, pannable view (wheel or Ctrl+= / Ctrl+-,
// drag to pan, F to fit). Clicking a node shows its details (prior, visits, value, reward,
// fragment errors, the text from the root); Ctrl+click a second sibling and "Make pair"
// turns the two into a person-made preference pair (A = chosen, B = rejected), emitted for
// the pair store.
// What it is not: the pair review (pair_review_pane.h).
#include "core/search/pair_extractor.h"
#include "core/search/search_tree.h"

#include <QGraphicsView>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace itool::ui {

class TreeScene;

class TreeView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit TreeView(QWidget *parent = nullptr);
    void zoomBy(double factor);
    void fit();
    // Keeps the whole tree in view when the view is resized, until the person zooms.
    void setAutoFit(bool on) { m_autoFit = on; }
    double zoom() const { return transform().m11(); }

signals:
    void nodeClicked(int id, bool add);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    bool m_autoFit = true;
};

class TreePane : public QWidget
{
    Q_OBJECT
public:
    explicit TreePane(QWidget *parent = nullptr);

    // Lists the tree files under <workspace>/runs in the chooser; opens the first one.
    void setWorkspaceDir(const QString &dir);
    QStringList treeFiles() const;
    bool openTreeFile(const QString &path, QString *error = nullptr);
    // run / record / round come from the file's header and path when opened from a file.
    // rules: the pair rules the outlines follow (a run's tree file carries the ones it used).
    void setTree(const search::SearchTree &tree, const QString &run, const QString &recordId,
                 int round, const QString &prompt = {}, const search::PairOptions &rules = {});

    // Opens runs/<run>/trees/round-R/<record>.json when it is not the tree shown, and selects
    // the two nodes (A = chosen, B = rejected). False when there is no such tree.
    bool showPair(const QString &run, const QString &recordId, int round, int chosenNode, int rejectedNode);

    TreeScene *scene() const { return m_scene; }
    TreeView *view() const { return m_view; }
    QString detailsText() const;
    void clickNode(int id, bool add); // what a click does (tests use it)
    const std::vector<int> &selectedNodes() const { return m_selected; }
    // The pair the two selected nodes would make, when they are siblings.
    std::optional<search::PreferencePair> pairFromSelection() const;
    const std::vector<search::PreferencePair> &treePairs() const { return m_pairs; }

signals:
    void pairRequested(const QString &run, const itool::search::PreferencePair &pair);

private:
    void showDetails(int id);
    void makePair();
    void updateButtons();

    QComboBox *m_files;
    TreeView *m_view;
    TreeScene *m_scene;
    QTextBrowser *m_details;
    QLabel *m_summary;
    QPushButton *m_makePair;
    QString m_workspaceDir, m_run, m_recordId, m_prompt;
    int m_round = 0;
    std::vector<int> m_selected;
    std::vector<search::PreferencePair> m_pairs;
};

} // namespace itool::ui
