#pragma once
// The dataset pane: the records of the current dataset in a virtual table with filters
// (difficulty, category, tool, domain, error type), a text search, sortable columns and
// counts that are always visible. Files dropped on it (or chosen with Import...) are imported.
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace itool::ui {

class RecordTableModel;
class Workspace;

class DatasetPane : public QWidget
{
    Q_OBJECT
public:
    explicit DatasetPane(QWidget *parent = nullptr);

    void setWorkspace(Workspace *workspace);
    RecordTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }
    QString countsText() const;
    // Selected index rows (not view rows).
    std::vector<std::uint32_t> selectedRows() const;
    void selectIndexRow(std::uint32_t row);

    // Filter widgets, for tests and the screenshot mode.
    QComboBox *difficultyFilter() const { return m_difficulty; }
    QComboBox *categoryFilter() const { return m_category; }
    QComboBox *toolFilter() const { return m_tool; }
    QComboBox *domainFilter() const { return m_domain; }
    QComboBox *errorFilter() const { return m_error; }
    void applyFilters();
    QSize sizeHint() const override { return {900, 700}; }

signals:
    void importRequested(const QString &file);
    void importDialogRequested();
    void currentRecordChanged(std::uint32_t indexRow);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void refillFilterChoices();
    void updateCounts();

    Workspace *m_workspace = nullptr;
    RecordTableModel *m_model;
    QTableView *m_table;
    QComboBox *m_difficulty;
    QComboBox *m_category;
    QComboBox *m_tool;
    QComboBox *m_domain;
    QComboBox *m_error;
    QLineEdit *m_search;
    QLabel *m_counts;
    QTimer *m_searchDelay;
};

} // namespace itool::ui
