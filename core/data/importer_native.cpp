// Reads the native record format (see native_format.h): one record per line, lossless. The
// source location a record carries is kept; a record without one gets this file and line.
#include "core/data/importer_context.h"
#include "core/data/native_format.h"

namespace itool::data {

void importNative(InputReader &reader, ImportSink &sink)
{
    forEachItem(reader, sink, [&](const Json &item, std::int64_t line) {
        Record record;
        try {
            record = recordFromJson(item);
        } catch (const FormatError &e) {
            throw ItemError(e.what());
        }
        if (!item.contains("source")) {
            record.source.file = sink.file();
            record.source.line = line;
        }
        sink.add(std::move(record));
    });
}

} // namespace itool::data
