// Synthetic training records (see synthetic_training_data.h).
#include "core/pipeline/synthetic_training_data.h"

#include "core/data/difficulty_splitter.h"
#include "core/data/request_generator.h"
#include "core/pipeline/record_files.h"

#include <iterator>
#include <unordered_set>

namespace itool::pipeline {

std::string userTurnsKey(const data::Record &record)
{
    std::string key;
    for (const data::Message &m : record.conversation)
        if (m.role == data::Role::User) {
            key += m.content;
            key += '\x1f'; // a separator no request contains
        }
    return key;
}

SyntheticData makeSyntheticTrainingData(const SyntheticDataSpec &spec)
{
    SyntheticData out;
    if (spec.count == 0)
        return out;
    std::unordered_set<std::string> excluded;
    if (!spec.excludeFiles.empty())
        for (const data::Record &r : readRecordFiles(spec.excludeFiles))
            excluded.insert(userTurnsKey(r));
    const data::RequestGenerator generator(spec.seed);
    out.records.reserve(spec.count);
    for (std::uint64_t i = 0; i < spec.count; ++i) {
        data::Record r = generator.generate(i);
        if (excluded.count(userTurnsKey(r))) {
            ++out.excluded;
            continue;
        }
        out.records.push_back(std::move(r));
    }
    data::splitStructural(out.records);
    return out;
}

SyntheticCounts appendSyntheticRecords(std::vector<data::Record> &records, const SyntheticDataSpec &spec)
{
    SyntheticData generated = makeSyntheticTrainingData(spec);
    records.insert(records.end(), std::make_move_iterator(generated.records.begin()),
                   std::make_move_iterator(generated.records.end()));
    return {generated.records.size(), generated.excluded};
}

} // namespace itool::pipeline
