// Preference pairs in the workspace database: written and read back field by field, beside
// the workspace store in the same file, duplicates ignored on a resumed round, statuses and
// edits, the approved-only filter, reopening.
#include "core/store/preference_store.h"
#include "core/store/workspace_store.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace itool;
using namespace itool::store;

namespace {
search::PreferencePair makePair(const std::string &record, int round, int parent, double chosenValue)
{
    search::PreferencePair p;
    p.recordId = record;
    p.round = round;
    p.parentNode = parent;
    p.chosenNode = parent + 1;
    p.rejectedNode = parent + 2;
    p.prompt = "<|user|>weather in Paris";
    p.prefix = "[get_weather(";
    p.chosen = "city=\"Paris\"";
    p.rejected = "city=\"paris, tx\"";
    p.chosenValue = chosenValue;
    p.rejectedValue = -0.6;
    p.chosenVisits = 3;
    p.rejectedVisits = 2;
    p.rejectedErrors = Json::array({Json{{"kind", "value_error:string"}, {"parameter", "city"}}});
    return p;
}
} // namespace

class TestPreferenceStore : public QObject
{
    Q_OBJECT

private slots:
    void roundTripBesideWorkspaceStore()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("workspace.db").toStdString();
        {
            WorkspaceStore ws(path);
            QCOMPARE(ws.schemaVersion(), WorkspaceStore::kSchemaVersion);
        }
        {
            PreferenceStore ps(path);
            QCOMPARE(ps.schemaVersion(), 1);
            const std::vector<search::PreferencePair> pairs{makePair("r1", 1, 0, 0.8), makePair("r2", 1, 3, 0.4),
                                                            makePair("r1", 2, 0, 0.9)};
            QCOMPARE(ps.addPairs("run-a", pairs), 3);
            // a resumed round writes the same pairs again: nothing new, nothing reset
            const auto all = ps.pairs();
            ps.setStatus(all[0].id, "approved");
            QCOMPARE(ps.addPairs("run-a", pairs), 0);
            QCOMPARE(ps.addPairs("run-b", {pairs[0]}), 1);
            const auto back = ps.pairs({"run-a", 1});
            QCOMPARE(int(back.size()), 2);
            QCOMPARE(search::pairToJson(back[1].pair).dump(), search::pairToJson(pairs[1]).dump());
            QCOMPARE(back[0].pair.status, std::string("approved"));
            QCOMPARE(back[0].run, std::string("run-a"));
        }
        {
            // the workspace store still opens, unchanged, and the file is sound
            WorkspaceStore ws(path);
            QCOMPARE(ws.schemaVersion(), WorkspaceStore::kSchemaVersion);
            QCOMPARE(ws.integrityCheck(), std::string("ok"));
        }
        PreferenceStore ps(path); // reopen
        QCOMPARE(int(ps.pairs().size()), 4);
        QCOMPARE(ps.countByStatus("run-a").at("approved"), 1);
        QCOMPARE(ps.countByStatus("run-a").at("proposed"), 2);
    }

    void statusesAndApprovedOnly()
    {
        QTemporaryDir dir;
        PreferenceStore ps(dir.filePath("w.db").toStdString());
        ps.addPairs("run", {makePair("a", 1, 0, 0.5), makePair("b", 1, 0, 0.5), makePair("c", 1, 0, 0.5)});
        auto all = ps.pairs();
        ps.setStatus(all[0].id, "approved");
        ps.setStatus(all[1].id, "rejected");
        ps.editPair(all[2].id, "city=\"Paris, FR\"", "city=\"Lyon\"");
        const auto approved = ps.pairs({"run", -1, "", true});
        QCOMPARE(int(approved.size()), 2);
        QCOMPARE(approved[0].pair.recordId, std::string("a"));
        QCOMPARE(approved[1].pair.status, std::string("edited"));
        QCOMPARE(approved[1].trainingChosen(), std::string("city=\"Paris, FR\""));
        QCOMPARE(approved[1].pair.chosen, std::string("city=\"Paris\"")); // original kept
        QCOMPARE(approved[0].trainingChosen(), std::string("city=\"Paris\""));
        QCOMPARE(int(ps.pairs({"run", -1, "rejected"}).size()), 1);
        QVERIFY_THROWS_EXCEPTION(StoreError, ps.setStatus(all[0].id, "maybe"));
        QVERIFY_THROWS_EXCEPTION(StoreError, ps.setStatus(999, "approved"));
        QVERIFY_THROWS_EXCEPTION(StoreError, ps.editPair(999, "x", "y"));
    }
};

QTEST_APPLESS_MAIN(TestPreferenceStore)
#include "tst_preference_store.moc"
