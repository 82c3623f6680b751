// Following a run folder's metrics.jsonl (see run_follower.h).
#include "ui/run_follower.h"

#include "ui/metric_series_model.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <functional>

namespace itool::ui {

RunFollower::RunFollower(MetricSeriesModel *model, QObject *parent) : QObject(parent), m_model(model)
{
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &RunFollower::poll);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &RunFollower::poll);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &RunFollower::poll);
}

void RunFollower::follow(const QString &runDir)
{
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    m_dir = runDir;
    m_offset = 0;
    m_partial.clear();
    m_lines = m_bad = 0;
    m_model->clear();
    if (m_dir.isEmpty()) {
        m_timer.stop();
        return;
    }
    m_watcher.addPath(m_dir);
    poll();
    m_timer.start();
}

void RunFollower::poll()
{
    if (m_dir.isEmpty())
        return;
    const QString path = QDir(m_dir).filePath("metrics.jsonl");
    QFile f(path);
    if (!f.exists())
        return;
    if (!m_watcher.files().contains(path))
        m_watcher.addPath(path);
    if (f.size() < m_offset) { // rewritten from the start: a new run in the same folder
        m_offset = 0;
        m_partial.clear();
        m_model->clear();
    }
    if (f.size() == m_offset || !f.open(QIODevice::ReadOnly))
        return;
    f.seek(m_offset);
    QByteArray chunk = f.read(f.size() - m_offset);
    m_offset += chunk.size();
    m_partial += chunk;
    const int lastNewline = m_partial.lastIndexOf('\n');
    if (lastNewline < 0)
        return; // only a partial line so far
    const QByteArray complete = m_partial.left(lastNewline);
    m_partial = m_partial.mid(lastNewline + 1);
    for (const QByteArray &line : complete.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        try {
            m_model->addMetricsLine(Json::parse(line.toStdString()));
            ++m_lines;
        } catch (const std::exception &) {
            ++m_bad;
        }
    }
}

Json RunFollower::readSpec(const QString &runDir)
{
    auto readJson = [](const QString &path) -> Json {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return Json();
        try {
            return Json::parse(f.readAll().toStdString());
        } catch (const std::exception &) {
            return Json();
        }
    };
    Json spec = readJson(QDir(runDir).filePath("spec.json"));
    if (spec.is_object())
        return spec;
    const Json decay = readJson(QDir(runDir).filePath("decay.json"));
    if (decay.is_object() && decay.contains("spec") && decay["spec"].is_object())
        return decay["spec"];
    return Json::object();
}

QStringList RunFollower::specDifferences(const Json &a, const Json &b)
{
    QStringList out;
    std::function<void(const Json &, const Json &, const QString &)> walk = [&](const Json &x, const Json &y,
                                                                               const QString &path) {
        if (x.is_object() && y.is_object()) {
            for (auto it = x.begin(); it != x.end(); ++it) {
                const QString p = path.isEmpty() ? QString::fromStdString(it.key()) : path + "/" + QString::fromStdString(it.key());
                walk(it.value(), y.contains(it.key()) ? y.at(it.key()) : Json(), p);
            }
            for (auto it = y.begin(); it != y.end(); ++it)
                if (!x.contains(it.key()))
                    walk(Json(), it.value(),
                         path.isEmpty() ? QString::fromStdString(it.key()) : path + "/" + QString::fromStdString(it.key()));
            return;
        }
        if (x != y) {
            auto show = [](const Json &v) { return v.is_null() ? QString("(none)") : QString::fromStdString(v.dump()); };
            out << QString("%1: %2 -> %3").arg(path, show(x), show(y));
        }
    };
    walk(a, b, QString());
    return out;
}

} // namespace itool::ui
