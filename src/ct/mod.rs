//! Certificate Transparency: each SCT of the leaf verified against its log (RFC 6962 §3.2),
//! and Chrome's and Apple's CT policies decided on them.
//!
//! Like `verify`, this is offline and returns data: codes, counts, names of logs; every
//! sentence is built in `report::ct`. The logs come from the browsers' own lists
//! ([`log_list`]), bundled and replaceable.
//!
//! SCTs are read from where a client gets them: embedded in the certificate, from the
//! server's stapled OCSP response, and from the TLS `signed_certificate_timestamp` extension
//! when the capture has it ([`CheckInput::tls_sct_list`]). The legacy capture (TLS 1.0–1.2
//! servers rustls cannot talk to) asks for it; rustls 0.23's client neither asks for nor
//! returns it, so chains captured through rustls carry none.

pub mod check;
pub mod log_list;
pub mod policy;
pub mod sct;

use serde::Serialize;
use time::OffsetDateTime;

use crate::model::{
    CertId, CertRole, Certificate, CheckName, CheckStatus, Inspection, IssuerRef, Link, Purpose,
    oids,
};

pub use check::{SctCheck, SctCode, SctDelivery};
pub use log_list::{ListKind, LogList, LogLists};
pub use policy::{CtOutcome, CtVerdict, NotApplicable, Shortfall};

/// A log list as an inspection used it: whose, which version, from where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListInfo {
    /// Whose.
    pub kind: ListKind,
    /// Its version, when it states one.
    pub version: Option<String>,
    /// Its timestamp, when it states one.
    pub timestamp: Option<String>,
    /// `bundled, as of DATE` or the file's path.
    pub origin: String,
}

/// Something about the SCTs that is not one SCT's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CtNote {
    /// An SCT list does not parse; its SCTs are not counted.
    MalformedSctList {
        /// Where the list came from.
        delivery: SctDelivery,
        /// What is wrong.
        detail: String,
    },
}

/// The leaf's Certificate Transparency: every SCT checked, and each browser policy's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CtReport {
    /// The lists the SCTs were checked against.
    pub lists: Vec<ListInfo>,
    /// Every SCT, embedded first, in the order found.
    pub scts: Vec<SctCheck>,
    /// What else was noticed.
    pub notes: Vec<CtNote>,
    /// Chrome's CT policy.
    pub chrome: CtVerdict,
    /// Apple's CT policy.
    pub apple: CtVerdict,
}

/// What [`check_certificate`] reads.
pub struct CheckInput<'a> {
    /// The certificate the SCTs are for.
    pub certificate: &'a Certificate,
    /// Its issuer's certificate (DER), when known as a certificate.
    pub issuer_certificate: Option<&'a [u8]>,
    /// Its issuer's SubjectPublicKeyInfo (DER), when the issuer is known.
    pub issuer_spki: Option<&'a [u8]>,
    /// When the issuer is a Precertificate Signing Certificate, its own issuer's
    /// SubjectPublicKeyInfo (DER).
    pub issuer_issuer_spki: Option<&'a [u8]>,
    /// A stapled OCSP response (DER).
    pub ocsp_response: Option<&'a [u8]>,
    /// The TLS extension's `SignedCertificateTimestampList`, when captured.
    pub tls_sct_list: Option<&'a [u8]>,
    /// The time of check.
    pub at: OffsetDateTime,
    /// Whether the policies apply, or why not.
    pub applies: Result<(), NotApplicable>,
}

/// Checks every SCT of a certificate and decides both policies.
pub fn check_certificate(input: &CheckInput<'_>, lists: &LogLists) -> CtReport {
    let cert = input.certificate;
    let mut notes = Vec::new();
    let mut scts = Vec::new();
    let embedded = sct::embedded(&cert.der).unwrap_or_else(|e| {
        notes.push(CtNote::MalformedSctList {
            delivery: SctDelivery::Embedded,
            detail: e.to_string(),
        });
        Vec::new()
    });
    if !embedded.is_empty() {
        let entry = match input.issuer_spki {
            Some(issuer_spki) => sct::precert_entry(&sct::PrecertInputs {
                certificate: &cert.der,
                issuer_certificate: input.issuer_certificate,
                issuer_spki,
                issuer_issuer_spki: input.issuer_issuer_spki,
            })
            .map_err(|e| match e {
                sct::EntryError::FinalIssuerMissing => SctCode::IssuerUnknown,
                _ => SctCode::EntryUnreadable,
            }),
            None => Err(SctCode::IssuerUnknown),
        };
        let cx = check::Context {
            entry: entry.as_ref().map_err(|c| *c),
            not_after: cert.validity.not_after,
            at: input.at,
        };
        scts.extend(
            embedded
                .iter()
                .map(|s| check::check_sct(s, SctDelivery::Embedded, lists, &cx)),
        );
    }
    if input.tls_sct_list.is_some() || input.ocsp_response.is_some() {
        // SCTs delivered beside the certificate sign the certificate itself.
        let x509 = sct::SignedEntry::X509(cert.der.clone());
        let cx = check::Context {
            entry: Ok(&x509),
            not_after: cert.validity.not_after,
            at: input.at,
        };
        let mut delivered =
            |delivery, parsed: Result<Vec<sct::Sct>, sct::SctParseError>| match parsed {
                Ok(list) => scts.extend(
                    list.iter()
                        .map(|s| check::check_sct(s, delivery, lists, &cx)),
                ),
                Err(e) => notes.push(CtNote::MalformedSctList {
                    delivery,
                    detail: e.to_string(),
                }),
            };
        if let Some(list) = input.tls_sct_list {
            delivered(SctDelivery::TlsExtension, sct::parse_list(list));
        }
        if let Some(ocsp) = input.ocsp_response {
            delivered(SctDelivery::Ocsp, sct::from_ocsp(ocsp, &cert.serial_bytes));
        }
    }
    let facts = policy::CertFacts {
        not_before: cert.validity.not_before,
        not_after: cert.validity.not_after,
        at: input.at,
    };
    let verdict =
        |kind: ListKind, decide: fn(&[SctCheck], &policy::CertFacts, bool) -> CtOutcome| {
            let loaded = match kind {
                ListKind::Chrome => lists.chrome.is_some(),
                ListKind::Apple => lists.apple.is_some(),
            };
            CtVerdict {
                policy: kind,
                outcome: match input.applies {
                    Ok(()) => decide(&scts, &facts, loaded),
                    Err(reason) => CtOutcome::NotApplicable { reason },
                },
            }
        };
    let chrome = verdict(ListKind::Chrome, policy::chrome);
    let apple = verdict(ListKind::Apple, policy::apple);
    CtReport {
        lists: lists
            .iter()
            .map(|l| ListInfo {
                kind: l.kind,
                version: l.version.clone(),
                timestamp: l.timestamp.clone(),
                origin: l.origin.clone(),
            })
            .collect(),
        scts,
        notes,
        chrome,
        apple,
    }
}

/// The CT report of an inspection's leaf, or `None` when there is nothing to say: the leaf
/// carries no SCT (nor does a stapled response) and the policies do not apply to it.
/// `public_stores` names the chosen stores that are public root programs (Mozilla, the
/// system's): the policies apply to chains they trust.
pub fn check(insp: &Inspection, public_stores: &[String], lists: &LogLists) -> Option<CtReport> {
    let leaf_id = *insp.groups.first()?.certificates.first()?;
    if insp.role(leaf_id) != CertRole::Leaf {
        return None;
    }
    let leaf = insp.cert(leaf_id)?;
    let applies = if insp.policy.purpose != Purpose::Server {
        Err(NotApplicable::NotServerPurpose)
    } else if !leaf
        .extended_key_usage()
        .is_some_and(|eku| eku.iter().any(|o| o == oids::EKU_SERVER_AUTH))
    {
        Err(NotApplicable::NoServerAuthEku)
    } else if !insp
        .verdicts
        .iter()
        .any(|v| v.trusted && public_stores.contains(&v.store))
    {
        Err(NotApplicable::NotPubliclyTrusted)
    } else {
        Ok(())
    };
    let issuer = issuer_link(insp, leaf_id).map(|l| l.issuer);
    let (issuer_certificate, issuer_spki) = match issuer {
        Some(IssuerRef::Certificate(id)) => match insp.cert(id) {
            Some(c) => (
                Some(c.der.as_slice()),
                Some(c.public_key.spki_der.as_slice()),
            ),
            None => (None, None),
        },
        Some(IssuerRef::Anchor(id)) => match insp.anchor(id) {
            Some(a) => (
                a.certificate
                    .and_then(|c| insp.cert(c))
                    .map(|c| c.der.as_slice()),
                Some(a.public_key.spki_der.as_slice()),
            ),
            None => (None, None),
        },
        None => (None, None),
    };
    let issuer_issuer_spki = match issuer {
        Some(IssuerRef::Certificate(id)) => issuer_link(insp, id).and_then(|l| match l.issuer {
            IssuerRef::Certificate(up) => insp.cert(up).map(|c| c.public_key.spki_der.as_slice()),
            IssuerRef::Anchor(up) => insp.anchor(up).map(|a| a.public_key.spki_der.as_slice()),
        }),
        _ => None,
    };
    let connection = insp.source.connection.as_ref();
    let ocsp_response = connection.and_then(|c| c.ocsp_response.as_deref());
    let tls_sct_list = connection.and_then(|c| c.sct_list.as_deref());
    let report = check_certificate(
        &CheckInput {
            certificate: leaf,
            issuer_certificate,
            issuer_spki,
            issuer_issuer_spki,
            ocsp_response,
            tls_sct_list,
            at: insp.policy.time,
            applies,
        },
        lists,
    );
    (!report.scts.is_empty() || !report.notes.is_empty() || applies.is_ok()).then_some(report)
}

/// The link to a certificate's issuer: the one on a valid path, else one whose signature
/// verified (a name-matching candidate whose key did not sign it would make every embedded SCT
/// look forged), else the first found.
fn issuer_link(insp: &Inspection, child: CertId) -> Option<&Link> {
    let signed = |l: &&Link| {
        l.checks
            .iter()
            .any(|c| c.name == CheckName::Signature && c.status == CheckStatus::Pass)
    };
    insp.link_from(child)
        .filter(signed)
        .or_else(|| insp.links.iter().filter(|l| l.child == child).find(signed))
        .or_else(|| insp.link_from(child))
}
