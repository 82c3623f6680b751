// Native record files for jobs (see record_files.h).
#include "core/pipeline/record_files.h"

#include "core/common/user_error.h"
#include "core/data/native_format.h"

#include <filesystem>
#include <fstream>

namespace itool::pipeline {

std::vector<data::Record> readRecordFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UserError("cannot read records " + path);
    std::vector<data::Record> out;
    std::string line;
    std::int64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        try {
            auto r = data::recordFromJson(Json::parse(line));
            r.source = {path, number};
            out.push_back(std::move(r));
        } catch (const std::exception &e) {
            throw UserError(InputIssue{path, number, e.what()}.toString());
        }
    }
    return out;
}

std::vector<data::Record> readRecordFiles(const std::vector<std::string> &paths)
{
    std::vector<data::Record> out;
    for (const auto &p : paths) {
        auto part = readRecordFile(p);
        out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    return out;
}

void writeRecordFile(const std::string &path, const std::vector<data::Record> &records)
{
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw UserError("cannot write " + tmp);
        for (const auto &r : records)
            out << data::recordToJson(r).dump() << "\n";
        if (!out)
            throw UserError("failed writing " + tmp);
    }
    std::filesystem::rename(tmp, path);
}

} // namespace itool::pipeline
