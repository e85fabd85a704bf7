//! Credentials: passwords checked against the CNIL's entropy rule and stored with Argon2id,
//! TOTP second factors (RFC 6238, a code accepted once), session tokens kept only as hashes,
//! and the CSRF token tied to each session.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// Bits of entropy the CNIL asks of a password that is the only factor (deliberation
/// 2022-100): 12 characters of 4 kinds, or a 7-word passphrase.
pub const MIN_ENTROPY_BITS: f64 = 80.0;

/// Why a password is refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum WeakPassword {
    /// Too little entropy.
    #[error("about {bits:.0} bits of entropy where {MIN_ENTROPY_BITS} are needed")]
    TooWeak {
        /// The estimate.
        bits: f64,
    },
    /// Built on a word every attacker tries first.
    #[error("built on a word attackers try first: {word}")]
    Common {
        /// The word.
        word: String,
    },
}

/// Words that every guessing list starts with, in a French practice's setting.
const COMMON: &[&str] = &[
    "password",
    "motdepasse",
    "azerty",
    "qwerty",
    "123456",
    "654321",
    "000000",
    "111111",
    "secretaire",
    "secretariat",
    "cabinet",
    "docteur",
    "medecin",
    "infirmier",
    "patient",
    "admin",
    "hygie",
    "soleil",
    "bonjour",
    "doctolib",
    "ameli",
    "sante",
    "welcome",
];

/// The entropy estimate the CNIL's rule uses: length × log2(size of the alphabet drawn from),
/// counting lower case, upper case, digits and other characters.
pub fn entropy_bits(password: &str) -> f64 {
    let mut alphabet = 0u32;
    if password.chars().any(char::is_lowercase) {
        alphabet += 26;
    }
    if password.chars().any(char::is_uppercase) {
        alphabet += 26;
    }
    if password.chars().any(|c| c.is_ascii_digit()) {
        alphabet += 10;
    }
    if password.chars().any(|c| !c.is_alphanumeric()) {
        alphabet += 33;
    }
    // Counts of characters are small: the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    let length = password.chars().count() as f64;
    length * f64::from(alphabet.max(1)).log2()
}

/// Whether `name` can be a login, in the console and for `hygie console add-user` alike:
/// letters, digits and `.-_@`, 64 at most, not only dots.
pub fn valid_login(name: &str) -> bool {
    !name.is_empty()
        && !name.chars().all(|c| c == '.')
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_@".contains(c))
}

/// Checks `password` (of account `user`) against the rule, and against the words and the
/// account name an attacker tries first.
pub fn check_strength(user: &str, password: &str) -> Result<(), WeakPassword> {
    let folded: String = password
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'à' | 'â' => 'a',
            '0' => 'o',
            '1' => 'i',
            '@' => 'a',
            '$' => 's',
            c => c,
        })
        .collect();
    let user = user.to_lowercase();
    let common = COMMON
        .iter()
        .map(|w| (*w).to_owned())
        .chain((user.chars().count() >= 3).then_some(user))
        .find(|word| {
            folded.contains(word.as_str()) || password.to_lowercase().contains(word.as_str())
        });
    if let Some(word) = common {
        return Err(WeakPassword::Common { word });
    }
    let bits = entropy_bits(password);
    if bits < MIN_ENTROPY_BITS {
        return Err(WeakPassword::TooWeak { bits });
    }
    Ok(())
}

/// The Argon2id hash (PHC string) of `password`, with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches `hash`; a damaged hash matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Burns the time of one verification, so that an unknown login answers as slowly as a known
/// one.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("hygie-no-such-user").unwrap_or_default());
    let _ = verify_password(password, hash);
}

/// A fresh TOTP secret (160 bits), base32 as authenticator apps take it.
pub fn new_totp_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    totp_rs::Secret::from(bytes).to_base32()
}

/// The `otpauth://` address an authenticator app reads (as a QR code or typed).
pub fn otpauth_url(user: &str, secret: &str) -> String {
    let label: String = user
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c.to_string()
            } else {
                format!("%{:02X}", u32::from(c) & 0xFF)
            }
        })
        .collect();
    format!(
        "otpauth://totp/Hygie:{label}?secret={secret}&issuer=Hygie&algorithm=SHA1&digits=6&period=30"
    )
}

/// The time step `code` is valid for at `unix_seconds` (one step of tolerance either side),
/// if it is valid and newer than `last_step`: a code is never accepted twice.
pub fn check_totp(secret: &str, code: &str, unix_seconds: u64, last_step: i64) -> Option<i64> {
    let secret = totp_rs::Secret::try_from_base32(secret).ok()?;
    let totp = totp_rs::Builder::new()
        .with_secret(secret)
        .with_skew(1)
        .build()
        .ok()?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let step = i64::try_from(totp.check(&code, unix_seconds)?).ok()?;
    (step > last_step).then_some(step)
}

/// The current code of `secret`, for tests and for the enrolment check.
pub fn totp_now(secret: &str, unix_seconds: u64) -> Option<String> {
    let secret = totp_rs::Secret::try_from_base32(secret).ok()?;
    let totp = totp_rs::Builder::new().with_secret(secret).build().ok()?;
    Some(totp.generate(unix_seconds).to_string())
}

/// A new session token (256 random bits, URL-safe base64) and the hash under which it is
/// stored: a stolen database holds no usable session.
pub fn new_session_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// The stored form of a session token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The CSRF token of a session: an HMAC of its token under the console's key, so forms carry
/// a value another site cannot know.
pub fn csrf_token(key: &[u8], session_token: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(b"hygie-console-csrf");
    mac.update(session_token.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `given` is the CSRF token of `session_token`, compared in constant time.
pub fn csrf_matches(key: &[u8], session_token: &str, given: &str) -> bool {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return false;
    };
    mac.update(b"hygie-console-csrf");
    mac.update(session_token.as_bytes());
    hex::decode(given).is_ok_and(|bytes| mac.verify_slice(&bytes).is_ok())
}

/// A random key for CSRF tokens.
pub fn new_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    OsRng.fill_bytes(&mut key);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cnil_rule_accepts_its_own_examples_and_refuses_short_ones() {
        assert!(
            check_strength("marie", "Tr0ub4dour&3x").is_ok(),
            "13 characters of 4 kinds"
        );
        assert!(check_strength("marie", "correct cheval agrafe batterie lune ferme piano").is_ok());
        for weak in [
            "password",
            "Secretaire2026!",
            "M0tdepasse123!!",
            "Abc!1",
            "marie.Dupont-2026!",
        ] {
            assert!(check_strength("marie", weak).is_err(), "{weak}");
        }
    }

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("Tr0ub4dour&3x").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("Tr0ub4dour&3x", &hash));
        assert!(!verify_password("tr0ub4dour&3x", &hash));
        assert!(!verify_password("Tr0ub4dour&3x", "not a hash"));
    }

    #[test]
    fn a_totp_code_is_accepted_once_and_only_near_its_time() {
        let secret = new_totp_secret();
        let now = 1_790_000_000;
        let code = totp_now(&secret, now).unwrap();
        let step = check_totp(&secret, &code, now, 0).unwrap();
        assert_eq!(check_totp(&secret, &code, now, step), None, "replayed");
        assert!(
            check_totp(&secret, &code, now + 30, 0).is_some(),
            "one step of skew"
        );
        assert_eq!(check_totp(&secret, &code, now + 300, 0), None, "too late");
        assert_eq!(check_totp(&secret, "12345", now, 0), None);
        assert_eq!(check_totp("not base32!", &code, now, 0), None);
    }

    #[test]
    fn csrf_tokens_belong_to_their_session() {
        let key = new_key();
        let (token, _) = new_session_token();
        let (other, _) = new_session_token();
        let csrf = csrf_token(&key, &token);
        assert!(csrf_matches(&key, &token, &csrf));
        assert!(!csrf_matches(&key, &other, &csrf));
        assert!(!csrf_matches(&key, &token, "zz"));
    }
}
