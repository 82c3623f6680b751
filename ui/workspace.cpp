#include "ui/workspace.h"

#include "ui/dataset_importer.h"
#include "ui/job_manager.h"
#include "ui/prediction_check.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace itool::ui {

namespace {
const char *kDatabaseName = "workspace.sqlite";
}

Workspace::Workspace(const QString &dir, JobManager *jobs, QObject *parent)
    : QObject(parent)
    , m_dir(QDir(dir).absolutePath())
    , m_jobs(jobs)
{
    QDir root(m_dir);
    if (!root.mkpath(QStringLiteral(".")) || !root.mkpath(QStringLiteral("data")) || !root.mkpath(QStringLiteral("runs")))
        throw UserError(m_dir.toStdString() + ": cannot create the workspace folders");
    m_store = std::make_unique<store::WorkspaceStore>(root.filePath(kDatabaseName).toStdString());
}

Workspace::~Workspace()
{
    if (m_indexJob)
        m_jobs->cancel(m_indexJob);
}

bool Workspace::looksLikeWorkspace(const QString &dir)
{
    return QFileInfo::exists(QDir(dir).filePath(kDatabaseName));
}

QString Workspace::dataDir() const { return QDir(m_dir).filePath(QStringLiteral("data")); }
QString Workspace::runsDir() const { return QDir(m_dir).filePath(QStringLiteral("runs")); }

int Workspace::importDataset(const QString &sourceFile)
{
    const QFileInfo info(sourceFile);
    QString stem = info.completeBaseName();
    QString target = QDir(dataDir()).filePath(stem + QStringLiteral(".jsonl"));
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = QDir(dataDir()).filePath(QStringLiteral("%1-%2.jsonl").arg(stem).arg(n));
    auto outcome = std::make_shared<ImportOutcome>();
    const QString source = info.absoluteFilePath();
    return m_jobs->start(
        tr("Importing %1").arg(info.fileName()),
        [=](JobContext &job) {
            std::atomic<bool> cancel{false};
            *outcome = importToNative(source, target, cancel, [&](double f) {
                job.setProgress(f, tr("%1%").arg(int(f * 100)));
                if (job.cancelled())
                    cancel = true;
            });
            if (!outcome->cancelled)
                writeIssues(target + QStringLiteral(".issues"), outcome->issues);
        },
        [=](JobManager::State state, const QString &message) {
            if (state == JobManager::State::Failed)
                emit importFinished(false, message);
            if (state != JobManager::State::Succeeded || outcome->cancelled)
                return; // a cancelled import leaves nothing behind (QSaveFile discarded it)
            store::DatasetEntry entry;
            entry.name = QFileInfo(target).completeBaseName().toStdString();
            entry.path = QDir(m_dir).relativeFilePath(target).toStdString();
            entry.sourcePath = source.toStdString();
            entry.format = outcome->format.toStdString();
            entry.records = outcome->records;
            entry.issues = static_cast<std::int64_t>(outcome->issues.size());
            const auto id = m_store->addDataset(entry);
            emit datasetsChanged();
            emit importFinished(true, tr("Imported %1 records from %2 (%3 lines with problems)")
                                          .arg(outcome->records)
                                          .arg(QFileInfo(source).fileName())
                                          .arg(outcome->issues.size()));
            openDataset(id);
        });
}

void Workspace::openDataset(std::int64_t datasetId)
{
    const auto entry = m_store->dataset(datasetId);
    if (!entry)
        return;
    if (m_indexJob)
        m_jobs->cancel(m_indexJob);
    const QString path = QDir(m_dir).filePath(QString::fromStdString(entry->path));
    m_datasetId = datasetId;
    m_index = std::make_shared<data::RecordIndex>(path.toStdString());
    m_overrides = m_store->splitOverrides(datasetId);
    m_importIssues = readIssues(path + QStringLiteral(".issues"));
    m_issues = m_importIssues;
    m_predictions.clear();
    emit currentDatasetChanged();
    emit issuesChanged();

    std::weak_ptr<data::RecordIndex> weak = m_index;
    auto index = m_index;
    m_indexJob = m_jobs->start(
        tr("Indexing %1").arg(QString::fromStdString(entry->name)),
        [this, index](JobContext &job) {
            std::uint64_t at = 0;
            // A small first chunk so rows show at once, then larger ones.
            std::uint64_t chunkBytes = 128u << 10;
            while (at < index->fileSize() && !job.cancelled()) {
                auto chunk = std::make_shared<data::IndexChunk>(index->scanChunk(at, chunkBytes));
                at = chunk->endByte;
                chunkBytes = data::RecordIndex::kDefaultChunkBytes;
                job.post([this, index, chunk] {
                    if (index != m_index)
                        return; // another dataset was opened meanwhile
                    const std::size_t first = index->size();
                    index->appendChunk(std::move(*chunk));
                    applyOverridesTo(first);
                    if (index->size() > first)
                        emit rowsAppended(first, index->size() - first);
                });
                job.setProgress(double(at) / double(std::max<std::uint64_t>(1, index->fileSize())),
                                tr("%1 MB").arg(at / 1e6, 0, 'f', 1));
            }
        },
        [this, weak](JobManager::State, const QString &) {
            if (weak.lock() != m_index)
                return;
            m_indexJob = 0;
            finishIndexing();
        });
    // Predictions attached earlier come back with the dataset.
    if (auto predictions = m_store->predictionsFile(datasetId)) {
        const QString file = QDir(m_dir).filePath(QString::fromStdString(*predictions));
        if (QFileInfo::exists(file))
            connect(this, &Workspace::indexingFinished, this, [this, file] { loadPredictions(file); },
                    Qt::SingleShotConnection);
    }
}

void Workspace::applyOverridesTo(std::size_t firstRow)
{
    if (m_overrides.empty())
        return;
    for (std::size_t row = firstRow; row < m_index->size(); ++row) {
        auto it = m_overrides.find(std::string(m_index->id(row)));
        if (it != m_overrides.end())
            m_index->setDifficulty(row, it->second.difficulty, it->second.byPerson);
    }
}

void Workspace::finishIndexing()
{
    for (const InputIssue &i : m_index->issues())
        m_issues.push_back(i);
    if (!m_index->issues().empty())
        emit issuesChanged();
    emit indexingFinished();
}

std::vector<SplitRowChange> Workspace::movesTo(const std::vector<std::uint32_t> &rows, data::Difficulty target) const
{
    std::vector<SplitRowChange> changes;
    if (!m_index)
        return changes;
    for (std::uint32_t row : rows) {
        if (row >= m_index->size())
            continue;
        SplitRowChange c;
        c.row = row;
        auto it = m_overrides.find(std::string(m_index->id(row)));
        if (it != m_overrides.end())
            c.overrideBefore = it->second.difficulty;
        c.shownBefore = m_index->difficulty(row);
        c.byPersonBefore = m_index->difficultyByPerson(row);
        c.overrideAfter = target;
        c.shownAfter = target;
        c.byPersonAfter = true;
        if (c.shownBefore == target && c.byPersonBefore)
            continue; // nothing to change
        changes.push_back(c);
    }
    return changes;
}

std::vector<SplitRowChange> Workspace::strategyChanges(
    const std::vector<std::pair<std::uint32_t, data::Difficulty>> &levels) const
{
    std::vector<SplitRowChange> changes;
    if (!m_index)
        return changes;
    for (const auto &[row, level] : levels) {
        if (row >= m_index->size() || m_index->difficultyByPerson(row))
            continue;
        SplitRowChange c;
        c.row = row;
        auto it = m_overrides.find(std::string(m_index->id(row)));
        if (it != m_overrides.end())
            c.overrideBefore = it->second.difficulty;
        c.shownBefore = m_index->difficulty(row);
        c.byPersonBefore = false;
        c.overrideAfter = level;
        c.shownAfter = level;
        c.byPersonAfter = false;
        changes.push_back(c);
    }
    return changes;
}

void Workspace::applySplit(const std::vector<SplitRowChange> &changes, bool undo, const QString &action)
{
    if (!m_index || changes.empty())
        return;
    // Grouped by who the resulting decision belongs to (a person or a strategy).
    std::vector<store::SplitChange> byPerson, byStrategy;
    std::vector<std::uint32_t> rows;
    for (const SplitRowChange &c : changes) {
        const std::string id(m_index->id(c.row));
        const auto before = undo ? c.overrideAfter : c.overrideBefore;
        const auto after = undo ? c.overrideBefore : c.overrideAfter;
        const bool person = undo ? c.byPersonBefore : c.byPersonAfter;
        (person || !after ? byPerson : byStrategy).push_back({id, before, after});
        rows.push_back(c.row);
    }
    // Database first: if it fails nothing changes on screen.
    if (!byPerson.empty())
        m_store->applySplitChanges(m_datasetId, byPerson, action.toStdString(), true);
    if (!byStrategy.empty())
        m_store->applySplitChanges(m_datasetId, byStrategy, action.toStdString(), false);
    for (const SplitRowChange &c : changes) {
        const std::string id(m_index->id(c.row));
        const auto after = undo ? c.overrideBefore : c.overrideAfter;
        if (after)
            m_overrides[id] = {*after, undo ? c.byPersonBefore : c.byPersonAfter};
        else
            m_overrides.erase(id);
        m_index->setDifficulty(c.row, undo ? c.shownBefore : c.shownAfter, undo ? c.byPersonBefore : c.byPersonAfter);
    }
    emit splitChanged(rows);
}

int Workspace::loadPredictions(const QString &file)
{
    if (!m_index)
        return 0;
    if (m_indexJob) {
        // The check reads the index from a worker: wait until it stops growing.
        connect(this, &Workspace::indexingFinished, this, [this, file] { loadPredictions(file); },
                Qt::SingleShotConnection);
        return 0;
    }
    auto index = m_index;
    auto predictions = std::make_shared<std::unordered_map<std::string, Json>>();
    auto errors = std::make_shared<std::unordered_map<std::string, std::string>>();
    const auto datasetId = m_datasetId;
    return m_jobs->start(
        tr("Checking predictions"),
        [=](JobContext &job) {
            *predictions = readPredictions(file.toStdString());
            std::size_t done = 0;
            for (const auto &[id, text] : *predictions) {
                if (job.cancelled())
                    return;
                if (auto row = index->rowOf(id)) {
                    const auto record = index->record(*row);
                    (*errors)[id] = predictionErrorType(*record, text);
                }
                if ((++done & 63) == 0)
                    job.setProgress(double(done) / predictions->size());
            }
        },
        [=](JobManager::State state, const QString &) {
            if (state != JobManager::State::Succeeded || index != m_index)
                return;
            m_predictions = std::move(*predictions);
            index->setErrorTypes(*errors);
            QString stored = QDir(m_dir).relativeFilePath(file);
            if (m_store->predictionsFile(datasetId).value_or("") != stored.toStdString())
                m_store->setPredictionsFile(datasetId, stored.toStdString());
            emit predictionsChanged();
        });
}

std::optional<Json> Workspace::prediction(std::string_view recordId) const
{
    auto it = m_predictions.find(std::string(recordId));
    if (it == m_predictions.end())
        return std::nullopt;
    return it->second;
}

} // namespace itool::ui
