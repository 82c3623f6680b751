#include "core/data/response_scorer.h"

#include "core/common/user_error.h"

#include <filesystem>

namespace itool::data {

std::unique_ptr<ResponseScorer> openResponseScorer(const std::string &modelDir)
{
    if (modelDir.empty())
        throw UserError("the perplexity strategy needs a model: pass --model DIR (a checkpoint folder with "
                        "config.json and model.safetensors), or use --strategy structural");
    std::error_code ec;
    if (!std::filesystem::is_directory(modelDir, ec))
        throw UserError("--model " + modelDir + ": no such folder");
    // Replaced when core/model provides checkpoint loading and scoring.
    throw UserError("--model " + modelDir + ": model loading is not available in this build yet, so the perplexity "
                    "strategy cannot run; use --strategy structural or manual");
}

} // namespace itool::data
