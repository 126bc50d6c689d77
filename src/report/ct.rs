//! The words of Certificate Transparency: each SCT's outcome, each policy's verdict, for the
//! text report, JSON and the window.

use std::fmt::Write as _;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use crate::ct::{
    CtNote, CtOutcome, CtReport, CtVerdict, ListKind, NotApplicable, SctCheck, SctCode, Shortfall,
};
use crate::model::Inspection;

/// What an SCT's outcome means, in a few words.
pub fn sct_outcome(code: SctCode) -> &'static str {
    match code {
        SctCode::Valid => "valid",
        SctCode::UnsupportedVersion => "invalid: not an SCT version 1",
        SctCode::UnknownLog => "unknown log: in neither log list",
        SctCode::UnsupportedLogKey => "invalid: the log's key is neither ECDSA P-256 nor RSA",
        SctCode::WrongAlgorithm => {
            "invalid: signed with another algorithm than SHA-256 with the log's key"
        }
        SctCode::IssuerUnknown => {
            "not checked: the certificate's issuer, which the signed entry names, is unknown"
        }
        SctCode::EntryUnreadable => {
            "not checked: the certificate does not decode as DER, so the signed entry cannot be rebuilt"
        }
        SctCode::BadSignature => {
            "invalid: the log's signature does not verify over this certificate"
        }
        SctCode::FutureTimestamp => "invalid: the timestamp is after the validation time",
        SctCode::OutsideLogInterval => {
            "invalid: the certificate's expiry is outside the log's temporal interval"
        }
        SctCode::LogNotTrusted => {
            "invalid: the log list does not trust the log at the validation time (pending or rejected)"
        }
        SctCode::LogNotUsableAtTimestamp => {
            "invalid: issued after the log became read-only or retired"
        }
    }
}

/// `Google 'Argon2025h1' log (Google)`, or the log ID for an unknown log.
pub fn sct_log(sct: &SctCheck) -> String {
    match (&sct.log, &sct.operator) {
        (Some(log), Some(operator)) => format!("{log} ({operator})"),
        (Some(log), None) => log.clone(),
        _ => format!("log {}", sct.log_id_base64),
    }
}

/// One line for an SCT: how it came, its log, its time, its outcome and code.
pub fn sct_line(sct: &SctCheck) -> String {
    let time = sct
        .timestamp
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("{} ms", sct.timestamp_ms));
    format!(
        "{}: {}, {time}: {} [{}]",
        sct.delivery.as_str(),
        sct_log(sct),
        sct_outcome(sct.code),
        sct.code.code()
    )
}

/// `Chrome CT: compliant (3 SCTs, 2 operators)`.
pub fn verdict_line(verdict: &CtVerdict) -> String {
    format!("{} CT: {}", verdict.policy.as_str(), verdict_words(verdict))
}

/// The verdict without the policy's name: `compliant (3 SCTs, 2 operators)`.
pub fn verdict_words(verdict: &CtVerdict) -> String {
    match &verdict.outcome {
        CtOutcome::Compliant {
            scts,
            operators,
            embedded,
        } => format!(
            "compliant ({scts} {}SCT{}, {operators} operator{})",
            if *embedded { "" } else { "TLS/OCSP " },
            plural(*scts),
            plural(*operators)
        ),
        CtOutcome::NotCompliant { shortfall } => {
            format!(
                "not compliant — {} [{}]",
                shortfall_words(shortfall, verdict.policy),
                shortfall.code()
            )
        }
        CtOutcome::NotApplicable { reason } => {
            format!("not applicable ({})", not_applicable_words(*reason))
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn shortfall_words(shortfall: &Shortfall, policy: ListKind) -> String {
    match shortfall {
        Shortfall::NoScts => "the certificate has no SCT".to_string(),
        Shortfall::NoLogList => format!("no {} log list is loaded", policy.as_str()),
        Shortfall::TooFewScts {
            have,
            need,
            lifetime_days,
            unlisted,
        } => {
            let mut words = format!(
                "needs {need} SCTs from distinct logs for a {lifetime_days}-day certificate, {have} count{}",
                if *have == 1 { "s" } else { "" }
            );
            if *unlisted > 0 {
                let _ = write!(
                    words,
                    " ({unlisted} valid SCT{} from logs not in {}'s list)",
                    plural(*unlisted),
                    policy.as_str()
                );
            }
            words
        }
        Shortfall::NoCurrentLog => {
            "no embedded SCT is from a log approved at the time of check".to_string()
        }
        Shortfall::TooFewOperators { have } => {
            format!("needs SCTs from 2 distinct log operators, has {have}")
        }
        Shortfall::NoRfc6962Log => {
            "needs at least one SCT from an RFC 6962 log (not a static-ct-api log)".to_string()
        }
    }
}

fn not_applicable_words(reason: NotApplicable) -> &'static str {
    match reason {
        NotApplicable::NotServerPurpose => "the chain is not checked for server authentication",
        NotApplicable::NoServerAuthEku => {
            "the leaf is not a TLS server certificate (no serverAuth EKU)"
        }
        NotApplicable::NotPubliclyTrusted => {
            "no chosen public root store (Mozilla, system) trusts the chain"
        }
    }
}

fn note_words(note: &CtNote) -> String {
    match note {
        CtNote::MalformedSctList { delivery, detail } => {
            format!("the {} SCT list was not read: {detail}", delivery.as_str())
        }
    }
}

/// `Chrome list 47.11 of 2024-10-09T12:55:36Z (FILE), Apple list 511, assetVersion 32 (bundled, as of 2026-08-21)`.
fn lists_line(report: &CtReport) -> String {
    if report.lists.is_empty() {
        return "no log list".to_string();
    }
    report
        .lists
        .iter()
        .map(|l| {
            let mut s = format!("{} list", l.kind.as_str());
            if let Some(v) = &l.version {
                let _ = write!(s, " {v}");
            }
            if let Some(t) = &l.timestamp {
                let _ = write!(s, " of {t}");
            }
            let _ = write!(s, " ({})", l.origin);
            s
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The text section: every SCT, then both verdicts. Empty when the inspection has no CT report.
pub fn section(insp: &Inspection) -> String {
    let Some(report) = &insp.ct else {
        return String::new();
    };
    let mut out = String::new();
    out.push_str("\nCertificate Transparency:\n");
    let _ = writeln!(out, "  log lists: {}", lists_line(report));
    if report.scts.is_empty() {
        out.push_str("  no SCTs\n");
    }
    for (i, sct) in report.scts.iter().enumerate() {
        let _ = writeln!(out, "  SCT {}: {}", i + 1, sct_line(sct));
    }
    for note in &report.notes {
        let _ = writeln!(out, "  note: {}", note_words(note));
    }
    let _ = writeln!(out, "  {}", verdict_line(&report.chrome));
    let _ = writeln!(out, "  {}", verdict_line(&report.apple));
    out
}

/// One SCT in JSON: the checked data with its sentence.
#[derive(Serialize)]
struct SctOut<'a> {
    #[serde(flatten)]
    sct: &'a SctCheck,
    message: &'static str,
}

/// One verdict in JSON.
#[derive(Serialize)]
struct VerdictOut<'a> {
    #[serde(flatten)]
    verdict: &'a CtVerdict,
    compliant: bool,
    code: Option<&'static str>,
    message: String,
}

/// The CT report in JSON.
#[derive(Serialize)]
pub(super) struct CtOut<'a> {
    lists: &'a [crate::ct::ListInfo],
    scts: Vec<SctOut<'a>>,
    notes: Vec<String>,
    chrome: VerdictOut<'a>,
    apple: VerdictOut<'a>,
}

fn verdict_out(verdict: &CtVerdict) -> VerdictOut<'_> {
    VerdictOut {
        verdict,
        compliant: matches!(verdict.outcome, CtOutcome::Compliant { .. }),
        code: match &verdict.outcome {
            CtOutcome::NotCompliant { shortfall } => Some(shortfall.code()),
            _ => None,
        },
        message: verdict_words(verdict),
    }
}

/// The inspection's CT report for JSON, when it has one.
pub(super) fn json(insp: &Inspection) -> Option<CtOut<'_>> {
    let report = insp.ct.as_ref()?;
    Some(CtOut {
        lists: &report.lists,
        scts: report
            .scts
            .iter()
            .map(|sct| SctOut {
                sct,
                message: sct_outcome(sct.code),
            })
            .collect(),
        notes: report.notes.iter().map(note_words).collect(),
        chrome: verdict_out(&report.chrome),
        apple: verdict_out(&report.apple),
    })
}
