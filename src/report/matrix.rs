//! The stores side by side: one row per trust store with its verdict, the path it took, the
//! most specific reason and the first date it breaks. The window's store matrix and the text
//! report's closing table are both this.

use crate::model::{Inspection, IssuerRef, PathResult};
use crate::verify::timeline::{StoreTimeline, TimeState, Timeline};

/// One store's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreRow {
    /// Index into `Inspection::verdicts`.
    pub store_index: usize,
    /// The store's name.
    pub store: String,
    /// Whether the store trusts the chain.
    pub trusted: bool,
    /// `trusted` or `not trusted`.
    pub verdict: &'static str,
    /// The path taken (the best path), leaf first, or why there is none.
    pub path: String,
    /// `ok`, or the code of the most specific failure.
    pub code: &'static str,
    /// The verdict's reason: the anchor it chains to, or the most specific failure.
    pub reason: String,
    /// The first date it breaks, in words.
    pub breaks: String,
}

/// A path in words: `leaf → intermediate → anchor`.
pub fn path_words(insp: &Inspection, path: &PathResult) -> String {
    let mut parts: Vec<String> = path
        .certificates
        .iter()
        .map(|&id| {
            insp.cert(id)
                .map_or_else(|| format!("#{id}"), |c| c.label())
        })
        .collect();
    let anchor_cert = insp.anchor(path.anchor).and_then(|a| a.certificate);
    if anchor_cert.is_none_or(|id| path.certificates.last() != Some(&id))
        && !crate::verify::anchor_is_target(insp, path)
    {
        parts.push(insp.issuer_label(IssuerRef::Anchor(path.anchor)));
    }
    parts.join(" → ")
}

/// When a store's chain breaks, in words.
pub fn breaks_words(insp: &Inspection, t: &StoreTimeline) -> String {
    let date =
        |d: Option<time::OffsetDateTime>| d.map(crate::verify::human_date).unwrap_or_default();
    let cause = match (t.kind, t.state) {
        (Some(k), TimeState::Broken) => k.past(),
        (Some(k), _) => k.as_str(),
        (None, _) => "a certificate expires",
    };
    let who = t
        .cause
        .and_then(|id| insp.cert(id))
        .map(|c| format!(": {}", c.label()))
        .unwrap_or_default();
    match t.state {
        TimeState::Valid => format!("{} ({cause}{who})", date(t.valid_until)),
        TimeState::Broken => format!("broke {} ({cause}{who})", date(t.valid_until)),
        TimeState::NotYet => format!("not before {}", date(t.valid_from)),
        TimeState::Never => "— (fails for other reasons)".to_string(),
    }
}

/// The rows, in the order of the verdicts.
pub fn store_rows(insp: &Inspection, timeline: &Timeline) -> Vec<StoreRow> {
    insp.verdicts
        .iter()
        .enumerate()
        .map(|(i, v)| StoreRow {
            store_index: i,
            store: v.store.clone(),
            trusted: v.trusted,
            verdict: if v.trusted { "trusted" } else { "not trusted" },
            path: v.paths.first().map_or_else(
                || "no path to an anchor".to_string(),
                |p| path_words(insp, p),
            ),
            code: v.failure.as_ref().map_or("ok", |f| f.code()),
            reason: super::words::verdict(insp, v),
            breaks: timeline
                .stores
                .get(i)
                .map(|t| breaks_words(insp, t))
                .unwrap_or_default(),
        })
        .collect()
}
