//! Capturing the chain of a server that rustls cannot talk to: one that speaks only TLS 1.0
//! or 1.1, or only cipher suites rustls does not implement (RSA key exchange, CBC, DHE, 3DES).
//!
//! Up to TLS 1.2 the server's certificates travel in plaintext, before any key is agreed.
//! chainlens sends a ClientHello for TLS 1.0–1.2 offering the broad classic list of suites,
//! reads the ServerHello and Certificate messages up to ServerHelloDone with rusticata's
//! `tls-parser`, and closes the connection. The handshake is never completed, so the server's
//! possession of its key is not proven; the connection facts say so.

use rustls::{AlertDescription, CipherSuite, ProtocolVersion};
use tls_parser::{
    Serialize, TlsCipherKx, TlsCipherSuite, TlsCipherSuiteID, TlsClientHelloContents,
    TlsCompressionID, TlsMessage, TlsMessageHandshake, TlsPlaintext, TlsRecordHeader,
    TlsRecordType, TlsVersion, parse_tls_message_handshake, parse_tls_record_header,
};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::{Instant, timeout_at};

use crate::fetch::error::{FetchError, FetchPhase};
use crate::fetch::names::{alert_name, cipher_suite_name, version_name};

/// Most bytes read from a legacy server: a long chain is tens of KiB.
pub const MAX_FLIGHT_BYTES: usize = 256 * 1024;

/// The longest record payload TLS allows (2^14) plus the expansion a record may carry.
const MAX_RECORD_BYTES: usize = 16384 + 2048;

/// The suites offered, strongest first: ECDHE and DHE with AES-GCM, ChaCha20 and CBC, RSA
/// key exchange with AES, Camellia and SEED, then 3DES and RC4 for the oldest stacks.
const OFFERED_SUITES: &[u16] = &[
    0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x009e, 0x009f, 0xc023, 0xc027, 0xc024, 0xc028,
    0xc009, 0xc013, 0xc00a, 0xc014, 0x0067, 0x006b, 0x0033, 0x0039, 0x0032, 0x0038, 0x009c, 0x009d,
    0x003c, 0x003d, 0x002f, 0x0035, 0x0041, 0x0084, 0x0096, 0xc012, 0xc008, 0x0016, 0x0013, 0x000a,
    0x0005, 0x0004,
];

/// What a TLS 1.0–1.2 server said before the key exchange.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerFlight {
    /// The version from the ServerHello (0x0301 for TLS 1.0).
    pub version: u16,
    /// The cipher suite the server chose.
    pub cipher_suite: u16,
    /// DER certificates exactly as sent, in order.
    pub certificates: Vec<Vec<u8>>,
    /// The `SignedCertificateTimestampList` of the ServerHello's
    /// `signed_certificate_timestamp` extension (RFC 6962 §3.3), when the server sent SCTs.
    pub sct_list: Option<Vec<u8>>,
}

impl ServerFlight {
    /// `TLSv1`, `TLSv1.2`, as openssl prints them.
    pub fn version_name(&self) -> String {
        version_name(ProtocolVersion::from(self.version))
    }

    /// The IANA name of the chosen suite (`TLS_RSA_WITH_AES_128_CBC_SHA`).
    pub fn cipher_suite_name(&self) -> String {
        cipher_suite_name(CipherSuite::from(self.cipher_suite))
    }

    /// `RSA`, `DHE` or `ECDHE` (or what the suite registry says).
    pub fn key_exchange(&self) -> String {
        match TlsCipherSuite::from_id(self.cipher_suite).map(|suite| suite.kx) {
            Some(TlsCipherKx::Rsa) => "RSA".to_owned(),
            Some(TlsCipherKx::Dhe) => "DHE".to_owned(),
            Some(TlsCipherKx::Ecdhe) => "ECDHE".to_owned(),
            Some(TlsCipherKx::Dh) => "DH".to_owned(),
            Some(TlsCipherKx::Ecdh) => "ECDH".to_owned(),
            Some(other) => format!("{other:?}").to_ascii_uppercase(),
            None => "unknown".to_owned(),
        }
    }
}

/// Why a server's bytes are not a readable TLS 1.0–1.2 server flight.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FlightError {
    /// The server sent an alert.
    #[error("the server sent TLS alert {alert}")]
    Alert {
        /// The alert's RFC name.
        alert: String,
    },
    /// The bytes break the record or handshake framing, or a message does not parse.
    #[error("{detail}")]
    Malformed {
        /// What was wrong.
        detail: String,
    },
    /// More than [`MAX_FLIGHT_BYTES`] before ServerHelloDone.
    #[error("more than {limit_bytes} bytes before ServerHelloDone")]
    TooLarge {
        /// The limit, bytes.
        limit_bytes: usize,
    },
    /// ServerHelloDone came without a Certificate message.
    #[error("the server sent no Certificate message")]
    NoCertificate,
}

fn malformed(detail: impl Into<String>) -> FlightError {
    FlightError::Malformed {
        detail: detail.into(),
    }
}

/// Reads a server's flight incrementally: records may carry several handshake messages, and
/// one message (a long Certificate) may span several records.
#[derive(Debug, Default)]
pub struct FlightReader {
    /// Bytes received and not yet cut into records.
    pending: Vec<u8>,
    /// Handshake bytes not yet cut into messages.
    handshake: Vec<u8>,
    /// Everything received, against the cap.
    received: usize,
    hello: Option<(u16, u16)>,
    sct_list: Option<Vec<u8>>,
    certificates: Option<Vec<Vec<u8>>>,
}

impl FlightReader {
    /// A reader that has seen nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the next bytes from the server; `Some` once ServerHelloDone has been read.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Option<ServerFlight>, FlightError> {
        self.received = self.received.saturating_add(bytes.len());
        if self.received > MAX_FLIGHT_BYTES {
            return Err(FlightError::TooLarge {
                limit_bytes: MAX_FLIGHT_BYTES,
            });
        }
        self.pending.extend_from_slice(bytes);
        // Records are consumed through a cursor and the buffer compacted once, so a flood of
        // tiny records costs linear time.
        let mut start = 0;
        let result = loop {
            let Some(header_bytes) = self.pending.get(start..start + 5) else {
                break Ok(None);
            };
            let header: TlsRecordHeader = match parse_tls_record_header(header_bytes) {
                Ok((_, header)) => header,
                Err(_) => break Err(malformed("unreadable record header")),
            };
            if header.version.0 >> 8 != 3 {
                break Err(malformed(format!(
                    "record version 0x{:04x} is not TLS",
                    header.version.0
                )));
            }
            let length = usize::from(header.len);
            if length > MAX_RECORD_BYTES {
                break Err(malformed(format!("a {length}-byte record")));
            }
            let Some(payload) = self.pending.get(start + 5..start + 5 + length) else {
                break Ok(None);
            };
            let payload = payload.to_vec();
            start += 5 + length;
            match self.record(header.record_type, &payload) {
                Ok(None) => {}
                done => break done,
            }
        };
        self.pending.drain(..start.min(self.pending.len()));
        result
    }

    fn record(
        &mut self,
        record_type: TlsRecordType,
        payload: &[u8],
    ) -> Result<Option<ServerFlight>, FlightError> {
        match record_type {
            TlsRecordType::Alert => {
                let description = payload.get(1).copied().unwrap_or_default();
                Err(FlightError::Alert {
                    alert: alert_name(AlertDescription::from(description)),
                })
            }
            TlsRecordType::Handshake => {
                self.handshake.extend_from_slice(payload);
                self.messages()
            }
            other => Err(malformed(format!(
                "a {other:?} record before ServerHelloDone"
            ))),
        }
    }

    fn messages(&mut self) -> Result<Option<ServerFlight>, FlightError> {
        // As for records: a cursor, and one compaction.
        let mut start = 0;
        let result = loop {
            let Some(&[_, high, middle, low]) = self.handshake.get(start..start + 4) else {
                break Ok(None);
            };
            let length = usize::from(high) << 16 | usize::from(middle) << 8 | usize::from(low);
            let Some(message) = self.handshake.get(start..start + 4 + length) else {
                // Waiting for the rest; the byte cap bounds how long.
                break Ok(None);
            };
            let message = message.to_vec();
            start += 4 + length;
            match self.message(&message) {
                Ok(None) => {}
                done => break done,
            }
        };
        self.handshake.drain(..start.min(self.handshake.len()));
        result
    }

    fn message(&mut self, message: &[u8]) -> Result<Option<ServerFlight>, FlightError> {
        let parsed = match parse_tls_message_handshake(message) {
            Ok((_, TlsMessage::Handshake(parsed))) => parsed,
            Ok(_) | Err(_) => return Err(malformed("unreadable handshake message")),
        };
        match parsed {
            TlsMessageHandshake::ServerHello(hello) => {
                if !(0x0300..=0x0303).contains(&hello.version.0) {
                    return Err(malformed(format!(
                        "the ServerHello chose version 0x{:04x}",
                        hello.version.0
                    )));
                }
                self.hello = Some((hello.version.0, hello.cipher.0));
                self.sct_list = hello.ext.and_then(sct_extension);
            }
            TlsMessageHandshake::Certificate(contents) => {
                if self.hello.is_none() {
                    return Err(malformed("a Certificate message before the ServerHello"));
                }
                self.certificates = Some(
                    contents
                        .cert_chain
                        .iter()
                        .map(|raw| raw.data.to_vec())
                        .collect(),
                );
            }
            TlsMessageHandshake::ServerDone(_) => {
                let Some((version, cipher_suite)) = self.hello else {
                    return Err(malformed("ServerHelloDone before the ServerHello"));
                };
                let certificates = self.certificates.take().unwrap_or_default();
                if certificates.is_empty() {
                    return Err(FlightError::NoCertificate);
                }
                return Ok(Some(ServerFlight {
                    version,
                    cipher_suite,
                    certificates,
                    sct_list: self.sct_list.take(),
                }));
            }
            // ServerKeyExchange, CertificateRequest, CertificateStatus: not needed.
            _ => {}
        }
        Ok(None)
    }
}

/// The body of the `signed_certificate_timestamp` extension (type 18) among a ServerHello's
/// extensions, if it is there and the extensions are well framed.
fn sct_extension(mut extensions: &[u8]) -> Option<Vec<u8>> {
    while let [t0, t1, l0, l1, rest @ ..] = extensions {
        let len = usize::from(u16::from_be_bytes([*l0, *l1]));
        let (body, next) = rest.split_at_checked(len)?;
        if u16::from_be_bytes([*t0, *t1]) == 0x0012 {
            return Some(body.to_vec());
        }
        extensions = next;
    }
    None
}

/// Reads a whole server flight from `bytes`, as [`FlightReader`] does from a connection.
pub fn read_server_flight(bytes: &[u8]) -> Result<ServerFlight, FlightError> {
    FlightReader::new()
        .feed(bytes)?
        .ok_or_else(|| malformed("the bytes end before ServerHelloDone"))
}

/// The ClientHello record: TLS 1.2 at most (record version TLS 1.0, which every server
/// accepts), the classic suites, no compression, and the extensions old and new servers
/// expect (SNI, groups, point formats, signature algorithms, secure renegotiation), and a
/// request for the server's SCTs.
pub fn client_hello(sni: Option<&str>, random: &[u8; 32]) -> Result<Vec<u8>, FlightError> {
    let mut extensions = Vec::new();
    let mut extension = |kind: u16, body: &[u8]| {
        extensions.extend(kind.to_be_bytes());
        extensions.extend(u16::try_from(body.len()).unwrap_or_default().to_be_bytes());
        extensions.extend_from_slice(body);
    };
    if let Some(name) = sni.filter(|name| name.len() < 256) {
        let name_len = u16::try_from(name.len()).unwrap_or_default();
        let mut body = (name_len + 3).to_be_bytes().to_vec();
        body.push(0); // host_name
        body.extend(name_len.to_be_bytes());
        body.extend_from_slice(name.as_bytes());
        extension(0x0000, &body);
    }
    // x25519, secp256r1, secp384r1, secp521r1, ffdhe2048, ffdhe3072.
    extension(
        0x000a,
        &[
            0, 10, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18, 0x00, 0x19, 0x01, 0x00,
        ],
    );
    extension(0x000b, &[1, 0]); // uncompressed points
    // RSA PKCS#1, ECDSA and RSA-PSS with SHA-256/384/512, then SHA-1 and DSA for old keys.
    let schemes: [u16; 12] = [
        0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0203,
        0x0202,
    ];
    let mut body = u16::try_from(schemes.len() * 2)
        .unwrap_or_default()
        .to_be_bytes()
        .to_vec();
    body.extend(schemes.iter().flat_map(|scheme| scheme.to_be_bytes()));
    extension(0x000d, &body);
    extension(0xff01, &[0]); // renegotiation_info, empty
    // signed_certificate_timestamp, empty: asks for the SCTs a server delivers in TLS
    // (RFC 6962 §3.3), which chainlens checks like the embedded ones.
    extension(0x0012, &[]);

    let hello = TlsClientHelloContents {
        version: TlsVersion::Tls12,
        random,
        session_id: None,
        ciphers: OFFERED_SUITES
            .iter()
            .map(|id| TlsCipherSuiteID(*id))
            .collect(),
        comp: vec![TlsCompressionID::Null],
        ext: Some(&extensions),
    };
    let record = TlsPlaintext {
        hdr: TlsRecordHeader {
            record_type: TlsRecordType::Handshake,
            version: TlsVersion::Tls10,
            len: 0,
        },
        msg: vec![TlsMessage::Handshake(TlsMessageHandshake::ClientHello(
            hello,
        ))],
    };
    record
        .serialize()
        .map_err(|error| malformed(format!("cannot build the ClientHello: {error:?}")))
}

/// Sends the legacy ClientHello over `stream` and reads the server's flight, all before
/// `deadline`, then closes the stream.
pub(crate) async fn capture_legacy<S>(
    mut stream: S,
    sni: Option<&str>,
    address: &str,
    deadline: Instant,
    timeout_secs: u64,
) -> Result<ServerFlight, FetchError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let timed_out = || FetchError::Timeout {
        timeout_secs,
        phase: FetchPhase::Handshake,
        peer: address.to_owned(),
    };
    let mut random = [0u8; 32];
    aws_lc_rs::rand::fill(&mut random).map_err(|_| FetchError::LegacyMalformed {
        detail: "no random bytes for the ClientHello".to_owned(),
        address: address.to_owned(),
    })?;
    let hello = client_hello(sni, &random).map_err(|error| FetchError::LegacyMalformed {
        detail: error.to_string(),
        address: address.to_owned(),
    })?;
    let io_error = |error: std::io::Error| match error.kind() {
        std::io::ErrorKind::UnexpectedEof => FetchError::ClosedDuringHandshake {
            address: address.to_owned(),
        },
        std::io::ErrorKind::ConnectionReset
        | std::io::ErrorKind::ConnectionAborted
        | std::io::ErrorKind::BrokenPipe => FetchError::ResetDuringHandshake {
            address: address.to_owned(),
        },
        _ => FetchError::Io {
            address: address.to_owned(),
            source: error,
        },
    };
    timeout_at(deadline, stream.write_all(&hello))
        .await
        .map_err(|_| timed_out())?
        .map_err(io_error)?;

    let mut reader = FlightReader::new();
    let mut buffer = vec![0u8; 16 * 1024];
    let flight = loop {
        let read = timeout_at(deadline, stream.read(&mut buffer))
            .await
            .map_err(|_| timed_out())?
            .map_err(io_error)?;
        if read == 0 {
            return Err(FetchError::ClosedDuringHandshake {
                address: address.to_owned(),
            });
        }
        let fed = reader.feed(buffer.get(..read).unwrap_or_default());
        match fed {
            Ok(Some(flight)) => break flight,
            Ok(None) => {}
            Err(FlightError::Alert { alert }) => {
                return Err(FetchError::AlertReceived {
                    alert,
                    address: address.to_owned(),
                });
            }
            Err(FlightError::NoCertificate) => {
                return Err(FetchError::NoCertificates {
                    address: address.to_owned(),
                });
            }
            Err(error) => {
                return Err(FetchError::LegacyMalformed {
                    detail: error.to_string(),
                    address: address.to_owned(),
                });
            }
        }
    };
    // The chain is read; how the close goes changes nothing (still bounded by the deadline).
    let _ = timeout_at(deadline, stream.shutdown()).await;
    Ok(flight)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(content_type: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![content_type, 3, 1];
        out.extend(u16::try_from(payload.len()).unwrap().to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    fn handshake(kind: u8, body: &[u8]) -> Vec<u8> {
        let len = u32::try_from(body.len()).unwrap().to_be_bytes();
        let mut out = vec![kind, len[1], len[2], len[3]];
        out.extend_from_slice(body);
        out
    }

    fn server_hello() -> Vec<u8> {
        let mut body = vec![3, 1];
        body.extend([7u8; 32]);
        body.push(0); // no session id
        body.extend([0x00, 0x2f, 0x00]); // AES128-SHA, no compression
        handshake(2, &body)
    }

    fn certificate(certs: &[&[u8]]) -> Vec<u8> {
        let mut list = Vec::new();
        for cert in certs {
            let len = u32::try_from(cert.len()).unwrap().to_be_bytes();
            list.extend(&len[1..]);
            list.extend_from_slice(cert);
        }
        let len = u32::try_from(list.len()).unwrap().to_be_bytes();
        let mut body = len[1..].to_vec();
        body.extend(list);
        handshake(11, &body)
    }

    #[test]
    fn reads_a_flight_with_a_certificate_spanning_records() {
        let mut messages = server_hello();
        messages.extend(certificate(&[b"leaf-der", b"intermediate-der"]));
        messages.extend(handshake(14, &[]));
        let mut bytes = Vec::new();
        for chunk in messages.chunks(7) {
            bytes.extend(record(22, chunk));
        }
        let flight = read_server_flight(&bytes).unwrap();
        assert_eq!(flight.version_name(), "TLSv1");
        assert_eq!(flight.cipher_suite_name(), "TLS_RSA_WITH_AES_128_CBC_SHA");
        assert_eq!(flight.key_exchange(), "RSA");
        assert_eq!(
            flight.certificates,
            vec![b"leaf-der".to_vec(), b"intermediate-der".to_vec()]
        );
        // Byte by byte, the incremental reader gets the same.
        let mut reader = FlightReader::new();
        let mut result = None;
        for byte in &bytes {
            if let Some(flight) = reader.feed(&[*byte]).unwrap() {
                result = Some(flight);
            }
        }
        assert_eq!(result, Some(flight));
    }

    #[test]
    fn alerts_and_garbage_are_errors() {
        assert_eq!(
            read_server_flight(&record(21, &[2, 40])),
            Err(FlightError::Alert {
                alert: "handshake_failure".to_owned()
            })
        );
        assert!(matches!(
            read_server_flight(b"HTTP/1.1 400 Bad Request\r\n"),
            Err(FlightError::Malformed { .. })
        ));
        let mut no_certificate = server_hello();
        no_certificate.extend(handshake(14, &[]));
        assert_eq!(
            read_server_flight(&record(22, &no_certificate)),
            Err(FlightError::NoCertificate)
        );
    }

    #[test]
    fn the_client_hello_parses_back() {
        let hello = client_hello(Some("server.test"), &[1; 32]).unwrap();
        let (_, parsed) = tls_parser::parse_tls_plaintext(&hello).unwrap();
        let Some(TlsMessage::Handshake(TlsMessageHandshake::ClientHello(contents))) =
            parsed.msg.first()
        else {
            panic!("not a ClientHello");
        };
        assert_eq!(contents.version, TlsVersion::Tls12);
        assert_eq!(contents.ciphers.len(), OFFERED_SUITES.len());
        assert_eq!(parsed.hdr.version, TlsVersion::Tls10);
        // The empty signed_certificate_timestamp extension asks for SCTs.
        let ext = contents.ext.unwrap();
        assert!(ext.windows(4).any(|w| w == [0x00, 0x12, 0x00, 0x00]));
    }

    #[test]
    fn the_sct_extension_is_found_among_others() {
        assert_eq!(
            sct_extension(&[0xff, 0x01, 0, 1, 0, 0x00, 0x12, 0, 3, 0, 1, 7]),
            Some(vec![0, 1, 7])
        );
        assert_eq!(sct_extension(&[0xff, 0x01, 0, 1, 0]), None);
        // Cut short: nothing, never a panic.
        assert_eq!(sct_extension(&[0x00, 0x12, 0, 9, 1]), None);
        assert_eq!(sct_extension(&[0x00]), None);
    }
}
