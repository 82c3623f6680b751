#include "ui/prediction_check.h"

#include "core/common/user_error.h"

#include <fstream>

namespace itool::ui {

std::unordered_map<std::string, std::string> readPredictions(const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        throw UserError(path + ": cannot open predictions");
    std::unordered_map<std::string, std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        Json j;
        try {
            j = Json::parse(line);
        } catch (const std::exception &) {
            continue;
        }
        if (!j.is_object() || !j.contains("id") || !j["id"].is_string())
            continue;
        for (const char *key : {"result", "prediction", "output"}) {
            if (auto it = j.find(key); it != j.end()) {
                out[j["id"].get<std::string>()] = it->is_string() ? it->get<std::string>() : it->dump();
                break;
            }
        }
    }
    return out;
}

PredictionCheck checkPrediction(const data::Record &, const std::string &)
{
    throw UserError("the BFCL checker is not part of this build yet");
}

} // namespace itool::ui
