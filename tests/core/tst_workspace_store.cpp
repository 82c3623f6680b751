// The workspace database: schema, pragmas, datasets, split overrides with their audit trail,
// refusing newer schemas, and surviving a process killed in the middle of writes.
#include "core/store/workspace_store.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace itool;
using store::SplitChange;
using store::WorkspaceStore;

class TestWorkspaceStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string dbPath(const char *name) { return m_dir.filePath(name).toStdString(); }

private slots:
    void createsSchemaWithPragmas()
    {
        WorkspaceStore db(dbPath("a.sqlite"));
        QCOMPARE(db.schemaVersion(), WorkspaceStore::kSchemaVersion);
        QCOMPARE(QString::fromStdString(db.journalMode()), QString("wal"));
        QVERIFY(db.foreignKeysOn());
        QCOMPARE(QString::fromStdString(db.integrityCheck()), QString("ok"));
    }

    void datasetsPersistAcrossReopen()
    {
        const auto path = dbPath("b.sqlite");
        std::int64_t id = 0;
        {
            WorkspaceStore db(path);
            id = db.addDataset({0, "demo", "data/demo.jsonl", "/x/demo.jsonl", "native", "", 120, 3});
            QVERIFY(id > 0);
        }
        WorkspaceStore db(path);
        const auto list = db.datasets();
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(list[0].id, id);
        QCOMPARE(QString::fromStdString(list[0].name), QString("demo"));
        QCOMPARE(list[0].records, std::int64_t(120));
        QCOMPARE(list[0].issues, std::int64_t(3));
        QVERIFY(!list[0].importedAt.empty());
        const auto log = db.auditLog(id);
        QCOMPARE(log.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(log[0].action), QString("dataset.import"));
    }

    void splitOverridesAndAudit()
    {
        WorkspaceStore db(dbPath("c.sqlite"));
        const auto ds = db.addDataset({0, "d", "data/d.jsonl", "", "native", "", 3, 0});
        db.applySplitChanges(ds, {{"r1", std::nullopt, data::Difficulty::Hard},
                                  {"r2", data::Difficulty::Easy, data::Difficulty::Medium}});
        auto overrides = db.splitOverrides(ds);
        QCOMPARE(overrides.size(), std::size_t(2));
        QCOMPARE(int(overrides["r1"].difficulty), int(data::Difficulty::Hard));
        QVERIFY(overrides["r1"].byPerson);
        QCOMPARE(int(overrides["r2"].difficulty), int(data::Difficulty::Medium));
        // An undo puts r1 back to "no override".
        db.applySplitChanges(ds, {{"r1", data::Difficulty::Hard, std::nullopt}}, "split.undo");
        overrides = db.splitOverrides(ds);
        QCOMPARE(overrides.size(), std::size_t(1));
        QVERIFY(!overrides.count("r1"));
        const auto log = db.auditLog(ds);
        QCOMPARE(log.size(), std::size_t(4)); // import + 2 moves + 1 undo, newest first
        QCOMPARE(QString::fromStdString(log[0].action), QString("split.undo"));
        QCOMPARE(QString::fromStdString(log[0].recordId), QString("r1"));
        QCOMPARE(QString::fromStdString(log[0].before), QString("hard"));
        QCOMPARE(QString::fromStdString(log[0].after), QString("(file)"));
        QVERIFY(!log[0].at.empty());
        // A strategy's assignment is stored as not-a-person's.
        db.applySplitChanges(ds, {{"r3", std::nullopt, data::Difficulty::Easy}}, "split.strategy", false);
        QVERIFY(!db.splitOverrides(ds).at("r3").byPerson);
    }

    void removingDatasetCascades()
    {
        WorkspaceStore db(dbPath("d.sqlite"));
        const auto ds = db.addDataset({0, "d", "data/d.jsonl", "", "native", "", 1, 0});
        db.applySplitChanges(ds, {{"r1", std::nullopt, data::Difficulty::Easy}});
        db.setPredictionsFile(ds, "runs/p.jsonl");
        QCOMPARE(QString::fromStdString(db.predictionsFile(ds).value_or("")), QString("runs/p.jsonl"));
        db.removeDataset(ds);
        QVERIFY(db.datasets().empty());
        QVERIFY(db.splitOverrides(ds).empty());
        QVERIFY(!db.predictionsFile(ds));
    }

    void refusesNewerSchema()
    {
        const auto path = dbPath("e.sqlite");
        {
            WorkspaceStore db(path);
        }
        sqlite3 *raw = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
        QCOMPARE(sqlite3_exec(raw, "UPDATE schema_version SET version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(raw);
        try {
            WorkspaceStore db(path);
            QFAIL("a newer schema must be refused");
        } catch (const store::StoreError &e) {
            QVERIFY(QString(e.what()).contains("newer"));
        }
    }

    void refusesGarbageFile()
    {
        const auto path = dbPath("garbage.sqlite");
        QFile f(QString::fromStdString(path));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        QVERIFY_THROWS_EXCEPTION(store::StoreError, WorkspaceStore db(path));
    }

    // A child writes batches as fast as it can and is killed with SIGKILL mid-stream. Every
    // batch moves all records to one level and logs each move; after the kill the database
    // must be intact and hold whole batches only: every override equal, one audit per move.
    void survivesKillMidWrite()
    {
        const auto path = dbPath("crash.sqlite");
        std::int64_t ds = 0;
        {
            WorkspaceStore db(path);
            ds = db.addDataset({0, "d", "data/d.jsonl", "", "native", "", 50, 0});
        }
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            try {
                WorkspaceStore db(path);
                const data::Difficulty levels[] = {data::Difficulty::Easy, data::Difficulty::Medium,
                                                   data::Difficulty::Hard};
                for (int batch = 0;; ++batch) {
                    std::vector<SplitChange> changes;
                    for (int r = 0; r < 50; ++r)
                        changes.push_back({"r" + std::to_string(r), std::nullopt, levels[batch % 3]});
                    db.applySplitChanges(ds, changes);
                }
            } catch (...) {
            }
            _exit(3);
        }
        QTest::qWait(400);
        QCOMPARE(::kill(child, SIGKILL), 0);
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFSIGNALED(status));

        WorkspaceStore db(path);
        QCOMPARE(QString::fromStdString(db.integrityCheck()), QString("ok"));
        const auto overrides = db.splitOverrides(ds);
        QCOMPARE(overrides.size(), std::size_t(50)); // at least one batch had time to commit
        const auto level = overrides.at("r0").difficulty;
        for (const auto &[id, d] : overrides)
            QCOMPARE(int(d.difficulty), int(level));
        const auto log = db.auditLog(ds, 10000000);
        QCOMPARE((log.size() - 1) % 50, std::size_t(0)); // minus the import entry
        QCOMPARE(QString::fromStdString(log[0].after), QString::fromStdString(std::string(data::toString(level))));
    }
};

QTEST_APPLESS_MAIN(TestWorkspaceStore)
#include "tst_workspace_store.moc"
