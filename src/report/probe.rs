//! The words of a server probe and of device handshakes against it: text (one section per
//! question, then one table line per device: "can my device connect?") and JSON.

use std::fmt::Write as _;

use rustls::{AlertDescription, CipherSuite, NamedGroup};
use serde::Serialize;
use tls_parser::{CIPHERS, TlsCipherAu, TlsCipherKx};

use crate::handshake::simulate::{
    DeviceHandshake, Handshake, InputCheck, InputExceeded, NoHandshake,
};
use crate::model::Inspection;
use crate::model::handshake::TlsVersion;
use crate::model::probe::{KeyType, Refusal, ServerFacts};

/// The IANA name of a cipher suite (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`).
pub fn suite_name(code: u16) -> String {
    if let Some(name) = CipherSuite::from(code).as_str() {
        if let Some(rest) = name.strip_prefix("TLS13_") {
            return format!("TLS_{rest}");
        }
    }
    CIPHERS
        .get(&code)
        .map_or_else(|| format!("0x{code:04x}"), |suite| suite.name.to_owned())
}

/// The IANA name of a group (`X25519`, `secp256r1`, `X25519MLKEM768`, `ffdhe2048`).
pub fn group_name(code: u16) -> String {
    match code {
        0x0100 => "ffdhe2048".to_owned(),
        0x0101 => "ffdhe3072".to_owned(),
        0x0102 => "ffdhe4096".to_owned(),
        0x0103 => "ffdhe6144".to_owned(),
        0x0104 => "ffdhe8192".to_owned(),
        0x001a => "brainpoolP256r1".to_owned(),
        0x001b => "brainpoolP384r1".to_owned(),
        0x001c => "brainpoolP512r1".to_owned(),
        0x001f => "brainpoolP256r1tls13".to_owned(),
        0x11eb => "SecP256r1MLKEM768".to_owned(),
        0x11ed => "SecP384r1MLKEM1024".to_owned(),
        _ => NamedGroup::from(code)
            .as_str()
            .map_or_else(|| format!("0x{code:04x}"), str::to_owned),
    }
}

/// Whether a group is post-quantum (ML-KEM, alone or in a hybrid).
pub fn group_is_post_quantum(code: u16) -> bool {
    matches!(code, 0x0200..=0x0202 | 0x11eb..=0x11ed)
}

/// The IANA name of a signature scheme (`ecdsa_secp256r1_sha256`). rustls's identifiers
/// differ from the registry's (`RSA_PSS_SHA256` is `rsa_pss_rsae_sha256`), hence the table.
pub fn scheme_name(code: u16) -> String {
    let name = match code {
        0x0201 => "rsa_pkcs1_sha1",
        0x0203 => "ecdsa_sha1",
        0x0202 => "dsa_sha1",
        0x0401 => "rsa_pkcs1_sha256",
        0x0501 => "rsa_pkcs1_sha384",
        0x0601 => "rsa_pkcs1_sha512",
        0x0403 => "ecdsa_secp256r1_sha256",
        0x0503 => "ecdsa_secp384r1_sha384",
        0x0603 => "ecdsa_secp521r1_sha512",
        0x0804 => "rsa_pss_rsae_sha256",
        0x0805 => "rsa_pss_rsae_sha384",
        0x0806 => "rsa_pss_rsae_sha512",
        0x0807 => "ed25519",
        0x0808 => "ed448",
        0x0809 => "rsa_pss_pss_sha256",
        0x080a => "rsa_pss_pss_sha384",
        0x080b => "rsa_pss_pss_sha512",
        0x0904 => "mldsa44",
        0x0905 => "mldsa65",
        0x0906 => "mldsa87",
        other => return format!("0x{other:04x}"),
    };
    name.to_owned()
}

/// The RFC name of an alert (`handshake_failure`).
pub fn alert_name(code: u8) -> String {
    let Some(camel) = AlertDescription::from(code).as_str() else {
        return format!("alert {code}");
    };
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `RSA`, `ECDSA`, `Ed25519` …
pub fn key_type_name(key: KeyType) -> &'static str {
    match key {
        KeyType::Rsa => "RSA",
        KeyType::Ecdsa => "ECDSA",
        KeyType::Ed25519 => "Ed25519",
        KeyType::Ed448 => "Ed448",
        KeyType::Dsa => "DSA",
        KeyType::MlDsa => "ML-DSA",
        KeyType::Other => "other key",
    }
}

/// A suite's key exchange and authentication as people group them (`ECDHE-RSA`,
/// `ECDHE-ECDSA`, `RSA`, `TLS 1.3`).
pub fn suite_family(code: u16) -> String {
    if code >> 8 == 0x13 {
        return "TLS 1.3".to_owned();
    }
    let Some(suite) = CIPHERS.get(&code) else {
        return format!("0x{code:04x}");
    };
    let kx = match suite.kx {
        TlsCipherKx::Ecdhe => "ECDHE",
        TlsCipherKx::Dhe => "DHE",
        TlsCipherKx::Rsa => "RSA",
        TlsCipherKx::Ecdh => "ECDH",
        TlsCipherKx::Dh => "DH",
        TlsCipherKx::Psk => "PSK",
        _ => "other",
    };
    let au = match suite.au {
        TlsCipherAu::Rsa => "RSA",
        TlsCipherAu::Ecdsa => "ECDSA",
        TlsCipherAu::Dss => "DSS",
        TlsCipherAu::Null => "anonymous",
        _ => "other",
    };
    if kx == au {
        kx.to_owned()
    } else {
        format!("{kx}-{au}")
    }
}

/// The distinct families of `suites`, in order: `ECDHE-RSA and RSA`.
fn families(suites: &[u16]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for suite in suites {
        let family = suite_family(*suite);
        if !seen.contains(&family) {
            seen.push(family);
        }
    }
    join_words(&seen)
}

fn join_words(items: &[String]) -> String {
    match items {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `TLS 1.3`, `TLS 1.2 and TLS 1.3`, or a range: `TLS 1.0 to TLS 1.2`.
fn versions_words(versions: &[TlsVersion]) -> String {
    let contiguous = versions
        .windows(2)
        .all(|pair| matches!(pair, [a, b] if b.code() == a.code() + 1));
    match versions {
        [first, .., last] if versions.len() > 2 && contiguous => {
            format!("{} to {}", first.name(), last.name())
        }
        _ => {
            let names: Vec<String> = versions.iter().map(|v| v.name().to_owned()).collect();
            join_words(&names)
        }
    }
}

fn names(codes: &[u16], name: fn(u16) -> String) -> String {
    let names: Vec<String> = codes.iter().map(|code| name(*code)).collect();
    join_words(&names)
}

/// Why a handshake fails, from its data: "no shared cipher suite: the server offers only
/// ECDHE-RSA, the device only ECDHE-ECDSA".
pub fn no_handshake(reason: &NoHandshake) -> String {
    match reason {
        NoHandshake::NoSharedVersion { device, server } => format!(
            "no shared TLS version: the server accepts {}, the device offers {}",
            versions_words(server),
            versions_words(device)
        ),
        NoHandshake::NoSharedCipherSuite {
            version,
            device,
            server,
        } => format!(
            "no shared cipher suite in {}: the server offers only {}, the device only {}",
            version.name(),
            families(server),
            families(device)
        ),
        NoHandshake::NoSharedGroup {
            version,
            device,
            server,
        } => format!(
            "no shared key-exchange group in {}: the server accepts {}, the device offers {}",
            version.name(),
            names(server, group_name),
            names(device, group_name)
        ),
        NoHandshake::NoSharedSignatureScheme {
            version,
            device,
            server,
        } => format!(
            "no shared signature scheme in {}: the server signs with {}, the device accepts {}",
            version.name(),
            names(server, scheme_name),
            names(device, scheme_name)
        ),
        NoHandshake::VersionRefused {
            version,
            min_version,
        } => format!(
            "the server chooses {}, which the device refuses: it completes {} or later",
            version.name(),
            TlsVersion::from_code(*min_version).map_or("a newer version", TlsVersion::name)
        ),
        NoHandshake::ServerFailsAfterChoice {
            version,
            cipher_suite,
        } => format!(
            "the server chooses {} in {} and then fails: it may not sign with that key \
             (its allowed signature algorithms exclude it)",
            suite_name(*cipher_suite),
            version.name()
        ),
        NoHandshake::NoChain {
            version,
            cipher_suite,
        } => format!(
            "the probe saw no chain for {} with {}",
            version.name(),
            suite_name(*cipher_suite)
        ),
        #[allow(unreachable_patterns)]
        _ => "no handshake".to_owned(),
    }
}

/// Why a Certificate message does not fit, or `None` when it does.
pub fn input_problem(input: &InputCheck) -> Option<String> {
    let fragment = match input.fragment_limit_bytes {
        Some(limit) => format!(", in records of {limit} bytes as agreed"),
        None => " (no max_fragment_length agreed)".to_owned(),
    };
    let message = input.certificate_message_bytes;
    Some(match input.exceeded? {
        InputExceeded::Record => format!(
            "the {message}-byte Certificate message arrives in records of up to {} bytes{fragment}; \
             the device's input buffer takes {}",
            input.largest_record_bytes, input.limit.record_bytes
        ),
        InputExceeded::Message => format!(
            "the {message}-byte Certificate message is larger than the {} bytes the device holds",
            input.limit.handshake_message_bytes.unwrap_or_default()
        ),
        InputExceeded::Fragmented => format!(
            "the {message}-byte Certificate message spans several records{fragment}, and the \
             device cannot join a handshake message split over records"
        ),
    })
}

fn refusal(refusal: Option<&Refusal>) -> String {
    match refusal {
        Some(Refusal::Alert { code }) => format!("alert {}", alert_name(*code)),
        Some(Refusal::OtherVersion { code }) => match TlsVersion::from_code(*code) {
            Some(version) => format!("answers with {}", version.name()),
            None => format!("answers with version 0x{code:04x}"),
        },
        Some(Refusal::Closed) => "connection closed".to_owned(),
        Some(Refusal::Failed) | None => "no answer".to_owned(),
        #[allow(unreachable_patterns)]
        Some(_) => "refused".to_owned(),
    }
}

fn order(server_order: Option<bool>) -> &'static str {
    match server_order {
        Some(true) => "server's order",
        Some(false) => "client's order",
        None => "order not measurable",
    }
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not measured",
    }
}

/// A chain's one-line description: `RSA, 2 certificates, Certificate message 1687 bytes`.
pub fn chain_line(facts: &ServerFacts, index: usize) -> String {
    let Some(chain) = facts.chains.get(index) else {
        return String::new();
    };
    format!(
        "{}, {} certificate{}, Certificate message {} bytes{}",
        key_type_name(chain.key_type),
        chain.certificates.len(),
        if chain.certificates.len() == 1 {
            ""
        } else {
            "s"
        },
        chain.certificate_message_bytes,
        if chain.ocsp_stapled {
            ", OCSP stapled"
        } else {
            ""
        }
    )
}

/// What selects a chain, in words: `TLS 1.2 ECDHE-ECDSA; TLS 1.3 ecdsa_secp256r1_sha256`.
pub fn selectors(facts: &ServerFacts, index: usize) -> String {
    let Some(chain) = facts.chains.get(index) else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::new();
    for selector in &chain.selected_by {
        let part = match selector.signature_scheme {
            Some(scheme) if selector.version == TlsVersion::Tls13 => {
                format!("{} {}", selector.version.name(), scheme_name(scheme))
            }
            _ => format!(
                "{} {} suites",
                selector.version.name(),
                suite_family(selector.cipher_suite)
            ),
        };
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts.join("; ")
}

/// The probe's facts as text, each chain with its verdicts (`inspections[i]` is chain i's).
pub fn facts_text(facts: &ServerFacts, inspections: &[Inspection]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Probe of {} ({}{}): {} connections in {} ms",
        facts.target,
        facts.address,
        facts
            .starttls
            .as_ref()
            .map(|p| format!(", STARTTLS {p}"))
            .unwrap_or_default(),
        facts.connections,
        facts.elapsed_ms
    );
    let _ = writeln!(out, "Versions:");
    for support in &facts.versions {
        if support.accepted {
            let _ = writeln!(
                out,
                "  {}: yes, {} suite{} ({})",
                support.version.name(),
                support.cipher_suites.len(),
                if support.cipher_suites.len() == 1 {
                    ""
                } else {
                    "s"
                },
                order(support.server_order)
            );
        } else {
            let _ = writeln!(
                out,
                "  {}: no ({})",
                support.version.name(),
                refusal(support.refusal.as_ref())
            );
        }
    }
    let _ = writeln!(out, "Cipher suites:");
    for support in facts.versions.iter().filter(|v| v.accepted).rev() {
        let _ = writeln!(out, "  {}:", support.version.name());
        for suite in &support.cipher_suites {
            let _ = writeln!(out, "    {}", suite_name(*suite));
        }
    }
    let _ = writeln!(out, "Key-exchange groups:");
    if !facts.tls13_groups.is_empty() {
        let pq: Vec<u16> = facts
            .tls13_groups
            .iter()
            .copied()
            .filter(|g| group_is_post_quantum(*g))
            .collect();
        let _ = writeln!(
            out,
            "  TLS 1.3: {} ({}); post-quantum: {}",
            names(&facts.tls13_groups, group_name),
            order(facts.tls13_group_server_order),
            if pq.is_empty() {
                "none".to_owned()
            } else {
                names(&pq, group_name)
            }
        );
    }
    if !facts.tls12_groups.is_empty() {
        let _ = writeln!(
            out,
            "  TLS 1.2 and below (ECDHE): {}",
            names(&facts.tls12_groups, group_name)
        );
    }
    let _ = writeln!(out, "Signature schemes:");
    if !facts.tls13_signature_schemes.is_empty() {
        let _ = writeln!(
            out,
            "  TLS 1.3: {} ({})",
            names(&facts.tls13_signature_schemes, scheme_name),
            order(facts.tls13_scheme_server_order)
        );
    }
    if !facts.tls12_signature_schemes.is_empty() {
        let _ = writeln!(
            out,
            "  TLS 1.2: {}",
            names(&facts.tls12_signature_schemes, scheme_name)
        );
    }
    let _ = writeln!(out, "Extensions:");
    let _ = writeln!(
        out,
        "  ALPN: {} (offered {})",
        facts.alpn.as_deref().unwrap_or("none chosen"),
        facts.alpn_offered.join(", ")
    );
    let _ = writeln!(
        out,
        "  max_fragment_length echoed: {}",
        yes_no(facts.max_fragment_length)
    );
    let _ = writeln!(
        out,
        "  record_size_limit: {}",
        match (facts.record_size_limit, facts.max_fragment_length) {
            (Some(limit), _) => limit.to_string(),
            (None, Some(_)) => "not supported".to_owned(),
            (None, None) => "not measured".to_owned(),
        }
    );
    let _ = writeln!(out, "  OCSP stapling: {}", yes_no(facts.ocsp_stapling));
    let _ = writeln!(out, "Chains served: {}", facts.chains.len());
    for (i, chain) in facts.chains.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, chain_line(facts, i));
        let _ = writeln!(out, "     selected by: {}", selectors(facts, i));
        if let Some(insp) = inspections.get(i) {
            for (j, cert) in insp
                .certificates
                .iter()
                .enumerate()
                .take(chain.certificates.len())
            {
                let _ = writeln!(out, "     {j}: {}", cert.certificate.label());
            }
            for verdict in &insp.verdicts {
                let trusted = matches!(verdict.outcome, crate::model::Outcome::Trusted { .. });
                let _ = writeln!(
                    out,
                    "     {}: {} — {}",
                    verdict.store,
                    if trusted { "trusted" } else { "NOT TRUSTED" },
                    super::words::verdict(insp, verdict)
                );
            }
        }
    }
    if !facts.errors.is_empty() || facts.budget_exhausted {
        let _ = writeln!(out, "Errors:");
        for error in &facts.errors {
            let _ = writeln!(out, "  {}: {}", error.step, error.error);
        }
        if facts.budget_exhausted {
            let _ = writeln!(
                out,
                "  the probe stopped early (time budget spent, or the server stopped answering): \
                 some questions were not asked"
            );
        }
    }
    out
}

/// One device's row of the table: device, connects, version, suite and group, chain, why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRow {
    /// The device's name with its options.
    pub device: String,
    /// Whether it connects.
    pub connects: bool,
    /// The version agreed, or `-`.
    pub version: String,
    /// The suite (and group) agreed, or `-`.
    pub suite: String,
    /// The chain it gets (`2 ECDSA`), or `-`.
    pub chain: String,
    /// Why it does not connect; empty when it does.
    pub why: String,
    /// The same, short: each rejecting store with the deciding code and the stack's error
    /// name (the window's cell; `why` is its hover text).
    pub short_why: String,
}

/// The rows of the device table, in words.
pub fn device_rows(
    facts: &ServerFacts,
    rows: &[DeviceHandshake],
    inspections: &[Inspection],
) -> Vec<DeviceRow> {
    rows.iter()
        .map(|row| {
            let mut short = Vec::new();
            let (version, suite, chain, why) = match &row.handshake {
                Handshake::Negotiated(n) => {
                    let mut why = Vec::new();
                    if let Some(min_version) = n.below_min_version {
                        let problem = format!(
                            "the device receives the chain in {}, then ends the handshake: it \
                             completes {} or later",
                            n.version.name(),
                            TlsVersion::from_code(min_version)
                                .map_or("a newer version", TlsVersion::name)
                        );
                        short.push(problem.clone());
                        why.push(problem);
                    }
                    if let Some(problem) = n.input.as_ref().and_then(input_problem) {
                        short.push(problem.clone());
                        why.push(problem);
                    }
                    // Stores that reject for the same reason share one entry, so the cell
                    // stays short when every chosen store gives the same answer.
                    let mut reasons: Vec<(String, Vec<&str>)> = Vec::new();
                    for verdict in row.verdicts.iter().filter(|v| !v.trusted) {
                        let stack_error = verdict
                            .stack_errors
                            .first()
                            .map(|e| format!(" ({})", e.name))
                            .unwrap_or_default();
                        let reason =
                            format!("{}{stack_error}", verdict.code().unwrap_or("rejected"));
                        match reasons.iter_mut().find(|(r, _)| *r == reason) {
                            Some((_, stores)) => stores.push(&verdict.store),
                            None => reasons.push((reason, vec![&verdict.store])),
                        }
                    }
                    for (reason, stores) in reasons {
                        short.push(format!("{}: {reason}", stores.join(", ")));
                    }
                    let insp = inspections.get(n.chain);
                    for verdict in row.verdicts.iter().filter(|v| !v.trusted) {
                        if let Some(insp) = insp {
                            why.push(super::device::verdict_line(insp, verdict));
                        }
                    }
                    if row.verdicts.is_empty() && why.is_empty() {
                        why.push("no verdict on the chain".to_owned());
                    }
                    let group = n
                        .group
                        .map(|g| format!(", {}", group_name(g)))
                        .unwrap_or_default();
                    let key = facts
                        .chains
                        .get(n.chain)
                        .map_or("", |c| key_type_name(c.key_type));
                    (
                        n.version.name().to_owned(),
                        format!("{}{group}", suite_name(n.cipher_suite)),
                        format!("{} {key}", n.chain + 1),
                        why.join("; "),
                    )
                }
                Handshake::Failed(reason) => {
                    short.push(no_handshake(reason));
                    (
                        "-".to_owned(),
                        "-".to_owned(),
                        "-".to_owned(),
                        no_handshake(reason),
                    )
                }
            };
            if short.is_empty() && !row.connects {
                short.push(why.clone());
            }
            DeviceRow {
                short_why: short.join("; "),
                device: row.device.name(),
                connects: row.connects,
                version,
                suite,
                chain,
                why,
            }
        })
        .collect()
}

/// The device table: one line per device, "can my device connect?".
pub fn device_table(
    facts: &ServerFacts,
    rows: &[DeviceHandshake],
    inspections: &[Inspection],
) -> String {
    let mut out = String::new();
    if rows.is_empty() {
        return out;
    }
    let _ = writeln!(out, "Can the device connect?");
    let mut lines: Vec<[String; 6]> = vec![[
        "DEVICE".to_owned(),
        "CONNECT".to_owned(),
        "VERSION".to_owned(),
        "CIPHER SUITE, GROUP".to_owned(),
        "CHAIN".to_owned(),
        "WHY".to_owned(),
    ]];
    for row in device_rows(facts, rows, inspections) {
        lines.push([
            row.device,
            if row.connects { "yes" } else { "NO" }.to_owned(),
            row.version,
            row.suite,
            row.chain,
            row.why,
        ]);
    }
    let mut widths = [0usize; 5];
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line.iter()) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for line in &lines {
        let mut text = String::from(" ");
        for (width, cell) in widths.iter().zip(line.iter()) {
            let _ = write!(text, " {cell:width$} ");
        }
        let why = line.get(5).map_or("", String::as_str);
        let _ = writeln!(out, "{}", format!("{text} {why}").trim_end());
    }
    out
}

/// One device row in JSON.
#[derive(Serialize)]
struct DeviceRowOut<'a> {
    device: String,
    connects: bool,
    handshake: &'a Handshake,
    reason: Option<String>,
    input_problem: Option<String>,
    verdicts: Vec<super::device::DeviceOut>,
}

/// The probe, its chains' inspections and the device table as JSON (schema
/// `chainlens.probe/1`).
pub fn probe_value(
    facts: &ServerFacts,
    rows: &[DeviceHandshake],
    inspections: &[Inspection],
) -> serde_json::Value {
    let devices: Vec<DeviceRowOut<'_>> = rows
        .iter()
        .map(|row| {
            let (reason, input, verdicts) = match &row.handshake {
                Handshake::Negotiated(n) => (
                    None,
                    n.input.as_ref().and_then(input_problem),
                    inspections
                        .get(n.chain)
                        .map(|insp| {
                            super::device::json(insp)
                                .into_iter()
                                .filter(|v| v.device == row.device.name())
                                .collect()
                        })
                        .unwrap_or_default(),
                ),
                Handshake::Failed(reason) => (Some(no_handshake(reason)), None, Vec::new()),
            };
            DeviceRowOut {
                device: row.device.name(),
                connects: row.connects,
                handshake: &row.handshake,
                reason,
                input_problem: input,
                verdicts,
            }
        })
        .collect();
    serde_json::json!({
        "schema": "chainlens.probe/1",
        "facts": facts,
        "names": {
            "cipher_suites": facts.versions.iter().flat_map(|v| v.cipher_suites.iter())
                .map(|s| (format!("0x{s:04x}"), suite_name(*s))).collect::<std::collections::BTreeMap<_, _>>(),
            "groups": facts.tls13_groups.iter().chain(&facts.tls12_groups)
                .map(|g| (format!("0x{g:04x}"), group_name(*g))).collect::<std::collections::BTreeMap<_, _>>(),
            "signature_schemes": facts.tls13_signature_schemes.iter().chain(&facts.tls12_signature_schemes)
                .map(|s| (format!("0x{s:04x}"), scheme_name(*s))).collect::<std::collections::BTreeMap<_, _>>(),
        },
        "chains": inspections.iter().map(super::json::inspection_value).collect::<Vec<_>>(),
        "devices": devices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_registries() {
        assert_eq!(suite_name(0x1301), "TLS_AES_128_GCM_SHA256");
        assert_eq!(suite_name(0xc02f), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assert_eq!(group_name(0x11ec), "X25519MLKEM768");
        assert_eq!(group_name(0x0101), "ffdhe3072");
        assert_eq!(group_name(0x0017), "secp256r1");
        assert_eq!(scheme_name(0x0804), "rsa_pss_rsae_sha256");
        assert_eq!(alert_name(40), "handshake_failure");
        assert_eq!(alert_name(70), "protocol_version");
    }

    #[test]
    fn a_missing_suite_is_told_by_families() {
        let reason = NoHandshake::NoSharedCipherSuite {
            version: TlsVersion::Tls12,
            device: vec![0xc02b, 0xc02c],
            server: vec![0xc02f, 0xc030, 0x009c],
        };
        assert_eq!(
            no_handshake(&reason),
            "no shared cipher suite in TLS 1.2: the server offers only ECDHE-RSA and RSA, the \
             device only ECDHE-ECDSA"
        );
    }
}
