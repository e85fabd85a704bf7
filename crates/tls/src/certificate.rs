//! A self-signed certificate for a machine that has none: generated once (ECDSA P-256), kept
//! beside its private key (0600, written under a temporary name and renamed), and named by the
//! SHA-256 fingerprint a person compares with what the browser shows at the first connection.

use std::fmt;
use std::io::Write;
use std::path::Path;

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use sha2::{Digest, Sha256};

use crate::listener::TlsError;

/// How long a generated certificate is valid, in days (browsers cap at about two years).
const VALID_DAYS: i64 = 730;

/// The SHA-256 fingerprint of a certificate, as browsers show it (`AB:CD:…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint(String);

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Fingerprint {
    fn of(der: &[u8]) -> Fingerprint {
        let digest = Sha256::digest(der);
        let pairs: Vec<String> = digest.iter().map(|b| format!("{b:02X}")).collect();
        Fingerprint(pairs.join(":"))
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> TlsError + '_ {
    move |cause| TlsError::Pem {
        path: path.display().to_string(),
        cause: cause.to_string(),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, with `mode`.
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), TlsError> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(io_error(folder))?;
    let mut temporary = tempfile::NamedTempFile::new_in(folder).map_err(io_error(folder))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temporary
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(io_error(path))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    temporary.write_all(bytes).map_err(io_error(path))?;
    temporary.as_file().sync_all().map_err(io_error(path))?;
    temporary
        .persist(path)
        .map_err(|e| io_error(path)(e.error))?;
    Ok(())
}

/// The certificate at `certificate` (with its key at `key`), generated first if either file is
/// missing, for `names` (host names and IP addresses, as text). Its fingerprint.
pub fn self_signed(
    certificate: &Path,
    key: &Path,
    names: &[String],
) -> Result<Fingerprint, TlsError> {
    if certificate.exists() && key.exists() {
        let der = CertificateDer::from_pem_file(certificate).map_err(|e| TlsError::Pem {
            path: certificate.display().to_string(),
            cause: e.to_string(),
        })?;
        return Ok(Fingerprint::of(&der));
    }
    let config = |e: rcgen::Error| TlsError::Config(e.to_string());
    let mut params = rcgen::CertificateParams::new(names.to_vec()).map_err(config)?;
    let mut name = rcgen::DistinguishedName::new();
    name.push(rcgen::DnType::CommonName, "Hygie console");
    name.push(rcgen::DnType::OrganizationName, "Hygie");
    params.distinguished_name = name;
    let now = std::time::SystemTime::now();
    params.not_before = (now - std::time::Duration::from_secs(3600)).into();
    params.not_after =
        (now + std::time::Duration::from_secs(VALID_DAYS.unsigned_abs() * 86_400)).into();
    let key_pair = rcgen::KeyPair::generate().map_err(config)?;
    let generated = params.self_signed(&key_pair).map_err(config)?;
    write_new(key, key_pair.serialize_pem().as_bytes(), 0o600)?;
    write_new(certificate, generated.pem().as_bytes(), 0o644)?;
    Ok(Fingerprint::of(generated.der()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_is_generated_once_then_kept_and_makes_a_tls_setup() {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = (dir.path().join("c.pem"), dir.path().join("k.pem"));
        let names = ["cabinet.local".to_owned(), "192.168.1.20".to_owned()];
        let first = self_signed(&cert, &key, &names).unwrap();
        assert_eq!(first.to_string().len(), 32 * 3 - 1);
        let second = self_signed(&cert, &key, &names).unwrap();
        assert_eq!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(crate::tls_config(&cert, &key).is_ok());
        // No temporary file is left beside them.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
