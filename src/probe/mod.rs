//! The server probe: which versions, cipher suites, groups and signature schemes a TLS
//! server accepts, with its preferences, and every certificate chain it serves with what
//! selects each one, so a device's handshake can be simulated against it
//! ([`crate::handshake::simulate`]).
//!
//! Questions are crafted ClientHellos ([`hello`]) whose answers are read up to the point
//! that answers them ([`reply`]): the ServerHello or HelloRetryRequest, and for TLS 1.2 and
//! below the plaintext Certificate and ServerKeyExchange. TLS 1.3 chains travel encrypted,
//! so they come from rustls handshakes that offer one signature scheme each. At most
//! `max_in_flight` connections are open at once, each within `timeout_secs`, all within
//! `budget_secs`: a silent or hostile server ends the probe with an error, never a stall.

mod conn;
mod error;
mod ffdhe;
pub mod hello;
mod options;
pub mod reply;
mod tls13;

use std::future::Future;

use tokio::time::Instant;

use crate::fetch::Target;
use crate::model::handshake::TlsVersion;
use crate::model::probe::{
    ChainSelector, KeyType, Refusal, ServedChain, ServerFacts, VersionSupport,
};
use conn::Prober;
pub use conn::STALLED_AFTER_TIMEOUTS;
pub use error::ProbeError;
use hello::{
    Auth, HelloSpec, TLS12_GROUPS, TLS12_SCHEMES, TLS13_GROUPS, TLS13_SCHEMES, TLS13_SUITES,
};
pub use options::{DEFAULT_BUDGET_SECS, DEFAULT_MAX_IN_FLIGHT, ProbeOptions};
use reply::{Reply, Stop};
use tls13::Tls13Capture;

/// Probes `target`: versions, suites, groups, signature schemes, chains, extensions.
///
/// The first connection must get a TLS answer (an alert counts); when it does not (no
/// route, a silent server, a server that closes at once, bytes that are not TLS) that is
/// the error. Later connections that fail are kept in the facts' `errors`; questions the
/// budget left unasked make `budget_exhausted` true. Dropping the future cancels the probe.
pub async fn probe(target: &Target, options: &ProbeOptions) -> Result<ServerFacts, ProbeError> {
    let started = Instant::now();
    let prober = Prober::new(target, options).await?;
    let sni = prober.sni.clone();

    // First contact: every version, every suite, every group. Any TLS answer will do.
    let mut suites: Vec<u16> = TLS13_SUITES.to_vec();
    suites.extend(hello::legacy_suites());
    let mut first = HelloSpec::tls13(suites, all_groups(), sni.clone());
    first.supported_versions = vec![0x0304, 0x0303, 0x0302, 0x0301];
    first.signature_schemes = TLS12_SCHEMES.to_vec();
    let mut answer = prober.exchange(&first, Stop::Hello).await;
    if matches!(
        answer,
        Err(ProbeError::Reset { .. } | ProbeError::Closed { .. })
    ) {
        // A busy server may drop one connection (a full accept queue): asked once more
        // before the server is called unreachable.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        answer = prober.exchange(&first, Stop::Hello).await;
    }
    match answer {
        Ok(_) | Err(ProbeError::Alert { .. }) => {}
        Err(error) => return Err(error),
    }

    let (v10, v11, v12, v13) = tokio::join!(
        legacy_version(&prober, TlsVersion::Tls10),
        legacy_version(&prober, TlsVersion::Tls11),
        legacy_version(&prober, TlsVersion::Tls12),
        tls13_version(&prober),
    );
    let versions = vec![v10, v11, v12, v13];
    let legacy = versions
        .iter()
        .rfind(|v| v.accepted && v.version != TlsVersion::Tls13)
        .cloned();
    let tls13 = versions
        .iter()
        .any(|v| v.accepted && v.version == TlsVersion::Tls13);

    let ((tls13_groups, tls13_group_server_order), legacy_chains, schemes12, captures, extensions) = tokio::join!(
        tls13_groups(&prober, tls13),
        legacy_chains(&prober, legacy.as_ref()),
        tls12_schemes(&prober, legacy.as_ref()),
        tls13_chains(&prober, tls13),
        legacy_extensions(&prober, legacy.as_ref()),
    );
    // An ECDSA certificate's curve must be among a TLS 1.2 client's groups too (RFC 8422
    // §5.1): the curves are asked with it, so the chains come first.
    let ecdsa_curves: Vec<u16> = legacy_chains
        .iter()
        .filter_map(|(_, reply)| reply.certificates.first().and_then(|leaf| curve(leaf)))
        .collect();
    let tls12_groups = tls12_groups(&prober, legacy.as_ref(), &ecdsa_curves).await;

    let mut chains: Vec<ServedChain> = Vec::new();
    let mut stapled_any = None;
    for (version, reply) in &legacy_chains {
        stapled_any = Some(stapled_any.unwrap_or(false) || reply.ocsp_stapled);
        add_chain(
            &mut chains,
            &reply.certificates,
            reply.certificate_message_bytes,
            Some(reply.largest_record_bytes),
            reply.ocsp_stapled,
            ChainSelector {
                version: *version,
                cipher_suite: reply.hello.cipher_suite,
                signature_scheme: None,
            },
        );
    }
    let mut alpn13 = None;
    let alone: Vec<u16> = captures.iter().map(|(scheme, _)| *scheme).collect();
    let (tls13_schemes, tls13_scheme_server_order) = tls13_scheme_order(&prober, alone).await;
    for (scheme, capture) in &captures {
        stapled_any = Some(stapled_any.unwrap_or(false) || capture.ocsp_stapled);
        alpn13 = alpn13.or_else(|| capture.alpn.clone());
        add_chain(
            &mut chains,
            &capture.certificates,
            tls13_certificate_message_bytes(&capture.certificates),
            None,
            capture.ocsp_stapled,
            ChainSelector {
                version: TlsVersion::Tls13,
                cipher_suite: capture.cipher_suite,
                signature_scheme: Some(*scheme),
            },
        );
    }
    let (alpn, max_fragment_length, record_size_limit) = match extensions {
        Some((alpn, mfl, rsl)) => (alpn.or(alpn13), Some(mfl), rsl),
        None => (alpn13, None, None),
    };

    Ok(ServerFacts {
        target: target.to_string(),
        address: prober.address_text.clone(),
        sni,
        starttls: prober
            .starttls
            .as_ref()
            .map(|(protocol, _)| protocol.name().to_owned()),
        versions,
        tls13_groups,
        tls13_group_server_order,
        tls12_groups,
        tls12_signature_schemes: schemes12,
        tls13_signature_schemes: tls13_schemes,
        tls13_scheme_server_order,
        chains,
        alpn,
        alpn_offered: prober.alpn.clone(),
        max_fragment_length,
        record_size_limit,
        ocsp_stapling: stapled_any,
        errors: prober.take_errors(),
        connections: prober.connections(),
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        budget_exhausted: prober.budget_exhausted(),
    })
}

/// Every group a probe hello names: the TLS 1.3 list, then curves only TLS 1.2 knows.
fn all_groups() -> Vec<u16> {
    let mut groups = TLS13_GROUPS.to_vec();
    for group in TLS12_GROUPS {
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

fn refusal_of(error: &ProbeError) -> Refusal {
    match error {
        ProbeError::Alert { code, .. } => Refusal::Alert { code: *code },
        ProbeError::Closed { .. } | ProbeError::Reset { .. } => Refusal::Closed,
        _ => Refusal::Failed,
    }
}

/// Offers `offer`, removes what the server chose, and repeats until it refuses: the
/// accepted items in the order chosen. `ask` gives the chosen item, `Ok(None)` for an
/// answer that is not an acceptance (another version), with the refusal.
async fn enumerate<F, Fut>(offer: Vec<u16>, mut ask: F) -> (Vec<u16>, Option<Refusal>)
where
    F: FnMut(Vec<u16>) -> Fut,
    Fut: Future<Output = Result<Option<u16>, Refusal>>,
{
    let mut offer = offer;
    let mut found = Vec::new();
    let mut refusal = None;
    while !offer.is_empty() {
        match ask(offer.clone()).await {
            Ok(Some(chosen)) if offer.contains(&chosen) => {
                found.push(chosen);
                offer.retain(|item| *item != chosen);
            }
            Ok(_) => break,
            Err(why) => {
                refusal = Some(why);
                break;
            }
        }
    }
    (found, refusal)
}

/// Whether the server keeps its first choice when `found` is offered in reverse.
async fn server_order<F, Fut>(found: &[u16], ask: F) -> Option<bool>
where
    F: FnOnce(Vec<u16>) -> Fut,
    Fut: Future<Output = Result<Option<u16>, Refusal>>,
{
    let first = *found.first()?;
    if found.len() < 2 {
        return None;
    }
    match ask(found.iter().rev().copied().collect()).await {
        Ok(Some(chosen)) => Some(chosen == first),
        _ => None,
    }
}

async fn legacy_version(prober: &Prober, version: TlsVersion) -> VersionSupport {
    let code = version.code();
    let step = format!("{} cipher suites", version.name());
    let ask = |suites: Vec<u16>| {
        let spec = HelloSpec::legacy(code, suites, prober.sni.clone());
        let step = step.clone();
        async move {
            match prober.exchange(&spec, Stop::Hello).await {
                Ok(reply) if reply.hello.version == code => Ok(Some(reply.hello.cipher_suite)),
                Ok(reply) => Err(Refusal::OtherVersion {
                    code: reply.hello.version,
                }),
                Err(error) => {
                    prober.note(&step, &error);
                    Err(refusal_of(&error))
                }
            }
        }
    };
    let (mut found, refusal) = enumerate(hello::legacy_suites(), ask).await;
    if !found.is_empty() {
        // A server may choose a suite and then fail on it (OpenSSL chooses before it checks
        // that its key can sign with the allowed signature algorithms): the suites of each
        // kind of authentication are asked on their own, so one failing kind hides no other.
        for auth in [Auth::Rsa, Auth::Ecdsa, Auth::Dss] {
            let rest: Vec<u16> = hello::legacy_suites()
                .into_iter()
                .filter(|suite| hello::suite_auth(*suite) == Some(auth) && !found.contains(suite))
                .collect();
            if !rest.is_empty() {
                let (more, _) = enumerate(rest, ask).await;
                found.extend(more);
            }
        }
    }
    let order = server_order(&found, ask).await;
    let mut failing_after_choice = Vec::new();
    if order != Some(true) {
        for (auth, key) in [(Auth::Rsa, KeyType::Rsa), (Auth::Ecdsa, KeyType::Ecdsa)] {
            if found
                .iter()
                .any(|suite| hello::suite_auth(*suite) == Some(auth))
            {
                continue;
            }
            // The accepted suites' twins for this key first: a server without such a key
            // skips them, one that chooses them and then cannot sign fails.
            let twins: Vec<u16> = found
                .iter()
                .filter_map(|s| hello::counterpart(*s))
                .collect();
            if twins.is_empty() {
                continue;
            }
            let offer: Vec<u16> = twins.iter().chain(&found).copied().collect();
            let spec = HelloSpec::legacy(code, offer, prober.sni.clone());
            if let Err(ProbeError::Alert { .. }) = prober.exchange(&spec, Stop::Hello).await {
                failing_after_choice.push(key);
            }
        }
    }
    VersionSupport {
        version,
        accepted: !found.is_empty(),
        refusal: if found.is_empty() { refusal } else { None },
        cipher_suites: found,
        server_order: order,
        failing_after_choice,
    }
}

async fn tls13_version(prober: &Prober) -> VersionSupport {
    let step = "TLS 1.3 cipher suites";
    let ask = |suites: Vec<u16>| {
        let spec = HelloSpec::tls13(suites, all_groups(), prober.sni.clone());
        async move {
            match prober.exchange(&spec, Stop::Hello).await {
                Ok(reply) if reply.hello.version == 0x0304 => Ok(Some(reply.hello.cipher_suite)),
                Ok(reply) => Err(Refusal::OtherVersion {
                    code: reply.hello.version,
                }),
                Err(error) => {
                    prober.note(step, &error);
                    Err(refusal_of(&error))
                }
            }
        }
    };
    let (found, refusal) = enumerate(TLS13_SUITES.to_vec(), ask).await;
    let order = server_order(&found, ask).await;
    VersionSupport {
        version: TlsVersion::Tls13,
        accepted: !found.is_empty(),
        refusal: if found.is_empty() { refusal } else { None },
        cipher_suites: found,
        server_order: order,
        failing_after_choice: Vec::new(),
    }
}

async fn tls13_groups(prober: &Prober, tls13: bool) -> (Vec<u16>, Option<bool>) {
    if !tls13 {
        return (Vec::new(), None);
    }
    let ask = |groups: Vec<u16>| {
        let spec = HelloSpec::tls13(TLS13_SUITES.to_vec(), groups, prober.sni.clone());
        async move {
            match prober.exchange(&spec, Stop::Hello).await {
                Ok(reply) if reply.hello.version == 0x0304 => Ok(reply.hello.key_share_group()),
                Ok(_) => Ok(None),
                Err(error) => {
                    prober.note("TLS 1.3 groups", &error);
                    Err(refusal_of(&error))
                }
            }
        }
    };
    // Each group alone first, in parallel: the server's full list regardless of order.
    let alone = futures_util::future::join_all(TLS13_GROUPS.iter().map(|group| {
        let ask = &ask;
        async move { (*group, ask(vec![*group]).await) }
    }))
    .await;
    let accepted: Vec<u16> = alone
        .into_iter()
        .filter_map(|(group, answer)| (answer == Ok(Some(group))).then_some(group))
        .collect();
    let (ordered, _) = enumerate(accepted.clone(), ask).await;
    let order = server_order(&ordered, ask).await;
    // Anything accepted alone but never chosen in the ordering comes last.
    let mut groups = ordered;
    for group in accepted {
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    (groups, order)
}

/// The ECDHE curves of TLS 1.2 and below, each offered alone: with ECDHE-RSA suites when the
/// server has them, else with ECDHE-ECDSA suites and the certificate's curve after it.
async fn tls12_groups(
    prober: &Prober,
    legacy: Option<&VersionSupport>,
    ecdsa_curves: &[u16],
) -> Vec<u16> {
    let Some(legacy) = legacy else {
        return Vec::new();
    };
    let ecdhe = |auth: Auth| -> Vec<u16> {
        legacy
            .cipher_suites
            .iter()
            .copied()
            .filter(|suite| {
                hello::suite_is_ecdhe(*suite) && hello::suite_auth(*suite) == Some(auth)
            })
            .collect()
    };
    let (suites, extra) = match (ecdhe(Auth::Rsa), ecdhe(Auth::Ecdsa)) {
        (rsa, _) if !rsa.is_empty() => (rsa, Vec::new()),
        (_, ecdsa) => (ecdsa, ecdsa_curves.to_vec()),
    };
    if suites.is_empty() {
        return Vec::new();
    }
    let answers = futures_util::future::join_all(TLS12_GROUPS.iter().map(|group| {
        let mut spec = HelloSpec::legacy(legacy.version.code(), suites.clone(), prober.sni.clone());
        spec.groups = std::iter::once(*group)
            .chain(extra.iter().copied().filter(|curve| curve != group))
            .collect();
        async move {
            match prober.exchange(&spec, Stop::Done).await {
                Ok(reply) => reply
                    .key_exchange
                    .and_then(|kx| kx.group)
                    .filter(|chosen| chosen == group),
                Err(error) => {
                    prober.note(&format!("TLS 1.2 group 0x{group:04x}"), &error);
                    None
                }
            }
        }
    }))
    .await;
    answers.into_iter().flatten().collect()
}

/// The chains served at the newest version below TLS 1.3, one question per kind of
/// authentication (RSA, ECDSA, DSA) and, for ECDSA suites, per EdDSA scheme.
async fn legacy_chains(
    prober: &Prober,
    legacy: Option<&VersionSupport>,
) -> Vec<(TlsVersion, Reply)> {
    let Some(legacy) = legacy else {
        return Vec::new();
    };
    let mut questions: Vec<(Vec<u16>, Option<u16>)> = Vec::new();
    for auth in [Auth::Rsa, Auth::Ecdsa, Auth::Dss] {
        let suites: Vec<u16> = legacy
            .cipher_suites
            .iter()
            .copied()
            .filter(|suite| hello::suite_auth(*suite) == Some(auth))
            .collect();
        if suites.is_empty() {
            continue;
        }
        questions.push((suites.clone(), None));
        if auth == Auth::Ecdsa && legacy.version == TlsVersion::Tls12 {
            questions.push((suites.clone(), Some(0x0807)));
            questions.push((suites, Some(0x0808)));
        }
    }
    let answers = futures_util::future::join_all(questions.into_iter().map(|(suites, scheme)| {
        let mut spec = HelloSpec::legacy(legacy.version.code(), suites, prober.sni.clone());
        spec.status_request = true;
        if let Some(scheme) = scheme {
            spec.signature_schemes = vec![scheme];
        }
        async move {
            match prober.exchange(&spec, Stop::Done).await {
                Ok(reply) if !reply.certificates.is_empty() => Some((legacy.version, reply)),
                Ok(_) => None,
                Err(error) => {
                    prober.note(&format!("{} chain", legacy.version.name()), &error);
                    None
                }
            }
        }
    }))
    .await;
    answers.into_iter().flatten().collect()
}

/// TLS 1.2 ServerKeyExchange signature schemes, each offered alone with the suites whose
/// authentication it fits.
async fn tls12_schemes(prober: &Prober, legacy: Option<&VersionSupport>) -> Vec<u16> {
    let Some(legacy) = legacy.filter(|v| v.version == TlsVersion::Tls12) else {
        return Vec::new();
    };
    let answers = futures_util::future::join_all(TLS12_SCHEMES.iter().map(|scheme| {
        let auth = scheme_auth(*scheme);
        let suites: Vec<u16> = legacy
            .cipher_suites
            .iter()
            .copied()
            .filter(|suite| hello::suite_auth(*suite) == Some(auth) && forward_secret(*suite))
            .collect();
        let mut spec = HelloSpec::legacy(0x0303, suites.clone(), prober.sni.clone());
        spec.signature_schemes = vec![*scheme];
        async move {
            if suites.is_empty() {
                return None;
            }
            match prober.exchange(&spec, Stop::Done).await {
                Ok(reply) => reply
                    .key_exchange
                    .and_then(|kx| kx.signature_scheme)
                    .filter(|used| used == scheme),
                Err(error) => {
                    prober.note(&format!("TLS 1.2 signature scheme 0x{scheme:04x}"), &error);
                    None
                }
            }
        }
    }))
    .await;
    answers.into_iter().flatten().collect()
}

/// The authentication a TLS 1.2 signature scheme belongs to.
fn scheme_auth(scheme: u16) -> Auth {
    match scheme {
        0x0807 | 0x0808 => Auth::Ecdsa,
        0x0804..=0x0806 | 0x0809..=0x080b => Auth::Rsa,
        other => match other & 0xff {
            3 => Auth::Ecdsa,
            2 => Auth::Dss,
            _ => Auth::Rsa,
        },
    }
}

fn forward_secret(suite: u16) -> bool {
    tls_parser::CIPHERS.get(&suite).is_some_and(|registered| {
        matches!(
            registered.kx,
            tls_parser::TlsCipherKx::Ecdhe | tls_parser::TlsCipherKx::Dhe
        )
    })
}

async fn tls13_chains(prober: &Prober, tls13: bool) -> Vec<(u16, Tls13Capture)> {
    if !tls13 {
        return Vec::new();
    }
    let answers = futures_util::future::join_all(TLS13_SCHEMES.iter().map(|scheme| async move {
        match prober.tls13_capture(&[*scheme]).await {
            Ok(capture)
                if capture.signature_scheme == Some(*scheme)
                    && !capture.certificates.is_empty() =>
            {
                Some((*scheme, capture))
            }
            Ok(_) => None,
            Err(error) => {
                prober.note(&format!("TLS 1.3 signature scheme 0x{scheme:04x}"), &error);
                None
            }
        }
    }))
    .await;
    answers.into_iter().flatten().collect()
}

/// The TLS 1.3 schemes the server signs with, in the order it picks them when several are
/// offered (remove the one chosen, repeat), and whether that is its own order.
async fn tls13_scheme_order(prober: &Prober, alone: Vec<u16>) -> (Vec<u16>, Option<bool>) {
    let ask = |schemes: Vec<u16>| async move {
        match prober.tls13_capture(&schemes).await {
            Ok(capture) => Ok(capture.signature_scheme),
            Err(error) => {
                prober.note("TLS 1.3 signature scheme order", &error);
                Err(refusal_of(&error))
            }
        }
    };
    if alone.len() < 2 {
        return (alone, None);
    }
    let (mut ordered, _) = enumerate(alone.clone(), ask).await;
    let order = server_order(&ordered, ask).await;
    for scheme in alone {
        if !ordered.contains(&scheme) {
            ordered.push(scheme);
        }
    }
    (ordered, order)
}

/// ALPN, max_fragment_length and record_size_limit, as a TLS 1.2 ServerHello answers them.
async fn legacy_extensions(
    prober: &Prober,
    legacy: Option<&VersionSupport>,
) -> Option<(Option<String>, bool, Option<u16>)> {
    let legacy = legacy?;
    let base = HelloSpec::legacy(
        legacy.version.code(),
        legacy.cipher_suites.clone(),
        prober.sni.clone(),
    );
    let mut alpn = base.clone();
    alpn.alpn = prober.alpn.clone();
    let mut mfl = base.clone();
    mfl.max_fragment_length = Some(4);
    let mut rsl = base;
    rsl.record_size_limit = Some(16385);
    let (alpn, mfl, rsl) = tokio::join!(
        prober.exchange(&alpn, Stop::Hello),
        prober.exchange(&mfl, Stop::Hello),
        prober.exchange(&rsl, Stop::Hello),
    );
    let chosen = match alpn {
        Ok(reply) => reply.hello.extension(0x0010).and_then(|body| {
            // protocol_name_list: u16 length, then one u8-length name.
            let name = body.get(3..)?;
            Some(String::from_utf8_lossy(name).into_owned())
        }),
        Err(error) => {
            prober.note("ALPN", &error);
            None
        }
    };
    let echoed = match mfl {
        Ok(reply) => reply.hello.extension(0x0001).is_some(),
        Err(error) => {
            prober.note("max_fragment_length", &error);
            false
        }
    };
    let limit = match rsl {
        Ok(reply) => reply
            .hello
            .extension(0x001c)
            .and_then(|body| Some(u16::from_be_bytes([*body.first()?, *body.get(1)?]))),
        Err(error) => {
            prober.note("record_size_limit", &error);
            None
        }
    };
    Some((chosen, echoed, limit))
}

/// The size of a TLS 1.3 Certificate message carrying `certificates` without extensions:
/// header, empty context, list length, and per entry a length and an empty extension list.
pub fn tls13_certificate_message_bytes(certificates: &[Vec<u8>]) -> usize {
    4 + 1
        + 3
        + certificates
            .iter()
            .map(|der| 3 + der.len() + 2)
            .sum::<usize>()
}

fn add_chain(
    chains: &mut Vec<ServedChain>,
    certificates: &[Vec<u8>],
    message_bytes: usize,
    largest_record_bytes: Option<usize>,
    stapled: bool,
    selector: ChainSelector,
) {
    if let Some(chain) = chains.iter_mut().find(|c| c.certificates == certificates) {
        if !chain.selected_by.contains(&selector) {
            chain.selected_by.push(selector);
        }
        chain.ocsp_stapled |= stapled;
        chain.largest_record_bytes = chain.largest_record_bytes.or(largest_record_bytes);
        return;
    }
    chains.push(ServedChain {
        key_type: certificates
            .first()
            .map_or(KeyType::Other, |leaf| key_type(leaf)),
        curve: certificates.first().and_then(|leaf| curve(leaf)),
        certificates: certificates.to_vec(),
        certificate_message_bytes: message_bytes,
        largest_record_bytes,
        ocsp_stapled: stapled,
        selected_by: vec![selector],
    });
}

/// The TLS named group of an EC certificate key's curve (P-256, P-384, P-521).
pub fn curve(der: &[u8]) -> Option<u16> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let params = cert
        .tbs_certificate
        .subject_pki
        .algorithm
        .parameters
        .as_ref()?;
    let oid = params.as_oid().ok()?.to_id_string();
    match oid.as_str() {
        "1.2.840.10045.3.1.7" => Some(0x0017),
        "1.3.132.0.34" => Some(0x0018),
        "1.3.132.0.35" => Some(0x0019),
        _ => None,
    }
}

/// The key type of a DER certificate's subject key.
pub fn key_type(der: &[u8]) -> KeyType {
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else {
        return KeyType::Other;
    };
    let oid = cert
        .tbs_certificate
        .subject_pki
        .algorithm
        .algorithm
        .to_id_string();
    match oid.as_str() {
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => KeyType::Rsa,
        "1.2.840.10045.2.1" => KeyType::Ecdsa,
        "1.3.101.112" => KeyType::Ed25519,
        "1.3.101.113" => KeyType::Ed448,
        "1.2.840.10040.4.1" => KeyType::Dsa,
        "2.16.840.1.101.3.4.3.17" | "2.16.840.1.101.3.4.3.18" | "2.16.840.1.101.3.4.3.19" => {
            KeyType::MlDsa
        }
        _ => KeyType::Other,
    }
}

/// Chain `index` of `facts` as a loaded source, for the pipeline every face calls: its
/// certificates decoded (those that do not decode become notes), labelled with the target
/// and the chain's number, and the target's host to check names against.
pub fn chain_loaded(
    facts: &ServerFacts,
    target: &Target,
    index: usize,
) -> Option<crate::load::Loaded> {
    let chain = facts.chains.get(index)?;
    let mut certificates = Vec::new();
    let mut notes = Vec::new();
    for (i, der) in chain.certificates.iter().enumerate() {
        match crate::decode::decode_certificate(der) {
            Ok(cert) => certificates.push(cert),
            Err(error) => notes.push(format!(
                "certificate {} sent by the server does not decode: {error}",
                i + 1
            )),
        }
    }
    let mut source = crate::model::Source::new(
        crate::model::SourceKind::Tls {
            host: target.host.clone(),
            port: target.port,
        },
        format!("{} chain {}", facts.target, index + 1),
    );
    let first = chain.selected_by.first();
    source.connection = Some(crate::model::ConnectionInfo {
        address: facts.address.clone(),
        sni: facts.sni.clone(),
        tls_version: first
            .map(|s| s.version.name().to_owned())
            .unwrap_or_default(),
        cipher_suite: first
            .map(|s| crate::report::probe::suite_name(s.cipher_suite))
            .unwrap_or_default(),
        starttls: facts.starttls.clone(),
        ..Default::default()
    });
    Some(crate::load::Loaded {
        source,
        certificates,
        notes,
        crls: Vec::new(),
        host: Some(target.host.clone()),
    })
}

/// Every device's handshake against `facts`: `chain_inspections[i]` is the pipeline's
/// inspection of chain i, under a policy that includes the devices.
pub fn device_table(
    devices: &[crate::model::Device],
    facts: &ServerFacts,
    chain_inspections: &[crate::model::Inspection],
) -> Vec<crate::handshake::simulate::DeviceHandshake> {
    devices
        .iter()
        .map(|device| {
            crate::handshake::simulate::device_handshake(device, facts, chain_inspections)
        })
        .collect()
}

/// The devices a table shows when none is chosen: each stack's default build.
pub fn default_devices() -> Vec<crate::model::Device> {
    crate::model::Stack::ALL
        .into_iter()
        .map(crate::model::Device::new)
        .collect()
}
