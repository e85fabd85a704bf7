//! What a file's content looks like, from a few sampled regions: how random each region is,
//! whether it is text written in a small alphabet (base64, hex), and which file type its magic
//! bytes and trailer announce.
//!
//! Whole-file entropy misses intermittent encryption (the header only, every N-th block, a few
//! percent of the file), so a profile keeps one measure per region: the start, the end, and
//! regions spread evenly in between. The event source reads those regions ([`sample_offsets`])
//! and hands their bytes to [`Profile::from_regions`]; nothing here reads a file.

use serde::Serialize;

/// Bytes per sampled region.
pub const REGION: usize = 4096;
/// Regions sampled per file at most.
pub const REGIONS: usize = 16;
/// Bytes read at the start of a file for its magic number (DICOM's sits at offset 128).
pub const HEAD: usize = 512;
/// Bytes read at the end of a file for its trailer.
pub const TAIL: usize = 1024;

/// Where to sample a file of `size` bytes: the offsets of up to [`REGIONS`] regions of
/// [`REGION`] bytes — the first, the last, and the rest spread evenly — in increasing order.
pub fn sample_offsets(size: u64) -> Vec<u64> {
    let region = REGION as u64;
    if size <= region {
        return vec![0];
    }
    let last = size - region;
    let count = (size.div_ceil(region)).min(REGIONS as u64);
    let steps = u128::from((count - 1).max(1));
    let mut offsets: Vec<u64> = (0..count)
        .map(|i| {
            // In 128 bits: a sparse file may claim a size near 2^64.
            u64::try_from(u128::from(last) * u128::from(i) / steps).unwrap_or(last)
        })
        .collect();
    offsets.dedup();
    offsets
}

/// Shannon entropy of `bytes`, in bits per byte (0 to 8).
pub fn entropy(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    // Four tables, so that a run of one byte does not wait on one counter.
    let mut tables = [[0u32; 256]; 4];
    let mut quads = bytes.chunks_exact(4);
    for quad in &mut quads {
        for (table, &b) in tables.iter_mut().zip(quad) {
            table[usize::from(b)] += 1;
        }
    }
    for &b in quads.remainder() {
        tables[0][usize::from(b)] += 1;
    }
    let mut counts = [0u32; 256];
    for (i, count) in counts.iter_mut().enumerate() {
        *count = tables.iter().map(|t| t[i]).sum();
    }
    #[allow(clippy::cast_precision_loss)]
    let total = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / total;
            -p * p.log2()
        })
        .sum()
}

/// How one sampled region looks.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RegionProfile {
    /// Where it starts.
    pub offset: u64,
    /// Entropy in bits per byte.
    pub entropy: f64,
    /// The highest entropy of its [`WINDOW`]-byte windows: a small encrypted block inside
    /// structured content shows here before it shows in the region's entropy.
    pub peak: f64,
    /// The region is text in a small alphabet used uniformly (base64 or hex of random bytes):
    /// ciphertext made to look harmless.
    pub encoded: bool,
}

impl RegionProfile {
    /// Measures `bytes`, found at `offset`.
    pub fn measure(offset: u64, bytes: &[u8]) -> RegionProfile {
        let peak = if bytes.len() <= WINDOW {
            entropy(bytes)
        } else {
            peak_entropy(bytes)
        };
        RegionProfile {
            offset,
            entropy: entropy(bytes),
            peak,
            encoded: is_encoded_random(bytes),
        }
    }
}

/// The highest entropy of the `WINDOW`-byte windows of `bytes` (at least that long), every
/// half window. The counts slide with the window and the entropy is kept as
/// `log2(n) - sum(c log2 c) / n`, so each step costs the bytes that enter and leave it, not a
/// pass over 256 counts.
fn peak_entropy(bytes: &[u8]) -> f64 {
    const STEP: usize = WINDOW / 2;
    // c·log2(c) in fixed point (2^32 units): integer sums are exact and fast; the rounding of
    // each entry changes an entropy by less than 1e-9 bit.
    const SCALE: f64 = 4_294_967_296.0;
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    let c_log_c: Vec<i64> = (0..=WINDOW)
        .map(|c| {
            if c == 0 {
                0
            } else {
                (c as f64 * (c as f64).log2() * SCALE).round() as i64
            }
        })
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let n = WINDOW as f64;
    #[allow(clippy::cast_precision_loss)]
    let entropy_of = |sum: i64| n.log2() - sum as f64 / SCALE / n;
    let mut counts = [0usize; 256];
    let mut sum: i64 = 0;
    for &b in &bytes[..WINDOW] {
        let c = &mut counts[usize::from(b)];
        sum += c_log_c[*c + 1] - c_log_c[*c];
        *c += 1;
    }
    let mut best = entropy_of(sum);
    let mut start = 0;
    while start + STEP + WINDOW <= bytes.len() {
        let leaving = &bytes[start..start + STEP];
        let entering = &bytes[start + WINDOW..start + WINDOW + STEP];
        for (&out, &into) in leaving.iter().zip(entering) {
            // The same byte leaving and entering changes nothing (uniform content is cheap).
            if out == into {
                continue;
            }
            let c = &mut counts[usize::from(out)];
            sum += c_log_c[*c - 1] - c_log_c[*c];
            *c -= 1;
            let c = &mut counts[usize::from(into)];
            sum += c_log_c[*c + 1] - c_log_c[*c];
            *c += 1;
        }
        start += STEP;
        best = best.max(entropy_of(sum));
    }
    best
}

/// Whether `bytes` are base64 or hexadecimal text whose symbols are used almost uniformly, as
/// when random bytes are encoded. Natural text and source code use their letters unevenly.
fn is_encoded_random(bytes: &[u8]) -> bool {
    let in_base64 = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_');
    // Most regions fail at their first bytes: no copy is made for them.
    if bytes.len() < 256
        || !bytes
            .iter()
            .all(|b| in_base64(b) || matches!(b, b'\n' | b'\r' | b'='))
    {
        return false;
    }
    let symbols: Vec<u8> = bytes
        .iter()
        .copied()
        .filter(|b| !matches!(b, b'\n' | b'\r' | b'='))
        .collect();
    if symbols.len() < 200 {
        return false;
    }
    let mut seen = [false; 256];
    for &b in &symbols {
        seen[usize::from(b)] = true;
    }
    let distinct = seen.iter().filter(|&&s| s).count();
    if !(12..=66).contains(&distinct) {
        return false;
    }
    #[allow(clippy::cast_precision_loss)]
    let ceiling = (distinct as f64).log2();
    entropy(&symbols) >= 0.95 * ceiling
}

/// A file type recognised by its magic bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    /// PDF.
    Pdf,
    /// ZIP and everything built on it (docx, xlsx, odt, jar…).
    Zip,
    /// Old Office documents and other compound files.
    CompoundFile,
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// GIF.
    Gif,
    /// TIFF.
    Tiff,
    /// DICOM (medical imaging).
    Dicom,
    /// SQLite database.
    Sqlite,
    /// gzip.
    Gzip,
    /// 7-Zip.
    SevenZip,
    /// RTF.
    Rtf,
    /// MP4 / QuickTime.
    Mp4,
    /// OpenPGP, armoured.
    OpenPgp,
    /// ELF executables, libraries and object files.
    Elf,
}

impl FileType {
    /// The type whose magic `head` (the first bytes of a file) starts with, if any.
    pub fn detect(head: &[u8]) -> Option<FileType> {
        let starts = |magic: &[u8]| head.starts_with(magic);
        let detected = if starts(b"%PDF-") {
            FileType::Pdf
        } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
            FileType::Zip
        } else if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            FileType::CompoundFile
        } else if starts(&[0xFF, 0xD8, 0xFF]) {
            FileType::Jpeg
        } else if starts(b"\x89PNG\r\n\x1a\n") {
            FileType::Png
        } else if starts(b"GIF87a") || starts(b"GIF89a") {
            FileType::Gif
        } else if starts(b"II*\0") || starts(b"MM\0*") {
            FileType::Tiff
        } else if head.get(128..132) == Some(b"DICM") {
            FileType::Dicom
        } else if starts(b"SQLite format 3\0") {
            FileType::Sqlite
        } else if starts(&[0x1F, 0x8B]) {
            FileType::Gzip
        } else if starts(b"7z\xBC\xAF\x27\x1C") {
            FileType::SevenZip
        } else if starts(b"{\\rtf") {
            FileType::Rtf
        } else if head.get(4..8) == Some(b"ftyp") {
            FileType::Mp4
        } else if starts(b"-----BEGIN PGP MESSAGE") {
            FileType::OpenPgp
        } else if starts(b"\x7fELF") {
            FileType::Elf
        } else {
            return None;
        };
        Some(detected)
    }

    /// Whether a file of this type ends with a recognisable trailer, and whether `tail` (the
    /// last bytes of the file) holds it.
    pub fn trailer_present(self, tail: &[u8]) -> Option<bool> {
        let contains = |needle: &[u8]| tail.windows(needle.len()).any(|w| w == needle);
        match self {
            FileType::Pdf => Some(contains(b"%%EOF")),
            FileType::Zip => Some(contains(b"PK\x05\x06")),
            FileType::Jpeg => Some(contains(&[0xFF, 0xD9])),
            FileType::Png => Some(contains(b"IEND")),
            _ => None,
        }
    }

    /// The type a file name's extension promises, when it promises one.
    pub fn expected_from_extension(extension: &str) -> Option<FileType> {
        let types = match extension.to_ascii_lowercase().as_str() {
            "pdf" => FileType::Pdf,
            "zip" | "docx" | "xlsx" | "pptx" | "odt" | "ods" | "odp" | "jar" | "epub" => {
                FileType::Zip
            }
            "doc" | "xls" | "ppt" | "msg" => FileType::CompoundFile,
            "jpg" | "jpeg" => FileType::Jpeg,
            "png" => FileType::Png,
            "gif" => FileType::Gif,
            "tif" | "tiff" => FileType::Tiff,
            "dcm" => FileType::Dicom,
            "sqlite" | "sqlite3" | "db" => FileType::Sqlite,
            "gz" | "tgz" => FileType::Gzip,
            "7z" => FileType::SevenZip,
            "rtf" => FileType::Rtf,
            "mp4" | "mov" | "m4a" => FileType::Mp4,
            _ => return None,
        };
        Some(types)
    }
}

/// A file's content, as sampled.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    /// Its size in bytes.
    pub size: u64,
    /// The type its magic bytes announce.
    pub file_type: Option<FileType>,
    /// Whether its type's trailer is present, for types that have one.
    pub trailer: Option<bool>,
    /// The sampled regions, in increasing offset.
    pub regions: Vec<RegionProfile>,
}

impl Profile {
    /// The profile of a file of `size` bytes from its first bytes (`head`, at least [`HEAD`]
    /// when the file is that long), its last bytes (`tail`, up to [`TAIL`]), and the regions
    /// read at [`sample_offsets`].
    pub fn from_regions(size: u64, head: &[u8], tail: &[u8], regions: &[(u64, &[u8])]) -> Profile {
        let file_type = FileType::detect(head);
        Profile {
            size,
            file_type,
            trailer: file_type.and_then(|t| t.trailer_present(tail)),
            regions: regions
                .iter()
                .map(|(offset, bytes)| RegionProfile::measure(*offset, bytes))
                .collect(),
        }
    }

    /// A digest of the profile: two files with the same content have the same fingerprint;
    /// two different texts almost never do.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.size.hash(&mut hasher);
        self.file_type.hash(&mut hasher);
        self.trailer.hash(&mut hasher);
        for region in &self.regions {
            region.offset.hash(&mut hasher);
            region.entropy.to_bits().hash(&mut hasher);
            region.peak.to_bits().hash(&mut hasher);
            region.encoded.hash(&mut hasher);
        }
        hasher.finish()
    }

    /// The profile of a whole file held in memory (tests, small files).
    pub fn of_bytes(bytes: &[u8]) -> Profile {
        let size = bytes.len() as u64;
        let regions: Vec<(u64, &[u8])> = sample_offsets(size)
            .into_iter()
            .filter_map(|offset| {
                let start = usize::try_from(offset).ok()?;
                let end = start.saturating_add(REGION).min(bytes.len());
                Some((offset, bytes.get(start..end)?))
            })
            .collect();
        let head = &bytes[..bytes.len().min(HEAD)];
        let tail = &bytes[bytes.len().saturating_sub(TAIL)..];
        Profile::from_regions(size, head, tail, &regions)
    }

    /// Whether every sampled region looks random or encoded: content nobody can read, with no
    /// known type.
    pub fn is_opaque(&self) -> bool {
        self.file_type.is_none()
            && !self.regions.is_empty()
            && self
                .regions
                .iter()
                .all(|r| r.entropy >= RANDOM_ENTROPY || r.encoded)
    }
}

/// Bytes per window of [`RegionProfile::peak`] (windows overlap by half).
pub const WINDOW: usize = 128;
/// A window below this peak holds structured content (prose, records, markup)…
pub const STRUCTURED_PEAK: f64 = 5.8;
/// …and one from this peak holds random bytes (128 random bytes measure about 6.6).
pub const RANDOM_PEAK: f64 = 6.2;

/// Entropy from which a 4 KiB region is taken for random (ciphertext or compressed data).
pub const RANDOM_ENTROPY: f64 = 7.5;
/// A region that was below this and became random changed nature.
pub const STRUCTURED_ENTROPY: f64 = 7.0;
/// A rise of this many bits per byte, to at least [`RISEN_FLOOR`], is a change of nature too:
/// every other 16-byte block encrypted in a text region.
pub const ENTROPY_RISE: f64 = 1.2;
/// See [`ENTROPY_RISE`].
pub const RISEN_FLOOR: f64 = 6.0;

/// What changed between two profiles of the same file that hints at encryption.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Change {
    /// A region that was structured became random (or rose sharply).
    pub randomness_rose: bool,
    /// A region became base64/hex text of random bytes.
    pub became_encoded: bool,
    /// The file's magic bytes no longer announce the type they announced.
    pub type_lost: bool,
    /// The file's type trailer disappeared.
    pub trailer_lost: bool,
}

impl Change {
    /// Compares `before` and `after`; regions are matched by offset.
    pub fn between(before: &Profile, after: &Profile) -> Change {
        let mut change = Change {
            type_lost: before.file_type.is_some() && after.file_type != before.file_type,
            trailer_lost: before.trailer == Some(true)
                && after.file_type == before.file_type
                && after.trailer == Some(false),
            ..Change::default()
        };
        for region in &after.regions {
            let Some(old) = before.regions.iter().find(|r| r.offset == region.offset) else {
                continue;
            };
            let rose = (old.entropy < STRUCTURED_ENTROPY && region.entropy >= RANDOM_ENTROPY)
                || (region.entropy - old.entropy >= ENTROPY_RISE && region.entropy >= RISEN_FLOOR)
                || (old.peak < STRUCTURED_PEAK && region.peak >= RANDOM_PEAK);
            change.randomness_rose |= rose && !region.encoded;
            change.became_encoded |= region.encoded && !old.encoded;
        }
        change
    }

    /// Whether anything hints at encryption.
    pub fn any(self) -> bool {
        self.randomness_rose || self.became_encoded || self.type_lost || self.trailer_lost
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sliding_peak_matches_window_by_window_entropy() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut bytes: Vec<u8> = b"Compte rendu de consultation. ".repeat(100);
        // A small random block inside text.
        for b in bytes.iter_mut().skip(1000).take(300) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x.to_le_bytes()[0];
        }
        for len in [WINDOW + 1, WINDOW + 63, 2048, bytes.len()] {
            let slice = &bytes[..len];
            let expected = (0..=(len - WINDOW) / (WINDOW / 2))
                .map(|i| entropy(&slice[i * WINDOW / 2..i * WINDOW / 2 + WINDOW]))
                .fold(0.0, f64::max);
            assert!((peak_entropy(slice) - expected).abs() < 1e-9, "{len}");
        }
    }

    fn noise(len: usize, mut x: u64) -> Vec<u8> {
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x.to_le_bytes()[3]
            })
            .collect()
    }

    fn prose(len: usize) -> Vec<u8> {
        let text = "Le patient se plaint de douleurs lombaires depuis trois semaines. ";
        text.bytes().cycle().take(len).collect()
    }

    #[test]
    fn entropy_separates_text_from_noise() {
        assert!(entropy(&prose(4096)) < 4.5);
        assert!(entropy(&noise(4096, 7)) > 7.9);
        assert!((entropy(&[0u8; 100]) - 0.0).abs() < f64::EPSILON);
    }

    #[test]
    fn offsets_cover_start_and_end() {
        assert_eq!(sample_offsets(100), vec![0]);
        let offsets = sample_offsets(10 << 20);
        assert_eq!(offsets.len(), REGIONS);
        assert_eq!(offsets[0], 0);
        assert_eq!(*offsets.last().unwrap(), (10 << 20) - REGION as u64);
        assert_eq!(sample_offsets(3 * REGION as u64).len(), 3);
        let huge = sample_offsets(u64::MAX);
        assert_eq!(huge.len(), REGIONS);
        assert_eq!(*huge.last().unwrap(), u64::MAX - REGION as u64);
    }

    #[test]
    fn base64_and_hex_of_noise_are_encoded_but_prose_is_not() {
        let random = noise(3000, 3);
        let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let b64 = base64_encode(&random);
        assert!(is_encoded_random(hex.as_bytes()));
        assert!(is_encoded_random(b64.as_bytes()));
        assert!(!is_encoded_random(&prose(4096)));
        let code = "fn main() { let total = values.iter().sum::<u64>(); }\n".repeat(80);
        assert!(!is_encoded_random(code.as_bytes()));
    }

    #[test]
    fn magic_and_trailers_are_recognised() {
        assert_eq!(FileType::detect(b"%PDF-1.7\n"), Some(FileType::Pdf));
        assert_eq!(FileType::detect(b"PK\x03\x04rest"), Some(FileType::Zip));
        let mut dicom = vec![0u8; 132];
        dicom[128..].copy_from_slice(b"DICM");
        assert_eq!(FileType::detect(&dicom), Some(FileType::Dicom));
        assert_eq!(FileType::detect(b"hello"), None);
        assert_eq!(FileType::Pdf.trailer_present(b"xref\n%%EOF\n"), Some(true));
        assert_eq!(FileType::Pdf.trailer_present(&noise(1024, 9)), Some(false));
        assert_eq!(FileType::Gif.trailer_present(b""), None);
    }

    #[test]
    fn header_only_encryption_is_seen() {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.extend(prose(200_000));
        pdf.extend(b"\n%%EOF\n");
        let before = Profile::of_bytes(&pdf);
        let mut after = pdf.clone();
        after[..4096].copy_from_slice(&noise(4096, 11));
        let change = Change::between(&before, &Profile::of_bytes(&after));
        assert!(change.type_lost && change.randomness_rose, "{change:?}");
        assert!(!change.trailer_lost);
    }

    #[test]
    fn one_small_encrypted_block_in_a_region_is_seen() {
        let text = prose(100_000);
        let before = Profile::of_bytes(&text);
        let mut after = text.clone();
        after[40_000..40_200].copy_from_slice(&noise(200, 8));
        // Only a region that covers the block can see it.
        let covered = before
            .regions
            .iter()
            .any(|r| r.offset <= 40_000 && 40_200 <= r.offset + REGION as u64);
        let change = Change::between(&before, &Profile::of_bytes(&after));
        assert_eq!(change.randomness_rose, covered);
        after[..200].copy_from_slice(&noise(200, 9));
        let change = Change::between(&before, &Profile::of_bytes(&after));
        assert!(change.randomness_rose);
        assert!(
            prose(4096).len() == 4096
                && RegionProfile::measure(0, &prose(4096)).peak < STRUCTURED_PEAK
        );
    }

    #[test]
    fn every_other_small_block_encrypted_still_raises_entropy() {
        let text = prose(300_000);
        let before = Profile::of_bytes(&text);
        let mut after = text.clone();
        let key = noise(after.len(), 5);
        for (i, chunk) in after.chunks_mut(16).enumerate() {
            if i % 2 == 0 {
                for (b, k) in chunk.iter_mut().zip(&key[i * 16..]) {
                    *b ^= k;
                }
            }
        }
        let change = Change::between(&before, &Profile::of_bytes(&after));
        assert!(change.randomness_rose, "{change:?}");
    }

    #[test]
    fn an_edit_or_a_resave_of_compressed_content_changes_nothing_suspicious() {
        let text = prose(50_000);
        let mut edited = text.clone();
        edited.splice(
            100..100,
            b"Ajout : allergie aux penicillines. ".iter().copied(),
        );
        assert!(!Change::between(&Profile::of_bytes(&text), &Profile::of_bytes(&edited)).any());

        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend(noise(40_000, 1));
        docx.extend(b"PK\x05\x06\0\0\0\0");
        let mut resaved = b"PK\x03\x04".to_vec();
        resaved.extend(noise(41_000, 2));
        resaved.extend(b"PK\x05\x06\0\0\0\0");
        let change = Change::between(&Profile::of_bytes(&docx), &Profile::of_bytes(&resaved));
        assert!(!change.any(), "{change:?}");
    }

    fn base64_encode(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        bytes
            .chunks(3)
            .flat_map(|chunk| {
                let n = chunk
                    .iter()
                    .enumerate()
                    .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
                (0..=chunk.len())
                    .map(move |i| char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]))
            })
            .collect()
    }
}
