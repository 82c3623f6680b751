// The item models (records table, split columns, issues) pass QAbstractItemModelTester while
// the index grows chunk by chunk, while filtering and while sorting.
#include "ui/issue_list_model.h"
#include "ui/record_table_model.h"
#include "ui/split_column_model.h"
#include "sample_records.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace itool;
using itool::ui::RecordTableModel;

class TestRecordModels : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_file;

private slots:
    void initTestCase()
    {
        m_file = m_dir.filePath("records.jsonl");
        testdata::writeSampleFile(m_file, 300);
    }

    void tableGrowsWhileIndexing()
    {
        auto index = std::make_shared<data::RecordIndex>(m_file.toStdString());
        RecordTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setIndex(index);
        QCOMPARE(model.rowCount(), 0);
        int chunks = 0;
        while (!index->complete()) {
            const std::size_t first = index->size();
            index->appendChunk(index->scanChunk(index->indexedBytes(), 4096));
            model.rowsAppendedToIndex(first);
            QCOMPARE(model.rowCount(), static_cast<int>(index->size()));
            ++chunks;
        }
        QVERIFY(chunks > 5);
        QCOMPARE(model.rowCount(), 300);
        QCOMPARE(model.data(model.index(7, RecordTableModel::Id)).toString(), QString("rec-7"));
        QCOMPARE(model.data(model.index(7, RecordTableModel::Domain)).toString(), QString("travel"));
        QCOMPARE(model.data(model.index(7, RecordTableModel::Tools)).toString(), QString("travel_lookup, shared_tool"));
    }

    void filterWhileIndexingKeepsOnlyMatches()
    {
        auto index = std::make_shared<data::RecordIndex>(m_file.toStdString());
        RecordTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setIndex(index);
        data::RecordFilter f;
        f.domain = "finance";
        model.setFilter(f);
        while (!index->complete()) {
            const std::size_t first = index->size();
            index->appendChunk(index->scanChunk(index->indexedBytes(), 8192));
            model.rowsAppendedToIndex(first);
        }
        QCOMPARE(model.rowCount(), 100);
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.data(model.index(r, RecordTableModel::Domain)).toString(), QString("finance"));
    }

    void filtersAndSorting_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("expected");
        QTest::newRow("hard") << "difficulty=hard" << 100;
        QTest::newRow("tool") << "tool=shared_tool" << 150;
        QTest::newRow("text") << "text=NUMBER 12 " << 1;  // "Question number 12 about"
        QTest::newRow("category") << "category=multiple" << 150;
        QTest::newRow("combined") << "domain=weather+difficulty=easy" << 100;
        QTest::newRow("none") << "domain=nowhere" << 0;
    }
    void filtersAndSorting()
    {
        QFETCH(QString, what);
        QFETCH(int, expected);
        auto index = std::make_shared<data::RecordIndex>(m_file.toStdString());
        index->indexAll();
        RecordTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setIndex(index);
        data::RecordFilter f;
        for (const QString &part : what.split('+')) {
            const QString key = part.section('=', 0, 0), value = part.section('=', 1);
            if (key == "difficulty") f.difficulty = data::difficultyFromString(value.toStdString());
            if (key == "tool") f.tool = value.toStdString();
            if (key == "text") f.text = value.toStdString();
            if (key == "domain") f.domain = value.toStdString();
            if (key == "category") f.category = data::categoryFromString(value.toStdString());
        }
        QSignalSpy counts(&model, &RecordTableModel::countsChanged);
        model.setFilter(f);
        QCOMPARE(model.rowCount(), expected);
        QCOMPARE(counts.count(), 1);
        model.sort(RecordTableModel::Id, Qt::DescendingOrder);
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(model.data(model.index(r - 1, RecordTableModel::Id)).toString()
                    >= model.data(model.index(r, RecordTableModel::Id)).toString());
        model.sort(-1); // back to file order
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(model.indexRow(r - 1) < model.indexRow(r));
    }

    void sortKeepsPersistentSelection()
    {
        auto index = std::make_shared<data::RecordIndex>(m_file.toStdString());
        index->indexAll();
        RecordTableModel model;
        model.setIndex(index);
        QPersistentModelIndex kept(model.index(10, RecordTableModel::Id));
        model.sort(RecordTableModel::Domain, Qt::AscendingOrder);
        QVERIFY(kept.isValid());
        QCOMPARE(kept.data().toString(), QString("rec-10"));
    }

    void splitColumnsAndDragPayload()
    {
        auto index = std::make_shared<data::RecordIndex>(m_file.toStdString());
        index->indexAll();
        ui::SplitColumnModel easy(data::Difficulty::Easy), hard(data::Difficulty::Hard);
        QAbstractItemModelTester t1(&easy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&hard, QAbstractItemModelTester::FailureReportingMode::QtTest);
        easy.setIndex(index);
        hard.setIndex(index);
        QCOMPARE(easy.rowCount(), 100);
        QCOMPARE(hard.rowCount(), 100);
        // A drag from easy carries index rows; dropping on hard asks for the move.
        std::unique_ptr<QMimeData> mime(easy.mimeData({easy.index(0), easy.index(3)}));
        QSignalSpy asked(&hard, &ui::SplitColumnModel::moveRequested);
        QVERIFY(!hard.dropMimeData(mime.get(), Qt::MoveAction, -1, -1, {})); // the source keeps its rows
        QCOMPARE(asked.count(), 1);
        const auto rows = asked.at(0).at(0).value<std::vector<std::uint32_t>>();
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0], easy.rows()[0]);
        QCOMPARE(rows[1], easy.rows()[3]);
        QCOMPARE(int(asked.at(0).at(1).value<data::Difficulty>()), int(data::Difficulty::Hard));
        // Error mix counts only rows with predictions.
        QVERIFY(easy.errorMix().empty());
        index->setErrorTypes({{"rec-0", ""}, {"rec-3", "type_error:simple"}, {"rec-6", "type_error:simple"}});
        easy.refresh();
        const auto mix = easy.errorMix();
        QCOMPARE(mix.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(mix[0].first), QString("type_error:simple"));
        QCOMPARE(mix[0].second, std::size_t(2));
    }

    void issues()
    {
        ui::IssueListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setIssues({{"a.jsonl", 3, "bad"}, {"a.jsonl", 0, "whole file"}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, ui::IssueListModel::Line)).toLongLong(), 3);
        QVERIFY(!model.data(model.index(1, ui::IssueListModel::Line)).isValid());
        QCOMPARE(model.data(model.index(0, 0), Qt::ToolTipRole).toString(), QString("a.jsonl:3: bad"));
    }
};


QTEST_MAIN(TestRecordModels)
#include "tst_record_models.moc"
