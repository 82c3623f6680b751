// Pair review decisions in the workspace database: each decision and its audit row, undo /
// redo by restoring states, bulk decisions in one transaction, person-made pairs, and a
// process killed (SIGKILL) in the middle of a stream of decisions: every decision it had
// committed is there after reopening and the database passes PRAGMA integrity_check.
#include "core/store/pair_curation_store.h"

#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace itool;
using store::PairCurationStore;
using store::PairState;

namespace {

std::vector<search::PreferencePair> makePairs(int n)
{
    std::vector<search::PreferencePair> out;
    for (int i = 0; i < n; ++i) {
        search::PreferencePair p;
        p.recordId = "r" + std::to_string(i / 4);
        p.round = 1;
        p.parentNode = i;
        p.chosenNode = 1000 + i;
        p.rejectedNode = 2000 + i;
        p.prefix = "[f(";
        p.chosen = "a=" + std::to_string(i) + ")]";
        p.rejected = "b=" + std::to_string(i) + ")]";
        p.chosenValue = 0.9;
        p.rejectedValue = -0.4;
        out.push_back(p);
    }
    return out;
}

std::vector<std::int64_t> ids(const PairCurationStore &s)
{
    std::vector<std::int64_t> out;
    for (const auto &p : s.pairs())
        out.push_back(p.id);
    return out;
}

} // namespace

class TestPairCurationStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string dbPath(const char *name) { return m_dir.filePath(name).toStdString(); }

private slots:
    void decisionsAreAudited()
    {
        const auto path = dbPath("a.sqlite");
        store::PreferenceStore(path).addPairs("run", makePairs(3));
        PairCurationStore s(path);
        QCOMPARE(s.schemaVersion(), 1);
        const auto id = ids(s);
        QCOMPARE(id.size(), std::size_t(3));
        QCOMPARE(s.approve(id[0]).status, std::string("proposed"));
        QCOMPARE(s.reject(id[1]).status, std::string("proposed"));
        s.skip(id[2]);
        QCOMPARE(s.state(id[0]).status, std::string("approved"));
        QCOMPARE(s.state(id[1]).status, std::string("rejected"));
        QCOMPARE(s.state(id[2]).status, std::string("proposed"));
        const auto before = s.edit(id[0], "a=1)]", "b=1)]");
        QCOMPARE(before.status, std::string("approved"));
        QCOMPARE(s.state(id[0]), (PairState{"edited", "a=1)]", "b=1)]"}));
        // approving an edited pair keeps the edit
        s.approve(id[0]);
        QCOMPARE(s.state(id[0]).status, std::string("edited"));
        const auto log = s.audit();
        QCOMPARE(log.size(), std::size_t(5));
        QCOMPARE(log[0].action, std::string("approve"));
        QCOMPARE(log[1].action, std::string("edit"));
        QCOMPARE(PairState::fromJson(Json::parse(log[1].before)).status, std::string("approved"));
        QCOMPARE(PairState::fromJson(Json::parse(log[1].after)).editedChosen, std::string("a=1)]"));
        QCOMPARE(log[2].action, std::string("skip"));
        QCOMPARE(log[2].pairId, id[2]);
        QVERIFY(!log[0].at.empty());
        QCOMPARE(s.audit(id[1]).size(), std::size_t(1));
    }

    void undoRedoByRestore()
    {
        const auto path = dbPath("b.sqlite");
        store::PreferenceStore(path).addPairs("run", makePairs(4));
        PairCurationStore s(path);
        const auto id = ids(s);
        const auto before = s.decideMany(id, "approve");
        QCOMPARE(before.size(), std::size_t(4));
        for (auto i : id)
            QCOMPARE(s.state(i).status, std::string("approved"));
        std::vector<PairState> after;
        for (auto i : id)
            after.push_back(s.state(i));
        s.restore(id, before, "undo");
        for (auto i : id)
            QCOMPARE(s.state(i).status, std::string("proposed"));
        s.restore(id, after, "redo");
        for (auto i : id)
            QCOMPARE(s.state(i).status, std::string("approved"));
        QCOMPARE(s.auditCount(), std::int64_t(12));
        QVERIFY_THROWS_EXCEPTION(store::StoreError, s.restore({id[0]}, {}, "undo"));
        QVERIFY_THROWS_EXCEPTION(store::StoreError, s.approve(99999));
        QVERIFY_THROWS_EXCEPTION(store::StoreError, s.decideMany({id[0]}, "promote"));
        // a failed bulk leaves nothing half done
        s.restore(id, before, "undo");
        QVERIFY_THROWS_EXCEPTION(store::StoreError, s.decideMany({id[0], 99999}, "reject"));
        QCOMPARE(s.state(id[0]).status, std::string("proposed"));
    }

    void personPairs()
    {
        const auto path = dbPath("c.sqlite");
        store::PreferenceStore(path).addPairs("run", makePairs(1));
        PairCurationStore s(path);
        auto p = makePairs(1)[0]; // same parent as the search pair: stored beside it, not over it
        p.chosenNode = 5;
        p.rejectedNode = 6;
        const auto id = s.addPersonPair("run", p);
        QCOMPARE(s.pairs().size(), std::size_t(2));
        QCOMPARE(s.origin(id), std::string("person"));
        QCOMPARE(s.origin(ids(s)[0]), std::string("search"));
        QCOMPARE(s.state(id).status, std::string("approved"));
        p.rejectedNode = 7;
        QCOMPARE(s.addPersonPair("run", p), id); // replaces, audited
        QCOMPARE(s.pair(id).pair.rejectedNode, 7);
        QCOMPARE(s.pair(id).run, std::string("run/person"));
        QCOMPARE(s.audit(id).size(), std::size_t(2));
        QVERIFY(!s.audit(id)[0].before.empty());
    }

    void killedMidStreamKeepsCommittedDecisions()
    {
        const auto path = dbPath("crash.sqlite");
        const int kPairs = 400;
        store::PreferenceStore(path).addPairs("run", makePairs(kPairs));
        std::vector<std::int64_t> all;
        {
            PairCurationStore s(path);
            all = ids(s);
        }
        int fds[2];
        QCOMPARE(pipe(fds), 0);
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            close(fds[0]);
            try {
                PairCurationStore s(path);
                for (int round = 0;; ++round) // decisions forever, until killed
                    for (std::size_t k = 0; k < all.size(); ++k) {
                        const std::int64_t id = all[k];
                        switch ((k + round) % 4) {
                        case 0:
                            s.approve(id);
                            break;
                        case 1:
                            s.reject(id);
                            break;
                        case 2:
                            s.edit(id, "e" + std::to_string(round), "x");
                            break;
                        default:
                            s.skip(id);
                            break;
                        }
                        // reported only once committed
                        const std::int64_t msg[2]
                            = {id, std::int64_t((k + round) % 4) | (std::int64_t(round) << 8)};
                        if (write(fds[1], msg, sizeof msg) != sizeof msg)
                            _exit(3);
                    }
            } catch (...) {
                _exit(2);
            }
            _exit(0);
        }
        close(fds[1]);
        // Let it commit a few hundred decisions, then kill it without warning.
        std::vector<std::pair<std::int64_t, std::int64_t>> committed;
        std::int64_t msg[2];
        while (committed.size() < 300) {
            const ssize_t n = read(fds[0], msg, sizeof msg);
            QCOMPARE(n, ssize_t(sizeof msg));
            committed.emplace_back(msg[0], msg[1]);
        }
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        QVERIFY(WIFSIGNALED(status));
        while (read(fds[0], msg, sizeof msg) == ssize_t(sizeof msg))
            committed.emplace_back(msg[0], msg[1]);
        close(fds[0]);

        PairCurationStore s(path);
        QCOMPARE(QString::fromStdString(s.integrityCheck()), QString("ok"));
        // The audit holds every reported decision (perhaps one more: committed, not yet reported).
        const auto log = s.audit(0, 1000000);
        QVERIFY(log.size() >= committed.size());
        QVERIFY(log.size() <= committed.size() + 1);
        // The last reported decision of each pair is its stored state (unless one more landed).
        std::map<std::int64_t, std::int64_t> last;
        for (const auto &[id, code] : committed)
            last[id] = code;
        const std::int64_t unreported = log.size() > committed.size() ? log.front().pairId : -1;
        int checked = 0;
        for (const auto &[id, code] : last) {
            if (id == unreported)
                continue;
            const int kind = int(code & 0xff);
            const int round = int(code >> 8);
            const PairState st = s.state(id);
            if (kind == 2) {
                QCOMPARE(st, (PairState{"edited", "e" + std::to_string(round), "x"}));
            } else if (kind == 1) {
                QCOMPARE(st.status, std::string("rejected"));
            } else if (kind == 0) {
                QVERIFY(st.status == "approved" || st.status == "edited");
            }
            ++checked;
        }
        QVERIFY(checked >= 250);
        // each audit row's "after" is the state its decision wrote, in commit order
        for (std::size_t i = 0; i + 1 < log.size(); ++i)
            QVERIFY(log[i].id > log[i + 1].id);
    }
};

QTEST_APPLESS_MAIN(TestPairCurationStore)
#include "tst_pair_curation_store.moc"
