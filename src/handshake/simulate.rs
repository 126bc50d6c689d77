//! A device's handshake against a probed server, decided from data: the device's
//! ClientHello ([`ClientHelloProfile`]) and what the server accepts and serves
//! ([`ServerFacts`]). Which version, suite and group are agreed (or why none is), which chain
//! the server sends, and whether that chain's records fit the device's input buffer. The
//! chain's verdict comes from the pipeline's device verdicts; words live in `report`.
//!
//! The server is taken to choose as OpenSSL does: the highest shared version, then the
//! first shared suite in its own order when it has one (else the client's), a TLS 1.3 key
//! share the client sent if the server accepts that group (else a HelloRetryRequest for the
//! first shared group), and in TLS 1.3 the chain for the client's first signature scheme
//! that the server signs with.

use serde::Serialize;

use crate::handshake::client::{InputLimit, client_hello, input_limit};
use crate::model::handshake::{ClientHelloProfile, TlsVersion};
use crate::model::probe::{ServedChain, ServerFacts};
use crate::model::{Device, DeviceVerdict, Inspection};
use crate::probe::hello::{Auth, suite_auth, suite_is_ecdhe};
use crate::probe::tls13_certificate_message_bytes;

/// The largest record TLS sends without max_fragment_length or record_size_limit.
pub const MAX_RECORD_BYTES: usize = 16384;

/// The result of one simulated handshake.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Handshake {
    /// Version, suite (and group) agreed; the server sends a chain.
    Negotiated(Negotiated),
    /// The server and the device agree on nothing usable.
    Failed(NoHandshake),
}

/// What a successful negotiation agreed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Negotiated {
    /// The version.
    pub version: TlsVersion,
    /// The cipher suite.
    pub cipher_suite: u16,
    /// The key-exchange group (TLS 1.3, and ECDHE in TLS 1.2); `None` otherwise or unknown.
    pub group: Option<u16>,
    /// Whether a HelloRetryRequest was needed (the device sent no key share the server takes).
    pub hello_retry: bool,
    /// TLS 1.3: the signature scheme the server signs with.
    pub signature_scheme: Option<u16>,
    /// Index of the chain sent, in [`ServerFacts::chains`].
    pub chain: usize,
    /// The version is older than the device completes (`min_version`): it receives the chain,
    /// then ends the handshake (OpenSSL 3.0 at security level 2 refuses the SHA-1 signatures
    /// of TLS 1.0 and 1.1 after the Certificate message).
    #[serde(default)]
    pub below_min_version: Option<u16>,
    /// The Certificate message against the device's input buffer, when the device has a limit.
    pub input: Option<InputCheck>,
}

/// A Certificate message against a device's input buffer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputCheck {
    /// The Certificate message, bytes (header included).
    pub certificate_message_bytes: usize,
    /// The largest record the server sends it in, bytes.
    pub largest_record_bytes: usize,
    /// The fragment length both sides agreed (max_fragment_length or record_size_limit).
    pub fragment_limit_bytes: Option<usize>,
    /// The device's limits.
    pub limit: InputLimit,
    /// The limit the message breaks, if any.
    pub exceeded: Option<InputExceeded>,
}

impl InputCheck {
    /// Whether the device takes the message in.
    pub fn fits(&self) -> bool {
        self.exceeded.is_none()
    }
}

/// Which of a device's input limits a Certificate message breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputExceeded {
    /// A record is larger than the device's input buffer.
    Record,
    /// The message is larger than the device holds.
    Message,
    /// The message spans several records and the device cannot join them.
    Fragmented,
}

/// Why a handshake fails before the chain is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum NoHandshake {
    /// No version in common.
    NoSharedVersion {
        /// The versions the device offers.
        device: Vec<TlsVersion>,
        /// The versions the server accepts.
        server: Vec<TlsVersion>,
    },
    /// No cipher suite in common at the version agreed.
    NoSharedCipherSuite {
        /// The version.
        version: TlsVersion,
        /// The device's suites.
        device: Vec<u16>,
        /// The server's suites at that version.
        server: Vec<u16>,
    },
    /// No key-exchange group in common.
    NoSharedGroup {
        /// The version.
        version: TlsVersion,
        /// The device's groups.
        device: Vec<u16>,
        /// The server's groups.
        server: Vec<u16>,
    },
    /// No signature scheme the server signs with is one the device offers.
    NoSharedSignatureScheme {
        /// The version.
        version: TlsVersion,
        /// The device's schemes.
        device: Vec<u16>,
        /// The server's schemes.
        server: Vec<u16>,
    },
    /// The server chose a version the device offers on the wire but does not complete, and
    /// the device ends the handshake at the ServerHello.
    VersionRefused {
        /// The version the server chose.
        version: TlsVersion,
        /// The oldest version the device completes (wire code).
        min_version: u16,
    },
    /// The server chooses a suite for a key it then cannot sign with, and fails.
    ServerFailsAfterChoice {
        /// The version.
        version: TlsVersion,
        /// The suite the server chooses.
        cipher_suite: u16,
    },
    /// The probe saw no chain for what was agreed.
    NoChain {
        /// The version.
        version: TlsVersion,
        /// The suite.
        cipher_suite: u16,
    },
}

/// One device against one probed server: the handshake and the verdicts on the chain sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeviceHandshake {
    /// The device.
    pub device: Device,
    /// The handshake.
    pub handshake: Handshake,
    /// The device's verdicts (one per trust store) on the chain the server sends it; empty
    /// when no chain is sent or no inspection of it was given.
    pub verdicts: Vec<DeviceVerdict>,
    /// Whether the device connects: negotiated, the chain fits, and every store's verdict
    /// accepts it.
    pub connects: bool,
}

/// The versions a ClientHello offers and the client completes, oldest first: those of
/// `supported_versions` (else every version up to `legacy_version`), none below the
/// measured `min_version`.
pub fn offered_versions(hello: &ClientHelloProfile) -> Vec<TlsVersion> {
    let oldest = hello.min_version.unwrap_or(0);
    offered_on_the_wire(hello)
        .into_iter()
        .filter(|v| v.code() >= oldest)
        .collect()
}

fn offered_on_the_wire(hello: &ClientHelloProfile) -> Vec<TlsVersion> {
    if hello.supported_versions.is_empty() {
        TlsVersion::ALL
            .into_iter()
            .filter(|v| v.code() <= hello.legacy_version)
            .collect()
    } else {
        TlsVersion::ALL
            .into_iter()
            .filter(|v| hello.supported_versions.contains(&v.code()))
            .collect()
    }
}

/// Picks the first of `shared` by the server's order when it has one, else the client's.
fn pick(
    client: &[u16],
    server: &[u16],
    server_order: bool,
    usable: impl Fn(u16) -> bool,
) -> Option<u16> {
    if server_order {
        server
            .iter()
            .copied()
            .find(|item| client.contains(item) && usable(*item))
    } else {
        client
            .iter()
            .copied()
            .find(|item| server.contains(item) && usable(*item))
    }
}

/// The handshake of a device sending `hello`, with the input limits `limit` (`None`: no
/// check), against `facts`.
pub fn simulate(
    hello: &ClientHelloProfile,
    limit: Option<InputLimit>,
    facts: &ServerFacts,
) -> Handshake {
    let device_versions = offered_versions(hello);
    let server_versions = facts.accepted_versions();
    let Some(version) = device_versions
        .iter()
        .rev()
        .copied()
        .find(|v| server_versions.contains(v))
    else {
        return Handshake::Failed(NoHandshake::NoSharedVersion {
            device: device_versions,
            server: server_versions,
        });
    };
    let support = facts.version(version);
    let server_suites = support.map(|s| s.cipher_suites.clone()).unwrap_or_default();
    let server_order = support.and_then(|s| s.server_order).unwrap_or(false);
    let negotiated = if version == TlsVersion::Tls13 {
        tls13(hello, facts, &server_suites, server_order)
    } else {
        legacy(hello, facts, version, &server_suites, server_order)
    };
    match negotiated {
        Ok(mut negotiated) => {
            negotiated.input = limit.and_then(|limit| {
                let chain = facts.chains.get(negotiated.chain)?;
                Some(input_check(hello, facts, chain, version, limit))
            });
            Handshake::Negotiated(negotiated)
        }
        Err(reason) => Handshake::Failed(reason),
    }
}

fn tls13(
    hello: &ClientHelloProfile,
    facts: &ServerFacts,
    server_suites: &[u16],
    server_order: bool,
) -> Result<Negotiated, NoHandshake> {
    let version = TlsVersion::Tls13;
    let Some(cipher_suite) = pick(&hello.cipher_suites, server_suites, server_order, |_| true)
    else {
        return Err(NoHandshake::NoSharedCipherSuite {
            version,
            device: hello.cipher_suites.clone(),
            server: server_suites.to_vec(),
        });
    };
    let server_groups = &facts.tls13_groups;
    // A key share the server takes is used as sent; otherwise a HelloRetryRequest asks for
    // the first shared group.
    let (group, hello_retry) = match hello
        .key_share_groups
        .iter()
        .copied()
        .find(|group| server_groups.contains(group))
    {
        Some(group) => (group, false),
        None => match pick(
            &hello.supported_groups,
            server_groups,
            facts.tls13_group_server_order.unwrap_or(false),
            |_| true,
        ) {
            Some(group) => (group, true),
            None => {
                return Err(NoHandshake::NoSharedGroup {
                    version,
                    device: hello.supported_groups.clone(),
                    server: server_groups.clone(),
                });
            }
        },
    };
    let signed_by = |scheme: u16| {
        facts.chains.iter().position(|chain| {
            chain
                .selected_by
                .iter()
                .any(|s| s.version == version && s.signature_scheme == Some(scheme))
        })
    };
    // The client's first scheme the server signs with, or the server's first the client
    // offers when the server orders them itself.
    let chosen = if facts.tls13_scheme_server_order == Some(true) {
        facts
            .tls13_signature_schemes
            .iter()
            .filter(|scheme| hello.signature_algorithms.contains(scheme))
            .find_map(|scheme| signed_by(*scheme).map(|chain| (*scheme, chain)))
    } else {
        hello
            .signature_algorithms
            .iter()
            .find_map(|scheme| signed_by(*scheme).map(|chain| (*scheme, chain)))
    };
    let Some((scheme, chain)) = chosen else {
        return Err(NoHandshake::NoSharedSignatureScheme {
            version,
            device: hello.signature_algorithms.clone(),
            server: facts.tls13_signature_schemes.clone(),
        });
    };
    Ok(Negotiated {
        version,
        cipher_suite,
        group: Some(group),
        hello_retry,
        signature_scheme: Some(scheme),
        chain,
        below_min_version: None,
        input: None,
    })
}

/// Whether a TLS 1.2 signature scheme can sign with a key of `auth`.
fn scheme_fits(scheme: u16, auth: Auth) -> bool {
    let scheme_auth = match scheme {
        0x0807 | 0x0808 => Auth::Ecdsa,
        0x0804..=0x0806 | 0x0809..=0x080b => Auth::Rsa,
        other => match other & 0xff {
            3 => Auth::Ecdsa,
            2 => Auth::Dss,
            _ => Auth::Rsa,
        },
    };
    scheme_auth == auth
}

fn legacy(
    hello: &ClientHelloProfile,
    facts: &ServerFacts,
    version: TlsVersion,
    server_suites: &[u16],
    server_order: bool,
) -> Result<Negotiated, NoHandshake> {
    let shared_suites: Vec<u16> = hello
        .cipher_suites
        .iter()
        .copied()
        .filter(|suite| server_suites.contains(suite))
        .collect();
    if shared_suites.is_empty() {
        return Err(NoHandshake::NoSharedCipherSuite {
            version,
            device: hello.cipher_suites.clone(),
            server: server_suites.to_vec(),
        });
    }
    // Without supported_groups a client is taken to accept any curve (RFC 4492 §4).
    let curve = |suite: u16| -> Option<Option<u16>> {
        if !suite_is_ecdhe(suite) {
            return Some(None);
        }
        if hello.supported_groups.is_empty() {
            return Some(facts.tls12_groups.first().copied());
        }
        pick(
            &hello.supported_groups,
            &facts.tls12_groups,
            server_order,
            |_| true,
        )
        .map(Some)
    };
    // TLS 1.2 with signature_algorithms: the server must sign with one the client offers.
    let server_schemes = &facts.tls12_signature_schemes;
    let signable = |suite: u16| -> bool {
        if version != TlsVersion::Tls12
            || hello.signature_algorithms.is_empty()
            || server_schemes.is_empty()
        {
            return true;
        }
        let Some(auth) = suite_auth(suite) else {
            return true;
        };
        hello
            .signature_algorithms
            .iter()
            .any(|scheme| scheme_fits(*scheme, auth) && server_schemes.contains(scheme))
    };
    // An ECDSA certificate's curve must be one the client lists (RFC 8422 §5.1).
    let certificate_curve = |suite: u16| -> bool {
        if suite_auth(suite) != Some(Auth::Ecdsa) || hello.supported_groups.is_empty() {
            return true;
        }
        facts
            .chains
            .iter()
            .filter(|chain| {
                chain.selected_by.iter().any(|s| {
                    s.version != TlsVersion::Tls13
                        && suite_auth(s.cipher_suite) == Some(Auth::Ecdsa)
                })
            })
            .any(|chain| {
                chain
                    .curve
                    .is_none_or(|c| hello.supported_groups.contains(&c))
            })
    };
    let usable = |suite: u16| curve(suite).is_some() && signable(suite) && certificate_curve(suite);
    // Suites the server chooses and then fails on: the twins of accepted ones, for a key
    // the probe saw fail after the choice. Only the client's order puts them first.
    let failing = facts
        .version(version)
        .map(|support| support.failing_after_choice.clone())
        .unwrap_or_default();
    let fails_after_choice = |suite: u16| -> bool {
        let key = match suite_auth(suite) {
            Some(Auth::Rsa) => crate::model::probe::KeyType::Rsa,
            Some(Auth::Ecdsa) => crate::model::probe::KeyType::Ecdsa,
            _ => return false,
        };
        failing.contains(&key)
            && crate::probe::hello::counterpart(suite)
                .is_some_and(|twin| server_suites.contains(&twin))
    };
    if !server_order
        && let Some(first) = hello.cipher_suites.iter().copied().find(|suite| {
            fails_after_choice(*suite) || (server_suites.contains(suite) && usable(*suite))
        })
        && fails_after_choice(first)
    {
        return Err(NoHandshake::ServerFailsAfterChoice {
            version,
            cipher_suite: first,
        });
    }
    let Some(cipher_suite) = pick(&hello.cipher_suites, server_suites, server_order, usable) else {
        if shared_suites.iter().all(|suite| curve(*suite).is_none()) {
            return Err(NoHandshake::NoSharedGroup {
                version,
                device: hello.supported_groups.clone(),
                server: facts.tls12_groups.clone(),
            });
        }
        return Err(NoHandshake::NoSharedSignatureScheme {
            version,
            device: hello.signature_algorithms.clone(),
            server: server_schemes.clone(),
        });
    };
    let auth = suite_auth(cipher_suite);
    let chain = facts
        .chains
        .iter()
        .position(|chain| {
            chain
                .selected_by
                .iter()
                .any(|s| s.version == version && suite_auth(s.cipher_suite) == auth)
        })
        .or_else(|| {
            facts.chains.iter().position(|chain| {
                chain
                    .selected_by
                    .iter()
                    .any(|s| s.version != TlsVersion::Tls13 && suite_auth(s.cipher_suite) == auth)
            })
        });
    let Some(chain) = chain else {
        return Err(NoHandshake::NoChain {
            version,
            cipher_suite,
        });
    };
    Ok(Negotiated {
        version,
        cipher_suite,
        group: curve(cipher_suite).flatten(),
        hello_retry: false,
        signature_scheme: None,
        chain,
        below_min_version: None,
        input: None,
    })
}

/// The Certificate message of `chain` at `version` against the device's input limits: it
/// travels in records of at most 16 KiB, or of the fragment length both sides agreed.
fn input_check(
    hello: &ClientHelloProfile,
    facts: &ServerFacts,
    chain: &ServedChain,
    version: TlsVersion,
    limit: InputLimit,
) -> InputCheck {
    let message = if version == TlsVersion::Tls13 {
        tls13_certificate_message_bytes(&chain.certificates)
    } else {
        chain.certificate_message_bytes
    };
    // max_fragment_length: 2^(8+code) bytes, when the server echoes it. record_size_limit:
    // the client's value (less the TLS 1.3 content type byte), when the server sends one.
    let mfl = hello
        .max_fragment_length
        .filter(|code| (1..=4).contains(code) && facts.max_fragment_length == Some(true))
        .map(|code| 1usize << (8 + u32::from(code)));
    let rsl = hello
        .record_size_limit
        .filter(|_| facts.record_size_limit.is_some())
        .map(|limit| {
            let limit = usize::from(limit);
            if version == TlsVersion::Tls13 {
                limit.saturating_sub(1)
            } else {
                limit
            }
        });
    let fragment_limit_bytes = match (mfl, rsl) {
        // RFC 8449 §5: a server that takes record_size_limit ignores max_fragment_length.
        (_, Some(rsl)) => Some(rsl),
        (mfl, None) => mfl,
    };
    // The server's own record size, as the probe saw its TLS 1.2 flight (which may pack the
    // Certificate message with others, or cut it smaller); else the message, cut at 16 KiB.
    let server_cap = match (version, chain.largest_record_bytes) {
        (TlsVersion::Tls13, _) | (_, None) => MAX_RECORD_BYTES,
        (_, Some(seen)) if seen < message => seen,
        (_, Some(_)) => MAX_RECORD_BYTES,
    };
    let record_cap = server_cap.min(fragment_limit_bytes.unwrap_or(usize::MAX));
    let largest_record_bytes = match (version, chain.largest_record_bytes) {
        (TlsVersion::Tls13, _) | (_, None) => message.min(record_cap),
        (_, Some(seen)) => seen.min(record_cap),
    };
    let exceeded = if largest_record_bytes > limit.record_bytes {
        Some(InputExceeded::Record)
    } else if limit
        .handshake_message_bytes
        .is_some_and(|most| message > most)
    {
        Some(InputExceeded::Message)
    } else if !limit.reassembles_handshake && message > record_cap {
        Some(InputExceeded::Fragmented)
    } else {
        None
    };
    InputCheck {
        certificate_message_bytes: message,
        largest_record_bytes,
        fragment_limit_bytes,
        limit,
        exceeded,
    }
}

/// `device` against `facts`, with its captured ClientHello and input limits, and
/// `chain_inspections[i]` the pipeline's inspection of `facts.chains[i]` (under a policy
/// that includes this device, so its verdicts are there).
pub fn device_handshake(
    device: &Device,
    facts: &ServerFacts,
    chain_inspections: &[Inspection],
) -> DeviceHandshake {
    let hello = client_hello(device);
    // The server answers what the hello offers on the wire; what the device then does with
    // a version older than it completes depends on the stack.
    let wire = ClientHelloProfile {
        min_version: None,
        ..hello.clone()
    };
    let mut handshake = simulate(&wire, Some(input_limit(device)), facts);
    if let (Handshake::Negotiated(n), Some(min_version)) = (&mut handshake, hello.min_version)
        && n.version.code() < min_version
    {
        if device.stack == crate::model::Stack::OpenSsl {
            // OpenSSL reads the Certificate first and refuses the version's signatures after.
            n.below_min_version = Some(min_version);
        } else {
            handshake = Handshake::Failed(NoHandshake::VersionRefused {
                version: n.version,
                min_version,
            });
        }
    }
    let verdicts: Vec<DeviceVerdict> = match &handshake {
        Handshake::Negotiated(negotiated) => chain_inspections
            .get(negotiated.chain)
            .map(|insp| {
                insp.devices
                    .iter()
                    .filter(|verdict| verdict.device == *device)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
        Handshake::Failed(_) => Vec::new(),
    };
    let connects = match &handshake {
        Handshake::Negotiated(negotiated) => {
            negotiated.below_min_version.is_none()
                && negotiated.input.as_ref().is_none_or(InputCheck::fits)
                && !verdicts.is_empty()
                && verdicts.iter().all(|verdict| verdict.trusted)
        }
        Handshake::Failed(_) => false,
    };
    DeviceHandshake {
        device: device.clone(),
        handshake,
        verdicts,
        connects,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::probe::{ChainSelector, KeyType, VersionSupport};

    fn chain(key_type: KeyType, size: usize, selected_by: Vec<ChainSelector>) -> ServedChain {
        ServedChain {
            certificates: vec![vec![key_type as u8; size]],
            key_type,
            certificate_message_bytes: size + 10,
            largest_record_bytes: None,
            curve: None,
            ocsp_stapled: false,
            selected_by,
        }
    }

    fn selector(version: TlsVersion, suite: u16, scheme: Option<u16>) -> ChainSelector {
        ChainSelector {
            version,
            cipher_suite: suite,
            signature_scheme: scheme,
        }
    }

    /// An AWS IoT-like endpoint: TLS 1.2 and 1.3, an RSA chain for ECDHE-RSA and
    /// rsa_pss_rsae_sha256, an ECDSA chain for ECDHE-ECDSA and ecdsa_secp256r1_sha256.
    fn dual(tls13: bool) -> ServerFacts {
        let mut versions = vec![VersionSupport {
            version: TlsVersion::Tls12,
            accepted: true,
            refusal: None,
            cipher_suites: vec![0xc02f, 0xc02b, 0x009c],
            server_order: Some(true),
            failing_after_choice: Vec::new(),
        }];
        versions.push(VersionSupport {
            version: TlsVersion::Tls13,
            accepted: tls13,
            refusal: None,
            cipher_suites: if tls13 {
                vec![0x1301, 0x1302]
            } else {
                Vec::new()
            },
            server_order: Some(false),
            failing_after_choice: Vec::new(),
        });
        ServerFacts {
            versions,
            tls13_groups: vec![0x001d, 0x0017],
            tls13_group_server_order: Some(true),
            tls12_groups: vec![0x001d, 0x0017],
            tls12_signature_schemes: vec![0x0403, 0x0804, 0x0401],
            tls13_signature_schemes: vec![0x0403, 0x0804],
            chains: vec![
                chain(
                    KeyType::Rsa,
                    5000,
                    vec![
                        selector(TlsVersion::Tls12, 0xc02f, None),
                        selector(TlsVersion::Tls13, 0x1301, Some(0x0804)),
                    ],
                ),
                chain(
                    KeyType::Ecdsa,
                    900,
                    vec![
                        selector(TlsVersion::Tls12, 0xc02b, None),
                        selector(TlsVersion::Tls13, 0x1301, Some(0x0403)),
                    ],
                ),
            ],
            max_fragment_length: Some(true),
            ..ServerFacts::default()
        }
    }

    fn tls12_client(suites: Vec<u16>) -> ClientHelloProfile {
        ClientHelloProfile {
            legacy_version: 0x0303,
            cipher_suites: suites,
            supported_groups: vec![0x0017],
            signature_algorithms: vec![0x0403, 0x0804, 0x0401],
            ..ClientHelloProfile::default()
        }
    }

    #[test]
    fn an_ecdsa_only_device_gets_the_ecdsa_chain() {
        let Handshake::Negotiated(n) = simulate(&tls12_client(vec![0xc02b]), None, &dual(true))
        else {
            panic!("no handshake");
        };
        assert_eq!(
            (n.version, n.cipher_suite, n.group, n.chain),
            (TlsVersion::Tls12, 0xc02b, Some(0x0017), 1)
        );
        // With both, the server's order (ECDHE-RSA first) decides.
        let Handshake::Negotiated(n) =
            simulate(&tls12_client(vec![0xc02b, 0xc02f]), None, &dual(true))
        else {
            panic!("no handshake");
        };
        assert_eq!((n.cipher_suite, n.chain), (0xc02f, 0));
    }

    #[test]
    fn no_shared_suite_carries_both_lists() {
        let mut facts = dual(false);
        facts.versions[0].cipher_suites = vec![0xc02f];
        assert_eq!(
            simulate(&tls12_client(vec![0xc02b]), None, &facts),
            Handshake::Failed(NoHandshake::NoSharedCipherSuite {
                version: TlsVersion::Tls12,
                device: vec![0xc02b],
                server: vec![0xc02f],
            })
        );
    }

    #[test]
    fn a_tls13_only_server_strands_a_tls12_device() {
        let mut facts = dual(true);
        facts.versions[0].accepted = false;
        assert_eq!(
            simulate(&tls12_client(vec![0xc02b]), None, &facts),
            Handshake::Failed(NoHandshake::NoSharedVersion {
                device: vec![TlsVersion::Tls10, TlsVersion::Tls11, TlsVersion::Tls12],
                server: vec![TlsVersion::Tls13],
            })
        );
    }

    #[test]
    fn tls13_picks_key_share_retry_and_chain_by_scheme() {
        let hello = ClientHelloProfile {
            legacy_version: 0x0303,
            supported_versions: vec![0x0304, 0x0303],
            cipher_suites: vec![0x1302, 0x1301],
            supported_groups: vec![0x0018, 0x0017],
            key_share_groups: vec![0x0018],
            signature_algorithms: vec![0x0403, 0x0804],
            ..ClientHelloProfile::default()
        };
        let Handshake::Negotiated(n) = simulate(&hello, None, &dual(true)) else {
            panic!("no handshake");
        };
        assert_eq!(n.version, TlsVersion::Tls13);
        assert_eq!(n.cipher_suite, 0x1302);
        assert_eq!((n.group, n.hello_retry), (Some(0x0017), true));
        assert_eq!((n.signature_scheme, n.chain), (Some(0x0403), 1));
    }

    #[test]
    fn a_server_ordering_its_schemes_chooses_the_chain() {
        let hello = ClientHelloProfile {
            legacy_version: 0x0303,
            supported_versions: vec![0x0304],
            cipher_suites: vec![0x1301],
            supported_groups: vec![0x001d],
            key_share_groups: vec![0x001d],
            signature_algorithms: vec![0x0804, 0x0403],
            ..ClientHelloProfile::default()
        };
        let mut facts = dual(true);
        let chain_of = |facts: &ServerFacts| match simulate(&hello, None, facts) {
            Handshake::Negotiated(n) => (n.signature_scheme, n.chain),
            Handshake::Failed(reason) => panic!("{reason:?}"),
        };
        // The client's order: RSA-PSS first, the RSA chain.
        assert_eq!(chain_of(&facts), (Some(0x0804), 0));
        // The server's own order, ECDSA first: the ECDSA chain.
        facts.tls13_scheme_server_order = Some(true);
        facts.tls13_signature_schemes = vec![0x0403, 0x0804];
        assert_eq!(chain_of(&facts), (Some(0x0403), 1));
    }

    #[test]
    fn a_measured_minimum_version_leaves_older_ones_out() {
        let mut facts = dual(false);
        facts.versions[0].version = TlsVersion::Tls10;
        let mut hello = tls12_client(vec![0xc02f]);
        hello.min_version = Some(0x0303);
        assert_eq!(
            simulate(&hello, None, &facts),
            Handshake::Failed(NoHandshake::NoSharedVersion {
                device: vec![TlsVersion::Tls12],
                server: vec![TlsVersion::Tls10],
            })
        );
    }

    #[test]
    fn an_ecdsa_certificate_needs_its_curve_among_the_clients_groups() {
        let mut facts = dual(false);
        facts.chains[1].curve = Some(0x0018);
        let mut hello = tls12_client(vec![0xc02b, 0xc02f]);
        hello.supported_groups = vec![0x0017];
        // The server prefers ECDHE-RSA anyway; in the client's order ECDSA would come first,
        // but its P-384 key is not among the client's curves.
        facts.versions[0].server_order = Some(false);
        let Handshake::Negotiated(n) = simulate(&hello, None, &facts) else {
            panic!("no handshake");
        };
        assert_eq!((n.cipher_suite, n.chain), (0xc02f, 0));
    }

    #[test]
    fn a_suite_the_server_chooses_and_then_fails_on_ends_the_handshake() {
        // ECDSA suites only complete; ECDHE-RSA ones are chosen, then fail.
        let mut facts = dual(false);
        facts.versions[0].cipher_suites = vec![0xc02b];
        facts.versions[0].server_order = Some(false);
        facts.versions[0].failing_after_choice = vec![KeyType::Rsa];
        assert_eq!(
            simulate(&tls12_client(vec![0xc02f, 0xc02b]), None, &facts),
            Handshake::Failed(NoHandshake::ServerFailsAfterChoice {
                version: TlsVersion::Tls12,
                cipher_suite: 0xc02f,
            })
        );
        // ECDSA first: the server never looks at the RSA suite.
        let Handshake::Negotiated(n) = simulate(&tls12_client(vec![0xc02b, 0xc02f]), None, &facts)
        else {
            panic!("no handshake");
        };
        assert_eq!(n.cipher_suite, 0xc02b);
    }

    fn limit(record_bytes: usize, reassembles_handshake: bool) -> Option<InputLimit> {
        Some(InputLimit {
            record_bytes,
            handshake_message_bytes: (!reassembles_handshake).then_some(record_bytes),
            reassembles_handshake,
        })
    }

    fn input(
        hello: &ClientHelloProfile,
        limit: Option<InputLimit>,
        facts: &ServerFacts,
    ) -> InputCheck {
        let Handshake::Negotiated(n) = simulate(hello, limit, facts) else {
            panic!("no handshake");
        };
        n.input.unwrap()
    }

    #[test]
    fn a_small_input_buffer_needs_max_fragment_length_and_reassembly() {
        let rsa_only = tls12_client(vec![0xc02f]);
        let check = input(&rsa_only, limit(4096, true), &dual(false));
        assert_eq!(check.certificate_message_bytes, 5010);
        assert_eq!(check.exceeded, Some(InputExceeded::Record));
        let mut with_mfl = rsa_only;
        with_mfl.max_fragment_length = Some(4);
        let check = input(&with_mfl, limit(4096, true), &dual(false));
        assert_eq!(check.fragment_limit_bytes, Some(4096));
        assert!(check.fits());
        // A stack that cannot join a message split over records still fails.
        let mut whole = limit(4096, false).unwrap();
        whole.handshake_message_bytes = None;
        let check = input(&with_mfl, Some(whole), &dual(false));
        assert_eq!(check.exceeded, Some(InputExceeded::Fragmented));
        // A server that ignores max_fragment_length sends full records.
        let mut ignoring = dual(false);
        ignoring.max_fragment_length = Some(false);
        let check = input(&with_mfl, limit(4096, true), &ignoring);
        assert_eq!(check.exceeded, Some(InputExceeded::Record));
    }
}
