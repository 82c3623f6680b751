// Preference losses; see preference_loss.h and docs/rounds.md for the formulas.
#include "core/train/preference_loss.h"

#include <stdexcept>

namespace itool::train {

std::string_view toString(PreferenceLossKind kind)
{
    switch (kind) {
    case PreferenceLossKind::SimPO: return "simpo";
    case PreferenceLossKind::DPO: return "dpo";
    case PreferenceLossKind::IPO: return "ipo";
    case PreferenceLossKind::ORPO: return "orpo";
    }
    return "simpo";
}

std::optional<PreferenceLossKind> preferenceLossFromString(std::string_view text)
{
    for (auto kind : {PreferenceLossKind::SimPO, PreferenceLossKind::DPO, PreferenceLossKind::IPO,
                      PreferenceLossKind::ORPO})
        if (text == toString(kind))
            return kind;
    return std::nullopt;
}

PreferenceLossOptions defaultPreferenceOptions(PreferenceLossKind kind)
{
    PreferenceLossOptions o;
    o.kind = kind;
    switch (kind) {
    case PreferenceLossKind::SimPO: o.beta = 2.5; o.gamma = 0.5; o.lengthNormalised = true; break;
    case PreferenceLossKind::DPO: o.beta = 0.1; o.gamma = 0.0; o.lengthNormalised = false; break;
    case PreferenceLossKind::IPO: o.beta = 0.1; o.gamma = 0.0; o.lengthNormalised = false; break;
    case PreferenceLossKind::ORPO: o.beta = 1.0; o.gamma = 0.0; o.orpoLambda = 0.1; o.lengthNormalised = true; break;
    }
    return o;
}

SequenceLogProbs sequenceLogProbs(const torch::Tensor &tokenLogProbs, const torch::Tensor &mask)
{
    if (tokenLogProbs.sizes() != mask.sizes())
        throw std::invalid_argument("sequenceLogProbs: log-probs and mask differ in shape");
    auto m = mask.to(tokenLogProbs.scalar_type());
    SequenceLogProbs out;
    out.sum = (tokenLogProbs * m).sum(1);
    out.count = m.sum(1).clamp_min(1.0);
    return out;
}

torch::Tensor tokenLogProbs(const torch::Tensor &logits, const torch::Tensor &targets)
{
    return torch::log_softmax(logits, -1).gather(-1, targets.unsqueeze(-1)).squeeze(-1);
}

double PreferenceLossResult::margin() const
{
    return (chosenReward - rejectedReward).mean().item<double>();
}

double PreferenceLossResult::accuracy() const
{
    return (chosenReward > rejectedReward).to(torch::kDouble).mean().item<double>();
}

PreferenceLossResult preferenceLoss(const SequenceLogProbs &chosen, const SequenceLogProbs &rejected,
                                    const SequenceLogProbs *refChosen, const SequenceLogProbs *refRejected,
                                    const PreferenceLossOptions &options)
{
    auto score = [&](const SequenceLogProbs &s) { return options.lengthNormalised ? s.mean() : s.sum; };
    const auto c = score(chosen);
    const auto r = score(rejected);
    PreferenceLossResult out;
    switch (options.kind) {
    case PreferenceLossKind::SimPO: {
        // L = -log sigmoid(beta (c - r) - gamma); reward = beta * score.
        out.perPair = -torch::log_sigmoid(options.beta * (c - r) - options.gamma);
        out.chosenReward = (options.beta * c).detach();
        out.rejectedReward = (options.beta * r).detach();
        break;
    }
    case PreferenceLossKind::DPO:
    case PreferenceLossKind::IPO: {
        if (!refChosen || !refRejected)
            throw std::invalid_argument("DPO and IPO need the reference policy's log-probs");
        const auto cr = c - score(*refChosen).detach();
        const auto rr = r - score(*refRejected).detach();
        const auto h = cr - rr;
        if (options.kind == PreferenceLossKind::DPO)
            out.perPair = -torch::log_sigmoid(options.beta * h);
        else // IPO (Azar et al.): (h - 1/(2 tau))^2 with tau = beta
            out.perPair = (h - 1.0 / (2.0 * options.beta)).pow(2);
        out.chosenReward = (options.beta * cr).detach();
        out.rejectedReward = (options.beta * rr).detach();
        break;
    }
    case PreferenceLossKind::ORPO: {
        // ORPO (Hong et al.): NLL(chosen) - lambda log sigmoid(log odds(c) - log odds(r)),
        // log odds(p) = log p - log(1 - p) with log p the mean token log-prob. The mean is < 0
        // for any real distribution; clamp keeps log1p(-exp(x)) finite at x -> 0.
        auto logOdds = [](const torch::Tensor &lp) {
            const auto x = lp.clamp_max(-1e-6);
            return x - torch::log1p(-torch::exp(x));
        };
        const auto cm = chosen.mean();
        const auto rm = rejected.mean();
        out.perPair = -cm - options.orpoLambda * torch::log_sigmoid(logOdds(cm) - logOdds(rm));
        out.chosenReward = logOdds(cm).detach();
        out.rejectedReward = logOdds(rm).detach();
        break;
    }
    }
    out.loss = out.perPair.mean();
    return out;
}

} // namespace itool::train
