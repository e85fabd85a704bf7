//! The brands crooks imitate in mail to practices, and lists of domains with a known role.
//!
//! A brand's `domains` are registrable domains (as the public suffix list cuts them): mail from
//! or links to any name under them belong to the brand. `names` are folded phrases (see
//! [`crate::text::fold`]) that claim the brand in a sender's name or a subject.

/// A brand and the domains that are really its own.
#[derive(Debug, PartialEq, Eq)]
pub struct Brand {
    /// How a person names it.
    pub name: &'static str,
    /// Folded phrases that claim it.
    pub names: &'static [&'static str],
    /// Its registrable domains.
    pub domains: &'static [&'static str],
    /// A public body or a regulated profession (free mail never speaks for it).
    pub institution: bool,
}

macro_rules! brand {
    ($name:literal, [$($claim:literal),+], [$($domain:literal),+], $institution:literal) => {
        Brand {
            name: $name,
            names: &[$($claim),+],
            domains: &[$($domain),+],
            institution: $institution,
        }
    };
}

/// The brands watched for.
pub const BRANDS: &[Brand] = &[
    // Health insurance, health services and professional bodies.
    brand!(
        "Assurance Maladie (ameli)",
        ["ameli", "assurance maladie", "cpam", "carte vitale"],
        ["ameli.fr", "assurance-maladie.fr"],
        true
    ),
    brand!(
        "Mon espace santé",
        ["mon espace sante"],
        ["monespacesante.fr"],
        true
    ),
    brand!(
        "Doctolib",
        ["doctolib"],
        ["doctolib.fr", "doctolib.com", "doctolib.de", "doctolib.it"],
        false
    ),
    brand!(
        "Pro Santé Connect / e-CPS",
        ["e cps", "ecps", "pro sante connect", "carte cps"],
        ["esante.gouv.fr", "ans.gouv.fr", "sante.gouv.fr"],
        true
    ),
    brand!(
        "MSSanté",
        ["mssante", "messagerie securisee de sante"],
        ["mssante.fr", "esante.gouv.fr"],
        true
    ),
    brand!(
        "Ordre des médecins",
        ["ordre des medecins", "conseil national de l ordre", "cnom"],
        ["conseil-national.medecin.fr", "ordre.medecin.fr"],
        true
    ),
    brand!(
        "Ordre des infirmiers",
        ["ordre des infirmiers", "ordre national des infirmiers"],
        ["ordre-infirmiers.fr"],
        true
    ),
    brand!(
        "Ordre des pharmaciens",
        ["ordre des pharmaciens"],
        ["ordre.pharmacien.fr"],
        true
    ),
    brand!(
        "Ordre des masseurs-kinésithérapeutes",
        [
            "ordre des masseurs kinesitherapeutes",
            "ordre des kinesitherapeutes"
        ],
        ["ordremk.fr"],
        true
    ),
    brand!(
        "URSSAF",
        ["urssaf"],
        ["urssaf.fr", "net-entreprises.fr"],
        true
    ),
    brand!(
        "impots.gouv",
        [
            "impots gouv",
            "impots",
            "dgfip",
            "finances publiques",
            "tresor public"
        ],
        ["impots.gouv.fr", "economie.gouv.fr", "finances.gouv.fr"],
        true
    ),
    brand!(
        "ANTS",
        ["agence nationale des titres securises"],
        ["ants.gouv.fr"],
        true
    ),
    brand!(
        "France Travail",
        ["france travail", "pole emploi"],
        ["francetravail.fr", "pole-emploi.fr"],
        true
    ),
    brand!("CAF", ["caf", "allocations familiales"], ["caf.fr"], true),
    brand!(
        "Crit'Air / ANTAI",
        ["antai", "crit air"],
        ["antai.gouv.fr", "certificat-air.gouv.fr"],
        true
    ),
    // Banks.
    brand!(
        "Crédit Agricole",
        ["credit agricole"],
        ["credit-agricole.fr", "credit-agricole.com", "ca-paris.fr"],
        false
    ),
    brand!(
        "BNP Paribas",
        ["bnp", "bnp paribas"],
        ["bnpparibas.com", "bnpparibas.fr", "mabanque.bnpparibas"],
        false
    ),
    brand!(
        "Société Générale",
        ["societe generale"],
        ["societegenerale.fr", "societegenerale.com", "sg.fr"],
        false
    ),
    brand!("LCL", ["lcl", "credit lyonnais"], ["lcl.fr"], false),
    brand!("CIC", ["cic"], ["cic.fr"], false),
    brand!(
        "Crédit Mutuel",
        ["credit mutuel"],
        ["creditmutuel.fr", "creditmutuel.com"],
        false
    ),
    brand!(
        "Banque Populaire",
        ["banque populaire"],
        ["banquepopulaire.fr"],
        false
    ),
    brand!(
        "Caisse d'Épargne",
        ["caisse d epargne"],
        ["caisse-epargne.fr"],
        false
    ),
    brand!(
        "La Banque Postale",
        ["banque postale"],
        ["labanquepostale.fr"],
        false
    ),
    brand!(
        "PayPal",
        ["paypal"],
        ["paypal.com", "paypal.fr", "paypal.me"],
        false
    ),
    brand!("Wells Fargo", ["wells fargo"], ["wellsfargo.com"], false),
    brand!(
        "Chase",
        ["chase bank", "jpmorgan chase"],
        ["chase.com"],
        false
    ),
    brand!(
        "Bank of America",
        ["bank of america"],
        ["bankofamerica.com"],
        false
    ),
    brand!(
        "American Express",
        ["american express", "amex"],
        ["americanexpress.com", "aexp.com"],
        false
    ),
    brand!("Coinbase", ["coinbase"], ["coinbase.com"], false),
    brand!("MetaMask", ["metamask"], ["metamask.io"], false),
    // Parcels.
    brand!(
        "La Poste / Colissimo",
        ["la poste", "colissimo"],
        ["laposte.fr", "laposte.net", "colissimo.fr"],
        false
    ),
    brand!("Chronopost", ["chronopost"], ["chronopost.fr"], false),
    brand!("DHL", ["dhl"], ["dhl.com", "dhl.fr", "dhl.de"], false),
    brand!("UPS", ["ups"], ["ups.com"], false),
    brand!("FedEx", ["fedex"], ["fedex.com"], false),
    brand!("DPD", ["dpd"], ["dpd.fr", "dpd.com"], false),
    brand!(
        "Mondial Relay",
        ["mondial relay"],
        ["mondialrelay.fr", "mondialrelay.com"],
        false
    ),
    // Software, shops and services.
    brand!(
        "Microsoft 365",
        [
            "microsoft",
            "office 365",
            "microsoft 365",
            "outlook",
            "onedrive",
            "sharepoint"
        ],
        [
            "microsoft.com",
            "office.com",
            "office365.com",
            "microsoftonline.com",
            "live.com",
            "outlook.com",
            "sharepoint.com",
            "onedrive.com",
            "hotmail.com",
            "msn.com",
            "microsoft365.com",
            "azure.com"
        ],
        false
    ),
    brand!(
        "Google",
        ["google", "gmail"],
        [
            "google.com",
            "google.fr",
            "gmail.com",
            "googlemail.com",
            "youtube.com",
            "googleusercontent.com",
            "gstatic.com",
            "googletagmanager.com",
            "googleadservices.com"
        ],
        false
    ),
    brand!(
        "Apple",
        ["apple", "icloud", "itunes", "app store"],
        ["apple.com", "icloud.com", "me.com"],
        false
    ),
    brand!(
        "Amazon",
        ["amazon", "prime video"],
        [
            "amazon.com",
            "amazon.fr",
            "amazon.de",
            "amazon.co.uk",
            "amazonses.com",
            "amazonaws.com",
            "media-amazon.com"
        ],
        false
    ),
    brand!("Netflix", ["netflix"], ["netflix.com"], false),
    brand!(
        "DocuSign",
        ["docusign"],
        ["docusign.com", "docusign.net"],
        false
    ),
    brand!("Dropbox", ["dropbox"], ["dropbox.com"], false),
    brand!("WeTransfer", ["wetransfer"], ["wetransfer.com"], false),
    brand!("Adobe", ["adobe"], ["adobe.com"], false),
    brand!(
        "Facebook / Meta",
        ["facebook", "instagram", "whatsapp"],
        [
            "facebook.com",
            "facebookmail.com",
            "meta.com",
            "instagram.com",
            "whatsapp.com"
        ],
        false
    ),
    brand!("LinkedIn", ["linkedin"], ["linkedin.com"], false),
    brand!(
        "Orange",
        ["orange"],
        ["orange.fr", "orange.com", "orange-business.com"],
        false
    ),
    brand!("SFR", ["sfr"], ["sfr.fr"], false),
    brand!(
        "Free",
        ["free mobile", "freebox"],
        ["free.fr", "free-mobile.fr"],
        false
    ),
    brand!(
        "Bouygues Telecom",
        ["bouygues"],
        ["bouyguestelecom.fr"],
        false
    ),
    brand!("EDF", ["edf"], ["edf.fr"], false),
    brand!("Engie", ["engie"], ["engie.fr", "engie.com"], false),
    brand!(
        "Norton",
        ["norton"],
        ["norton.com", "nortonlifelock.com"],
        false
    ),
    brand!("McAfee", ["mcafee"], ["mcafee.com"], false),
];

/// Mail providers anyone can open an address at.
pub const FREEMAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.fr",
    "ymail.com",
    "hotmail.com",
    "hotmail.fr",
    "outlook.com",
    "outlook.fr",
    "live.com",
    "live.fr",
    "msn.com",
    "aol.com",
    "aol.fr",
    "icloud.com",
    "me.com",
    "gmx.com",
    "gmx.fr",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
    "mail.ru",
    "yandex.com",
    "yandex.ru",
    "protonmail.com",
    "proton.me",
    "zoho.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "sfr.fr",
    "neuf.fr",
    "laposte.net",
    "bbox.fr",
    "numericable.fr",
    "tutanota.com",
    "qq.com",
    "163.com",
    "126.com",
];

/// URL shorteners: the real destination is hidden until the click.
pub const SHORTENERS: &[&str] = &[
    "bit.ly",
    "bitly.com",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "buff.ly",
    "rebrand.ly",
    "cutt.ly",
    "shorturl.at",
    "rb.gy",
    "t.ly",
    "tiny.cc",
    "s.id",
    "v.gd",
    "shorte.st",
    "adf.ly",
    "bl.ink",
    "lnkd.in",
    "qrco.de",
    "urlz.fr",
    "x.co",
    "l.ead.me",
    "t.me",
    "surl.li",
    "shorturl.asia",
    "u.to",
    "clck.ru",
];

/// Where anyone can put an image: an organisation's mail shows images from its own site or its
/// mailing service, not from these. (Sites whose pictures are copied along with their text,
/// Wikipedia's or a social network's, are not listed: a person pasting a passage brings them.)
pub const FREE_IMAGE_HOSTS: &[&str] = &[
    "imgur.com",
    "zupimages.net",
    "ibb.co",
    "imgbb.com",
    "postimg.cc",
    "postimages.org",
    "freeimage.host",
    "iili.io",
    "imgbox.com",
    "imgchest.com",
    "pixhost.to",
    "imagevenue.com",
    "imageshack.com",
    "imageshack.us",
    "tinypic.com",
    "photobucket.com",
    "gyazo.com",
    "prnt.sc",
    "prntscr.com",
    "lensdump.com",
];

/// Hosting, storage and form services where anyone can publish a fake login page under the
/// service's own name.
pub const FREE_HOSTING: &[&str] = &[
    "firebaseapp.com",
    "web.app",
    "appspot.com",
    "blogspot.com",
    "sites.google.com",
    "forms.gle",
    "docs.google.com",
    "storage.googleapis.com",
    "000webhostapp.com",
    "weebly.com",
    "wixsite.com",
    "wix.com",
    "webflow.io",
    "glitch.me",
    "netlify.app",
    "vercel.app",
    "pages.dev",
    "workers.dev",
    "r2.dev",
    "github.io",
    "herokuapp.com",
    "run.app",
    "cloudfunctions.net",
    "digitaloceanspaces.com",
    "ondigitalocean.app",
    "onrender.com",
    "translate.goog",
    "ngrok.io",
    "ngrok-free.app",
    "trycloudflare.com",
    "repl.co",
    "ipfs.io",
    "dweb.link",
    "cloudflare-ipfs.com",
    "blob.core.windows.net",
    "web.core.windows.net",
    "azurewebsites.net",
    "s3.amazonaws.com",
    "amazonaws.com",
    "jotform.com",
    "typeform.com",
    "formstack.com",
    "surveymonkey.com",
    "sharepoint.com",
    "1drv.ms",
    "godaddysites.com",
    "square.site",
    "mystrikingly.com",
    "framer.website",
    "ngrok.io",
    "ngrok-free.app",
    "trycloudflare.com",
    "notion.site",
    "canva.site",
];

/// Top-level domains that, per public abuse reports, carry a large share of phishing.
pub const RISKY_TLDS: &[&str] = &[
    "top",
    "xyz",
    "icu",
    "cyou",
    "buzz",
    "click",
    "link",
    "live",
    "online",
    "site",
    "website",
    "space",
    "fun",
    "shop",
    "store",
    "rest",
    "cfd",
    "sbs",
    "bond",
    "monster",
    "quest",
    "support",
    "tk",
    "ml",
    "ga",
    "cf",
    "gq",
    "work",
    "info",
    "zip",
    "mov",
    "country",
    "kim",
    "loan",
    "win",
    "review",
    "party",
    "gdn",
    "bid",
    "stream",
    "download",
    "racing",
    "date",
    "ru",
    "su",
    "beauty",
    "hair",
    "makeup",
    "skin",
    "lol",
    "mom",
    "autos",
    "boats",
    "homes",
    "yachts",
    "motorcycles",
    "pics",
    "pw",
    "cc",
    "ws",
    "bar",
    "accountant",
    "cricket",
    "science",
    "faith",
    "men",
    "trade",
    "webcam",
    "vip",
    "xin",
    "asia",
    "today",
    "life",
    "world",
    "digital",
];

/// Whether `domain` (a registrable domain) is one of `list`, or a name under one of them.
pub fn listed(domain: &str, list: &[&str]) -> bool {
    list.iter().any(|entry| under(domain, entry))
}

/// Whether `name` is `domain` or a name under it.
pub fn under(name: &str, domain: &str) -> bool {
    name == domain
        || name
            .strip_suffix(domain)
            .is_some_and(|prefix| prefix.ends_with('.'))
}

/// Whether `domain` belongs to `brand`.
pub fn belongs(domain: &str, brand: &Brand) -> bool {
    listed(domain, brand.domains)
}

/// The brands that a folded text claims.
pub fn claimed_in(folded: &str) -> impl Iterator<Item = &'static Brand> + '_ {
    BRANDS
        .iter()
        .filter(move |brand| crate::text::first_phrase(folded, brand.names).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn names_under_a_domain_belong_to_it() {
        assert!(under("info.ameli.fr", "ameli.fr"));
        assert!(under("ameli.fr", "ameli.fr"));
        assert!(!under("fakeameli.fr", "ameli.fr"));
        assert!(listed("sites.google.com", FREE_HOSTING));
    }

    #[test]
    fn claims_are_found_in_folded_text() {
        let claimed: Vec<&str> = claimed_in(&fold("Service Carte Vitale - Assurance Maladie"))
            .map(|brand| brand.name)
            .collect();
        assert_eq!(claimed, vec!["Assurance Maladie (ameli)"]);
        assert_eq!(claimed_in(&fold("Groupes de travail")).count(), 0);
    }

    #[test]
    fn every_brand_domain_is_a_registrable_domain() {
        for brand in BRANDS {
            for domain in brand.domains {
                assert_eq!(
                    psl::domain_str(domain),
                    Some(*domain),
                    "{domain} of {} is not a registrable domain",
                    brand.name
                );
            }
        }
    }
}
