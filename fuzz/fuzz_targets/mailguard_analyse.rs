//! Any bytes into the phishing analyser: a verdict or an error, never a panic, a hang or an
//! unbounded allocation. Run with `cargo fuzz run mailguard_analyse` from this folder
//! (`RUSTC_BOOTSTRAP=1` on a stable toolchain).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(analysis) = hygie_mailguard::analyse(data, &hygie_mailguard::Context::default()) {
        assert!((0.0..=1.0).contains(&analysis.score));
    }
});
