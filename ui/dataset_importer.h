#pragma once
// Brings a dataset file into a workspace: reads it, keeps every good record, writes them as
// native JSONL into the workspace's data/ folder, and reports each bad line (file:line,
// reason) instead of failing the whole file. Runs on a worker thread (no widgets here).
#include "core/common/user_error.h"

#include <QString>

#include <atomic>
#include <functional>
#include <vector>

namespace itool::ui {

struct ImportOutcome
{
    QString format;      // which reader was used
    qint64 records = 0;  // good records written
    std::vector<InputIssue> issues;
    bool cancelled = false;
};

// progress(fraction); cancel is polled between lines. Throws UserError when the source
// cannot be read at all.
ImportOutcome importToNative(const QString &source, const QString &destination,
                             const std::atomic<bool> &cancel, const std::function<void(double)> &progress);

// Issues sidecar beside an imported file: one "file:line: message" JSON object per line.
void writeIssues(const QString &path, const std::vector<InputIssue> &issues);
std::vector<InputIssue> readIssues(const QString &path);

} // namespace itool::ui
