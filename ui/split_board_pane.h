#pragma once
// The split board: easy / medium / hard columns (and unsplit when there are such records)
// with their counts and error mix. Records move between levels by drag and drop or with
// Ctrl+1/2/3; each move is a person's decision stored in the workspace and undoable.
// A split strategy can be run from here for the records no person has placed.
#include "core/data/record.h"

#include <QWidget>

#include <array>

class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QUndoStack;

namespace itool::ui {

class SplitColumnModel;
class Workspace;

class SplitBoardPane : public QWidget
{
    Q_OBJECT
public:
    SplitBoardPane(QUndoStack *undoStack, QWidget *parent = nullptr);
    void setWorkspace(Workspace *workspace);

    // Moves rows to a level through the undo stack; returns how many changed.
    std::size_t moveRows(const std::vector<std::uint32_t> &rows, data::Difficulty target);
    // The rows selected in whichever column has focus (or the last focused one).
    std::vector<std::uint32_t> selectedRows() const;
    bool hasFocusedSelection() const;
    SplitColumnModel *column(data::Difficulty level) const;
    QListView *columnView(data::Difficulty level) const;
    QString headerText(data::Difficulty level) const;
    QString errorMixText(data::Difficulty level) const;
    // Runs the chosen strategy, in a job, on the records no person has placed; the result is
    // one undoable edit. Returns the job id (0 when nothing to do).
    int runStrategy(const QString &name);

signals:
    void recordActivated(std::uint32_t indexRow);

private:
    void refresh();
    void updateHeaders();

    QUndoStack *m_undo;
    Workspace *m_workspace = nullptr;
    struct Column
    {
        SplitColumnModel *model = nullptr;
        QListView *view = nullptr;
        QLabel *title = nullptr;
        QLabel *mix = nullptr;
        QWidget *frame = nullptr;
    };
    std::array<Column, 4> m_columns; // indexed by Difficulty (Unset, Easy, Medium, Hard)
    QComboBox *m_strategy;
    QPushButton *m_run;
    QLabel *m_hint;
};

} // namespace itool::ui
