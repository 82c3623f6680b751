#pragma once
// Preference-optimisation losses on sequence log-probabilities: SimPO (the default,
// reference-free, length-normalised), DPO and IPO (against a frozen reference policy) and
// ORPO (odds ratio plus the chosen side's NLL). Inputs are per-token log-probs with masks, so
// the same code serves training (autograd through the policy) and the tests (tiny double
// tensors, finite-difference gradient checks). Formulas: docs/rounds.md, "Losses".
// What it is not: the trainer (preference_trainer.h) or pair building (search/pair_extractor.h).
// Torch header: core/train and core/pipeline .cpp files only.
#include <torch/torch.h>

#include <optional>
#include <string>
#include <string_view>

namespace itool::train {

enum class PreferenceLossKind { SimPO, DPO, IPO, ORPO };
std::string_view toString(PreferenceLossKind kind);
std::optional<PreferenceLossKind> preferenceLossFromString(std::string_view text);

struct PreferenceLossOptions
{
    PreferenceLossKind kind = PreferenceLossKind::SimPO;
    double beta = 2.5;  // SimPO 2.5 (paper); DPO usually 0.1; IPO: tau, the 1/(2 tau) target
    double gamma = 0.5; // SimPO target margin
    double orpoLambda = 0.1;
    // true: a sequence's score is its mean token log-prob (SimPO, ORPO), false: the sum
    // (DPO, IPO as published). defaultsFor() sets the published choice per kind.
    bool lengthNormalised = true;
};
// The published defaults of one loss.
PreferenceLossOptions defaultPreferenceOptions(PreferenceLossKind kind);

// Per-sequence sums and token counts of masked per-token log-probs [B,T] (mask 0/1, same shape).
struct SequenceLogProbs
{
    torch::Tensor sum;   // [B]
    torch::Tensor count; // [B], clamped to >= 1
    torch::Tensor mean() const { return sum / count; }
};
SequenceLogProbs sequenceLogProbs(const torch::Tensor &tokenLogProbs, const torch::Tensor &mask);

// log p(target_t | prefix) for logits [B,T,V] and targets [B,T] (already shifted by the caller).
torch::Tensor tokenLogProbs(const torch::Tensor &logits, const torch::Tensor &targets);

struct PreferenceLossResult
{
    torch::Tensor loss;          // scalar, mean over the batch
    torch::Tensor perPair;       // [B]
    torch::Tensor chosenReward;  // [B] (detached): the implicit reward of each side
    torch::Tensor rejectedReward;
    double margin() const;   // mean(chosen - rejected reward)
    double accuracy() const; // share of pairs with chosen reward > rejected reward
};

// chosen/rejected: the policy's sequences; refChosen/refRejected: the frozen reference's
// (DPO, IPO; ignored and may be empty for SimPO and ORPO).
PreferenceLossResult preferenceLoss(const SequenceLogProbs &chosen, const SequenceLogProbs &rejected,
                                    const SequenceLogProbs *refChosen, const SequenceLogProbs *refRejected,
                                    const PreferenceLossOptions &options);

} // namespace itool::train
