//! Reading a server's answer to a crafted ClientHello: the ServerHello or HelloRetryRequest,
//! and up to TLS 1.2 the plaintext Certificate, CertificateStatus and ServerKeyExchange.
//!
//! Bytes are fed as they arrive; a reply is complete at ServerHelloDone, or at the
//! ServerHello when that is all the question needs or the server chose TLS 1.3 (whose later
//! messages are encrypted).

use tls_parser::{CIPHERS, TlsCipherKx};

/// Most bytes read from one answer: a long chain is tens of KiB.
pub const MAX_REPLY_BYTES: usize = 256 * 1024;

/// The largest record payload (2^14) plus the expansion TLS allows.
const MAX_RECORD_BYTES: usize = 16384 + 2048;

/// `random` of a HelloRetryRequest: SHA-256 of "HelloRetryRequest" (RFC 8446 §4.1.3).
const RETRY_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// How much of the answer a question needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The ServerHello (or HelloRetryRequest) is enough.
    Hello,
    /// Everything up to ServerHelloDone (TLS 1.2 and below).
    Done,
}

/// The ServerHello's facts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerHello {
    /// The version chosen: `supported_versions` when present, else the legacy field.
    pub version: u16,
    /// The cipher suite chosen.
    pub cipher_suite: u16,
    /// Whether this is a HelloRetryRequest.
    pub retry: bool,
    /// Extensions as (type, body), in order.
    pub extensions: Vec<(u16, Vec<u8>)>,
}

impl ServerHello {
    /// The body of extension `kind`, if present.
    pub fn extension(&self, kind: u16) -> Option<&[u8]> {
        self.extensions
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, body)| body.as_slice())
    }

    /// The group a HelloRetryRequest asks for (or a ServerHello's key share uses).
    pub fn key_share_group(&self) -> Option<u16> {
        let body = self.extension(0x0033)?;
        Some(u16::from_be_bytes([*body.first()?, *body.get(1)?]))
    }
}

/// What a ServerKeyExchange says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyExchange {
    /// The named curve of an ECDHE exchange.
    pub group: Option<u16>,
    /// The size of a DHE prime, bits.
    pub dh_bits: Option<usize>,
    /// The signature scheme (TLS 1.2 only; older versions do not name one).
    pub signature_scheme: Option<u16>,
}

/// A server's answer, as far as it was read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reply {
    /// The ServerHello or HelloRetryRequest.
    pub hello: ServerHello,
    /// DER certificates of the Certificate message (TLS 1.2 and below), in order.
    pub certificates: Vec<Vec<u8>>,
    /// Size of the Certificate message, header included.
    pub certificate_message_bytes: usize,
    /// Whether a CertificateStatus (stapled OCSP) message came.
    pub ocsp_stapled: bool,
    /// The ServerKeyExchange, if one came.
    pub key_exchange: Option<KeyExchange>,
    /// The largest handshake record of the answer, bytes of plaintext: how the server cuts
    /// its flight (16 KiB at most; less with its own fragment size).
    pub largest_record_bytes: usize,
}

/// Why an answer is not a usable reply.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplyError {
    /// The server sent an alert.
    #[error("the server sent alert {code}")]
    Alert {
        /// The alert description code.
        code: u8,
    },
    /// The bytes break TLS framing, or a message is not what TLS allows there.
    #[error("{detail}")]
    Malformed {
        /// What was wrong.
        detail: String,
    },
    /// More than [`MAX_REPLY_BYTES`] without a complete reply.
    #[error("more than {limit_bytes} bytes without a complete answer")]
    TooLarge {
        /// The limit, bytes.
        limit_bytes: usize,
    },
}

fn malformed(detail: impl Into<String>) -> ReplyError {
    ReplyError::Malformed {
        detail: detail.into(),
    }
}

/// Cuts the server's bytes into records and handshake messages.
#[derive(Debug)]
pub struct ReplyReader {
    stop: Stop,
    pending: Vec<u8>,
    handshake: Vec<u8>,
    received: usize,
    reply: Reply,
    hello_seen: bool,
}

impl ReplyReader {
    /// A reader for an answer read as far as `stop`.
    pub fn new(stop: Stop) -> Self {
        Self {
            stop,
            pending: Vec::new(),
            handshake: Vec::new(),
            received: 0,
            reply: Reply::default(),
            hello_seen: false,
        }
    }

    /// Whether the ServerHello has been read (a close after it is an answer, not silence).
    pub fn hello_seen(&self) -> bool {
        self.hello_seen
    }

    /// Takes the next bytes; `Some` once the reply is complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Option<Reply>, ReplyError> {
        self.received = self.received.saturating_add(bytes.len());
        if self.received > MAX_REPLY_BYTES {
            return Err(ReplyError::TooLarge {
                limit_bytes: MAX_REPLY_BYTES,
            });
        }
        self.pending.extend_from_slice(bytes);
        let mut start = 0;
        let result = loop {
            let Some(&[content_type, major, _, high, low]) = self.pending.get(start..start + 5)
            else {
                break Ok(None);
            };
            if major != 3 {
                break Err(malformed(format!(
                    "not a TLS record (first bytes {content_type:02x} {major:02x})"
                )));
            }
            let length = usize::from(u16::from_be_bytes([high, low]));
            if length > MAX_RECORD_BYTES {
                break Err(malformed(format!("a {length}-byte record")));
            }
            let Some(payload) = self.pending.get(start + 5..start + 5 + length) else {
                break Ok(None);
            };
            let payload = payload.to_vec();
            start += 5 + length;
            match self.record(content_type, &payload) {
                Ok(None) => {}
                done => break done,
            }
        };
        self.pending.drain(..start.min(self.pending.len()));
        result
    }

    fn record(&mut self, content_type: u8, payload: &[u8]) -> Result<Option<Reply>, ReplyError> {
        match content_type {
            21 => Err(ReplyError::Alert {
                code: payload.get(1).copied().unwrap_or_default(),
            }),
            22 => {
                self.reply.largest_record_bytes =
                    self.reply.largest_record_bytes.max(payload.len());
                self.handshake.extend_from_slice(payload);
                self.messages()
            }
            // TLS 1.3 middlebox compatibility sends ChangeCipherSpec after the hello.
            20 if self.hello_seen => Ok(None),
            other => Err(malformed(format!(
                "a record of type {other} before the handshake ended"
            ))),
        }
    }

    fn messages(&mut self) -> Result<Option<Reply>, ReplyError> {
        let mut start = 0;
        let result = loop {
            let Some(&[kind, high, middle, low]) = self.handshake.get(start..start + 4) else {
                break Ok(None);
            };
            let length = usize::from(high) << 16 | usize::from(middle) << 8 | usize::from(low);
            let Some(body) = self.handshake.get(start + 4..start + 4 + length) else {
                break Ok(None);
            };
            let body = body.to_vec();
            start += 4 + length;
            match self.message(kind, &body) {
                Ok(None) => {}
                done => break done,
            }
        };
        self.handshake.drain(..start.min(self.handshake.len()));
        result
    }

    fn message(&mut self, kind: u8, body: &[u8]) -> Result<Option<Reply>, ReplyError> {
        if kind != 2 && !self.hello_seen {
            return Err(malformed(format!(
                "handshake message {kind} before the ServerHello"
            )));
        }
        match kind {
            2 => {
                self.reply.hello = parse_server_hello(body)?;
                self.hello_seen = true;
                let hello = &self.reply.hello;
                if self.stop == Stop::Hello || hello.retry || hello.version >= 0x0304 {
                    return Ok(Some(std::mem::take(&mut self.reply)));
                }
            }
            11 => {
                self.reply.certificates = parse_certificate_list(body)?;
                self.reply.certificate_message_bytes = body.len() + 4;
            }
            12 => {
                let version = self.reply.hello.version;
                let suite = self.reply.hello.cipher_suite;
                self.reply.key_exchange = Some(parse_key_exchange(body, version, suite)?);
            }
            22 => self.reply.ocsp_stapled = true,
            14 => return Ok(Some(std::mem::take(&mut self.reply))),
            // CertificateRequest and others change nothing a probe asks.
            _ => {}
        }
        Ok(None)
    }
}

/// A byte cursor that never panics.
struct Cursor<'a> {
    bytes: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ReplyError> {
        let Some((head, rest)) = self.bytes.split_at_checked(n) else {
            return Err(malformed("a handshake message ends early"));
        };
        self.bytes = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, ReplyError> {
        Ok(self.take(1)?.first().copied().unwrap_or_default())
    }

    fn u16(&mut self) -> Result<u16, ReplyError> {
        let bytes = self.take(2)?;
        Ok(u16::from_be_bytes([
            bytes.first().copied().unwrap_or_default(),
            bytes.get(1).copied().unwrap_or_default(),
        ]))
    }

    fn u24(&mut self) -> Result<usize, ReplyError> {
        let bytes = self.take(3)?;
        Ok(bytes
            .iter()
            .fold(0usize, |acc, byte| acc << 8 | usize::from(*byte)))
    }
}

fn parse_server_hello(body: &[u8]) -> Result<ServerHello, ReplyError> {
    let mut cursor = Cursor { bytes: body };
    let legacy_version = cursor.u16()?;
    let random = cursor.take(32)?;
    let session_len = usize::from(cursor.u8()?);
    cursor.take(session_len)?;
    let cipher_suite = cursor.u16()?;
    let _compression = cursor.u8()?;
    let mut extensions = Vec::new();
    if !cursor.bytes.is_empty() {
        let total = usize::from(cursor.u16()?);
        let mut list = Cursor {
            bytes: cursor.take(total)?,
        };
        while !list.bytes.is_empty() {
            let kind = list.u16()?;
            let len = usize::from(list.u16()?);
            extensions.push((kind, list.take(len)?.to_vec()));
        }
    }
    let mut hello = ServerHello {
        version: legacy_version,
        cipher_suite,
        retry: random == RETRY_RANDOM,
        extensions,
    };
    if let Some(&[high, low]) = hello.extension(0x002b) {
        hello.version = u16::from_be_bytes([high, low]);
    }
    Ok(hello)
}

fn parse_certificate_list(body: &[u8]) -> Result<Vec<Vec<u8>>, ReplyError> {
    let mut cursor = Cursor { bytes: body };
    let total = cursor.u24()?;
    let mut list = Cursor {
        bytes: cursor.take(total)?,
    };
    let mut certificates = Vec::new();
    while !list.bytes.is_empty() {
        let len = list.u24()?;
        certificates.push(list.take(len)?.to_vec());
    }
    Ok(certificates)
}

fn parse_key_exchange(body: &[u8], version: u16, suite: u16) -> Result<KeyExchange, ReplyError> {
    let mut cursor = Cursor { bytes: body };
    let mut facts = KeyExchange::default();
    match CIPHERS.get(&suite).map(|registered| registered.kx) {
        Some(TlsCipherKx::Ecdhe) => {
            if cursor.u8()? != 3 {
                // Explicit curves: nothing a modern client accepts; no group to name.
                return Ok(facts);
            }
            facts.group = Some(cursor.u16()?);
            let point = usize::from(cursor.u8()?);
            cursor.take(point)?;
        }
        Some(TlsCipherKx::Dhe) => {
            let prime_len = usize::from(cursor.u16()?);
            let prime = cursor.take(prime_len)?;
            let leading = prime.iter().take_while(|byte| **byte == 0).count();
            let significant = prime.get(leading..).unwrap_or_default();
            facts.dh_bits = Some(
                significant.len() * 8
                    - significant
                        .first()
                        .map_or(0, |byte| usize::try_from(byte.leading_zeros()).unwrap_or(0)),
            );
            for _ in 0..2 {
                let len = usize::from(cursor.u16()?);
                cursor.take(len)?;
            }
        }
        // Other key exchanges carry nothing a probe asks about.
        _ => return Ok(facts),
    }
    if version >= 0x0303 && cursor.bytes.len() >= 2 {
        facts.signature_scheme = Some(cursor.u16()?);
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(content_type: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![content_type, 3, 3];
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

    fn server_hello(random: [u8; 32], suite: u16, extensions: &[(u16, &[u8])]) -> Vec<u8> {
        let mut body = vec![3, 3];
        body.extend(random);
        body.push(0);
        body.extend(suite.to_be_bytes());
        body.push(0);
        let mut ext = Vec::new();
        for (kind, data) in extensions {
            ext.extend(kind.to_be_bytes());
            ext.extend(u16::try_from(data.len()).unwrap().to_be_bytes());
            ext.extend_from_slice(data);
        }
        body.extend(u16::try_from(ext.len()).unwrap().to_be_bytes());
        body.extend(ext);
        handshake(2, &body)
    }

    #[test]
    fn a_hello_retry_request_names_version_suite_and_group() {
        let hrr = server_hello(
            RETRY_RANDOM,
            0x1302,
            &[(0x002b, &[3, 4]), (0x0033, &[0x11, 0xec])],
        );
        let mut reader = ReplyReader::new(Stop::Done);
        let reply = reader.feed(&record(22, &hrr)).unwrap().unwrap();
        assert!(reply.hello.retry);
        assert_eq!(reply.hello.version, 0x0304);
        assert_eq!(reply.hello.cipher_suite, 0x1302);
        assert_eq!(reply.hello.key_share_group(), Some(0x11ec));
    }

    #[test]
    fn a_tls12_flight_gives_chain_curve_scheme_and_staple() {
        let mut messages = server_hello([7; 32], 0xc02f, &[(0x0001, &[4])]);
        let certs = [b"leaf".as_slice(), b"ca".as_slice()];
        let mut list = Vec::new();
        for cert in certs {
            list.extend(&u32::try_from(cert.len()).unwrap().to_be_bytes()[1..]);
            list.extend_from_slice(cert);
        }
        let mut body = u32::try_from(list.len()).unwrap().to_be_bytes()[1..].to_vec();
        body.extend(list);
        let certificate = handshake(11, &body);
        messages.extend(&certificate);
        messages.extend(handshake(22, &[1, 0, 0, 1, 0x30]));
        // ECDHE on x25519, a 32-byte point, signed with rsa_pss_rsae_sha256.
        let mut ske = vec![3, 0x00, 0x1d, 32];
        ske.extend([9; 32]);
        ske.extend([0x08, 0x04, 0, 2, 1, 2]);
        messages.extend(handshake(12, &ske));
        messages.extend(handshake(14, &[]));
        let mut reader = ReplyReader::new(Stop::Done);
        let mut reply = None;
        for chunk in messages.chunks(5) {
            if let Some(done) = reader.feed(&record(22, chunk)).unwrap() {
                reply = Some(done);
            }
        }
        let reply = reply.unwrap();
        assert_eq!(reply.hello.extension(0x0001), Some([4u8].as_slice()));
        assert_eq!(reply.certificates, vec![b"leaf".to_vec(), b"ca".to_vec()]);
        assert_eq!(reply.certificate_message_bytes, certificate.len());
        assert!(reply.ocsp_stapled);
        let kx = reply.key_exchange.unwrap();
        assert_eq!(kx.group, Some(0x001d));
        assert_eq!(kx.signature_scheme, Some(0x0804));
    }

    #[test]
    fn alerts_garbage_and_floods_are_errors() {
        let mut reader = ReplyReader::new(Stop::Hello);
        assert_eq!(
            reader.feed(&record(21, &[2, 70])),
            Err(ReplyError::Alert { code: 70 })
        );
        let mut reader = ReplyReader::new(Stop::Hello);
        assert!(matches!(
            reader.feed(b"220 smtp.test ESMTP\r\n"),
            Err(ReplyError::Malformed { .. })
        ));
        let mut reader = ReplyReader::new(Stop::Hello);
        assert!(matches!(
            reader.feed(&record(22, &handshake(11, &[0, 0, 0]))),
            Err(ReplyError::Malformed { .. })
        ));
        let mut reader = ReplyReader::new(Stop::Done);
        let hello = record(22, &server_hello([1; 32], 0x002f, &[]));
        reader.feed(&hello).unwrap();
        let empty = record(22, &[]);
        let mut result = Ok(None);
        for _ in 0..(MAX_REPLY_BYTES / empty.len() + 1) {
            result = reader.feed(&empty);
            if result.is_err() {
                break;
            }
        }
        assert!(matches!(result, Err(ReplyError::TooLarge { .. })));
        // Truncated hellos never panic.
        let full = server_hello([1; 32], 0x002f, &[(0x002b, &[3, 4])]);
        for cut in 4..full.len() {
            let mut body = full[..cut].to_vec();
            let len = u32::try_from(cut - 4).unwrap().to_be_bytes();
            body[1..4].copy_from_slice(&len[1..]);
            let _ = ReplyReader::new(Stop::Hello).feed(&record(22, &body));
        }
    }
}
