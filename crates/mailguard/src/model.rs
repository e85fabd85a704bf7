//! The model: a logistic regression over the features, with weights trained by
//! `cargo xtask train-mailguard` (see `weights.rs`), and two signals it cannot learn from the
//! training corpus, set by hand.

use crate::evidence::{Evidence, Reason};
use crate::features::{COUNT, Feature};
use crate::weights;

/// Added to the log-odds when the receiving provider says SPF, DKIM or DMARC failed. Not
/// learned: the benchmark's content view removes these headers from both classes, as the
/// corpus README requires (they separate the corpora, not phishing from mail).
pub const AUTHENTICATION_FAILED: f64 = 1.5;
/// Added when the sender has never written before (only when a history is known).
pub const FIRST_TIME_SENDER: f64 = 0.5;

/// Whether a message is dangerous.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Nothing worrying.
    Clean,
    /// To handle with care: check with the sender by another channel before acting.
    Suspicious,
    /// Phishing or malware: do not click, do not open, do not answer.
    Malicious,
}

impl Verdict {
    /// The code used in JSON and the journal.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Clean => "clean",
            Verdict::Suspicious => "suspicious",
            Verdict::Malicious => "malicious",
        }
    }
}

/// The learned weight of each feature, in [`Feature::ALL`] order.
pub fn learned_weights() -> [f64; COUNT] {
    let mut weights = [0.0; COUNT];
    for (slot, feature) in weights.iter_mut().zip(Feature::ALL) {
        *slot = weights::WEIGHTS
            .iter()
            .find(|(code, _)| *code == feature.code())
            .map_or(0.0, |(_, weight)| *weight);
    }
    weights
}

/// Combines the evidence: the probability that the message is malicious, and each reason's
/// share of it.
pub fn score(evidence: &mut Evidence, extra_log_odds: f64) -> f64 {
    let weights = learned_weights();
    let mut log_odds = weights::BIAS + extra_log_odds;
    for (feature, weight) in Feature::ALL.iter().zip(weights) {
        let value = evidence.values.get(*feature);
        log_odds += weight * value;
        if let Some(reason) = evidence
            .reasons
            .iter_mut()
            .find(|reason| reason.code == feature.code())
        {
            reason.weight = weight * value;
        }
    }
    1.0 / (1.0 + (-log_odds).exp())
}

/// The verdict for a probability.
pub fn verdict(score: f64) -> Verdict {
    if score >= weights::MALICIOUS_AT {
        Verdict::Malicious
    } else if score >= weights::SUSPICIOUS_AT {
        Verdict::Suspicious
    } else {
        Verdict::Clean
    }
}

/// Keeps the reasons that raised the score, strongest first.
pub fn telling(mut reasons: Vec<Reason>) -> Vec<Reason> {
    reasons.retain(|reason| reason.weight > 0.05);
    reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_has_a_weight_and_every_weight_a_feature() {
        for (code, _) in weights::WEIGHTS {
            assert!(
                Feature::ALL.iter().any(|feature| feature.code() == *code),
                "weights.rs names an unknown feature {code}: run `cargo xtask train-mailguard`"
            );
        }
        assert_eq!(
            weights::WEIGHTS.len(),
            COUNT,
            "run `cargo xtask train-mailguard`"
        );
        const { assert!(weights::SUSPICIOUS_AT < weights::MALICIOUS_AT) };
    }

    #[test]
    fn verdicts_follow_the_thresholds() {
        assert_eq!(verdict(0.0), Verdict::Clean);
        assert_eq!(verdict(weights::SUSPICIOUS_AT), Verdict::Suspicious);
        assert_eq!(verdict(1.0), Verdict::Malicious);
    }
}
