//! The register of processing activities (GDPR art. 30), pre-filled for a private practice
//! from the CNIL's referential and the CNIL–Ordre des médecins guide, then kept by the practice.

use serde::{Deserialize, Serialize};

use crate::text::Localized;

const DEFAULT: &str = include_str!("../data/register.toml");

/// The register: who is responsible, and one entry per processing activity.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// The controller: the practice (name, address, contact).
    pub controller: String,
    /// The data protection officer, if there is one (or the person in charge).
    #[serde(default)]
    pub dpo: String,
    /// The processing activities.
    pub activities: Vec<Activity>,
}

/// One processing activity, with every field art. 30(1) requires.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Stable identifier.
    pub id: String,
    /// Its name.
    pub name: Localized,
    /// Why the data is processed (art. 30(1)(b)).
    pub purposes: Localized,
    /// The legal basis (art. 6 and 9).
    pub legal_basis: Localized,
    /// Whose data (art. 30(1)(c)).
    pub persons: Localized,
    /// Which data (art. 30(1)(c)).
    pub data: Localized,
    /// Who receives it (art. 30(1)(d)).
    pub recipients: Localized,
    /// Transfers outside the EU and their safeguards (art. 30(1)(e)).
    pub transfers: Localized,
    /// How long it is kept (art. 30(1)(f)).
    pub retention: Localized,
    /// The security measures, in general terms (art. 30(1)(g), art. 32).
    pub security: Localized,
    /// Processors involved (software publisher, host, booking platform).
    #[serde(default)]
    pub processors: String,
}

impl Register {
    /// The register pre-filled for a practice, with `controller` as its controller.
    pub fn prefilled(controller: &str) -> Register {
        // The file is part of the source and checked by a test.
        let mut register: Register = toml::from_str(DEFAULT).unwrap_or(Register {
            controller: String::new(),
            dpo: String::new(),
            activities: Vec::new(),
        });
        register.controller = controller.to_owned();
        register
    }

    /// Reads an edited register, and checks that every field art. 30 requires is filled.
    pub fn parse(text: &str) -> Result<Register, String> {
        let register: Register = toml::from_str(text).map_err(|e| e.to_string())?;
        let missing = register.missing();
        if missing.is_empty() {
            Ok(register)
        } else {
            Err(missing.join(", "))
        }
    }

    /// The required fields still empty, as `activity.field` (or `controller`).
    pub fn missing(&self) -> Vec<String> {
        let mut missing = Vec::new();
        if self.controller.trim().is_empty() {
            missing.push("controller".to_owned());
        }
        for a in &self.activities {
            let fields = [
                ("name", &a.name),
                ("purposes", &a.purposes),
                ("legal_basis", &a.legal_basis),
                ("persons", &a.persons),
                ("data", &a.data),
                ("recipients", &a.recipients),
                ("transfers", &a.transfers),
                ("retention", &a.retention),
                ("security", &a.security),
            ];
            for (name, value) in fields {
                if value.fr.trim().is_empty() && value.en.trim().is_empty() {
                    missing.push(format!("{}.{name}", a.id));
                }
            }
        }
        missing
    }

    /// The register as an editable TOML text.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefilled_register_holds_every_article_30_field() {
        let register = Register::prefilled("Cabinet du Dr Martin, 1 rue de la Paix, Lyon");
        let ids: Vec<&str> = register.activities.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "appointments",
                "patient-records",
                "telemedicine",
                "professional-exchanges",
                "health-insurance"
            ]
        );
        assert!(register.missing().is_empty(), "{:?}", register.missing());
        let round = Register::parse(&register.to_toml()).unwrap();
        assert_eq!(round, register);
        let mut broken = register.clone();
        broken.activities[1].retention = Localized {
            fr: String::new(),
            en: " ".into(),
        };
        assert_eq!(
            Register::parse(&broken.to_toml()).unwrap_err(),
            "patient-records.retention"
        );
    }
}
