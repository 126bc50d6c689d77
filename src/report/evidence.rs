//! The words for revocation evidence: where a status came from, and why a CRL or an OCSP
//! response gave none. The verifier records them as data ([`RevocationSource`],
//! [`EvidenceProblem`]); text, JSON, the diagram and the window say them here.

use crate::model::format::human_time;
use crate::model::{EvidenceProblem, Revocation, RevocationSource, RevocationStatus};

/// Where a revocation status came from, in words: `CRL <origin>`, `OCSP <url>`,
/// `stapled OCSP`.
pub fn revocation_source(source: &RevocationSource) -> String {
    match source {
        RevocationSource::Crl { origin } => format!("CRL {origin}"),
        RevocationSource::Ocsp { url } => format!("OCSP {url}"),
        RevocationSource::Stapled => "stapled OCSP".to_string(),
    }
}

/// Why a piece of revocation evidence gave no status, in words.
pub fn evidence_problem(problem: &EvidenceProblem) -> String {
    match problem {
        EvidenceProblem::CrlRejected { origin, why } => format!("CRL {origin} rejected: {why}"),
        EvidenceProblem::OcspRejected { source, why } => {
            format!("{} rejected: {why}", revocation_source(source))
        }
        EvidenceProblem::FetchFailed { what, error, .. } => format!("{what}: {error}"),
        EvidenceProblem::NoEvidence { issuer } => {
            format!("no CRL from {issuer} and no OCSP answer for it")
        }
    }
}

/// A link's revocation outcome on one line:
/// `revoked 2024-01-01 00:00:00 UTC (keyCompromise), by CRL root.crl`.
pub fn revocation_summary(revocation: &Revocation) -> String {
    let mut out = revocation.status.as_str().to_string();
    if let Some(at) = revocation.revoked_at {
        out.push_str(&format!(" {}", human_time(at)));
    }
    if let Some(reason) = &revocation.reason {
        out.push_str(&format!(" ({reason})"));
    }
    if let Some(source) = &revocation.source {
        out.push_str(&format!(", by {}", revocation_source(source)));
    }
    if let Some(this_update) = revocation.this_update {
        out.push_str(&format!(", thisUpdate {}", human_time(this_update)));
    }
    if revocation.status == RevocationStatus::Unknown {
        let problems: Vec<String> = revocation.problems.iter().map(evidence_problem).collect();
        if !problems.is_empty() {
            out.push_str(&format!(": {}", problems.join("; ")));
        }
    }
    out
}
