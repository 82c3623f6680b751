#include "core/data/native_jsonl.h"

#include "core/data/native_format.h"

#include <fstream>

namespace itool::data {

std::vector<Record> readNativeJsonl(const std::string &path, std::vector<InputIssue> &issues)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UserError("cannot read " + path);
    std::vector<Record> records;
    std::string line;
    std::int64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        const Json json = Json::parse(line, nullptr, false);
        if (json.is_discarded()) {
            issues.push_back({path, number, "not valid JSON"});
            continue;
        }
        try {
            records.push_back(recordFromJson(json));
        } catch (const FormatError &e) {
            issues.push_back({path, number, e.what()});
        } catch (const Json::exception &e) {
            issues.push_back({path, number, std::string("unexpected value: ") + e.what()});
        }
    }
    return records;
}

void writeNativeJsonl(const std::string &path, const std::vector<Record> &records)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw UserError("cannot write " + path);
    for (const Record &r : records)
        out << recordToJson(r).dump() << '\n';
    out.close();
    if (!out)
        throw UserError("writing " + path + " failed (disk full?)");
}

} // namespace itool::data
