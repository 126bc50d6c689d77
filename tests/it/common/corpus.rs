//! Loading fixtures from `tests/data/` and running inspections on them.

use std::path::PathBuf;

use chainlens::ingest;
use chainlens::model::{Certificate, Inspection, Policy, Purpose, Source, SourceKind};
use chainlens::report::words;
use chainlens::verify::{self, StoreKind, TrustStore};
use time::OffsetDateTime;

/// A path under `tests/data/`.
pub fn data(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative)
}

/// Every certificate of a fixture file.
pub fn certs(relative: &str) -> Vec<Certificate> {
    ingest::load_file(&data(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
        .certificates
}

/// An RFC 3339 instant.
pub fn at(text: &str) -> OffsetDateTime {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap()
}

/// A trust store made of fixture files.
pub fn store(name: &str, files: &[&str]) -> TrustStore {
    let certificates = files.iter().flat_map(|f| certs(f)).collect();
    TrustStore::from_certificates(name.to_string(), StoreKind::Mozilla, certificates).unwrap()
}

/// Inspects `chain` (+ `untrusted`) against `stores` at `time` for `host`.
pub fn inspect(
    chain: Vec<Certificate>,
    untrusted: Vec<Certificate>,
    stores: &[TrustStore],
    time: OffsetDateTime,
    host: Option<&str>,
) -> Inspection {
    verify::inspect(
        verify::Input {
            source: Source::new(SourceKind::Paste, "test"),
            certificates: chain,
            untrusted,
            load_notes: Vec::new(),
        },
        stores,
        &Policy {
            host: host.map(str::to_string),
            purpose: Purpose::Server,
            ..Policy::at(time)
        },
    )
}

/// The verdict text of every store, for assertion messages.
pub fn explain(insp: &Inspection) -> String {
    let mut out = String::new();
    for v in &insp.verdicts {
        out.push_str(&format!(
            "{}: trusted={} [{}] {}\n",
            v.store,
            v.trusted,
            v.failure.as_ref().map_or("ok", |f| f.code()),
            words::verdict(insp, v)
        ));
        for p in &v.paths {
            for problem in chainlens::report::words::path_problems(insp, p) {
                out.push_str(&format!("    - {problem}\n"));
            }
        }
    }
    out
}
