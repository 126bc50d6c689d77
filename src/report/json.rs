//! JSON rendering of an [`Inspection`]: the stable schema `chainlens.inspection/1`, described
//! in the README. Fields are only ever added within one schema version.

use serde::Serialize;

use crate::model::{
    AnchorId, CertId, CertOrigin, Certificate, Check, CheckStatus, ConnectionInfo, Extension,
    Failure, FindingKind, Inspection, IssuerRef, NameAttribute, Policy, PolicyOutcome, Profile,
    PublicKeyInfo, SourceKind,
};

/// Identifies the schema; bumped on incompatible changes.
pub const SCHEMA: &str = "chainlens.inspection/1";

#[derive(Serialize)]
struct Report<'a> {
    schema: &'static str,
    source: SourceOut<'a>,
    policy: &'a Policy,
    certificates: Vec<CertOut<'a>>,
    chains: Vec<&'a [CertId]>,
    findings: Vec<FindingOut>,
    links: Vec<LinkOut<'a>>,
    anchors: Vec<AnchorOut<'a>>,
    verdicts: Vec<VerdictOut<'a>>,
    /// Validity of every certificate and when each store's chain breaks.
    timeline: crate::verify::Timeline,
    /// One verdict per (device, store), when devices were chosen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    devices: Vec<super::device::DeviceOut>,
    /// The leaf's SCTs checked and the browsers' CT policies, when there is something to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    ct: Option<super::ct::CtOut<'a>>,
}

/// A finding as JSON has always carried it: its kind, severity and sentence.
#[derive(Serialize)]
struct FindingOut {
    kind: FindingKind,
    severity: CheckStatus,
    message: String,
}

/// A pin and the certificate of the path whose key it matches.
#[derive(Serialize)]
struct PinnedOut {
    pin: String,
    /// The certificate, or `null` for an anchor known by name and key only.
    certificate: Option<CertId>,
    label: String,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    #[serde(flatten)]
    kind: &'a SourceKind,
    label: &'a str,
    connection: Option<&'a ConnectionInfo>,
    /// Present (true) only when a PKCS#12 file also held a private key, never shown.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    holds_private_key: bool,
}

#[derive(Serialize)]
struct CertOut<'a> {
    index: CertId,
    role: &'static str,
    origin: &'a CertOrigin,
    subject: &'a str,
    subject_rdns: &'a [Vec<NameAttribute>],
    issuer: &'a str,
    issuer_rdns: &'a [Vec<NameAttribute>],
    version: u32,
    serial: &'a str,
    not_before: String,
    not_after: String,
    signature_algorithm: &'a str,
    signature_algorithm_oid: &'a str,
    public_key: &'a PublicKeyInfo,
    sha1: &'a str,
    sha256: &'a str,
    extensions: &'a [Extension],
    pem: String,
}

#[derive(Serialize)]
struct LinkOut<'a> {
    index: usize,
    child: CertId,
    /// Index into `certificates`, or null when the issuer is a name-and-key-only anchor.
    issuer: Option<CertId>,
    /// Index into `anchors` when the issuer is a name-and-key-only anchor.
    issuer_anchor: Option<AnchorId>,
    issuer_label: String,
    status: &'static str,
    checks: Vec<CheckOut<'a>>,
    /// The child's revocation status: status, source, time, reason.
    revocation: Option<&'a crate::model::Revocation>,
}

#[derive(Serialize)]
struct CheckOut<'a> {
    name: &'static str,
    status: &'static str,
    /// Stable snake_case code: `ok` for a pass, else the failure's (`expired`, …).
    code: &'static str,
    /// The failure with its typed fields, when the check did not pass.
    failure: Option<&'a Failure>,
    reason: String,
}

#[derive(Serialize)]
struct AnchorOut<'a> {
    index: AnchorId,
    store: &'a str,
    subject: &'a str,
    certificate: Option<CertId>,
    spki_sha256: &'a str,
}

#[derive(Serialize)]
struct PathOut<'a> {
    certificates: &'a [CertId],
    anchor: AnchorId,
    links: &'a [usize],
    valid: bool,
    /// `ok` for a valid path, else the code of its most specific failure.
    code: &'static str,
    checks: Vec<CheckOut<'a>>,
    /// Which certificate matches each pin that one matches (empty without pins).
    pinned_by: Vec<PinnedOut>,
    /// What certificate-policy processing found (RFC 5280 §6.1.5): the authorities- and
    /// user-constrained policy sets and whether an explicit policy is required; null when
    /// processing could not complete.
    policies: Option<&'a PolicyOutcome>,
}

#[derive(Serialize)]
struct VerdictOut<'a> {
    store: &'a str,
    profile: Profile,
    trusted: bool,
    /// `ok` when trusted, else the code of the most specific failure of the best path.
    code: &'static str,
    failure: Option<&'a Failure>,
    reason: String,
    search_exhausted: bool,
    problems: Vec<String>,
    paths: Vec<PathOut<'a>>,
    notes: Vec<String>,
    /// The certificate-policy outcome of the decided (first) path, as in `paths`.
    policies: Option<&'a PolicyOutcome>,
}

fn checks_out(checks: &[Check]) -> Vec<CheckOut<'_>> {
    checks
        .iter()
        .map(|c| CheckOut {
            name: c.name.as_str(),
            status: c.status.as_str(),
            code: c.code(),
            failure: c.failure.as_ref(),
            reason: super::words::check(c),
        })
        .collect()
}

fn code_of(failure: Option<&Failure>) -> &'static str {
    failure.map_or("ok", Failure::code)
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn cert_out<'a>(
    insp: &'a Inspection,
    index: CertId,
    cert: &'a Certificate,
    origin: &'a CertOrigin,
) -> CertOut<'a> {
    CertOut {
        index,
        role: insp.role(index).as_str(),
        origin,
        subject: &cert.subject.one_line,
        subject_rdns: &cert.subject.rdns,
        issuer: &cert.issuer.one_line,
        issuer_rdns: &cert.issuer.rdns,
        version: cert.version,
        serial: &cert.serial,
        not_before: rfc3339(cert.validity.not_before),
        not_after: rfc3339(cert.validity.not_after),
        signature_algorithm: &cert.signature_algorithm.name,
        signature_algorithm_oid: &cert.signature_algorithm.oid,
        public_key: &cert.public_key,
        sha1: &cert.sha1,
        sha256: &cert.sha256,
        extensions: &cert.extensions,
        pem: cert.to_pem(),
    }
}

fn pinned_by(insp: &Inspection, path: &crate::model::PathResult) -> Vec<PinnedOut> {
    let anchor = insp.anchor(path.anchor);
    insp.policy
        .pins
        .iter()
        .filter_map(|pin| {
            let on_path = path
                .certificates
                .iter()
                .chain(anchor.and_then(|a| a.certificate.as_ref()))
                .find(|&&id| insp.cert(id).is_some_and(|c| pin.matches(c)));
            match (on_path, anchor) {
                (Some(&id), _) => Some(PinnedOut {
                    pin: pin.to_string(),
                    certificate: Some(id),
                    label: insp.cert(id).map(|c| c.label()).unwrap_or_default(),
                }),
                (None, Some(a)) if pin.matches_key(&a.public_key) => Some(PinnedOut {
                    pin: pin.to_string(),
                    certificate: a.certificate,
                    label: a.subject.display_label(),
                }),
                _ => None,
            }
        })
        .collect()
}

/// Renders the inspection as pretty-printed JSON.
pub fn inspection_json(insp: &Inspection) -> String {
    serde_json::to_string_pretty(&report(insp))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The inspection as a JSON value (the same schema), to embed in a larger document.
pub fn inspection_value(insp: &Inspection) -> serde_json::Value {
    serde_json::to_value(report(insp))
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }))
}

fn report(insp: &Inspection) -> Report<'_> {
    Report {
        schema: SCHEMA,
        source: SourceOut {
            kind: &insp.source.kind,
            label: &insp.source.label,
            connection: insp.source.connection.as_ref(),
            holds_private_key: insp.source.holds_private_key,
        },
        policy: &insp.policy,
        certificates: insp
            .cert_ids()
            .map(|(i, c)| cert_out(insp, i, &c.certificate, &c.origin))
            .collect(),
        chains: insp
            .groups
            .iter()
            .map(|g| g.certificates.as_slice())
            .collect(),
        findings: insp
            .findings
            .iter()
            .map(|f| FindingOut {
                kind: f.kind,
                severity: f.severity,
                message: super::words::finding(f, insp),
            })
            .collect(),
        links: insp
            .links
            .iter()
            .enumerate()
            .map(|(index, l)| LinkOut {
                index,
                child: l.child,
                issuer: match l.issuer {
                    IssuerRef::Certificate(id) => Some(id),
                    IssuerRef::Anchor(_) => None,
                },
                issuer_anchor: match l.issuer {
                    IssuerRef::Anchor(id) => Some(id),
                    IssuerRef::Certificate(_) => None,
                },
                issuer_label: insp.issuer_label(l.issuer),
                status: l.status.as_str(),
                checks: checks_out(&l.checks),
                revocation: l.revocation.as_ref(),
            })
            .collect(),
        anchors: insp
            .anchor_ids()
            .map(|(index, a)| AnchorOut {
                index,
                store: &a.store,
                subject: &a.subject.one_line,
                certificate: a.certificate,
                spki_sha256: &a.public_key.spki_sha256_base64,
            })
            .collect(),
        verdicts: insp
            .verdicts
            .iter()
            .map(|v| VerdictOut {
                store: &v.store,
                profile: v.profile,
                trusted: v.trusted,
                code: code_of(v.failure.as_ref()),
                failure: v.failure.as_ref(),
                reason: super::words::verdict(insp, v),
                search_exhausted: v.search_exhausted,
                problems: v
                    .paths
                    .first()
                    .filter(|p| !p.valid)
                    .map(|p| super::words::path_problems(insp, p))
                    .unwrap_or_default(),
                paths: v
                    .paths
                    .iter()
                    .map(|p| PathOut {
                        certificates: &p.certificates,
                        anchor: p.anchor,
                        links: &p.links,
                        valid: p.valid,
                        code: code_of(p.failure.as_ref()),
                        checks: checks_out(&p.checks),
                        pinned_by: pinned_by(insp, p),
                        policies: p.policies.as_ref(),
                    })
                    .collect(),
                notes: super::words::notes(v),
                policies: v.paths.first().and_then(|p| p.policies.as_ref()),
            })
            .collect(),
        timeline: crate::verify::timeline(insp),
        devices: super::device::json(insp),
        ct: super::ct::json(insp),
    }
}
