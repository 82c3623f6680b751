// Split edits end to end: moves through the board, keys and drops are one undo step each,
// stored in the workspace database as a person's decision with an audit trail, undone and
// redone exactly, and still there after the workspace is reopened.
#include "ui/dataset_pane.h"
#include "ui/job_manager.h"
#include "ui/main_window.h"
#include "ui/record_table_model.h"
#include "ui/split_board_pane.h"
#include "ui/split_column_model.h"
#include "ui/workspace.h"
#include "sample_records.h"

#include "core/data/difficulty_splitter.h"

#include <QListView>
#include <QMimeData>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace itool;
using data::Difficulty;

class TestSplitBoard : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_file;

    // A window on a fresh workspace with the sample imported and indexed.
    std::unique_ptr<ui::MainWindow> openWindow(const QString &name, bool import = true)
    {
        auto window = std::make_unique<ui::MainWindow>();
        QString error;
        if (!window->openWorkspace(m_dir.filePath(name), &error))
            qFatal("%s", qPrintable(error));
        if (import)
            window->workspace()->importDataset(m_file);
        window->jobs()->waitForAll();
        window->jobs()->waitForAll();
        return window;
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("iTool-tests");
        QCoreApplication::setApplicationName("tst_split_board");
        m_file = m_dir.filePath("sample.jsonl");
        testdata::writeSampleFile(m_file, 90);
    }

    void moveUndoRedoAndPersist()
    {
        std::uint32_t row = 0;
        {
            auto window = openWindow("ws1");
            auto *ws = window->workspace();
            QVERIFY(ws->index());
            QCOMPARE(ws->index()->size(), std::size_t(90));
            auto *board = window->splitBoard();
            QCOMPARE(board->column(Difficulty::Easy)->rowCount(), 30);
            QCOMPARE(board->column(Difficulty::Hard)->rowCount(), 30);
            QVERIFY(board->headerText(Difficulty::Easy).contains("30"));

            row = *ws->index()->rowOf("rec-0"); // easy in the file
            QCOMPARE(board->moveRows({row, *ws->index()->rowOf("rec-3")}, Difficulty::Hard), std::size_t(2));
            QCOMPARE(board->column(Difficulty::Easy)->rowCount(), 28);
            QCOMPARE(board->column(Difficulty::Hard)->rowCount(), 32);
            QCOMPARE(int(ws->index()->difficulty(row)), int(Difficulty::Hard));
            QVERIFY(ws->index()->difficultyByPerson(row));
            QCOMPARE(window->undoStack()->count(), 1);
            auto stored = ws->store().splitOverrides(ws->currentDatasetId());
            QCOMPARE(stored.size(), std::size_t(2));
            QCOMPARE(int(stored.at("rec-0").difficulty), int(Difficulty::Hard));
            QVERIFY(stored.at("rec-0").byPerson);

            window->undoStack()->undo();
            QCOMPARE(board->column(Difficulty::Easy)->rowCount(), 30);
            QCOMPARE(int(ws->index()->difficulty(row)), int(Difficulty::Easy));
            QVERIFY(!ws->index()->difficultyByPerson(row));
            QVERIFY(ws->store().splitOverrides(ws->currentDatasetId()).empty());

            window->undoStack()->redo();
            QCOMPARE(board->column(Difficulty::Hard)->rowCount(), 32);
            QCOMPARE(ws->store().splitOverrides(ws->currentDatasetId()).size(), std::size_t(2));
            const auto log = ws->store().auditLog(ws->currentDatasetId());
            QCOMPARE(QString::fromStdString(log[0].action), QString("split.move"));
            QCOMPARE(QString::fromStdString(log[2].action), QString("split.undo"));
            // Moving to where it already is by a person's hand changes nothing.
            QCOMPARE(board->moveRows({row}, Difficulty::Hard), std::size_t(0));
            QCOMPARE(window->undoStack()->count(), 1);
        }
        // Reopened: the decision is still there, shown by the index.
        auto window = openWindow("ws1", false);
        auto *ws = window->workspace();
        QVERIFY(ws->index());
        QCOMPARE(int(ws->index()->difficulty(row)), int(Difficulty::Hard));
        QVERIFY(ws->index()->difficultyByPerson(row));
        QCOMPARE(window->splitBoard()->column(Difficulty::Hard)->rowCount(), 32);
    }

    void keysMoveTheTableSelection()
    {
        auto window = openWindow("ws2");
        window->show();
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        auto *ws = window->workspace();
        auto *table = window->datasetPane()->table();
        table->selectRow(1); // rec-1: medium in the file
        const auto row = window->datasetPane()->selectedRows().at(0);
        QCOMPARE(int(ws->index()->difficulty(row)), int(Difficulty::Medium));
        table->setFocus();
        QTest::keyClick(window.get(), Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(int(ws->index()->difficulty(row)), int(Difficulty::Easy));
        QCOMPARE(window->datasetPane()->model()->data(window->datasetPane()->model()->index(1, ui::RecordTableModel::Difficulty))
                     .toString(),
                 QString::fromUtf8("easy \u270e"));
        QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(int(ws->index()->difficulty(row)), int(Difficulty::Medium));
        QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(int(ws->index()->difficulty(row)), int(Difficulty::Easy));
        // Keys on the board's focused column win over the table.
        auto *hardView = window->splitBoard()->columnView(Difficulty::Hard);
        hardView->setFocus();
        hardView->selectionModel()->select(hardView->model()->index(0, 0), QItemSelectionModel::ClearAndSelect);
        const auto boardRow = static_cast<std::uint32_t>(
            hardView->model()->index(0, 0).data(ui::SplitColumnModel::IndexRowRole).toULongLong());
        QCOMPARE(window->splitBoard()->selectedRows(), std::vector<std::uint32_t>{boardRow});
        window->moveSelectionTo(int(Difficulty::Medium));
        QCOMPARE(int(ws->index()->difficulty(boardRow)), int(Difficulty::Medium));
        QCOMPARE(window->undoStack()->count(), 2);
    }

    void dropOnAColumnIsOneUndoStep()
    {
        auto window = openWindow("ws3");
        auto *board = window->splitBoard();
        auto *easy = board->column(Difficulty::Easy);
        auto *medium = board->column(Difficulty::Medium);
        std::unique_ptr<QMimeData> mime(easy->mimeData({easy->index(0), easy->index(1), easy->index(2)}));
        medium->dropMimeData(mime.get(), Qt::MoveAction, -1, -1, {});
        QCOMPARE(easy->rowCount(), 27);
        QCOMPARE(medium->rowCount(), 33);
        QCOMPARE(window->undoStack()->count(), 1);
        QVERIFY(window->undoStack()->text(0).contains("3"));
        window->undoStack()->undo();
        QCOMPARE(easy->rowCount(), 30);
    }

    // The structural strategy fills the levels in one undoable edit, leaving a person's
    // decision alone; its levels are the core splitter's.
    void strategyRespectsPersonsDecisions()
    {
        auto window = openWindow("ws4");
        auto *ws = window->workspace();
        auto *board = window->splitBoard();
        const auto kept = *ws->index()->rowOf("rec-5"); // hard in the file
        QCOMPARE(board->moveRows({kept}, Difficulty::Easy), std::size_t(1));
        QVERIFY(board->runStrategy("structural") != 0);
        window->jobs()->waitForAll();
        QCOMPARE(window->undoStack()->count(), 2);
        QCOMPARE(int(ws->index()->difficulty(kept)), int(Difficulty::Easy));
        QVERIFY(ws->index()->difficultyByPerson(kept));
        std::size_t strategyRows = 0;
        for (std::size_t row = 0; row < ws->index()->size(); ++row) {
            if (row == kept)
                continue;
            const auto expected = data::structuralDifficulty(data::structuralFeatures(*ws->index()->record(row)).score);
            QCOMPARE(int(ws->index()->difficulty(row)), int(expected));
            QVERIFY(!ws->index()->difficultyByPerson(row));
            strategyRows += ws->store().splitOverrides(ws->currentDatasetId()).count(std::string(ws->index()->id(row)));
        }
        QVERIFY(strategyRows > 0);
        for (const auto &[id, stored] : ws->store().splitOverrides(ws->currentDatasetId()))
            QCOMPARE(stored.byPerson, id == "rec-5");
        window->undoStack()->undo();
        QCOMPARE(board->column(Difficulty::Hard)->rowCount(), 29); // file levels, rec-5 still moved
        QCOMPARE(ws->store().splitOverrides(ws->currentDatasetId()).size(), std::size_t(1));
    }
};

QTEST_MAIN(TestSplitBoard)
#include "tst_split_board.moc"
