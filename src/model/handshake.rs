//! What a device's TLS client offers, and what a server accepts: the two halves a handshake
//! simulation joins. The client half is captured from the real libraries (`assets/devices/`);
//! the server half comes from probing the server (`probe`). Wire codes are kept as numbers
//! (IANA registries) so nothing is lost; names are the report's business.

use serde::{Deserialize, Serialize};

/// A TLS protocol version by its wire code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsVersion {
    /// TLS 1.0 (0x0301).
    Tls10,
    /// TLS 1.1 (0x0302).
    Tls11,
    /// TLS 1.2 (0x0303).
    Tls12,
    /// TLS 1.3 (0x0304).
    Tls13,
}

impl TlsVersion {
    /// Every version, oldest first.
    pub const ALL: [TlsVersion; 4] = [
        TlsVersion::Tls10,
        TlsVersion::Tls11,
        TlsVersion::Tls12,
        TlsVersion::Tls13,
    ];

    /// The version's wire code.
    pub fn code(self) -> u16 {
        match self {
            TlsVersion::Tls10 => 0x0301,
            TlsVersion::Tls11 => 0x0302,
            TlsVersion::Tls12 => 0x0303,
            TlsVersion::Tls13 => 0x0304,
        }
    }

    /// The version a wire code names, if it is one of these.
    pub fn from_code(code: u16) -> Option<TlsVersion> {
        TlsVersion::ALL.into_iter().find(|v| v.code() == code)
    }

    /// The name people write (`TLS 1.2`).
    pub fn name(self) -> &'static str {
        match self {
            TlsVersion::Tls10 => "TLS 1.0",
            TlsVersion::Tls11 => "TLS 1.1",
            TlsVersion::Tls12 => "TLS 1.2",
            TlsVersion::Tls13 => "TLS 1.3",
        }
    }
}

/// A ClientHello as a TLS client library sends it by default (or with a build option applied),
/// everything a server's choices depend on. Captured from the real library, never typed in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientHelloProfile {
    /// The legacy `client_version` field (0x0303 for TLS 1.2 and 1.3 clients).
    pub legacy_version: u16,
    /// The `supported_versions` extension, in the client's order; empty when the extension is
    /// absent (the client then speaks `legacy_version` and, by the usual fallback, below).
    pub supported_versions: Vec<u16>,
    /// Cipher suites in the client's order, signalling values (SCSV) included.
    pub cipher_suites: Vec<u16>,
    /// The `supported_groups` extension (named groups / curves), in order.
    pub supported_groups: Vec<u16>,
    /// The groups the client sent key shares for (TLS 1.3), in order.
    pub key_share_groups: Vec<u16>,
    /// The `signature_algorithms` extension, in order.
    pub signature_algorithms: Vec<u16>,
    /// The `signature_algorithms_cert` extension, in order; empty when absent.
    pub signature_algorithms_cert: Vec<u16>,
    /// The `ec_point_formats` extension; empty when absent.
    pub ec_point_formats: Vec<u8>,
    /// The `max_fragment_length` code (1 = 512 … 4 = 4096 bytes), when requested.
    pub max_fragment_length: Option<u8>,
    /// The `record_size_limit` value, when sent.
    pub record_size_limit: Option<u16>,
    /// ALPN protocols offered; empty when none.
    pub alpn: Vec<String>,
    /// Whether `status_request` (OCSP stapling) is asked for.
    pub status_request: bool,
    /// Whether `server_name` is sent when the application gives a host name.
    pub server_name: bool,
    /// Every extension type, in the order sent.
    pub extensions: Vec<u16>,
    /// The oldest version the client completes a handshake at, as measured against servers
    /// that speak only that version (`None`: not measured). Not on the wire: a client without
    /// `supported_versions` does not say how far below `legacy_version` it goes, and one with it
    /// may still refuse an old version's handshake (OpenSSL 3.0 at security level 2 lists
    /// TLS 1.0 and 1.1, then refuses their SHA-1 signatures).
    #[serde(default)]
    pub min_version: Option<u16>,
}
