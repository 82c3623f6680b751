// The pair review pane and its model: QAbstractItemModelTester over filtering and decisions,
// approve / reject / skip / edit / bulk with undo and redo reaching the database, the keys,
// live edit validation by the checker with the highlights following the text, the
// differing-fragment highlight, and export from the pane.
#include "core/store/pair_curation_store.h"
#include "ui/pair_editor.h"
#include "ui/pair_review_pane.h"
#include "ui/pair_table_model.h"
#include "ui/prediction_view.h"

#include <QAbstractItemModelTester>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <fstream>

using namespace itool;

namespace {

data::Record weather(const std::string &id, data::Difficulty d)
{
    data::Record r;
    r.id = id;
    r.tools.push_back(
        Json{{"name", "get_weather"},
             {"parameters", Json{{"type", "object"},
                                 {"properties", Json{{"city", Json{{"type", "string"}}}}},
                                 {"required", Json::array({"city"})}}}});
    r.conversation.push_back(data::Message{data::Role::User, "Weather in Paris?", {}, {}});
    r.gold.push_back(data::GoldCall{"get_weather", {data::GoldParam{"city", {Json("Paris")}}}});
    r.category = data::Category::Simple;
    r.difficulty = d;
    return r;
}

// 6 pairs: records w0..w2 (easy, medium, hard), rounds 1 and 2; odd ones with a value error.
std::vector<search::PreferencePair> pairs()
{
    std::vector<search::PreferencePair> out;
    for (int i = 0; i < 6; ++i) {
        search::PreferencePair p;
        p.recordId = "w" + std::to_string(i % 3);
        p.round = 1 + i / 3;
        p.parentNode = i;
        p.chosenNode = 10 + i;
        p.rejectedNode = 20 + i;
        p.prefix = "[get_weather(";
        p.chosen = "city=\"Paris\")]";
        p.rejected = "city=\"Rome\")]";
        p.chosenValue = 1.0;
        p.rejectedValue = -0.5;
        if (i % 2)
            p.rejectedErrors
                = Json::array({Json{{"kind", "value_error:string"}, {"begin", 18}, {"end", 24}}});
        out.push_back(p);
    }
    return out;
}

} // namespace

class TestPairReview : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_n = 0;

    std::unique_ptr<ui::PairReviewPane> makePane(QUndoStack *undo, std::string *dbOut = nullptr)
    {
        const std::string db
            = m_dir.filePath(QStringLiteral("p%1.sqlite").arg(++m_n)).toStdString();
        store::PreferenceStore(db).addPairs("run", pairs());
        std::unordered_map<std::string, data::Record> records;
        records.emplace("w0", weather("w0", data::Difficulty::Easy));
        records.emplace("w1", weather("w1", data::Difficulty::Medium));
        records.emplace("w2", weather("w2", data::Difficulty::Hard));
        auto pane = std::make_unique<ui::PairReviewPane>(undo);
        pane->setStore(std::make_unique<store::PairCurationStore>(db), std::move(records));
        if (dbOut)
            *dbOut = db;
        return pane;
    }

private slots:
    void modelPassesTesterThroughFiltersAndDecisions()
    {
        QUndoStack undo;
        auto pane = makePane(&undo);
        auto *model = pane->model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 6);
        QCOMPARE(model->columnCount(), int(ui::PairTableModel::ColumnCount));
        model->setFilter({2, {}, {}, {}});
        QCOMPARE(model->rowCount(), 3);
        model->setFilter({-1, QStringLiteral("hard"), {}, {}});
        QCOMPARE(model->rowCount(), 2);
        model->setFilter({-1, {}, QStringLiteral("value_error:string"), {}});
        QCOMPARE(model->rowCount(), 3);
        model->setFilter({-1, {}, QStringLiteral("(none)"), {}});
        QCOMPARE(model->rowCount(), 3);
        model->setFilter({});
        pane->selectRow(0);
        pane->approveCurrent();
        model->setFilter({-1, {}, {}, QStringLiteral("approved")});
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->data(model->index(0, ui::PairTableModel::Status)).toString(),
                 QStringLiteral("approved"));
        QCOMPARE(model->data(model->index(0, ui::PairTableModel::Difficulty)).toString(),
                 QStringLiteral("easy"));
        QCOMPARE(model->rounds(), (QList<int>{1, 2}));
        QCOMPARE(model->errorTypes(),
                 (QStringList{QStringLiteral("(none)"), QStringLiteral("value_error:string")}));
    }

    void decisionsUndoRedoReachTheDatabase()
    {
        QUndoStack undo;
        std::string db;
        auto pane = makePane(&undo, &db);
        store::PairCurationStore check(db);
        pane->selectRow(0);
        const auto first = pane->currentId();
        pane->approveCurrent();
        QCOMPARE(check.state(first).status, std::string("approved"));
        QCOMPARE(pane->currentId(), pane->model()->pairAt(1).id); // the queue moved on
        const auto second = pane->currentId();
        pane->rejectCurrent();
        QCOMPARE(check.state(second).status, std::string("rejected"));
        const auto third = pane->currentId();
        pane->skipCurrent();
        QCOMPARE(check.state(third).status, std::string("proposed"));
        QCOMPARE(undo.count(), 3);
        undo.undo(); // skip
        undo.undo(); // reject
        QCOMPARE(check.state(second).status, std::string("proposed"));
        undo.undo(); // approve
        QCOMPARE(check.state(first).status, std::string("proposed"));
        undo.redo();
        QCOMPARE(check.state(first).status, std::string("approved"));
        undo.redo();
        QCOMPARE(check.state(second).status, std::string("rejected"));
        const int row = pane->model()->rowOfId(second);
        QCOMPARE(
            pane->model()->data(pane->model()->index(row, ui::PairTableModel::Status)).toString(),
            QStringLiteral("rejected"));
        // audit: approve, reject, skip, undo x3, redo x2
        const auto log = check.audit();
        QCOMPARE(log.size(), std::size_t(8));
        QCOMPARE(log[0].action, std::string("redo"));
        QCOMPARE(log[2].action, std::string("undo"));

        // edit, undo, redo
        pane->selectRow(3);
        const auto id = pane->currentId();
        pane->editCurrentTo("city=\"Paris, France\")]", "city=\"paris\")]");
        QCOMPARE(check.state(id),
                 (store::PairState{"edited", "city=\"Paris, France\")]", "city=\"paris\")]"}));
        QVERIFY(pane->chosenView()->toPlainText().contains(QStringLiteral("Paris, France")));
        undo.undo();
        QCOMPARE(check.state(id).status, std::string("proposed"));
        undo.redo();
        QCOMPARE(check.state(id).status, std::string("edited"));

        // bulk on the filtered set, one undo step
        pane->model()->setFilter({2, {}, {}, {}});
        const int before = undo.count();
        pane->decideAllShown("approve");
        QCOMPARE(undo.count(), before + 1);
        for (const auto &p : check.pairs())
            if (p.pair.round == 2)
                QVERIFY(p.pair.status == "approved" || p.pair.status == "edited");
            else
                QVERIFY(p.pair.status != "approved" || p.id == first);
        undo.undo();
        for (const auto &p : check.pairs())
            if (p.pair.round == 2)
                QVERIFY(p.pair.status == "proposed" || p.id == id);
        QCOMPARE(QString::fromStdString(check.integrityCheck()), QStringLiteral("ok"));
    }

    void keysDecide()
    {
        QUndoStack undo;
        std::string db;
        auto pane = makePane(&undo, &db);
        pane->resize(1000, 600);
        pane->show();
        pane->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(pane.get()));
        pane->table()->setFocus();
        pane->selectRow(0);
        const auto id = pane->currentId();
        QTest::keyClick(pane->table(), Qt::Key_A);
        store::PairCurationStore check(db);
        QCOMPARE(check.state(id).status, std::string("approved"));
        const auto next = pane->currentId();
        QTest::keyClick(pane->table(), Qt::Key_R);
        QCOMPARE(check.state(next).status, std::string("rejected"));
    }

    void viewsHighlightDifferenceAndErrors()
    {
        QUndoStack undo;
        auto pane = makePane(&undo);
        pane->selectRow(1); // an odd pair: its rejected side carries a value error at bytes 18..24
        QCOMPARE(pane->chosenView()->toPlainText(),
                 QStringLiteral("[get_weather(city=\"Paris\")]"));
        QCOMPARE(pane->rejectedView()->toPlainText(),
                 QStringLiteral("[get_weather(city=\"Rome\")]"));
        const auto &marks = pane->rejectedView()->highlights();
        QCOMPARE(marks.size(), std::size_t(1));
        QCOMPARE(marks[0].begin, 18);
        QCOMPARE(marks[0].kind, QStringLiteral("value_error:string"));
        // the differing fragment starts after the 13-character prefix
        const auto sel = pane->chosenView()->extraSelections();
        QVERIFY(!sel.isEmpty());
        QCOMPARE(sel.front().cursor.selectionStart(), 13);
        QCOMPARE(sel.front().cursor.selectionEnd(), pane->chosenView()->toPlainText().size());
        QVERIFY(pane->promptText().contains(QStringLiteral("Weather in Paris?")));
    }

    void editorValidatesLive()
    {
        const data::Record r = weather("w", data::Difficulty::Easy);
        ui::PairEditor editor(&r, "[get_weather(", "city=\"Paris\")]", "city=\"Rome\")]");
        QCOMPARE(editor.chosenCheck().checked, true);
        QCOMPARE(QString::fromStdString(editor.chosenCheck().errorType), QString());
        QVERIFY(editor.chosenView()->highlights().empty());
        QVERIFY(!editor.rejectedCheck().errorType.empty());
        QVERIFY(!editor.rejectedView()->highlights().empty());
        // the mark sits on the wrong value inside the fragment: city="Rome" -> Rome at 6..10
        const auto &h = editor.rejectedView()->highlights().front();
        QVERIFY2(h.begin >= 5 && h.end <= 11,
                 qPrintable(QStringLiteral("%1..%2").arg(h.begin).arg(h.end)));

        // typing a wrong value into the chosen side: highlights appear once the pause passes
        editor.chosenView()->selectAll();
        QTest::keyClicks(editor.chosenView(), "city=\"Lyon\")]");
        QTRY_VERIFY(!editor.chosenView()->highlights().empty());
        QVERIFY(!editor.chosenCheck().errorType.empty());
        QCOMPARE(editor.chosenView()->toPlainText(), QStringLiteral("city=\"Lyon\")]"));
        // a broken call: a parse error, still highlighted
        editor.chosenView()->setPlainText(QStringLiteral("city=\"Paris\""));
        editor.revalidate();
        QVERIFY(!editor.chosenCheck().errorType.empty());
        // fixing it clears the highlight
        editor.chosenView()->setPlainText(QStringLiteral("city=\"Paris\")]"));
        editor.revalidate();
        QVERIFY(editor.chosenCheck().errorType.empty());
        QVERIFY(editor.chosenView()->highlights().empty());
        QCOMPARE(editor.chosen(), std::string("city=\"Paris\")]"));

        // without a record nothing is claimed
        ui::PairEditor blind(nullptr, "[f(", "a=1)]", "a=2)]");
        QVERIFY(!blind.chosenCheck().checked);
    }

    void exportFromPane()
    {
        QUndoStack undo;
        auto pane = makePane(&undo);
        pane->selectRow(0);
        pane->approveCurrent();
        pane->approveCurrent();
        const QString out = m_dir.filePath(QStringLiteral("pane-trl.jsonl"));
        const auto result = pane->exportTo(store::PairFormat::Trl, out, true);
        QCOMPARE(result.written, std::int64_t(2));
        std::ifstream in(out.toStdString());
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            const Json j = Json::parse(line);
            QCOMPARE(j.at("prompt").back().at("content").get<std::string>(),
                     std::string("[get_weather("));
            QVERIFY(j.at("tools").is_array());
            ++n;
        }
        QCOMPARE(n, 2);
    }
};

QTEST_MAIN(TestPairReview)
#include "tst_pair_review.moc"
