// Importing through the workbench: bad lines are listed (file:line, reason) in the Issues
// dock while the good records fill the table; filters and search narrow the table and the
// counts follow; a file dropped on the pane is imported.
#include "ui/dataset_pane.h"
#include "ui/issue_list_model.h"
#include "ui/job_manager.h"
#include "ui/main_window.h"
#include "ui/record_table_model.h"
#include "ui/record_view_pane.h"
#include "ui/workspace.h"
#include "sample_records.h"

#include <QComboBox>
#include <QLineEdit>
#include <QMimeData>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace itool;

class TestDatasetPane : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("iTool-tests");
        QCoreApplication::setApplicationName("tst_dataset_pane");
    }

    void importShowsIssuesAndKeepsGoodRecords()
    {
        const QString file = m_dir.filePath("withbad.jsonl");
        testdata::writeSampleFile(file, 60, 20); // bad lines 21 and 22
        ui::MainWindow window;
        QVERIFY(window.openWorkspace(m_dir.filePath("ws")));
        window.workspace()->importDataset(file);
        window.jobs()->waitForAll();
        window.jobs()->waitForAll();
        auto *pane = window.datasetPane();
        QCOMPARE(pane->model()->rowCount(), 60);
        auto *issues = window.issues();
        QCOMPARE(issues->rowCount(), 2);
        QVERIFY(issues->data(issues->index(0, ui::IssueListModel::File)).toString().endsWith("withbad.jsonl"));
        QCOMPARE(issues->data(issues->index(0, ui::IssueListModel::Line)).toLongLong(), 21);
        QVERIFY(issues->data(issues->index(0, ui::IssueListModel::Message)).toString().contains("JSON"));
        QCOMPARE(issues->data(issues->index(1, ui::IssueListModel::Line)).toLongLong(), 22);
        QVERIFY(issues->data(issues->index(1, ui::IssueListModel::Message)).toString().contains("tools"));
        QVERIFY(pane->countsText().contains("60 of 60"));
        QVERIFY(pane->countsText().contains("2 input lines with problems"));
        // The database knows the dataset and its issue count.
        const auto datasets = window.workspace()->datasets();
        QCOMPARE(datasets.size(), std::size_t(1));
        QCOMPARE(datasets[0].records, std::int64_t(60));
        QCOMPARE(datasets[0].issues, std::int64_t(2));
    }

    void filtersSearchAndCounts()
    {
        const QString file = m_dir.filePath("plain.jsonl");
        testdata::writeSampleFile(file, 90);
        ui::MainWindow window;
        QVERIFY(window.openWorkspace(m_dir.filePath("ws2")));
        window.workspace()->importDataset(file);
        window.jobs()->waitForAll();
        window.jobs()->waitForAll();
        auto *pane = window.datasetPane();
        QCOMPARE(pane->model()->rowCount(), 90);
        pane->difficultyFilter()->setCurrentIndex(pane->difficultyFilter()->findData("hard"));
        QCOMPARE(pane->model()->rowCount(), 30);
        QVERIFY(pane->countsText().contains("30 of 90"));
        QVERIFY(pane->countsText().contains("hard 30"));
        const int domain = pane->domainFilter()->findData("weather");
        QVERIFY(domain > 0);
        pane->domainFilter()->setCurrentIndex(domain);
        QCOMPARE(pane->model()->rowCount(), 0); // weather is i%3==0, hard is i%3==2
        pane->difficultyFilter()->setCurrentIndex(0);
        QCOMPARE(pane->model()->rowCount(), 30);
        pane->toolFilter()->setCurrentIndex(pane->toolFilter()->findData("shared_tool"));
        QCOMPARE(pane->model()->rowCount(), 15);
        pane->toolFilter()->setCurrentIndex(0);
        pane->domainFilter()->setCurrentIndex(0);
        pane->searchField()->setText("number 42 ");
        QTRY_COMPARE(pane->model()->rowCount(), 1);
        QCOMPARE(pane->model()->data(pane->model()->index(0, ui::RecordTableModel::Id)).toString(), QString("rec-42"));
        // Without predictions the error filter says how to get them.
        QVERIFY(!pane->errorFilter()->isEnabled());
        // Selecting the row shows the record, tools readable rather than raw JSON.
        pane->table()->selectRow(0);
        const QString shown = window.recordView()->details()->toPlainText();
        QVERIFY(shown.contains("rec-42"));
        QVERIFY(shown.contains("Question number 42 about weather"));
        QVERIFY(shown.contains("weather_lookup"));
        QVERIFY(shown.contains("integer")); // the parameter table
        QVERIFY(!shown.contains("\"properties\""));
        QVERIFY(shown.contains("days=3 (may be omitted)"));
    }

    void droppedFileIsImported()
    {
        const QString file = m_dir.filePath("dropped.jsonl");
        testdata::writeSampleFile(file, 12);
        ui::MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_dir.filePath("ws3")));
        auto *pane = window.datasetPane();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(file)});
        QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(pane, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(pane, &drop);
        window.jobs()->waitForAll();
        window.jobs()->waitForAll();
        QCOMPARE(pane->model()->rowCount(), 12);
    }

    void cancelledImportAddsNothing()
    {
        const QString file = m_dir.filePath("big.jsonl");
        testdata::writeSampleFile(file, 20000);
        ui::MainWindow window;
        QVERIFY(window.openWorkspace(m_dir.filePath("ws4")));
        const int job = window.workspace()->importDataset(file);
        window.jobs()->cancel(job);
        window.jobs()->waitForAll();
        QVERIFY(window.workspace()->datasets().empty());
        QVERIFY(!window.workspace()->index());
    }
};

QTEST_MAIN(TestDatasetPane)
#include "tst_dataset_pane.moc"
