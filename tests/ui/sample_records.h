#pragma once
// Small native record files for the ui tests, written into a temporary folder.
#include "core/data/native_format.h"

#include <QString>

#include <fstream>
#include <string>

namespace itool::testdata {

inline data::Record sampleRecord(int i)
{
    static const char *kDomains[] = {"weather", "travel", "finance"};
    data::Record r;
    r.id = "rec-" + std::to_string(i);
    r.domain = kDomains[i % 3];
    r.tools.push_back(Json{{"name", r.domain + "_lookup"},
                           {"description", "Looks things up"},
                           {"parameters", Json{{"type", "object"},
                                               {"properties", Json{{"city", Json{{"type", "string"}}},
                                                                   {"days", Json{{"type", "integer"}, {"default", 1}}}}},
                                               {"required", Json::array({"city"})}}}});
    if (i % 2)
        r.tools.push_back(Json{{"name", "shared_tool"}, {"parameters", Json::object()}});
    r.conversation.push_back({data::Role::User, "Question number " + std::to_string(i) + " about " + r.domain, {}, {}});
    r.gold.push_back({r.domain + "_lookup", {{"city", {Json("Paris")}}, {"days", {Json(3), Json("")}}}});
    r.category = data::inferCategory(r);
    r.difficulty = static_cast<data::Difficulty>(1 + i % 3);
    return r;
}

// count good records, plus two bad lines after the first `badAfter` records.
inline void writeSampleFile(const QString &path, int count, int badAfter = -1)
{
    std::ofstream out(path.toStdString());
    for (int i = 0; i < count; ++i) {
        if (i == badAfter) {
            out << "{\"id\": \"cut\", \"tools\": [\n";
            out << "{\"id\":\"bad-tools\",\"tools\":\"x\",\"conversation\":[],\"gold\":[]}\n";
        }
        out << data::recordToJson(sampleRecord(i)).dump() << "\n";
    }
}

} // namespace itool::testdata
