#include "ui/dataset_importer.h"

#include "core/data/native_format.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace itool::ui {

ImportOutcome importToNative(const QString &source, const QString &destination,
                             const std::atomic<bool> &cancel, const std::function<void(double)> &progress)
{
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly))
        throw UserError(source.toStdString() + ": cannot open (" + in.errorString().toStdString() + ")");
    QSaveFile out(destination); // atomic: the workspace never sees half a file
    if (!out.open(QIODevice::WriteOnly))
        throw UserError(destination.toStdString() + ": cannot write (" + out.errorString().toStdString() + ")");

    ImportOutcome outcome;
    outcome.format = QStringLiteral("native");
    const std::string file = QFileInfo(source).fileName().toStdString();
    const qint64 total = std::max<qint64>(1, in.size());
    std::int64_t lineNo = 0;
    while (!in.atEnd()) {
        if (cancel.load()) {
            outcome.cancelled = true;
            out.cancelWriting();
            return outcome;
        }
        QByteArray line = in.readLine();
        ++lineNo;
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        try {
            const Json json = Json::parse(line.constData(), line.constData() + line.size());
            const data::Record record = data::recordFromJson(json);
            data::Record located = record;
            if (located.source.file.empty())
                located.source = {file, lineNo};
            out.write(QByteArray::fromStdString(data::recordToJson(located).dump()));
            out.write("\n");
            ++outcome.records;
        } catch (const Json::parse_error &e) {
            std::string what = e.what();
            if (what.rfind("[json.exception", 0) == 0)
                if (auto p = what.find("] "); p != std::string::npos)
                    what = what.substr(p + 2);
            outcome.issues.push_back({file, lineNo, "not valid JSON: " + what.substr(0, 160)});
        } catch (const std::exception &e) {
            outcome.issues.push_back({file, lineNo, e.what()});
        }
        if ((lineNo & 255) == 0)
            progress(static_cast<double>(in.pos()) / total);
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
