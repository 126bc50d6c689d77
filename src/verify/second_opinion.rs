//! The second opinion of rustls-webpki on a path chainlens accepted.

use rustls_pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};

use crate::model::{Certificate, Policy, Purpose};

use super::store::TrustAnchorEntry;

/// What rustls-webpki said.
pub enum Opinion {
    /// It accepts the path.
    Agrees,
    /// It rejects the path for a validation reason.
    Rejects(String),
    /// It cannot evaluate the path for a limit of its own.
    CannotEvaluate(String),
}

/// webpki's DER reader refuses elements longer than this.
const WEBPKI_MAX_DER: usize = 0xffff;

/// Runs webpki on leaf + intermediates + anchor with the same time, purpose and host.
pub fn check(
    leaf: &Certificate,
    intermediates: &[&Certificate],
    anchor: &TrustAnchorEntry,
    policy: &Policy,
) -> Opinion {
    let anchor_owned;
    let anchor_cert_der;
    let trust_anchor: TrustAnchor<'_> = match &anchor.certificate {
        Some(cert) => {
            anchor_cert_der = CertificateDer::from(cert.der.as_slice());
            match webpki::anchor_from_trusted_cert(&anchor_cert_der) {
                Ok(a) => a,
                Err(e) => {
                    return Opinion::CannotEvaluate(format!(
                        "rustls-webpki cannot read the trust anchor: {e}"
                    ));
                }
            }
        }
        None => {
            anchor_owned = TrustAnchor {
                subject: anchor.subject_value_der.as_slice().into(),
                subject_public_key_info: anchor.spki_value_der.as_slice().into(),
                name_constraints: anchor.name_constraints_der.as_deref().map(Into::into),
            };
            anchor_owned
        }
    };
    let too_big = std::iter::once(leaf)
        .chain(intermediates.iter().copied())
        .find(|c| c.der.len() > WEBPKI_MAX_DER);
    let leaf_der = CertificateDer::from(leaf.der.as_slice());
    let ee = match webpki::EndEntityCert::try_from(&leaf_der) {
        Ok(ee) => ee,
        Err(e) => return parse_failure(e, too_big),
    };
    let inter_ders: Vec<CertificateDer<'_>> = intermediates
        .iter()
        .map(|c| CertificateDer::from(c.der.as_slice()))
        .collect();
    let seconds = u64::try_from(policy.time.unix_timestamp()).unwrap_or(0);
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(seconds));
    let usage = match policy.purpose {
        Purpose::Server => webpki::KeyUsage::server_auth(),
        Purpose::Client => webpki::KeyUsage::client_auth(),
    };
    let anchors = [trust_anchor];
    if let Err(e) = ee.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &anchors,
        &inter_ders,
        time,
        usage,
        None,
        None,
    ) {
        return classify(e, too_big);
    }
    if let Some(host) = &policy.host {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        match ServerName::try_from(host) {
            Ok(name) => {
                if let Err(e) = ee.verify_is_valid_for_subject_name(&name) {
                    return Opinion::Rejects(format!("rustls-webpki: {e}"));
                }
            }
            Err(_) => {
                return Opinion::CannotEvaluate(format!(
                    "rustls-webpki does not accept \"{host}\" as a host name"
                ));
            }
        }
    }
    Opinion::Agrees
}

fn parse_failure(e: webpki::Error, too_big: Option<&Certificate>) -> Opinion {
    match too_big {
        Some(c) => Opinion::CannotEvaluate(format!(
            "rustls-webpki cannot parse {} ({} bytes; its limit is {WEBPKI_MAX_DER}): {e}",
            c.label(),
            c.der.len()
        )),
        None => Opinion::Rejects(format!("rustls-webpki cannot parse the leaf: {e}")),
    }
}

#[allow(deprecated)] // the deprecated variants are still produced by some code paths
fn classify(e: webpki::Error, too_big: Option<&Certificate>) -> Opinion {
    use webpki::Error as E;
    match e {
        E::BadDer | E::BadDerTime | E::TrailingData(_) if too_big.is_some() => {
            parse_failure(e, too_big)
        }
        E::MaximumPathBuildCallsExceeded
        | E::MaximumPathDepthExceeded
        | E::MaximumSignatureChecksExceeded
        | E::MaximumNameConstraintComparisonsExceeded => {
            Opinion::CannotEvaluate(format!("rustls-webpki stopped at a limit of its own: {e}"))
        }
        E::UnsupportedSignatureAlgorithm
        | E::UnsupportedSignatureAlgorithmForPublicKey
        | E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => Opinion::CannotEvaluate(
            format!("rustls-webpki does not support an algorithm on this path: {e}"),
        ),
        other => Opinion::Rejects(format!("rustls-webpki: {other}")),
    }
}
