#include "core/data/exporter.h"

#include "core/data/native_format.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace itool::data {

std::string_view toString(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Native:
        return "native";
    case ExportFormat::OpenAi:
        return "openai";
    case ExportFormat::ShareGpt:
        return "sharegpt";
    }
    return {};
}

std::optional<ExportFormat> exportFormatFromString(std::string_view text)
{
    for (ExportFormat f : {ExportFormat::Native, ExportFormat::OpenAi, ExportFormat::ShareGpt})
        if (toString(f) == text)
            return f;
    return std::nullopt;
}

Json exportRecord(const Record &record, ExportFormat format, std::vector<std::string> &notes)
{
    switch (format) {
    case ExportFormat::Native:
        return recordToJson(record);
    case ExportFormat::OpenAi:
        return toOpenAiChat(record, notes);
    case ExportFormat::ShareGpt:
        return toShareGpt(record, notes);
    }
    throw ExportError("unknown export format");
}

ExportResult exportRecords(const std::vector<Record> &records, ExportFormat format,
                           std::ostream &out)
{
    ExportResult result;
    for (const Record &record : records) {
        std::vector<std::string> notes;
        try {
            const Json line = exportRecord(record, format, notes);
            // Replacement instead of an exception for invalid UTF-8 that slipped in.
            out << line.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
            ++result.written;
            for (const std::string &note : notes)
                result.notes.push_back(InputIssue{record.source.file, record.source.line,
                                                  "record " + record.id + ": " + note});
        } catch (const ExportError &e) {
            result.skipped.push_back(InputIssue{record.source.file, record.source.line,
                                                "record " + record.id + ": " + e.what()});
        }
    }
    return result;
}

ExportResult exportRecordsToFile(const std::vector<Record> &records, ExportFormat format,
                                 const std::string &path)
{
    const std::string temporary = path + ".partial";
    ExportResult result;
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            throw UserError(path + ": cannot write (" + std::strerror(errno) + ")");
        result = exportRecords(records, format, out);
        out.flush();
        if (!out) {
            std::remove(temporary.c_str());
            throw UserError(path + ": writing failed (disk full?)");
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(temporary.c_str());
        throw UserError(path + ": cannot move the written file into place (" + reason + ")");
    }
    return result;
}

} // namespace itool::data
