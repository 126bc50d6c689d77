//! What a server accepts and serves, found by probing it with many ClientHellos: the server
//! half of a handshake simulation ([`super::handshake::ClientHelloProfile`] is the client
//! half). Wire codes stay numbers (IANA registries); names are the report's business.

use serde::{Deserialize, Serialize};

use super::handshake::TlsVersion;

/// Everything a probe of one endpoint found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerFacts {
    /// The endpoint as named (`host:port`).
    pub target: String,
    /// The address connected to (`127.0.0.1:8443`).
    pub address: String,
    /// The SNI name sent, if any.
    pub sni: Option<String>,
    /// The STARTTLS protocol run before each handshake, if any.
    pub starttls: Option<String>,
    /// One entry per TLS version tried, oldest first.
    pub versions: Vec<VersionSupport>,
    /// TLS 1.3 key-exchange groups the server accepts (HelloRetryRequest or ServerHello),
    /// in the server's preference order when it has one, else in the order probed.
    pub tls13_groups: Vec<u16>,
    /// Whether the server picks TLS 1.3 groups by its own order; `None` when not measurable
    /// (fewer than two groups, or no TLS 1.3).
    pub tls13_group_server_order: Option<bool>,
    /// Curves the server uses for ECDHE in TLS 1.2 and below (from ServerKeyExchange).
    pub tls12_groups: Vec<u16>,
    /// Signature schemes the server signed its TLS 1.2 ServerKeyExchange with, as seen.
    pub tls12_signature_schemes: Vec<u16>,
    /// Signature schemes the server signs TLS 1.3 CertificateVerify with (each offered
    /// alone), in the server's order when it has one, else in the order probed.
    pub tls13_signature_schemes: Vec<u16>,
    /// Whether the server picks TLS 1.3 signature schemes (and so chains) by its own order;
    /// `None` when not measurable.
    #[serde(default)]
    pub tls13_scheme_server_order: Option<bool>,
    /// Every distinct chain the server served, with what selects it.
    pub chains: Vec<ServedChain>,
    /// The ALPN protocols the server chose among those offered (`h2`, `http/1.1`, …);
    /// `None` when it never chose one.
    pub alpn: Option<String>,
    /// The ALPN protocols offered while probing.
    pub alpn_offered: Vec<String>,
    /// Whether the server echoed `max_fragment_length` (RFC 6066) in a TLS 1.2 ServerHello;
    /// `None` when not measurable (no TLS 1.2 or below).
    pub max_fragment_length: Option<bool>,
    /// The `record_size_limit` (RFC 8449) the server sent in a TLS 1.2 ServerHello, if any;
    /// `None` also when not measurable.
    pub record_size_limit: Option<u16>,
    /// Whether the server staples an OCSP response when asked; `None` when not measurable.
    pub ocsp_stapling: Option<bool>,
    /// Connections that failed for a reason other than the server refusing what was offered
    /// (timeouts, resets, unreadable answers), each with what it was for.
    pub errors: Vec<ProbeStepError>,
    /// How many connections the probe made.
    pub connections: u32,
    /// Wall time of the whole probe, milliseconds.
    pub elapsed_ms: u64,
    /// Whether the probe stopped before every question was asked: the time budget ran out,
    /// or the server let connections time out and was not asked again.
    pub budget_exhausted: bool,
}

/// What the server does with one TLS version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSupport {
    /// The version offered alone.
    pub version: TlsVersion,
    /// Whether the server negotiated it.
    pub accepted: bool,
    /// How the server refused it (an alert name, a lower version, a closed connection).
    pub refusal: Option<Refusal>,
    /// Cipher suites accepted with this version: in the server's order when it has one,
    /// else in the order probed.
    pub cipher_suites: Vec<u16>,
    /// Whether the server picks suites by its own order (offering the accepted suites in
    /// reverse still gives its first choice); `None` with fewer than two suites.
    pub server_order: Option<bool>,
    /// Keys whose ECDHE suites the server chooses when a client lists them first, and then
    /// fails on (OpenSSL with `-sigalgs` that exclude that key): offered before the accepted
    /// suites, those suites end the handshake with an alert.
    #[serde(default)]
    pub failing_after_choice: Vec<KeyType>,
}

/// How a server said no to a ClientHello.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Refusal {
    /// A TLS alert.
    Alert {
        /// The alert description code.
        code: u8,
    },
    /// The server answered with another version.
    OtherVersion {
        /// The version code it chose.
        code: u16,
    },
    /// The server closed or reset the connection without an alert.
    Closed,
    /// The connection failed otherwise (see the probe's errors).
    Failed,
}

/// One certificate chain the server serves, and the ClientHellos that get it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServedChain {
    /// DER certificates exactly as sent, the end entity first (base64 in JSON).
    #[serde(with = "der_list")]
    pub certificates: Vec<Vec<u8>>,
    /// The leaf's key type.
    pub key_type: KeyType,
    /// Size of the Certificate handshake message carrying it (header included), bytes, as
    /// sent in TLS 1.2 (or as TLS 1.3 frames it, when only TLS 1.3 served it).
    pub certificate_message_bytes: usize,
    /// The largest record of the TLS 1.2 flight that carried it (plaintext bytes): the
    /// server packs ServerHello, Certificate and the rest into records of up to 16 KiB, or
    /// of its own smaller size; `None` when only TLS 1.3 served it.
    #[serde(default)]
    pub largest_record_bytes: Option<usize>,
    /// The named curve of an ECDSA leaf key (TLS 1.2 clients must list it in their groups).
    #[serde(default)]
    pub curve: Option<u16>,
    /// Whether an OCSP response was stapled with it.
    pub ocsp_stapled: bool,
    /// The offers that got this chain.
    pub selected_by: Vec<ChainSelector>,
}

/// The key type of a served chain's leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeyType {
    /// RSA (rsaEncryption or RSASSA-PSS).
    Rsa,
    /// ECDSA on a named curve.
    Ecdsa,
    /// Ed25519.
    Ed25519,
    /// Ed448.
    Ed448,
    /// DSA.
    Dsa,
    /// ML-DSA (FIPS 204).
    MlDsa,
    /// Anything else.
    Other,
}

/// A ClientHello shape that made the server send a chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainSelector {
    /// The version negotiated.
    pub version: TlsVersion,
    /// The suite negotiated (TLS 1.2 and below: it names the authentication, RSA or ECDSA).
    pub cipher_suite: u16,
    /// TLS 1.3: the only signature scheme offered, which the server signed with.
    pub signature_scheme: Option<u16>,
}

/// A probe connection that failed for a reason other than a refusal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeStepError {
    /// What the connection asked (`tls1.2 suites`, `tls1.3 group 0x11ec`, …), for people.
    pub step: String,
    /// The error, as its `Display` gives it.
    pub error: String,
}

impl ServerFacts {
    /// The versions the server accepted, oldest first.
    pub fn accepted_versions(&self) -> Vec<TlsVersion> {
        self.versions
            .iter()
            .filter(|v| v.accepted)
            .map(|v| v.version)
            .collect()
    }

    /// The support entry of `version`, if it was probed.
    pub fn version(&self, version: TlsVersion) -> Option<&VersionSupport> {
        self.versions.iter().find(|v| v.version == version)
    }
}

/// DER lists as base64 strings in JSON, as the inspection's JSON carries certificates.
mod der_list {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(list: &[Vec<u8>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(list.iter().map(|der| STANDARD.encode(der)))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<u8>>, D::Error> {
        let texts = Vec::<String>::deserialize(d)?;
        texts
            .iter()
            .map(|text| STANDARD.decode(text).map_err(serde::de::Error::custom))
            .collect()
    }
}
