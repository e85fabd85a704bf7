//! Profile benchmark: what the sentinel spends on the content of each file written.
//!
//! Run with `cargo bench -p hygie-sentinel --bench profile`. It prints a Markdown table: the
//! time to profile 64 KiB (the whole of a file of that size: sixteen regions of 4 KiB) of
//! French clinical text (one paragraph: a small alphabet), of varied French letters and records
//! (a large one), of plain ASCII text and of random bytes.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use hygie_sentinel::content::Profile;

const SIZE: usize = 64 * 1024;

fn french() -> Vec<u8> {
    let paragraph = "Le patient, âgé de 54 ans, se plaint de douleurs lombaires depuis trois \
        semaines ; l'examen clinique révèle une contracture paravertébrale. Traitement : \
        paracétamol 1 g × 3/j, kinésithérapie (10 séances). À revoir dans un mois — ordonnance \
        remise. Écho abdominale prévue le 12/03.\n";
    paragraph.bytes().cycle().take(SIZE).collect()
}

/// French correspondence and records of many hands: capitals, digits, accents and punctuation
/// enough that every 4 KiB region holds more byte values than the profile's shortcut for
/// small alphabets allows, so every window is looked at.
fn french_varied() -> Vec<u8> {
    const SENTENCES: &[&str] = &[
        "Mme ÉLODIE Fournier, née le 14/07/1968, 12 rue des Tanneurs, 67000 Strasbourg. ",
        "Tél. : 03 88 42 17 65 — courriel : e.fournier@exemple.fr ; N° SS 2 68 07 67 482 031 56. ",
        "Bilan du 03/02 : HbA1c à 7,2 %, LDL 1,35 g/L, créatinine 82 µmol/L (DFG > 90). ",
        "Prescription : METFORMINE 850 mg ×2/j ; contrôle à J+90 [cf. protocole n° 4-B]. ",
        "« Je vous adresse Jérôme Quéméneur, 47 ans, pour avis sur une dyspnée d'effort. » ",
        "Facture n° 2024-0193 : 25,00 € (consultation G) + 9,60 € (MPC) = 34,60 € ; réglée. ",
        "ZOÉ, Œdème des membres inférieurs ? Échographie‐doppler demandée ; Rx thorax normale. ",
        "Cordialement, Dr Yves-Marie Kergoat — Cabinet médical du Port, 29200 Brest (FINESS 290012345).\n",
    ];
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let mut text = Vec::with_capacity(SIZE + 128);
    while text.len() < SIZE {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        text.extend_from_slice(SENTENCES[(x % SENTENCES.len() as u64) as usize].as_bytes());
    }
    text.truncate(SIZE);
    text
}

fn ascii() -> Vec<u8> {
    let paragraph = "The patient reports lower back pain for three weeks; examination shows \
        a paravertebral spasm. Plan: paracetamol, physiotherapy, review in one month.\n";
    paragraph.bytes().cycle().take(SIZE).collect()
}

fn random() -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..SIZE)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect()
}

/// The median time of one profile over `rounds` rounds of `per_round` profiles.
fn time(bytes: &[u8], rounds: usize, per_round: u32) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..per_round {
                black_box(Profile::of_bytes(black_box(bytes)));
            }
            started.elapsed() / per_round
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

fn main() {
    println!("| 64 KiB of | time per profile (median of 9 rounds) | throughput |");
    println!("|---|---:|---:|");
    for (name, bytes) in [
        ("French clinical text (UTF-8)", french()),
        (
            "French letters and records, varied (UTF-8)",
            french_varied(),
        ),
        ("English text (ASCII)", ascii()),
        ("random bytes (ciphertext)", random()),
    ] {
        let per_profile = time(&bytes, 9, 500);
        let throughput = SIZE as f64 / per_profile.as_secs_f64() / f64::from(1 << 20);
        println!(
            "| {name} | {:.1} µs | {throughput:.0} MiB/s |",
            per_profile.as_secs_f64() * 1e6
        );
    }
}
