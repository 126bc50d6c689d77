//! The timeline when a store has two paths that break on different days: a reissued
//! intermediate (same name and key, longer validity) takes over when the one sent expires.

use crate::common::corpus::{at, explain, inspect};
use crate::common::generated::{ca, decode, leaf};
use chainlens::model::CertId;
use chainlens::verify::timeline::{BreakKind, TimeState};
use chainlens::verify::{self, StoreKind, TrustStore};
use rcgen::{Issuer, KeyPair, date_time_ymd};

/// Leaf (2024) ← intermediate sent (expires 2024-06-01) and the same intermediate reissued
/// (expires 2030), both under one root; the store holds the root.
fn reissued_intermediate() -> (Vec<chainlens::model::Certificate>, TrustStore) {
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca("Takeover Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let root_issuer = Issuer::new(root_params, &root_key);
    let inter_key = KeyPair::generate().unwrap();
    let mut short = ca("Takeover Intermediate");
    short.not_after = date_time_ymd(2024, 6, 1);
    let short_cert = short.signed_by(&inter_key, &root_issuer).unwrap();
    let mut long = ca("Takeover Intermediate");
    long.not_after = date_time_ymd(2030, 1, 1);
    let long_cert = long.signed_by(&inter_key, &root_issuer).unwrap();
    let inter_issuer = Issuer::new(long, &inter_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf_cert = leaf(&["takeover.test"])
        .signed_by(&leaf_key, &inter_issuer)
        .unwrap();
    let store = TrustStore::from_certificates(
        "test roots".into(),
        StoreKind::Mozilla,
        vec![decode(root.der())],
    )
    .unwrap();
    (
        vec![
            decode(leaf_cert.der()),
            decode(short_cert.der()),
            decode(long_cert.der()),
        ],
        store,
    )
}

/// The intermediate a path goes through (its second certificate).
fn intermediate_of(insp: &chainlens::model::Inspection, path: usize) -> CertId {
    let verdict = &insp.verdicts[0];
    let ids = &verdict.paths[path].certificates;
    ids[1]
}

#[test]
fn the_reissued_intermediate_takes_over_when_the_one_sent_expires() {
    let (chain, store) = reissued_intermediate();
    let insp = inspect(
        chain,
        Vec::new(),
        std::slice::from_ref(&store),
        at("2024-03-01T00:00:00Z"),
        Some("takeover.test"),
    );
    let verdict = &insp.verdicts[0];
    assert!(verdict.trusted, "{}", explain(&insp));
    assert_eq!(verdict.paths.len(), 2, "{}", explain(&insp));
    let timeline = verify::timeline(&insp);
    let t = &timeline.stores[0];
    assert_eq!(t.state, TimeState::Valid);
    let chosen = t.path.expect("a path");
    let other = 1 - chosen;
    // The short-lived intermediate is certificate 1 (as sent), the reissued one 2. Both
    // paths validate now; the timeline is about the first, the one through the intermediate
    // the server sent.
    let short = CertId::new(1);
    assert_eq!(intermediate_of(&insp, chosen), short);
    assert_eq!(intermediate_of(&insp, other), CertId::new(2));
    // It breaks first, and the reissued intermediate's path still validates then: it takes
    // over until the leaf expires.
    assert_eq!(t.valid_until, Some(at("2024-06-01T00:00:00Z")));
    assert_eq!(t.breaks_at, Some(at("2024-06-01T00:00:01Z")));
    assert_eq!(t.cause, Some(short));
    assert_eq!(t.kind, Some(BreakKind::Intermediate));
    assert_eq!(t.taken_over_by, Some(other));
    assert_eq!(t.takeover_breaks_at, Some(at("2025-01-01T00:00:01Z")));
    // The text report says so, as `inspect --timeline` prints it.
    let text = chainlens::report::timeline_text(&insp);
    assert!(
        text.contains("breaks on 2024-06-01 because an intermediate expires"),
        "{text}"
    );
    assert!(
        text.contains("another path takes over then, until 2025-01-01"),
        "{text}"
    );

    // After the intermediate sent expired, only the reissued one's path validates, and
    // nothing takes over when the leaf expires.
    let (chain, store) = reissued_intermediate();
    let later = inspect(
        chain,
        Vec::new(),
        std::slice::from_ref(&store),
        at("2024-09-01T00:00:00Z"),
        Some("takeover.test"),
    );
    assert!(later.verdicts[0].trusted, "{}", explain(&later));
    let timeline = verify::timeline(&later);
    let t = &timeline.stores[0];
    assert_eq!(t.state, TimeState::Valid);
    let chosen = t.path.expect("a path");
    assert_eq!(intermediate_of(&later, chosen), CertId::new(2));
    assert_eq!(t.breaks_at, Some(at("2025-01-01T00:00:01Z")));
    assert_eq!(t.kind, Some(BreakKind::Leaf));
    assert_eq!(t.taken_over_by, None);

    // Once the leaf expired every path is broken; the timeline names the last to break.
    let (chain, store) = reissued_intermediate();
    let expired = inspect(
        chain,
        Vec::new(),
        std::slice::from_ref(&store),
        at("2025-06-01T00:00:00Z"),
        Some("takeover.test"),
    );
    let timeline = verify::timeline(&expired);
    let t = &timeline.stores[0];
    assert_eq!(t.state, TimeState::Broken);
    assert_eq!(t.breaks_at, Some(at("2025-01-01T00:00:01Z")));
    assert_eq!(t.cause, Some(CertId::new(0)));
}
