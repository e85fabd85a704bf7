//! What a file's content looks like, from a few sampled regions: how random each region is,
//! whether it is text written in a small alphabet (base64, hex), and which file type its magic
//! bytes and trailer announce.
//!
//! Whole-file entropy misses intermittent encryption (the header only, every N-th block, a few
//! percent of the file), so a profile keeps one measure per region: the start, the end, and
//! regions spread evenly in between. The event source reads those regions ([`sample_offsets`])
//! and hands their bytes to [`Profile::from_regions`]; nothing here reads a file.

use std::sync::LazyLock;

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
    entropy_of_counts(&byte_counts(bytes), bytes.len())
}

/// How many times each byte value occurs in `bytes`.
fn byte_counts(bytes: &[u8]) -> [u32; 256] {
    // Bytes counted into one set of sixteen-bit tables before they are added up: no table
    // counts more than an eighth of them, plus the few left over (below 2^16).
    const CHUNK: usize = 8 * 8192;
    let mut counts = [0u32; 256];
    for chunk in bytes.chunks(CHUNK) {
        // Eight tables, so that a run of one byte does not wait on one counter; sixteen bits
        // each, so that there is half as much to clear and to add up as with 32.
        let mut tables = [[0u16; 256]; 8];
        let mut octets = chunk.chunks_exact(8);
        for octet in &mut octets {
            for (table, &b) in tables.iter_mut().zip(octet) {
                table[usize::from(b)] += 1;
            }
        }
        for &b in octets.remainder() {
            tables[0][usize::from(b)] += 1;
        }
        for (i, count) in counts.iter_mut().enumerate() {
            *count += tables.iter().map(|t| u32::from(t[i])).sum::<u32>();
        }
    }
    counts
}

/// The entropy of `len` bytes whose values occur `counts` times.
fn entropy_of_counts(counts: &[u32; 256], len: usize) -> f64 {
    if len == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let total = len as f64;
    if len <= REGION {
        // As `(n log2 n - sum(c log2 c)) / n`, each term from the table: no logarithm to take,
        // and exactly 0 for one value repeated. The rounding of the terms could take a few
        // billionths below 0 only.
        let table = &*C_LOG_C;
        let sum: i64 = counts
            .iter()
            .map(|&c| table[usize::try_from(c).unwrap_or(0).min(REGION)])
            .sum();
        #[allow(clippy::cast_precision_loss)]
        let entropy = (table[len] - sum) as f64 / C_LOG_C_SCALE / total;
        return entropy.max(0.0);
    }
    entropy_by_formula(counts, total)
}

/// Shannon's formula, `-sum(p log2 p)`, over `total` bytes whose values occur `counts` times.
fn entropy_by_formula(counts: &[u32; 256], total: f64) -> f64 {
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
    /// structured content shows here before it shows in the region's entropy. Exact only as
    /// far as the thresholds need (see [`STRUCTURED_PEAK`] and [`RANDOM_PEAK`]).
    pub peak: f64,
    /// The region is text in a small alphabet used uniformly (base64 or hex of random bytes):
    /// ciphertext made to look harmless.
    pub encoded: bool,
    /// The region is text: not empty, no NUL and no other [`controls`](Self::controls).
    /// Text in any 8-bit encoding or UTF-8 qualifies.
    pub text: bool,
    /// Its control bytes, leaving out NUL (UTF-16 text and padding are full of it) and tab,
    /// line, vertical and page breaks and escape: each random byte is one with odds of 26 in
    /// 256.
    pub controls: u32,
    /// Nine bytes in ten at least are neither NUL nor [`controls`](Self::controls): text with
    /// a few blocks of something else in it, not UTF-16 and not a binary format.
    pub mostly_text: bool,
}

impl RegionProfile {
    /// Measures `bytes`, found at `offset`.
    pub fn measure(offset: u64, bytes: &[u8]) -> RegionProfile {
        let counts = byte_counts(bytes);
        let entropy = entropy_of_counts(&counts, bytes.len());
        let distinct = counts.iter().filter(|&&c| c > 0).count();
        let peak = if bytes.len() <= WINDOW {
            entropy
        } else if LOG2[distinct] < STRUCTURED_PEAK {
            // No window holds more values than the region: none can reach the threshold, and
            // the bound says so without a look at any window (most text stops here).
            LOG2[distinct]
        } else {
            peak_entropy(bytes)
        };
        let controls: u32 = (1u8..=0x1F)
            .chain([0x7F])
            .filter(|&b| !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0x1B))
            .map(|b| counts[usize::from(b)])
            .sum();
        let other = u64::from(controls) + u64::from(counts[0]);
        RegionProfile {
            offset,
            entropy,
            peak,
            encoded: is_encoded_random(bytes),
            text: !bytes.is_empty() && other == 0,
            controls,
            mostly_text: !bytes.is_empty() && other * 10 <= bytes.len() as u64,
        }
    }
}

/// `c·log2(c)` for the counts a region (and so a window) can hold, in fixed point (2^32
/// units): integer sums are exact and fast; the rounding of each entry changes an entropy by
/// less than 1e-9 bit.
static C_LOG_C: LazyLock<[i64; REGION + 1]> = LazyLock::new(|| {
    let mut table = [0; REGION + 1];
    for (c, entry) in table.iter_mut().enumerate().skip(1) {
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
        let value = (c as f64 * (c as f64).log2() * C_LOG_C_SCALE).round() as i64;
        *entry = value;
    }
    table
});
const C_LOG_C_SCALE: f64 = 4_294_967_296.0;

/// `log2(n)` for the number of distinct values a window can hold (`log2(0)` taken as 0).
static LOG2: LazyLock<[f64; 257]> = LazyLock::new(|| {
    let mut table = [0.0; 257];
    for (n, entry) in table.iter_mut().enumerate().skip(1) {
        #[allow(clippy::cast_precision_loss)]
        let log = (n as f64).log2();
        *entry = log;
    }
    table
});

/// The entropy of one window of exactly [`WINDOW`] bytes, as `log2(n) - sum(c log2 c) / n`.
fn window_entropy(window: &[u8]) -> f64 {
    debug_assert_eq!(window.len(), WINDOW, "a window's counts hold up to WINDOW");
    let table = &*C_LOG_C;
    let mut counts = [0u8; 256];
    let mut sum: i64 = 0;
    for &b in window {
        let c = &mut counts[usize::from(b)];
        sum += table[usize::from(*c) + 1] - table[usize::from(*c)];
        *c += 1;
    }
    #[allow(clippy::cast_precision_loss)]
    let n = window.len() as f64;
    #[allow(clippy::cast_precision_loss)]
    let entropy = n.log2() - sum as f64 / C_LOG_C_SCALE / n;
    entropy
}

/// The highest entropy of the `WINDOW`-byte windows of `bytes` (at least that long), every
/// half window — as precisely as the thresholds need, which is what makes it cheap:
///
/// - a window's entropy is at most `log2` of the number of distinct bytes it holds, counted
///   half window by half window; a window whose bound stays below
///   [`STRUCTURED_PEAK`] counts with its bound (still below), and one whose bound cannot beat
///   the best so far is skipped. Most text never needs more than these counts.
/// - the first window that reaches [`RANDOM_PEAK`] ends the search: random content is settled
///   by its first window.
///
/// So the result is below `STRUCTURED_PEAK`, or from `RANDOM_PEAK`, exactly when the true peak
/// is, and exact in between.
fn peak_entropy(bytes: &[u8]) -> f64 {
    const STEP: usize = WINDOW / 2;
    // The half window each value was last seen in (halves are numbered from 1): a window's
    // distinct values are its first half's, plus those of its second half not seen in the
    // first. No branch and no count to update, only a stamp to store.
    let mut last = [0u32; 256];
    let mut previous_distinct = 0u32;
    let mut best = 0.0f64;
    for (index, half) in bytes.chunks_exact(STEP).enumerate() {
        let stamp = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let (mut distinct, mut added) = (0u32, 0u32);
        for &b in half {
            let seen = last[usize::from(b)];
            let fresh = u32::from(seen != stamp);
            distinct += fresh;
            added += fresh & u32::from(seen != stamp - 1);
            last[usize::from(b)] = stamp;
        }
        if index > 0 {
            let bound = LOG2[(previous_distinct + added) as usize];
            if bound > best {
                let start = (index - 1) * STEP;
                let value = if bound < STRUCTURED_PEAK {
                    bound
                } else {
                    window_entropy(&bytes[start..start + WINDOW])
                };
                best = best.max(value);
                if best >= RANDOM_PEAK {
                    break;
                }
            }
        }
        previous_distinct = distinct;
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
            region.text.hash(&mut hasher);
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

/// Control bytes that, in a region that held text and still mostly does, say the text was
/// broken: a few encrypted blocks bring dozens, a stray end-of-file byte one.
pub const BROKEN_TEXT_CONTROLS: u32 = 4;

/// What changed between two profiles of the same file that hints at encryption.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Change {
    /// A region that was structured became random (or rose sharply).
    pub randomness_rose: bool,
    /// A region became base64/hex text of random bytes.
    pub became_encoded: bool,
    /// The file's magic bytes no longer announce the type they announced, or a file of no
    /// known type that was text holds [`BROKEN_TEXT_CONTROLS`] control bytes or more in a region
    /// that held text and still mostly does (when no randomness rose).
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
        let untyped = before.file_type.is_none() && after.file_type.is_none();
        let mut text_broken = false;
        for region in &after.regions {
            let Some(old) = before.regions.iter().find(|r| r.offset == region.offset) else {
                continue;
            };
            text_broken |=
                old.text && region.controls >= BROKEN_TEXT_CONTROLS && region.mostly_text;
            let rose = (old.entropy < STRUCTURED_ENTROPY && region.entropy >= RANDOM_ENTROPY)
                || (region.entropy - old.entropy >= ENTROPY_RISE && region.entropy >= RISEN_FLOOR)
                || (old.peak < STRUCTURED_PEAK && region.peak >= RANDOM_PEAK);
            change.randomness_rose |= rose && !region.encoded;
            change.became_encoded |= region.encoded && !old.encoded;
        }
        // Text that now holds control bytes lost its type — counted only when no region's
        // randomness rose, so that one encrypted file does not count twice.
        change.type_lost |= untyped && text_broken && !change.randomness_rose;
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
    fn the_peak_agrees_with_window_by_window_entropy_wherever_a_threshold_looks() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut random = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        };
        let text = b"Compte rendu de consultation. ".repeat(100);
        // A small random block inside text; random bytes drawn from 64 and 80 values (peaks
        // between the thresholds); all 256 values.
        let mut block = text.clone();
        block
            .iter_mut()
            .skip(1000)
            .take(300)
            .for_each(|b| *b = random());
        let mut narrow = text.clone();
        narrow
            .iter_mut()
            .skip(500)
            .take(600)
            .for_each(|b| *b = random() % 64);
        let mut middle = text.clone();
        middle
            .iter_mut()
            .skip(500)
            .take(600)
            .for_each(|b| *b = random() % 80);
        let noise: Vec<u8> = (0..3000).map(|_| random()).collect();
        // Four alphabets of 15 letters one after the other: 60 values in the region (beyond
        // the shortcut for small alphabets), no more than 30 in any window.
        let segmented: Vec<u8> = (0..4u8)
            .flat_map(|part| (0..750).map(move |i: u32| b'!' + part * 15 + (i * 7 % 15) as u8))
            .collect();
        for bytes in [&text, &block, &narrow, &middle, &noise, &segmented] {
            for len in [WINDOW, WINDOW + 1, WINDOW + 63, 2048, bytes.len()] {
                let slice = &bytes[..len];
                let exact = (0..=(len - WINDOW) / (WINDOW / 2))
                    .map(|i| entropy(&slice[i * WINDOW / 2..i * WINDOW / 2 + WINDOW]))
                    .fold(0.0, f64::max);
                let peak = RegionProfile::measure(0, slice).peak;
                assert_eq!(
                    peak_entropy(slice) < STRUCTURED_PEAK,
                    peak < STRUCTURED_PEAK
                );
                assert_eq!(peak < STRUCTURED_PEAK, exact < STRUCTURED_PEAK, "{len}");
                assert_eq!(peak >= RANDOM_PEAK, exact >= RANDOM_PEAK, "{len}");
                if peak < RANDOM_PEAK {
                    assert!(peak >= exact - 1e-9, "{len}: {peak} below {exact}");
                }
                if (STRUCTURED_PEAK..RANDOM_PEAK).contains(&exact) {
                    assert!((peak - exact).abs() < 1e-9, "{len}: {peak} for {exact}");
                }
            }
        }
        assert!(peak_entropy(&middle) >= STRUCTURED_PEAK && peak_entropy(&middle) < RANDOM_PEAK);
        assert!(RegionProfile::measure(0, &segmented).peak < STRUCTURED_PEAK);
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
    fn a_region_s_entropy_from_the_table_is_the_formula_s() {
        let formula = |bytes: &[u8]| entropy_by_formula(&byte_counts(bytes), bytes.len() as f64);
        let mut halves = prose(2048);
        halves.extend(noise(2048, 3));
        for bytes in [
            prose(4096),
            noise(4096, 7),
            noise(100, 9),
            halves,
            vec![b'a'; 4096],
            b"ab".repeat(2048),
            (0..=255u8).cycle().take(4096).collect(),
        ] {
            let tabled = entropy(&bytes);
            assert!((tabled - formula(&bytes)).abs() < 1e-9, "{tabled}");
        }
        // Beyond a region, the formula itself.
        let long = noise(3 * REGION, 5);
        assert!((entropy(&long) - formula(&long)).abs() < f64::EPSILON);
    }

    #[test]
    fn counts_do_not_overflow_their_sixteen_bit_tables() {
        let counts = byte_counts(&vec![7u8; 300_003]);
        assert_eq!(counts[7], 300_003);
        assert_eq!(counts.iter().sum::<u32>(), 300_003);
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
    fn a_few_encrypted_bytes_in_text_break_its_type() {
        // B6 at 4 % on a 12 kB note: sixteen blocks of 30 bytes, too few for any entropy to
        // rise, but enough control bytes to say the text is text no more.
        let text = prose(12_000);
        let before = Profile::of_bytes(&text);
        assert!(before.regions.iter().all(|r| r.text));
        let mut after = text.clone();
        let key = noise(after.len(), 3);
        for start in (0..after.len()).step_by(750) {
            for i in start..start + 30 {
                after[i] ^= key[i];
            }
        }
        let change = Change::between(&before, &Profile::of_bytes(&after));
        assert!(change.type_lost && !change.randomness_rose, "{change:?}");

        // Text rewritten as text, in UTF-8 or in Latin-1, stays text.
        let mut latin1 = text.clone();
        let edit = b"\tallergie \xe0 la p\xe9nicilline\r\n\x0c";
        for start in [0, 5_000, 11_000] {
            latin1[start..start + edit.len()].copy_from_slice(edit);
        }
        assert!(!Change::between(&before, &Profile::of_bytes(&latin1)).any());
        let utf8 = "r\u{e9}sum\u{e9} : \u{e9}ch\u{e9}ance \u{2014} \u{e0} revoir\n".repeat(300);
        assert!(!Change::between(&before, &Profile::of_bytes(utf8.as_bytes())).any());

        // Emptied, rewritten in UTF-16 (with typographic quotes, dashes and œ, whose bytes
        // include control bytes), replaced by a binary format of no known type, padded with
        // NUL, given a DOS end-of-file byte: still nothing broken.
        assert!(!Change::between(&before, &Profile::of_bytes(b"")).any());
        let word = "L\u{2019}\u{153}d\u{e8}me \u{2014} \u{ab} r\u{e9}sorb\u{e9} \u{bb} \u{201c}ok\u{201d}\r\n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            word.repeat(400)
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .take(12_000),
        );
        assert!(!Change::between(&before, &Profile::of_bytes(&utf16)).any());
        let binary: Vec<u8> = (0..12_000u32)
            .map(|i| {
                if i % 8 == 0 {
                    (i % 31) as u8
                } else {
                    b'a' + (i % 26) as u8
                }
            })
            .collect();
        assert!(!Change::between(&before, &Profile::of_bytes(&binary)).any());
        let mut padded = text.clone();
        padded[6_000..8_000].fill(0);
        padded[11_999] = 0x1A;
        assert!(!Change::between(&before, &Profile::of_bytes(&padded)).any());
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
