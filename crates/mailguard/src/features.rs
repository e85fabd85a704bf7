//! The signals the model combines: one number in `[0, 1]` per feature.

use serde::Serialize;

macro_rules! features {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)+) => {
        /// A signal the analyser measures.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Feature {
            $($(#[$doc])* $variant,)+
        }

        impl Feature {
            /// Every feature, in the model's order.
            pub const ALL: &'static [Feature] = &[$(Feature::$variant,)+];

            /// A stable code: the model file, the JSON output and the message files use it.
            pub fn code(self) -> &'static str {
                match self {
                    $(Feature::$variant => $code,)+
                }
            }
        }
    };
}

features! {
    /// A link shows one address and leads to another site.
    LinkTextMismatch = "link_text_mismatch",
    /// A link leads to a bare IP address.
    LinkToIpAddress = "link_to_ip_address",
    /// A link hides its real site behind `something@`.
    LinkUserinfoTrick = "link_userinfo_trick",
    /// A link goes through a URL shortener.
    LinkShortener = "link_shortener",
    /// A link leads to a free hosting or form service often used for fake login pages.
    LinkFreeHosting = "link_free_hosting",
    /// A link or the sender is under a top-level domain favoured by crooks.
    RiskyTld = "risky_tld",
    /// A link bounces through a well-known site's open redirect to reach another.
    LinkRedirector = "link_redirector",
    /// A domain imitates a known brand's (look-alike letters, typo, brand name inside).
    LookalikeDomain = "lookalike_domain",
    /// The sender's name or the subject claims a brand whose site no link leads to.
    BrandLinksElsewhere = "brand_links_elsewhere",
    /// The sender's name claims a brand and the address is not the brand's.
    SenderImpersonation = "sender_impersonation",
    /// The sender's name contains another address than the real one, or several senders are
    /// given.
    SenderNameAddress = "sender_name_address",
    /// The sender's name speaks for an organisation that its address has nothing to do with.
    SenderNameMismatch = "sender_name_mismatch",
    /// The sender's address looks machine-made (random letters and digits).
    RandomSender = "random_sender",
    /// No sender address, or one whose domain cannot exist (no public suffix).
    InvalidSender = "invalid_sender",
    /// The subject or the greeting uses the recipient's address instead of a name.
    RecipientAddressGreeting = "recipient_address_greeting",
    /// Answers go to another domain than the sender's.
    ReplyToElsewhere = "reply_to_elsewhere",
    /// A free mail address speaks for an institution or a company.
    FreemailInstitution = "freemail_institution",
    /// An attachment that runs code or opens a web page (program, script, shortcut, disk image, HTML…).
    DangerousAttachment = "dangerous_attachment",
    /// An attachment whose name hides its real type behind a second extension.
    DoubleExtension = "double_extension",
    /// An Office document with macros.
    OfficeMacros = "office_macros",
    /// An archive protected by a password (its content cannot be checked).
    EncryptedArchive = "encrypted_archive",
    /// An archive inside an archive.
    NestedArchive = "nested_archive",
    /// A PDF with a form or a script.
    PdfActiveContent = "pdf_active_content",
    /// A PDF with links.
    PdfLinks = "pdf_links",
    /// A calendar invitation carrying links.
    CalendarLinks = "calendar_links",
    /// The message asks for passwords, codes or card details.
    CredentialRequest = "credential_request",
    /// The message asks to pay or to change bank details.
    PaymentChange = "payment_change",
    /// The message presses for haste.
    Urgency = "urgency",
    /// The message threatens (suspension, penalties, deletion).
    Threat = "threat",
    /// The message promises a prize, a gift or easy money.
    PrizeLure = "prize_lure",
    /// The message sells what spam sells (medicines, adult content, loans, miracle cures).
    SpamOffer = "spam_offer",
    /// The message announces a refund, a parcel or an unpaid bill.
    MoneyLure = "money_lure",
    /// The message contains a form to fill in.
    HtmlForm = "html_form",
    /// The message hides text from the reader.
    HiddenText = "hidden_text",
    /// The message carries strings of random characters meant to fool filters.
    JunkText = "junk_text",
    /// Letters in disguise (`𝐖𝐈𝐍𝐍𝐄𝐑`, `ｇｒａｔｕｉｔ`, `Ⓦⓘⓝ`): symbols styled as letters, so that
    /// filters reading words do not see them.
    StyledLetters = "styled_letters",
    /// Words that mix two alphabets (`Lооking` with Cyrillic `о`): look-alike letters slipped
    /// into words so that filters reading words do not see them.
    MixedScripts = "mixed_scripts",
    /// The message's images come from a free image host (`imgur.com`): an organisation shows
    /// its own.
    FreeImageHost = "free_image_host",
    /// The message asks to write to a free mail address that is not the sender's.
    FreemailContact = "freemail_contact",
}

/// How many features the model has.
pub const COUNT: usize = Feature::ALL.len();

/// The measured value of every feature for one message.
#[derive(Clone, Debug, PartialEq)]
pub struct Values(pub [f64; COUNT]);

impl Values {
    /// All zero.
    pub fn zero() -> Values {
        Values([0.0; COUNT])
    }

    /// The value of one feature.
    pub fn get(&self, feature: Feature) -> f64 {
        self.0[feature as usize]
    }

    /// Raises a feature to at least `value` (clamped to `[0, 1]`).
    pub fn raise(&mut self, feature: Feature, value: f64) {
        let slot = &mut self.0[feature as usize];
        *slot = slot.max(value.clamp(0.0, 1.0));
    }
}

/// A count turned into `[0, 1]`, saturating at `cap`.
pub fn saturating(count: usize, cap: usize) -> f64 {
    count.min(cap) as f64 / cap as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order() {
        let mut codes: Vec<&str> = Feature::ALL.iter().map(|f| f.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), COUNT);
        for (index, feature) in Feature::ALL.iter().enumerate() {
            assert_eq!(*feature as usize, index);
        }
    }

    #[test]
    fn raise_keeps_the_highest_value_in_range() {
        let mut values = Values::zero();
        values.raise(Feature::Urgency, 0.5);
        values.raise(Feature::Urgency, 0.2);
        assert_eq!(values.get(Feature::Urgency), 0.5);
        values.raise(Feature::Urgency, 7.0);
        assert_eq!(values.get(Feature::Urgency), 1.0);
        assert_eq!(saturating(5, 3), 1.0);
        assert_eq!(saturating(1, 4), 0.25);
    }
}
