//! Crafted ClientHellos: exactly the versions, suites, groups and signature schemes a probe
//! question needs, serialised by rusticata's `tls-parser`.
//!
//! TLS 1.3 hellos carry an empty `key_share`: a server that accepts one of the offered groups
//! answers with a HelloRetryRequest naming it (RFC 8446 §4.1.4), which also names the cipher
//! suite and version. No key is ever generated, and the handshake is never completed.

use tls_parser::{
    CIPHERS, Serialize, TlsCipherAu, TlsCipherKx, TlsCipherSuiteID, TlsClientHelloContents,
    TlsCompressionID, TlsMessage, TlsMessageHandshake, TlsPlaintext, TlsRecordHeader,
    TlsRecordType,
};

/// TLS 1.3 cipher suites (RFC 8446 B.4), in the order probed.
pub const TLS13_SUITES: [u16; 5] = [0x1301, 0x1302, 0x1303, 0x1304, 0x1305];

/// Groups asked about in TLS 1.3: X25519MLKEM768 and the other hybrids and pure ML-KEM
/// groups, the classic curves, then the RFC 7919 finite-field groups.
pub const TLS13_GROUPS: [u16; 17] = [
    0x11ec, 0x11eb, 0x11ed, 0x0200, 0x0201, 0x0202, 0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100,
    0x0101, 0x0102, 0x0103, 0x0104, 0x001f,
];

/// Curves asked about for TLS 1.2 ECDHE: X25519, X448, the NIST curves, brainpool.
pub const TLS12_GROUPS: [u16; 8] = [
    0x001d, 0x001e, 0x0017, 0x0018, 0x0019, 0x001a, 0x001b, 0x001c,
];

/// Every signature scheme a TLS 1.2 client may offer, strongest first.
pub const TLS12_SCHEMES: [u16; 16] = [
    0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401,
    0x0501, 0x0601, 0x0201, 0x0203,
];

/// Signature schemes asked about one at a time in TLS 1.3 (SHA-1 and PKCS#1 are not
/// TLS 1.3 handshake schemes): ECDSA, RSA-PSS, EdDSA, ML-DSA.
pub const TLS13_SCHEMES: [u16; 14] = [
    0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0807, 0x0808, 0x0904,
    0x0905, 0x0906,
];

/// What a crafted ClientHello carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelloSpec {
    /// The legacy `client_version` (0x0303 for TLS 1.2 and 1.3).
    pub legacy_version: u16,
    /// `supported_versions`; empty leaves the extension (and `key_share`) out.
    pub supported_versions: Vec<u16>,
    /// Cipher suites, in order.
    pub cipher_suites: Vec<u16>,
    /// `supported_groups`, in order.
    pub groups: Vec<u16>,
    /// `signature_algorithms`, in order.
    pub signature_schemes: Vec<u16>,
    /// The SNI host name.
    pub sni: Option<String>,
    /// ALPN protocols; empty leaves the extension out.
    pub alpn: Vec<String>,
    /// `max_fragment_length` code (1 = 512 … 4 = 4096).
    pub max_fragment_length: Option<u8>,
    /// `record_size_limit` value.
    pub record_size_limit: Option<u16>,
    /// Whether to ask for a stapled OCSP response.
    pub status_request: bool,
}

/// Why a ClientHello could not be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot build the ClientHello: {detail}")]
pub struct HelloError {
    /// What tls-parser said.
    pub detail: String,
}

impl HelloSpec {
    /// A TLS 1.0–1.2 hello for `version`, offering `suites`, every classic group and every
    /// TLS 1.2 signature scheme.
    pub fn legacy(version: u16, suites: Vec<u16>, sni: Option<String>) -> HelloSpec {
        HelloSpec {
            legacy_version: version,
            supported_versions: Vec::new(),
            cipher_suites: suites,
            groups: TLS12_GROUPS
                .iter()
                .copied()
                .chain([0x0100, 0x0101, 0x0102])
                .collect(),
            signature_schemes: TLS12_SCHEMES.to_vec(),
            sni,
            ..HelloSpec::default()
        }
    }

    /// A TLS 1.3-only hello offering `suites` and `groups` (no key shares), every TLS 1.3
    /// signature scheme.
    pub fn tls13(suites: Vec<u16>, groups: Vec<u16>, sni: Option<String>) -> HelloSpec {
        HelloSpec {
            legacy_version: 0x0303,
            supported_versions: vec![0x0304],
            cipher_suites: suites,
            groups,
            signature_schemes: TLS13_SCHEMES.to_vec(),
            sni,
            ..HelloSpec::default()
        }
    }

    /// The record carrying this hello.
    pub fn to_record(&self, random: &[u8; 32]) -> Result<Vec<u8>, HelloError> {
        let extensions = self.extensions();
        // A TLS 1.3 server echoes a legacy session id; a 32-byte one also keeps middleboxes
        // that expect TLS 1.2 resumption shapes quiet (RFC 8446 §D.4).
        let session_id = [0x5au8; 32];
        let hello = TlsClientHelloContents {
            version: tls_parser::TlsVersion(self.legacy_version),
            random,
            session_id: (!self.supported_versions.is_empty()).then_some(&session_id[..]),
            ciphers: self
                .cipher_suites
                .iter()
                .map(|id| TlsCipherSuiteID(*id))
                .collect(),
            comp: vec![TlsCompressionID::Null],
            ext: Some(&extensions),
        };
        let record = TlsPlaintext {
            hdr: TlsRecordHeader {
                record_type: TlsRecordType::Handshake,
                version: tls_parser::TlsVersion::Tls10,
                len: 0,
            },
            msg: vec![TlsMessage::Handshake(TlsMessageHandshake::ClientHello(
                hello,
            ))],
        };
        record.serialize().map_err(|error| HelloError {
            detail: format!("{error:?}"),
        })
    }

    fn extensions(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut extension = |kind: u16, body: &[u8]| {
            out.extend(kind.to_be_bytes());
            out.extend(len16(body.len()));
            out.extend_from_slice(body);
        };
        if let Some(name) = self.sni.as_deref().filter(|name| name.len() < 256) {
            let mut body = len16(name.len() + 3).to_vec();
            body.push(0); // host_name
            body.extend(len16(name.len()));
            body.extend_from_slice(name.as_bytes());
            extension(0x0000, &body);
        }
        if let Some(code) = self.max_fragment_length {
            extension(0x0001, &[code]);
        }
        if self.status_request {
            // OCSP, no responder ids, no request extensions.
            extension(0x0005, &[1, 0, 0, 0, 0]);
        }
        extension(0x000a, &list16(&self.groups));
        extension(0x000b, &[1, 0]); // uncompressed points
        extension(0x000d, &list16(&self.signature_schemes));
        if !self.alpn.is_empty() {
            let mut names = Vec::new();
            for name in self
                .alpn
                .iter()
                .filter(|name| (1..256).contains(&name.len()))
            {
                names.push(u8::try_from(name.len()).unwrap_or_default());
                names.extend_from_slice(name.as_bytes());
            }
            let mut body = len16(names.len()).to_vec();
            body.extend(names);
            extension(0x0010, &body);
        }
        extension(0x0017, &[]); // extended_master_secret
        if let Some(limit) = self.record_size_limit {
            extension(0x001c, &limit.to_be_bytes());
        }
        if !self.supported_versions.is_empty() {
            let mut body = vec![u8::try_from(self.supported_versions.len() * 2).unwrap_or(0)];
            body.extend(self.supported_versions.iter().flat_map(|v| v.to_be_bytes()));
            extension(0x002b, &body);
            extension(0x002d, &[1, 1]); // psk_dhe_ke
            extension(0x0033, &[0, 0]); // key_share: no shares, ask for a retry
        }
        extension(0xff01, &[0]); // renegotiation_info, empty
        out
    }
}

fn len16(len: usize) -> [u8; 2] {
    u16::try_from(len).unwrap_or(u16::MAX).to_be_bytes()
}

fn list16(codes: &[u16]) -> Vec<u8> {
    let mut body = len16(codes.len() * 2).to_vec();
    body.extend(codes.iter().flat_map(|code| code.to_be_bytes()));
    body
}

/// How a TLS 1.0–1.2 suite authenticates the server, which decides the chain it gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Auth {
    /// RSA signatures or RSA key transport.
    Rsa,
    /// ECDSA (and EdDSA, which TLS 1.2 carries in ECDSA suites).
    Ecdsa,
    /// DSA.
    Dss,
}

/// The authentication of a TLS 1.0–1.2 suite, from tls-parser's registry; `None` for
/// anonymous, PSK-only, TLS 1.3 and unknown suites.
pub fn suite_auth(suite: u16) -> Option<Auth> {
    let registered = CIPHERS.get(&suite)?;
    match registered.au {
        TlsCipherAu::Rsa => Some(Auth::Rsa),
        TlsCipherAu::Ecdsa => Some(Auth::Ecdsa),
        TlsCipherAu::Dss => Some(Auth::Dss),
        _ => None,
    }
}

/// The same suite for the other signature key (`TLS_ECDHE_RSA_WITH_…` ↔
/// `TLS_ECDHE_ECDSA_WITH_…`), from the registry.
pub fn counterpart(suite: u16) -> Option<u16> {
    let name = CIPHERS.get(&suite)?.name;
    let other = if name.contains("_ECDSA_") {
        name.replacen("_ECDSA_", "_RSA_", 1)
    } else if name.contains("_ECDHE_RSA_") {
        name.replacen("_ECDHE_RSA_", "_ECDHE_ECDSA_", 1)
    } else {
        return None;
    };
    CIPHERS
        .values()
        .find(|registered| registered.name == other)
        .map(|registered| registered.id.0)
}

/// Whether a suite's key exchange is ECDHE.
pub fn suite_is_ecdhe(suite: u16) -> bool {
    CIPHERS
        .get(&suite)
        .is_some_and(|registered| registered.kx == TlsCipherKx::Ecdhe)
}

/// Every TLS 1.0–1.2 suite of the registry that authenticates a server with a certificate,
/// strongest (AEAD, then larger keys) first, so a server that follows the client's order
/// picks what a modern client would.
pub fn legacy_suites() -> Vec<u16> {
    let mut suites: Vec<&tls_parser::TlsCipherSuite> = CIPHERS
        .values()
        .filter(|suite| suite_auth(suite.id.0).is_some() && suite.id.0 >> 8 != 0x13)
        .collect();
    suites.sort_by_key(|suite| {
        let aead = suite.mac == tls_parser::TlsCipherMac::Aead;
        let exchange = match suite.kx {
            TlsCipherKx::Ecdhe => 0,
            TlsCipherKx::Dhe => 1,
            _ => 2,
        };
        (
            exchange,
            std::cmp::Reverse(aead),
            std::cmp::Reverse(suite.enc_size),
            suite.id.0,
        )
    });
    suites.into_iter().map(|suite| suite.id.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tls_parser::{TlsExtension, parse_tls_extensions, parse_tls_plaintext};

    #[test]
    fn a_tls13_hello_parses_back_with_an_empty_key_share() {
        let spec = HelloSpec::tls13(TLS13_SUITES.to_vec(), vec![0x11ec], Some("a.test".into()));
        let record = spec.to_record(&[3; 32]).unwrap();
        let (_, parsed) = parse_tls_plaintext(&record).unwrap();
        let Some(TlsMessage::Handshake(TlsMessageHandshake::ClientHello(hello))) =
            parsed.msg.first()
        else {
            panic!("not a ClientHello");
        };
        assert_eq!(hello.ciphers.len(), 5);
        let (_, extensions) = parse_tls_extensions(hello.ext.unwrap()).unwrap();
        assert!(extensions.contains(&TlsExtension::SNI(vec![(
            tls_parser::SNIType::HostName,
            b"a.test".as_slice()
        )])));
        assert!(
            extensions
                .iter()
                .any(|e| matches!(e, TlsExtension::KeyShare(shares) if shares == &[0, 0]))
        );
        assert!(extensions.iter().any(|e| matches!(
            e,
            TlsExtension::EllipticCurves(groups) if groups == &[tls_parser::NamedGroup(0x11ec)]
        )));
    }

    #[test]
    fn a_legacy_hello_carries_its_version_and_extensions() {
        let mut spec = HelloSpec::legacy(0x0301, vec![0x002f], None);
        spec.max_fragment_length = Some(4);
        spec.status_request = true;
        spec.alpn = vec!["h2".into()];
        let record = spec.to_record(&[0; 32]).unwrap();
        let (_, parsed) = parse_tls_plaintext(&record).unwrap();
        let Some(TlsMessage::Handshake(TlsMessageHandshake::ClientHello(hello))) =
            parsed.msg.first()
        else {
            panic!("not a ClientHello");
        };
        assert_eq!(hello.version.0, 0x0301);
        let (_, extensions) = parse_tls_extensions(hello.ext.unwrap()).unwrap();
        assert!(extensions.contains(&TlsExtension::MaxFragmentLength(4)));
        assert!(
            extensions
                .iter()
                .any(|e| matches!(e, TlsExtension::ALPN(names) if names == &[b"h2".as_slice()]))
        );
        assert!(
            !extensions
                .iter()
                .any(|e| matches!(e, TlsExtension::SupportedVersions(_)))
        );
    }

    #[test]
    fn the_registry_gives_authentication_classes() {
        assert_eq!(suite_auth(0xc02f), Some(Auth::Rsa));
        assert_eq!(suite_auth(0xc02b), Some(Auth::Ecdsa));
        assert_eq!(suite_auth(0x002f), Some(Auth::Rsa));
        assert_eq!(suite_auth(0x1301), None);
        let suites = legacy_suites();
        assert!(suites.len() > 100);
        assert!(suites.contains(&0x000a));
        // Forward-secret AEAD suites come first.
        assert!(suite_is_ecdhe(suites[0]) || CIPHERS[&suites[0]].kx == TlsCipherKx::Dhe);
    }
}
