//! What the analyser found, feature by feature, with the facts a person needs to understand it.

use serde::Serialize;

use crate::features::{Feature, Values};

/// One reason behind a verdict: which signal, and its facts (the domains, names or words
/// involved), for the message files to turn into a sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// The signal's code (a [`Feature`]'s, or `auth_failed` and `first_time_sender` for the
    /// signals the model does not learn).
    pub code: &'static str,
    /// Named facts (`shown`, `target`, `brand`, `name`, `words`…).
    pub facts: Vec<(&'static str, String)>,
    /// How much it moved the score (the model's weight times the signal's value), filled in
    /// when the model combines the signals.
    pub weight: f64,
}

/// The signals measured so far and one reason per signal.
#[derive(Clone, Debug)]
pub struct Evidence {
    /// Each feature's value.
    pub values: Values,
    /// The first reason found for each feature that fired.
    pub reasons: Vec<Reason>,
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence {
            values: Values::zero(),
            reasons: Vec::new(),
        }
    }
}

impl Evidence {
    /// Records that `feature` fired with `value`, keeping the first reason given for it.
    pub fn add(&mut self, feature: Feature, value: f64, facts: Vec<(&'static str, String)>) {
        if value <= 0.0 {
            return;
        }
        self.values.raise(feature, value);
        if !self
            .reasons
            .iter()
            .any(|reason| reason.code == feature.code())
        {
            self.reasons.push(Reason {
                code: feature.code(),
                facts,
                weight: 0.0,
            });
        }
    }

    /// Whether `feature` fired.
    pub fn fired(&self, feature: Feature) -> bool {
        self.values.get(feature) > 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_reason_stays_and_the_highest_value_wins() {
        let mut evidence = Evidence::default();
        evidence.add(Feature::Urgency, 0.3, vec![("words", "urgent".into())]);
        evidence.add(
            Feature::Urgency,
            0.6,
            vec![("words", "immédiatement".into())],
        );
        evidence.add(Feature::Threat, 0.0, Vec::new());
        assert_eq!(evidence.reasons.len(), 1);
        assert_eq!(evidence.reasons[0].facts[0].1, "urgent");
        assert_eq!(evidence.values.get(Feature::Urgency), 0.6);
        assert!(!evidence.fired(Feature::Threat));
    }
}
