//! A handful of certificates cut from the input, verified against fixed trust stores (and,
//! when the input says so, against its own last certificate as an anchor): grouping, path
//! search, every link and path check, host names, the rustls-webpki second opinion, and the
//! reports and diagram drawn from the result.
//!
//! Input: one options byte, then certificates back to back, each cut at the length its DER
//! header declares (or at the end of the input). Seeds are real chains in that layout
//! (`fuzz/make-seeds.py`).

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use chainlens::decode::decode_certificate;
use chainlens::diagram::scene::{self, SceneOptions};
use chainlens::diagram::{Theme, svg};
use chainlens::model::{Certificate, Policy, Profile, Purpose, Source, SourceKind};
use chainlens::report::words::path_problems;
use chainlens::report::{inspection_text, json::inspection_json};
use chainlens::verify::{Budget, Input, StoreKind, TrustStore, inspect_with_budget};
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

/// More certificates than any real chain needs, few enough to keep each run short.
const MAX_CERTIFICATES: usize = 6;

/// Validation times at which the seed chains are valid, and one at which most are not.
const TIMES_UNIX: [i64; 4] = [
    1_672_531_200, // 2023-01-01: the AWS IoT sample chain
    1_740_304_936, // 2025-02-23T10:02:16Z: the Amazon Trust Services demo leaves
    1_717_200_000, // 2024-06-01: the x509-limbo chains
    1_796_083_200, // 2026-12-01
];

/// Host names the seed chains are (and are not) for.
const HOSTS: [Option<&str>; 8] = [
    None,
    Some("a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com"),
    Some("valid.rootca1.demo.amazontrust.com"),
    Some("example.com"),
    Some("foo.example.com"),
    Some("127.0.0.1"),
    Some("sub.badssl.com"),
    Some("xn--bcher-kva.example"),
];

fn store(name: &str, files: &[&[u8]]) -> TrustStore {
    let certificates = files
        .iter()
        .filter_map(|bytes| chainlens::ingest::load_bytes(bytes).ok())
        .flat_map(|loaded| loaded.certificates)
        .collect();
    match TrustStore::from_certificates(
        name.to_owned(),
        StoreKind::File(PathBuf::from(name)),
        certificates,
    ) {
        Ok(store) => store,
        Err(error) => panic!("the fixed store {name} must load: {error}"),
    }
}

/// The fixed anchors: the AWS IoT preset, the Amazon roots and badssl.com's roots.
fn fixed_stores() -> &'static [TrustStore] {
    static STORES: OnceLock<Vec<TrustStore>> = OnceLock::new();
    STORES.get_or_init(|| {
        vec![
            TrustStore::aws_iot(),
            store(
                "amazon-roots",
                &[
                    include_bytes!("../../tests/data/rustls-webpki-amazon/AmazonRootCA1.cer"),
                    include_bytes!("../../tests/data/rustls-webpki-amazon/AmazonRootCA2.cer"),
                    include_bytes!("../../tests/data/rustls-webpki-amazon/AmazonRootCA3.cer"),
                    include_bytes!("../../tests/data/rustls-webpki-amazon/AmazonRootCA4.cer"),
                ],
            ),
            store(
                "badssl-roots",
                &[
                    include_bytes!("../../tests/data/badssl/roots/DigiCert_Global_Root_CA.crt"),
                    include_bytes!(
                        "../../tests/data/badssl/roots/DigiCert_High_Assurance_EV_Root_CA.crt"
                    ),
                    include_bytes!(
                        "../../tests/data/badssl/roots/COMODO_RSA_Certification_Authority.crt"
                    ),
                ],
            ),
        ]
    })
}

/// The length of the DER element at the start of `data` (header included), as its header
/// declares it; `None` when the header itself is cut short.
fn declared_len(data: &[u8]) -> Option<usize> {
    let first = *data.get(1)?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let count = usize::from(first & 0x7f);
    if count > 4 {
        return None;
    }
    let len = data
        .get(2..2 + count)?
        .iter()
        .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    Some(2 + count + len)
}

/// Up to [`MAX_CERTIFICATES`] pieces of `data`, each as long as its header says.
fn cut(mut data: &[u8]) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    while !data.is_empty() && pieces.len() < MAX_CERTIFICATES {
        let len = declared_len(data).unwrap_or(data.len()).min(data.len());
        let (piece, rest) = data.split_at(len);
        pieces.push(piece);
        data = rest;
    }
    pieces
}

fuzz_target!(|data: &[u8]| {
    let Some((&options, rest)) = data.split_first() else {
        return;
    };
    let mut certificates: Vec<Certificate> = cut(rest)
        .into_iter()
        .filter_map(|der| decode_certificate(der).ok())
        .collect();
    let own_anchor = options & 0x40 != 0;
    let extra_untrusted = options & 0x80 != 0;

    let mut stores = fixed_stores().to_vec();
    if own_anchor {
        if let Some(anchor) = certificates.pop() {
            let name = "own-anchor".to_owned();
            if let Ok(own) = TrustStore::from_certificates(
                name.clone(),
                StoreKind::File(PathBuf::from(name)),
                vec![anchor],
            ) {
                stores.insert(0, own);
            }
        }
    }
    let untrusted = if extra_untrusted && certificates.len() > 1 {
        certificates.pop().into_iter().collect()
    } else {
        Vec::new()
    };
    let time_index = usize::from(options & 0x03);
    let host_index = usize::from((options >> 2) & 0x07);
    let Some(time) = TIMES_UNIX
        .get(time_index)
        .and_then(|&seconds| OffsetDateTime::from_unix_timestamp(seconds).ok())
    else {
        return;
    };
    let policy = Policy {
        time,
        host: HOSTS.get(host_index).copied().flatten().map(str::to_owned),
        purpose: if options & 0x20 != 0 {
            Purpose::Client
        } else {
            Purpose::Server
        },
        // Both profiles, and a depth limit now and then (the options byte is all used: the
        // input's length picks them).
        profile: if data.len() % 2 == 1 {
            Profile::Rfc5280
        } else {
            Profile::WebPki
        },
        max_depth: (data.len() % 3 == 0).then_some(2),
        ..Policy::now()
    };
    // Small budgets, so every limit of the search is reached and reported on small inputs.
    let budget = Budget {
        max_intermediates: 8,
        steps: 200,
        paths: 8,
        name_constraint_comparisons: 2_000,
        signatures: 100,
    };
    let input = Input {
        source: Source::new(SourceKind::Paste, "fuzz input"),
        certificates,
        untrusted,
        load_notes: Vec::new(),
    };

    let inspection = inspect_with_budget(input, &stores, &policy, budget);

    // At most one verdict per store (none when no certificate decoded).
    assert!(inspection.verdicts.len() <= stores.len());
    for verdict in &inspection.verdicts {
        for path in &verdict.paths {
            let _ = path_problems(&inspection, path);
        }
    }
    let _ = inspection_text(&inspection);
    let _ = inspection_json(&inspection);
    let scene = scene::build(
        &inspection,
        SceneOptions {
            theme: Theme::Light,
            store: None,
        },
    );
    let _ = svg::render(&scene);
});
