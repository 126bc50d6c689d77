//! Source + policy (+ online evidence) → [`Inspection`]: the one entry every face calls —
//! `chainlens inspect`, `verify`, `export`, `batch`, `aws check`, the window and its Batch
//! view — so that the same certificates under the same options get the same verdict
//! everywhere.
//!
//! It owns three rules that used to be written once per face:
//! - **the purpose rule** ([`purpose`]): a CA certificate read from a file, standard input,
//!   a paste or a bundle row is checked as a CA unless the user named a purpose; a chain
//!   captured from a live server keeps the purpose asked (a server that sends a CA as its
//!   leaf really is broken);
//! - **the AIA/revocation loop** ([`inspect`]): verify, fetch the missing issuers, verify
//!   again (at most [`MAX_AIA_LEVELS`] rounds within [`AIA_TOTAL_SECS`]), then gather the
//!   revocation evidence and verify a last time. `fetch` only downloads and `verify` only
//!   decides; each CRL and OCSP response is decoded once, when it arrives;
//! - **export dispatch** lives beside it in [`crate::report::export`].
//!
//! The offline part ([`verify_offline`]) is synchronous, for a caller's own blocking job;
//! [`inspect`] is the async whole, cancelled by dropping (aborting) its future.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::decode::evidence::{add_crl, set_stapled};
use crate::fetch::evidence::{AnchorKey, client_failures, fetch_issuers, gather_revocation};
use crate::fetch::http::HttpClient;
use crate::load::Loaded;
use crate::model::{
    CertOrigin, Certificate, CheckStatus, CrlEvidence, DecodedEvidence, Finding, FindingFacts,
    Inspection, Policy, Purpose,
};
use crate::verify::{self, Budget, Input, TrustStore};

pub use crate::fetch::evidence::{AIA_TOTAL_SECS, MAX_AIA_LEVELS, OnlineOptions};

/// What the user asked for: the policy, and whether its purpose was named.
#[derive(Clone, Debug)]
pub struct Options {
    /// The policy as the user set it. Its purpose is the one named, or the default one when
    /// [`Options::purpose_named`] is false.
    pub policy: Policy,
    /// Whether the user named the purpose (`--purpose`): a named purpose is kept whatever
    /// the target. The window's Purpose radio is a default, not a name: a CA opened there is
    /// checked as a CA whatever it says.
    pub purpose_named: bool,
}

impl Options {
    /// `policy`, its purpose a default the purpose rule may override.
    pub fn new(policy: Policy) -> Self {
        Self {
            policy,
            purpose_named: false,
        }
    }
}

/// The network evidence to gather, and the CRL files already read.
#[derive(Clone, Debug, Default)]
pub struct Online {
    /// Revocation, strictness, AIA and the per-request timeout.
    pub options: OnlineOptions,
    /// CRLs given as files (`--crl`, the window's CRL list), as read.
    pub crls: Vec<CrlEvidence>,
}

/// The verifier's input for loaded certificates. `focus` picks one certificate of a bundle
/// as its own chain, the rest of the file (and `untrusted`) being intermediates it may use;
/// `None` takes the whole source as sent.
pub fn input(loaded: &Loaded, focus: Option<usize>, untrusted: Vec<Certificate>) -> Input {
    match focus {
        Some(i) => Input {
            source: loaded.source.clone(),
            certificates: loaded.certificates.get(i).cloned().into_iter().collect(),
            untrusted: loaded
                .certificates
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| c.clone())
                .chain(untrusted)
                .collect(),
            load_notes: loaded.notes.clone(),
        },
        None => Input {
            source: loaded.source.clone(),
            certificates: loaded.certificates.clone(),
            untrusted,
            load_notes: loaded.notes.clone(),
        },
    }
}

/// The purpose rule: the purpose `input` is checked under. A named purpose is kept; else a CA
/// target (the leaf of the first chain) that was not captured from a live TLS server is
/// checked as [`Purpose::Ca`], and anything else under the default purpose.
pub fn purpose(input: &Input, options: &Options) -> Purpose {
    if options.purpose_named {
        options.policy.purpose
    } else {
        input.target_purpose(options.policy.purpose)
    }
}

/// The policy `input` is verified under: the user's, with the purpose rule applied.
pub fn policy(input: &Input, options: &Options) -> Policy {
    Policy {
        purpose: purpose(input, options),
        ..options.policy.clone()
    }
}

/// The evidence every inspection of `input` starts from: the server's stapled response and
/// the CRL files, decoded once.
fn initial_evidence(input: &Input, online: Option<&Online>) -> DecodedEvidence {
    let mut evidence = DecodedEvidence::default();
    set_stapled(&mut evidence, input.stapled());
    if let Some(online) = online {
        evidence.requested = online.options.revocation || !online.crls.is_empty();
        evidence.strict = online.options.strict;
        for crl in &online.crls {
            add_crl(&mut evidence, &crl.origin, &crl.bytes);
        }
    }
    evidence
}

/// Verifies `input` offline (the stapled response is read): the synchronous part of
/// [`inspect`], for a job that runs on a blocking thread.
pub fn verify_offline(input: Input, stores: &[TrustStore], options: &Options) -> Inspection {
    let evidence = initial_evidence(&input, None);
    let policy = policy(&input, options);
    verify::inspect_decoded(input, stores, &policy, Budget::default(), &evidence)
}

/// Inspects `input` against `stores` under `options`; with `online`, with the network
/// evidence it asks for: AIA completion, then revocation. Bounded by [`MAX_AIA_LEVELS`],
/// [`AIA_TOTAL_SECS`] and the HTTP client's timeout and size caps; dropping the future
/// cancels every download.
pub async fn inspect(
    input: Input,
    stores: &[TrustStore],
    options: &Options,
    online: Option<&Online>,
) -> Inspection {
    let Some(online) = online else {
        return verify_offline(input, stores, options);
    };
    let policy = policy(&input, options);
    let mut evidence = initial_evidence(&input, Some(online));
    let client = match HttpClient::new(online.options.timeout_secs) {
        Ok(c) => Some(c),
        Err(error) => {
            evidence
                .failures
                .extend(client_failures(&input.certificates, &error));
            None
        }
    };
    let mut aia_notes: Vec<FindingFacts> = Vec::new();
    if online.options.aia
        && let Some(client) = &client
    {
        let started = Instant::now();
        let total = Duration::from_secs(AIA_TOTAL_SECS);
        let mut tried: HashSet<String> = HashSet::new();
        for _ in 0..MAX_AIA_LEVELS {
            let insp = verify::inspect_decoded(
                input.clone(),
                stores,
                &policy,
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
                aia_notes.push(FindingFacts::AiaBudgetSpent {
                    budget_secs: AIA_TOTAL_SECS,
                });
                break;
            };
            let (issuers, notes) = fetch_issuers(client, urls, left).await;
            aia_notes.extend(
                notes
                    .into_iter()
                    .map(|note| FindingFacts::AiaFetchNote { note }),
            );
            if issuers.is_empty() {
                break;
            }
            evidence.aia_issuers.extend(issuers);
        }
    }
    if online.options.revocation
        && let Some(client) = &client
    {
        let mut pool: Vec<Certificate> = input.certificates.clone();
        pool.extend(input.untrusted.iter().cloned());
        pool.extend(evidence.aia_issuers.iter().map(|a| a.certificate.clone()));
        let anchors: Vec<AnchorKey<'_>> = stores
            .iter()
            .flat_map(|s| &s.anchors)
            .map(|a| AnchorKey {
                subject: &a.subject,
                key: &a.public_key,
            })
            .collect();
        gather_revocation(client, &pool, &anchors, &mut evidence).await;
    }
    let mut insp = verify::inspect_decoded(input, stores, &policy, Budget::default(), &evidence);
    add_aia_findings(&mut insp, aia_notes);
    insp
}

/// [`inspect`] for a caller without a runtime (the command line): offline work runs here,
/// online work on a runtime of its own for this one inspection.
pub fn inspect_blocking(
    input: Input,
    stores: &[TrustStore],
    options: &Options,
    online: Option<&Online>,
) -> Inspection {
    if online.is_none() {
        return verify_offline(input, stores, options);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(inspect(input, stores, options, online)),
        // Without a runtime there is no network: the offline verdict is still an answer.
        Err(_) => verify_offline(input, stores, options),
    }
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
fn add_aia_findings(insp: &mut Inspection, notes: Vec<FindingFacts>) {
    let mut findings = Vec::new();
    for (id, inspected) in insp.cert_ids() {
        let CertOrigin::Aia { url } = &inspected.origin else {
            continue;
        };
        let used = insp
            .verdicts
            .iter()
            .flat_map(|v| &v.paths)
            .any(|p| p.certificates.contains(&id));
        if used {
            findings.push(Finding::new(
                CheckStatus::Warn,
                FindingFacts::AiaIssuerDownloaded {
                    certificate: id,
                    url: url.clone(),
                },
            ));
        }
    }
    for note in notes {
        findings.push(Finding::new(CheckStatus::Warn, note));
    }
    insp.findings.extend(findings);
}
