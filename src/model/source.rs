use std::path::PathBuf;

use serde::Serialize;

/// Where the certificates came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SourceKind {
    /// A file on disk.
    File {
        /// Its path.
        path: PathBuf,
    },
    /// Standard input.
    Stdin,
    /// Text pasted into the window.
    Paste,
    /// The sample chain embedded in chainlens.
    Sample,
    /// A live TLS handshake.
    Tls {
        /// Host as given.
        host: String,
        /// TCP port.
        port: u16,
    },
}

/// Facts about the TLS connection a chain was captured from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ConnectionInfo {
    /// The socket address connected to.
    pub address: String,
    /// The SNI sent, if any.
    pub sni: Option<String>,
    /// Negotiated protocol version (`TLSv1.3`).
    pub tls_version: String,
    /// Negotiated cipher suite.
    pub cipher_suite: String,
    /// Negotiated key-exchange group, if known.
    pub key_exchange_group: Option<String>,
    /// Whether the negotiated group is post-quantum: ML-KEM alone or in a hybrid with an
    /// elliptic curve ([`is_post_quantum_group`]). False when no group is known.
    pub post_quantum: bool,
    /// ALPN protocols offered.
    pub alpn_offered: Vec<String>,
    /// ALPN protocol the server chose.
    pub alpn: Option<String>,
    /// Stapled OCSP response (DER), if the server sent one.
    #[serde(skip)]
    pub ocsp_response: Option<Vec<u8>>,
    /// Size of the stapled OCSP response in bytes, 0 if none.
    pub ocsp_response_len: usize,
    /// The SCT list of the TLS `signed_certificate_timestamp` extension, when the capture
    /// asked for it and the server sent it (the legacy capture does; rustls 0.23's client
    /// cannot ask).
    #[serde(skip)]
    pub sct_list: Option<Vec<u8>>,
    /// Time from TCP connect start to handshake completion, milliseconds.
    pub handshake_ms: u64,
    /// The STARTTLS dialogue that preceded the handshake (`smtp`, `ldap`), if any.
    pub starttls: Option<String>,
    /// Whether the TLS handshake was completed, which proves the server holds the leaf's key.
    /// A legacy capture, and a server that aborted after its certificates, did not complete it.
    pub handshake_completed: bool,
    /// Set when the chain was read from a TLS 1.0–1.2 handshake that rustls could not do.
    pub legacy: Option<LegacyHandshake>,
}

/// Whether a TLS key-exchange group (its IANA code point) is post-quantum: ML-KEM (FIPS 203)
/// alone, its hybrids with X25519 and the NIST curves (draft-ietf-tls-ecdhe-mlkem), or the
/// Kyber drafts that preceded them. A recording of such a handshake cannot be decrypted later
/// by a quantum computer that breaks the curve alone.
pub fn is_post_quantum_group(code: u16) -> bool {
    matches!(
        code,
        // MLKEM512, MLKEM768, MLKEM1024.
        0x0200..=0x0202
        // SecP256r1MLKEM768, X25519MLKEM768, SecP384r1MLKEM1024.
        | 0x11eb..=0x11ed
        // X25519Kyber768Draft00, SecP256r1Kyber768Draft00 (obsolete code points).
        | 0x6399
        | 0x639a
    )
}

/// How a chain was read from a server that only speaks TLS versions or cipher suites that
/// rustls (and most modern TLS stacks) refuse: chainlens sent a broad classic ClientHello,
/// read the plaintext ServerHello and Certificate messages and closed the connection.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LegacyHandshake {
    /// The kind of key exchange of the negotiated suite (`RSA`, `DHE`, `ECDHE`).
    pub key_exchange: String,
    /// Why rustls could not connect, in its words.
    pub modern_failure: String,
}

impl LegacyHandshake {
    /// The sentence every face shows for a chain captured this way.
    pub const NOT_COMPLETED: &'static str = "the handshake was not completed, \
        so the server's possession of the certificate's private key was not proven";
}

/// A source of certificates, as the user named it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// What kind of source.
    #[serde(flatten)]
    pub kind: SourceKind,
    /// How to show it to a person (`leaf.pem`, `example.com:443`).
    pub label: String,
    /// Connection facts when fetched over TLS.
    pub connection: Option<ConnectionInfo>,
    /// The file (PKCS#12) also held a private key, which was neither read further nor kept.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub holds_private_key: bool,
}

impl Source {
    /// A source with no connection facts.
    pub fn new(kind: SourceKind, label: impl Into<String>) -> Self {
        Self {
            kind,
            label: label.into(),
            connection: None,
            holds_private_key: false,
        }
    }
}
