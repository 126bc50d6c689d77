//! When the chain stops validating: a pure function of an inspection's certificates and
//! paths. For each store, the path that validates (or last validated, or will first) at the
//! validation time, the instant it breaks, the certificate whose expiry breaks it, and
//! whether another of the store's paths takes over at that instant.

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::model::{CertId, CheckStatus, Failure, Inspection, PathResult};

/// Every certificate's validity and each store's break.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    /// The validation time the timeline is about.
    #[serde(with = "time::serde::rfc3339")]
    pub validation_time: OffsetDateTime,
    /// Each certificate on some path (and the chain as sent), in the inspection's order.
    pub certificates: Vec<CertificateSpan>,
    /// One entry per verdict, in the same order.
    pub stores: Vec<StoreTimeline>,
    /// For each chosen device that accepts the chain with some store, the first instant it
    /// stops accepting it on its own clock; in the order the devices were chosen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<DeviceBreak>,
}

/// A certificate's validity period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CertificateSpan {
    /// Index into `Inspection::certificates`.
    pub certificate: CertId,
    /// Its label.
    pub label: String,
    /// First valid instant.
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    /// Last valid instant.
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
}

/// Where a store's chain stands in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeState {
    /// A path validates at the validation time and breaks later.
    Valid,
    /// The path broke before the validation time (it validated once).
    Broken,
    /// The path is not valid yet: it starts validating after the validation time.
    NotYet,
    /// No path would validate at any time: it fails for reasons other than time.
    Never,
}

/// What expires and breaks the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The leaf expires.
    Leaf,
    /// An intermediate expires.
    Intermediate,
    /// The trust anchor's certificate expires.
    Anchor,
    /// A cross-signed copy of a root (an intermediate named like a root) expires.
    CrossSign,
    /// The target checked as a CA certificate ([`crate::model::Purpose::Ca`]) expires.
    CaTarget,
}

impl BreakKind {
    /// Words for text output.
    pub fn as_str(self) -> &'static str {
        match self {
            BreakKind::Leaf => "the leaf expires",
            BreakKind::Intermediate => "an intermediate expires",
            BreakKind::Anchor => "the trust anchor expires",
            BreakKind::CrossSign => "a cross-signed certificate expires",
            BreakKind::CaTarget => "the CA certificate expires",
        }
    }

    /// Words for text output, for a break before the validation time.
    pub fn past(self) -> &'static str {
        match self {
            BreakKind::Leaf => "the leaf expired",
            BreakKind::Intermediate => "an intermediate expired",
            BreakKind::Anchor => "the trust anchor expired",
            BreakKind::CrossSign => "a cross-signed certificate expired",
            BreakKind::CaTarget => "the CA certificate expired",
        }
    }
}

/// One store's chain in time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoreTimeline {
    /// The store's name.
    pub store: String,
    /// Where the chain stands.
    pub state: TimeState,
    /// The path the dates are about (index into the verdict's paths).
    pub path: Option<usize>,
    /// From when that path validates, as far as time goes.
    #[serde(with = "time::serde::rfc3339::option")]
    pub valid_from: Option<OffsetDateTime>,
    /// The last instant the path validates: its earliest notAfter, the day people say it
    /// "breaks on".
    #[serde(with = "time::serde::rfc3339::option")]
    pub valid_until: Option<OffsetDateTime>,
    /// The first instant the path no longer validates (the second after `valid_until`).
    #[serde(with = "time::serde::rfc3339::option")]
    pub breaks_at: Option<OffsetDateTime>,
    /// The certificate whose expiry breaks it.
    pub cause: Option<CertId>,
    /// What that certificate is on the path.
    pub kind: Option<BreakKind>,
    /// Another path of the store that still validates at `breaks_at`, if any.
    pub taken_over_by: Option<usize>,
    /// When that path breaks in turn.
    #[serde(with = "time::serde::rfc3339::option")]
    pub takeover_breaks_at: Option<OffsetDateTime>,
}

/// The first break of a device's acceptance: the earliest `breaks_at` of its accepted
/// verdicts (one per store).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeviceBreak {
    /// The device's name, with its options (`mbedtls-2.28:no-time`).
    pub device: String,
    /// The store whose path breaks first.
    pub store: String,
    /// The first instant that path no longer validates on the device's clock.
    #[serde(with = "time::serde::rfc3339")]
    pub breaks_at: OffsetDateTime,
}

/// Each device's first break, in the order of the inspection's device verdicts.
fn device_breaks(insp: &Inspection) -> Vec<DeviceBreak> {
    let mut out: Vec<DeviceBreak> = Vec::new();
    for verdict in insp.devices.iter().filter(|v| v.trusted) {
        let Some(at) = verdict.breaks_at else {
            continue;
        };
        let device = verdict.device.name();
        match out.iter_mut().find(|b| b.device == device) {
            Some(known) if at < known.breaks_at => {
                known.breaks_at = at;
                known.store = verdict.store.clone();
            }
            Some(_) => {}
            None => out.push(DeviceBreak {
                device,
                store: verdict.store.clone(),
                breaks_at: at,
            }),
        }
    }
    out
}

/// Whether a failure is about time alone (so that the path validates at another time).
fn time_only(failure: &Failure) -> bool {
    match failure {
        Failure::Expired { .. } | Failure::NotYetValid { .. } | Failure::ExpiresSoon { .. } => true,
        Failure::Anchor { failure, .. } => time_only(failure),
        _ => false,
    }
}

/// The path's certificates with their validity, the anchor's certificate included.
fn path_certificates(insp: &Inspection, path: &PathResult) -> Vec<CertId> {
    let mut ids = path.certificates.clone();
    if let Some(id) = insp.anchor(path.anchor).and_then(|a| a.certificate)
        && !ids.contains(&id)
    {
        ids.push(id);
    }
    ids
}

/// [first valid instant, last valid instant] of a path that fails only for time, if any.
fn window(insp: &Inspection, path: &PathResult) -> Option<(OffsetDateTime, OffsetDateTime)> {
    let links = path.links.iter().filter_map(|&l| insp.links.get(l));
    let checks = links.flat_map(|l| &l.checks).chain(&path.checks);
    let blocking = checks
        .filter(|c| matches!(c.status, CheckStatus::Fail | CheckStatus::Unknown))
        .any(|c| c.failure.as_ref().is_none_or(|f| !time_only(f)));
    if blocking {
        return None;
    }
    let ids = path_certificates(insp, path);
    let certs = ids.iter().filter_map(|&id| insp.cert(id));
    let start = certs.clone().map(|c| c.validity.not_before).max()?;
    let end = certs.map(|c| c.validity.not_after).min()?;
    (start <= end).then_some((start, end))
}

fn kind_of(insp: &Inspection, path: &PathResult, id: CertId) -> BreakKind {
    if path.certificates.first() == Some(&id) {
        return match insp.policy.purpose {
            crate::model::Purpose::Ca => BreakKind::CaTarget,
            _ => BreakKind::Leaf,
        };
    }
    if insp.anchor(path.anchor).and_then(|a| a.certificate) == Some(id) {
        return BreakKind::Anchor;
    }
    let Some(cert) = insp.cert(id) else {
        return BreakKind::Intermediate;
    };
    // A cross-sign: a CA certificate that is not self-issued but carries a root's name.
    let root_named = insp
        .anchors
        .iter()
        .any(|a| a.subject.matches(&cert.subject))
        || insp.certificates.iter().any(|c| {
            c.certificate.is_self_issued() && c.certificate.subject.matches(&cert.subject)
        });
    if !cert.is_self_issued() && root_named {
        BreakKind::CrossSign
    } else {
        BreakKind::Intermediate
    }
}

/// The timeline of an inspection, at its validation time.
pub fn timeline(insp: &Inspection) -> Timeline {
    let at = insp.policy.time;
    let mut ids: Vec<CertId> = insp
        .groups
        .first()
        .map(|g| g.certificates.clone())
        .unwrap_or_default();
    for verdict in &insp.verdicts {
        for path in &verdict.paths {
            for id in path_certificates(insp, path) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }
    let certificates = ids
        .iter()
        .filter_map(|&id| {
            insp.cert(id).map(|c| CertificateSpan {
                certificate: id,
                label: c.label(),
                not_before: c.validity.not_before,
                not_after: c.validity.not_after,
            })
        })
        .collect();
    let stores = insp
        .verdicts
        .iter()
        .map(|verdict| {
            let windows: Vec<(usize, OffsetDateTime, OffsetDateTime)> = verdict
                .paths
                .iter()
                .enumerate()
                .filter_map(|(i, p)| window(insp, p).map(|(s, e)| (i, s, e)))
                .collect();
            let current = windows.iter().find(|(_, s, e)| *s <= at && at <= *e);
            let past = windows
                .iter()
                .filter(|(_, _, e)| *e < at)
                .max_by_key(|(_, _, e)| *e);
            let future = windows
                .iter()
                .filter(|(_, s, _)| *s > at)
                .min_by_key(|(_, s, _)| *s);
            let (state, chosen) = match (current, future, past) {
                (Some(w), _, _) => (TimeState::Valid, Some(w)),
                (None, Some(w), _) => (TimeState::NotYet, Some(w)),
                (None, None, Some(w)) => (TimeState::Broken, Some(w)),
                (None, None, None) => (TimeState::Never, None),
            };
            let Some(&(index, start, end)) = chosen else {
                return StoreTimeline {
                    store: verdict.store.clone(),
                    state,
                    path: None,
                    valid_from: None,
                    valid_until: None,
                    breaks_at: None,
                    cause: None,
                    kind: None,
                    taken_over_by: None,
                    takeover_breaks_at: None,
                };
            };
            let path = verdict.paths.get(index);
            let cause = path.and_then(|p| {
                path_certificates(insp, p)
                    .into_iter()
                    .filter_map(|id| insp.cert(id).map(|c| (id, c.validity.not_after)))
                    .min_by_key(|&(_, na)| na)
                    .map(|(id, _)| id)
            });
            let kind = path.zip(cause).map(|(p, id)| kind_of(insp, p, id));
            let breaks_at = end + Duration::seconds(1);
            let takeover = windows
                .iter()
                .filter(|(i, s, e)| *i != index && *s <= breaks_at && breaks_at <= *e)
                .max_by_key(|(_, _, e)| *e);
            StoreTimeline {
                store: verdict.store.clone(),
                state,
                path: Some(index),
                valid_from: Some(start),
                valid_until: Some(end),
                breaks_at: Some(breaks_at),
                cause,
                kind,
                taken_over_by: takeover.map(|t| t.0),
                takeover_breaks_at: takeover.map(|t| t.2 + Duration::seconds(1)),
            }
        })
        .collect();
    Timeline {
        validation_time: at,
        certificates,
        stores,
        devices: device_breaks(insp),
    }
}
