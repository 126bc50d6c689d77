//! The words for revocation evidence: where a status came from, and why a CRL or an OCSP
//! response gave none. The verifier records them as data ([`RevocationSource`],
//! [`EvidenceProblem`]); text, JSON, the diagram and the window say them here.

use crate::model::format::human_time;
use crate::model::{
    EvidenceProblem, Rejection, Revocation, RevocationSource, RevocationStatus, SignerProblem,
};

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
        EvidenceProblem::CrlRejected { origin, why } => {
            format!("CRL {origin} rejected: {}", rejection(why))
        }
        EvidenceProblem::OcspRejected { source, why } => {
            format!("{} rejected: {}", revocation_source(source), rejection(why))
        }
        EvidenceProblem::ReasonsNotCovered { missing } => format!(
            "the usable CRLs do not cover every revocation reason (missing: {})",
            missing.join(", ")
        ),
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

/// Why a CRL or an OCSP response cannot decide, in words (after `CRL … rejected: `).
pub fn rejection(why: &Rejection) -> String {
    match why {
        Rejection::CrlUndecodable { error } => format!("it does not decode: {error}"),
        // The decoder's error is the whole reason, as it always was for OCSP.
        Rejection::OcspUndecodable { error } => error.clone(),
        Rejection::CrlOnlyAttributeCerts => {
            "out of scope: it covers only attribute certificates (onlyContainsAttributeCerts)"
                .to_string()
        }
        Rejection::CrlIssuerNotNamed { crl_issuer } => format!(
            "out of scope: it is issued by {crl_issuer}, which is not the certificate's issuer \
             and no distribution point of the certificate names as cRLIssuer"
        ),
        Rejection::IndirectNotMarked => "out of scope: the certificate's distribution point \
            names its issuer as cRLIssuer, but it is not marked indirectCRL"
            .to_string(),
        Rejection::CrlSignerNotFound { crl_issuer } => {
            format!("no certificate named {crl_issuer} has a key that verifies its signature")
        }
        Rejection::CrlSignerPathInvalid { signer, why } => format!(
            "the path of its signer {signer} does not validate: {}",
            signer_problem(why)
        ),
        Rejection::CrlSignerLacksCrlSign { signer, key_usage } => format!(
            "its signer {signer} has keyUsage ({}) without CRL Sign",
            key_usage.join(", ")
        ),
        Rejection::CrlSignerRevoked { signer } => {
            format!("its signer's path holds a revoked certificate, {signer}")
        }
        Rejection::DeltaWithoutBase { base } => {
            format!("a delta CRL (base CRL number {base}) with no usable complete CRL to apply to")
        }
        Rejection::DeltaBaseMismatch { base, complete } => format!(
            "a delta CRL for base CRL number {base} that does not apply to complete CRL number \
             {complete}"
        ),
        Rejection::CrlOnlyEndEntities => {
            "out of scope: it covers only end-entity certificates, and this is a CA".to_string()
        }
        Rejection::CrlOnlyCas => {
            "out of scope: it covers only CA certificates, and this is an end entity".to_string()
        }
        Rejection::DistributionPointNotNamed { points } => format!(
            "out of scope: its distribution point {} is not one the certificate names",
            points.join(", ")
        ),
        Rejection::AuthorityKeyIdMismatch {
            crl_aki,
            issuer_ski,
        } => format!(
            "its authority key id {} is not the issuer's key id {}",
            hex::encode(crl_aki),
            hex::encode(issuer_ski)
        ),
        Rejection::IssuerLacksCrlSign { key_usage } => format!(
            "the issuer's keyUsage ({}) lacks CRL Sign",
            key_usage.join(", ")
        ),
        Rejection::CrlSignatureInvalid { algorithm, issuer } => {
            format!("its {algorithm} signature does not verify with the key of {issuer}")
        }
        Rejection::SignatureUnchecked { why } => {
            format!(
                "its signature cannot be checked: {}",
                super::words::unsupported_signature(why)
            )
        }
        Rejection::NoCrlNumber => "it has no CRLNumber (RFC 5280 §5.2.3 requires one)".to_string(),
        Rejection::CrlNumberCritical => {
            "its CRLNumber is marked critical (RFC 5280 §5.2.3 forbids it)".to_string()
        }
        Rejection::UnknownCriticalExtension { oid } => {
            format!("it has an unknown critical extension {oid}")
        }
        Rejection::CrlNotYetValid { this_update } => format!(
            "it is not valid yet: thisUpdate {} is after the validation time",
            human_time(*this_update)
        ),
        Rejection::CrlExpired { next_update } => format!(
            "it expired: nextUpdate {} is before the validation time",
            human_time(*next_update)
        ),
        Rejection::NoAnswerForCertId => {
            "it holds no answer for this certificate's CertID".to_string()
        }
        Rejection::CertificateUnknownToResponder => {
            "the responder does not know this certificate (unknown)".to_string()
        }
        Rejection::OcspSignatureInvalid => {
            "its signature does not verify with the responder's key".to_string()
        }
        Rejection::OcspNotYetValid { this_update } => format!(
            "thisUpdate {} is after the validation time",
            human_time(*this_update)
        ),
        Rejection::OcspStale { next_update } => format!(
            "it is stale: nextUpdate {} is before the validation time",
            human_time(*next_update)
        ),
        Rejection::ResponderNotFound => {
            "it is signed by a responder that is neither the issuer nor a certificate it includes"
                .to_string()
        }
        Rejection::ResponderNotIssuedByIssuer { responder } => format!(
            "the responder certificate {responder} is not issued by the certificate's issuer"
        ),
        Rejection::ResponderNotSignedByIssuer { responder } => {
            format!("the responder certificate {responder} is not signed by the issuer's key")
        }
        Rejection::ResponderLacksOcspSigning { responder } => {
            format!("the responder certificate {responder} lacks id-kp-OCSPSigning")
        }
        Rejection::ResponderNotValid { responder } => {
            format!("the responder certificate {responder} is not valid at the validation time")
        }
    }
}

/// Why a CRL signer's path does not validate, in words.
pub fn signer_problem(why: &SignerProblem) -> String {
    match why {
        SignerProblem::NoAnchor => "the trust anchor is not known yet".to_string(),
        SignerProblem::NoPathToAnchor => {
            "no chain of the certificates given leads to the certificate's trust anchor".to_string()
        }
        SignerProblem::NotValid { certificate } => {
            format!("{certificate} is not valid at the validation time")
        }
        SignerProblem::IssuerNotCa { certificate } => {
            format!("{certificate} is not a CA allowed to sign certificates")
        }
        SignerProblem::UnknownCriticalExtension { certificate, oid } => {
            format!("{certificate} has an unknown critical extension {oid}")
        }
        SignerProblem::RevocationUnknown { certificate } => {
            format!("the revocation status of {certificate} is unknown")
        }
        SignerProblem::Circular => {
            "deciding it needs the CRL being checked, or nests CRL signers too deep".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn problems_name_their_source_and_why() {
        let stale = EvidenceProblem::OcspRejected {
            source: RevocationSource::Stapled,
            why: Rejection::OcspStale {
                next_update: datetime!(2024-01-02 03:04:05 UTC),
            },
        };
        assert_eq!(
            evidence_problem(&stale),
            format!(
                "stapled OCSP rejected: it is stale: nextUpdate {} is before the validation time",
                human_time(datetime!(2024-01-02 03:04:05 UTC))
            )
        );
        let aki = EvidenceProblem::CrlRejected {
            origin: "root.crl".to_string(),
            why: Rejection::AuthorityKeyIdMismatch {
                crl_aki: vec![0xab],
                issuer_ski: vec![0xcd],
            },
        };
        assert_eq!(
            evidence_problem(&aki),
            "CRL root.crl rejected: its authority key id ab is not the issuer's key id cd"
        );
        let ocsp = RevocationSource::Ocsp {
            url: "http://ocsp.example".to_string(),
        };
        assert_eq!(revocation_source(&ocsp), "OCSP http://ocsp.example");
    }

    #[test]
    fn unusable_crls_say_which_rule_they_break() {
        let signer = EvidenceProblem::CrlRejected {
            origin: "ca.crl".to_string(),
            why: Rejection::CrlSignerPathInvalid {
                signer: "CRL Signer".to_string(),
                why: SignerProblem::NoPathToAnchor,
            },
        };
        assert_eq!(
            evidence_problem(&signer),
            "CRL ca.crl rejected: the path of its signer CRL Signer does not validate: no chain \
             of the certificates given leads to the certificate's trust anchor"
        );
        let reasons = EvidenceProblem::ReasonsNotCovered {
            missing: vec!["keyCompromise".to_string()],
        };
        assert_eq!(
            evidence_problem(&reasons),
            "the usable CRLs do not cover every revocation reason (missing: keyCompromise)"
        );
        assert!(rejection(&Rejection::CrlOnlyCas).starts_with("out of scope: "));
        assert!(
            rejection(&Rejection::DeltaWithoutBase { base: "0a".into() })
                .contains("no usable complete CRL")
        );
    }

    #[test]
    fn json_says_the_problem_in_the_same_words() {
        let problem = EvidenceProblem::OcspRejected {
            source: RevocationSource::Stapled,
            why: Rejection::NoAnswerForCertId,
        };
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "problem": "ocsp_rejected",
                "source_name": "stapled OCSP",
                "why": "it holds no answer for this certificate's CertID",
            })
        );
    }
}
