//! Network evidence for a chain: issuers from AIA caIssuers, CRLs from distribution points,
//! OCSP answers from AIA responders. Gathered here and decoded as it arrives; the loop that
//! verifies with it (verify, fetch the missing issuers, verify again) is `pipeline`'s, so
//! that fetching knows nothing of verification.

use std::collections::HashSet;
use std::time::Duration;

use tokio::task::JoinSet;

use super::http::{HttpClient, HttpError};
use crate::decode::evidence::{add_crl, add_ocsp};
use crate::decode::ocsp::ocsp_request;
use crate::ingest;
use crate::model::{
    AiaIssuer, Certificate, DecodedEvidence, DistinguishedName, EvidenceFailure, EvidenceProblem,
    PublicKeyInfo,
};

/// At most this many issuers are chased up the chain.
pub const MAX_AIA_LEVELS: usize = 4;
/// The whole AIA chase stops after this many seconds.
pub const AIA_TOTAL_SECS: u64 = 20;

/// What to gather from the network.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OnlineOptions {
    /// Download CRLs and ask OCSP responders (`--revocation`).
    pub revocation: bool,
    /// Unknown revocation fails the path (`--revocation-strict`).
    pub strict: bool,
    /// Fetch missing issuers from AIA caIssuers (`--aia`).
    pub aia: bool,
    /// Per-request timeout, seconds (0: the default).
    pub timeout_secs: u64,
}

/// A trust anchor as revocation requests need it: the name certificates cite as their
/// issuer, and its key (the OCSP CertID hashes it).
#[derive(Clone, Copy, Debug)]
pub struct AnchorKey<'a> {
    /// The anchor's subject.
    pub subject: &'a DistinguishedName,
    /// The anchor's public key.
    pub key: &'a PublicKeyInfo,
}

/// Downloads the issuers named by AIA caIssuers `urls`, each within `left`. Returns the
/// certificates found, with their URL, and a note for each download that failed.
pub async fn fetch_issuers(
    client: &HttpClient,
    urls: Vec<String>,
    left: Duration,
) -> (Vec<AiaIssuer>, Vec<String>) {
    let mut issuers = Vec::new();
    let mut notes = Vec::new();
    for url in urls {
        match tokio::time::timeout(left, client.get(&url)).await {
            Ok(Ok(bytes)) => match ingest::load_bytes(&bytes) {
                Ok(loaded) => {
                    for certificate in loaded.certificates {
                        issuers.push(AiaIssuer {
                            url: url.clone(),
                            certificate,
                        });
                    }
                }
                Err(e) => notes.push(format!("AIA issuer {url}: {e}")),
            },
            Ok(Err(e)) => notes.push(format!("AIA issuer: {e}")),
            Err(_) => notes.push(format!(
                "AIA issuer {url}: the chase's {AIA_TOTAL_SECS} s budget ran out"
            )),
        }
    }
    (issuers, notes)
}

/// The failure of every certificate when no HTTP client can be made.
pub fn client_failures(certificates: &[Certificate], error: &HttpError) -> Vec<EvidenceFailure> {
    certificates
        .iter()
        .map(|c| EvidenceFailure {
            certificate_sha256: c.sha256.clone(),
            problem: EvidenceProblem::FetchFailed {
                what: "HTTP".into(),
                url: String::new(),
                error: error.to_string(),
            },
        })
        .collect()
}

/// The issuer keys a certificate may have: certificates and anchors named as its issuer.
fn issuer_keys<'a>(
    cert: &Certificate,
    pool: &'a [Certificate],
    anchors: &[AnchorKey<'a>],
) -> Vec<&'a PublicKeyInfo> {
    let mut keys: Vec<&PublicKeyInfo> = pool
        .iter()
        .filter(|c| c.subject.matches(&cert.issuer) && c.der != cert.der)
        .map(|c| &c.public_key)
        .collect();
    keys.extend(
        anchors
            .iter()
            .filter(|a| a.subject.matches(&cert.issuer))
            .map(|a| a.key),
    );
    let mut seen = HashSet::new();
    keys.retain(|k| seen.insert(k.spki_der.clone()));
    keys
}

enum Job {
    Crl {
        url: String,
        for_certs: Vec<String>,
        result: Result<Vec<u8>, HttpError>,
    },
    Ocsp {
        url: String,
        for_cert: String,
        result: Result<Vec<u8>, HttpError>,
    },
}

/// Downloads every CRL distribution point of the certificates in `pool` once and asks every
/// OCSP responder, concurrently, adding what comes back to `evidence`, decoded. `anchors` are
/// the issuers the stores hold, whose keys an OCSP request may need.
pub async fn gather_revocation(
    client: &HttpClient,
    pool: &[Certificate],
    anchors: &[AnchorKey<'_>],
    evidence: &mut DecodedEvidence,
) {
    let mut jobs: JoinSet<Job> = JoinSet::new();
    let mut crl_urls: Vec<(String, Vec<String>)> = Vec::new();
    for cert in pool {
        if cert.is_self_issued() {
            continue;
        }
        // The complete CRLs of its distribution points, and the delta CRLs its Freshest CRL
        // extension names: verify applies a delta to the complete CRL it is based on.
        let delta_urls = crate::decode::crl::freshest_crl_urls(&cert.der);
        for url in cert.crl_urls().into_iter().chain(delta_urls) {
            match crl_urls.iter_mut().find(|(u, _)| *u == url) {
                Some((_, certs)) => certs.push(cert.sha256.clone()),
                None => crl_urls.push((url, vec![cert.sha256.clone()])),
            }
        }
        for url in cert.aia_urls("OCSP") {
            for key in issuer_keys(cert, pool, anchors) {
                let request = match ocsp_request(cert, &key.key_bytes) {
                    Ok(r) => r,
                    Err(e) => {
                        evidence.failures.push(EvidenceFailure {
                            certificate_sha256: cert.sha256.clone(),
                            problem: EvidenceProblem::FetchFailed {
                                what: "OCSP".into(),
                                url: url.clone(),
                                error: e.to_string(),
                            },
                        });
                        continue;
                    }
                };
                let client = client.clone();
                let url = url.clone();
                let for_cert = cert.sha256.clone();
                jobs.spawn(async move {
                    let result = client.post_ocsp(&url, request).await;
                    Job::Ocsp {
                        url,
                        for_cert,
                        result,
                    }
                });
            }
        }
    }
    for (url, for_certs) in crl_urls {
        let client = client.clone();
        jobs.spawn(async move {
            let result = client.get(&url).await;
            Job::Crl {
                url,
                for_certs,
                result,
            }
        });
    }
    while let Some(done) = jobs.join_next().await {
        let Ok(job) = done else {
            continue;
        };
        match job {
            Job::Crl {
                url,
                result: Ok(bytes),
                ..
            } => add_crl(evidence, &url, &bytes),
            Job::Crl {
                url,
                for_certs,
                result: Err(e),
            } => {
                for sha in for_certs {
                    evidence.failures.push(EvidenceFailure {
                        certificate_sha256: sha,
                        problem: EvidenceProblem::FetchFailed {
                            what: "CRL".into(),
                            url: url.clone(),
                            error: e.to_string(),
                        },
                    });
                }
            }
            Job::Ocsp {
                url,
                for_cert,
                result: Ok(bytes),
            } => add_ocsp(evidence, &url, &for_cert, &bytes),
            Job::Ocsp {
                url,
                for_cert,
                result: Err(e),
            } => evidence.failures.push(EvidenceFailure {
                certificate_sha256: for_cert,
                problem: EvidenceProblem::FetchFailed {
                    what: "OCSP".into(),
                    url,
                    error: e.to_string(),
                },
            }),
        }
    }
}
