#include "ui/dataset_importer.h"

#include "core/data/importer.h"
#include "core/data/native_format.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace itool::ui {

ImportOutcome importToNative(const QString &source, const QString &destination,
                             const std::atomic<bool> &cancel, const std::function<void(double)> &progress)
{
    // The importers read every format the core knows (detected from the content) and
    // report bad lines as values; here they are only written out as native JSONL.
    progress(0.0);
    data::ImportOptions options;
    data::ImportResult result = data::importFile(source.toStdString(), options);
    if (!result.ok())
        throw UserError(result.error);
    ImportOutcome outcome;
    outcome.format = QString::fromUtf8(data::toString(result.format).data(),
                                       static_cast<qsizetype>(data::toString(result.format).size()));
    outcome.issues = std::move(result.issues);
    if (result.issueCount > static_cast<std::int64_t>(outcome.issues.size()))
        outcome.issues.push_back({QFileInfo(source).fileName().toStdString(), 0,
                                  std::to_string(result.issueCount - static_cast<std::int64_t>(outcome.issues.size()))
                                      + " more lines with problems not listed"});
    progress(0.5);

    QSaveFile out(destination); // atomic: the workspace never sees half a file
    if (!out.open(QIODevice::WriteOnly))
        throw UserError(destination.toStdString() + ": cannot write (" + out.errorString().toStdString() + ")");
    const std::size_t total = std::max<std::size_t>(1, result.records.size());
    for (std::size_t i = 0; i < result.records.size(); ++i) {
        if (cancel.load()) {
            outcome.cancelled = true;
            out.cancelWriting();
            return outcome;
        }
        out.write(QByteArray::fromStdString(data::recordToJson(result.records[i]).dump()));
        out.write("\n");
        ++outcome.records;
        if ((i & 1023) == 0)
            progress(0.5 + 0.5 * static_cast<double>(i) / total);
    }
    if (!out.commit())
        throw UserError(destination.toStdString() + ": write failed (" + out.errorString().toStdString() + ")");
    progress(1.0);
    return outcome;
}

void writeIssues(const QString &path, const std::vector<InputIssue> &issues)
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return;
    for (const InputIssue &i : issues) {
        out.write(QByteArray::fromStdString(Json{{"file", i.file}, {"line", i.line}, {"message", i.message}}.dump()));
        out.write("\n");
    }
    out.commit();
}

std::vector<InputIssue> readIssues(const QString &path)
{
    std::vector<InputIssue> issues;
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        return issues;
    while (!in.atEnd()) {
        const QByteArray line = in.readLine().trimmed();
        if (line.isEmpty())
            continue;
        try {
            const Json j = Json::parse(line.constData(), line.constData() + line.size());
            issues.push_back({j.value("file", ""), j.value("line", std::int64_t(0)), j.value("message", "")});
        } catch (const std::exception &) {
        }
    }
    return issues;
}

} // namespace itool::ui
