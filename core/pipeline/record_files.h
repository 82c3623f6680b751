#pragma once
// Reading and writing native JSON Lines record files (core/data/native_format.h) for jobs.
// Bad lines are UserErrors "file:line: message". No torch.
#include "core/data/record.h"

#include <string>
#include <vector>

namespace itool::pipeline {

std::vector<data::Record> readRecordFile(const std::string &path);
std::vector<data::Record> readRecordFiles(const std::vector<std::string> &paths);
void writeRecordFile(const std::string &path, const std::vector<data::Record> &records); // atomic

} // namespace itool::pipeline
