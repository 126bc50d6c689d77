//! Network evidence for a chain: issuers from AIA caIssuers, CRLs from distribution points,
//! OCSP answers from AIA responders. Gathered here, decided by `verify` (which stays offline).
//!
//! [`inspect_online`] is the one loop the CLI and the window call: verify, fetch the missing
//! issuers, verify again (at most [`MAX_AIA_LEVELS`] times, within [`AIA_TOTAL_SECS`]), then
//! gather the revocation evidence for every certificate and verify a last time.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use super::http::{HttpClient, HttpError};
use crate::decode::ocsp::ocsp_request;
use crate::ingest;
use crate::model::{
    AiaIssuer, Certificate, CheckStatus, CrlEvidence, Evidence, EvidenceFailure, EvidenceProblem,
    Finding, FindingKind, Inspection, OcspEvidence, Policy, PublicKeyInfo,
};
use crate::verify::{self, Budget, Input, TrustStore};

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

/// Verifies `input` with network evidence: AIA completion, then revocation. `crls` are the
/// CRL files given (`--crl`), read by the caller.
pub async fn inspect_online(
    input: Input,
    stores: &[TrustStore],
    policy: &Policy,
    options: &OnlineOptions,
    crls: Vec<CrlEvidence>,
) -> Inspection {
    let mut evidence = Evidence {
        requested: options.revocation || !crls.is_empty(),
        strict: options.strict,
        crls,
        ..Evidence::default()
    };
    let client = match HttpClient::new(options.timeout_secs) {
        Ok(c) => Some(c),
        Err(error) => {
            evidence.failures.extend(everyone(&input, &error));
            None
        }
    };
    let mut aia_notes: Vec<String> = Vec::new();
    if options.aia
        && let Some(client) = &client
    {
        let started = Instant::now();
        let total = Duration::from_secs(AIA_TOTAL_SECS);
        let mut tried: HashSet<String> = HashSet::new();
        for _ in 0..MAX_AIA_LEVELS {
            let insp = verify::inspect_with_evidence(
                input.clone(),
                stores,
                policy,
                Budget::default(),
                &evidence,
            );
            if insp.all_trusted() {
                break;
            }
            let urls: Vec<String> = missing_issuer_urls(&insp, stores)
                .into_iter()
                .filter(|u| tried.insert(u.clone()))
                .collect();
            if urls.is_empty() {
                break;
            }
            let Some(left) = total.checked_sub(started.elapsed()) else {
                aia_notes.push(format!(
                    "the AIA chase stopped after its {AIA_TOTAL_SECS} s budget"
                ));
                break;
            };
            let mut added = false;
            for url in urls {
                match tokio::time::timeout(left, client.get(&url)).await {
                    Ok(Ok(bytes)) => match ingest::load_bytes(&bytes) {
                        Ok(loaded) => {
                            for certificate in loaded.certificates {
                                added = true;
                                evidence.aia_issuers.push(AiaIssuer {
                                    url: url.clone(),
                                    certificate,
                                });
                            }
                        }
                        Err(e) => aia_notes.push(format!("AIA issuer {url}: {e}")),
                    },
                    Ok(Err(e)) => aia_notes.push(format!("AIA issuer: {e}")),
                    Err(_) => aia_notes.push(format!(
                        "AIA issuer {url}: the chase's {AIA_TOTAL_SECS} s budget ran out"
                    )),
                }
            }
            if !added {
                break;
            }
        }
    }
    if options.revocation
        && let Some(client) = &client
    {
        gather_revocation(client, &input, stores, &mut evidence).await;
    }
    let mut insp =
        verify::inspect_with_evidence(input, stores, policy, Budget::default(), &evidence);
    add_aia_findings(&mut insp, aia_notes);
    insp
}

fn everyone(input: &Input, error: &HttpError) -> Vec<EvidenceFailure> {
    input
        .certificates
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

/// The caIssuers URLs of certificates whose issuer is neither among the certificates nor in
/// a store.
fn missing_issuer_urls(insp: &Inspection, stores: &[TrustStore]) -> Vec<String> {
    let known = |cert: &Certificate| {
        insp.certificates
            .iter()
            .any(|c| c.certificate.subject.matches(&cert.issuer))
            || stores
                .iter()
                .flat_map(|s| &s.anchors)
                .any(|a| a.subject.matches(&cert.issuer))
    };
    let mut out = Vec::new();
    for inspected in &insp.certificates {
        let cert = &inspected.certificate;
        if cert.is_self_issued() || known(cert) {
            continue;
        }
        for url in cert.aia_urls("CA Issuers") {
            if !out.contains(&url) {
                out.push(url);
            }
        }
    }
    out
}

/// Findings for the downloaded issuers that a path uses: the server should send them.
fn add_aia_findings(insp: &mut Inspection, notes: Vec<String>) {
    let mut findings = Vec::new();
    for (id, inspected) in insp.certificates.iter().enumerate() {
        let crate::model::CertOrigin::Aia { url } = &inspected.origin else {
            continue;
        };
        let used = insp
            .verdicts
            .iter()
            .flat_map(|v| &v.paths)
            .any(|p| p.certificates.contains(&id));
        if used {
            findings.push(Finding {
                kind: FindingKind::MissingIssuer,
                severity: CheckStatus::Warn,
                message: format!(
                    "{} was downloaded from {url}, not sent by the server: configure the server to send this intermediate",
                    inspected.certificate.label()
                ),
            });
        }
    }
    for note in notes {
        findings.push(Finding {
            kind: FindingKind::Other,
            severity: CheckStatus::Warn,
            message: note,
        });
    }
    insp.findings.extend(findings);
}

/// The issuer keys a certificate may have: certificates and anchors named as its issuer.
fn issuer_keys<'a>(
    cert: &Certificate,
    pool: &'a [Certificate],
    stores: &'a [TrustStore],
) -> Vec<&'a PublicKeyInfo> {
    let mut keys: Vec<&PublicKeyInfo> = pool
        .iter()
        .filter(|c| c.subject.matches(&cert.issuer) && c.der != cert.der)
        .map(|c| &c.public_key)
        .collect();
    keys.extend(
        stores
            .iter()
            .flat_map(|s| &s.anchors)
            .filter(|a| a.subject.matches(&cert.issuer))
            .map(|a| &a.public_key),
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

/// Downloads every CRL distribution point once and asks every OCSP responder, concurrently.
async fn gather_revocation(
    client: &HttpClient,
    input: &Input,
    stores: &[TrustStore],
    evidence: &mut Evidence,
) {
    let mut pool: Vec<Certificate> = input.certificates.clone();
    pool.extend(input.untrusted.iter().cloned());
    pool.extend(evidence.aia_issuers.iter().map(|a| a.certificate.clone()));
    let mut jobs: JoinSet<Job> = JoinSet::new();
    let mut crl_urls: Vec<(String, Vec<String>)> = Vec::new();
    for cert in &pool {
        if cert.is_self_issued() {
            continue;
        }
        for url in cert.crl_urls() {
            match crl_urls.iter_mut().find(|(u, _)| *u == url) {
                Some((_, certs)) => certs.push(cert.sha256.clone()),
                None => crl_urls.push((url, vec![cert.sha256.clone()])),
            }
        }
        for url in cert.aia_urls("OCSP") {
            for key in issuer_keys(cert, &pool, stores) {
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
            } => evidence.crls.push(CrlEvidence { origin: url, bytes }),
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
            } => evidence.ocsp.push(OcspEvidence {
                url,
                certificate_sha256: for_cert,
                bytes,
            }),
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
