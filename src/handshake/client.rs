//! The client half of a handshake simulation: the ClientHello each device stack sends, captured
//! from the real library (`assets/devices/hello/<profile>.json`, written by
//! `examples/capture_hellos.rs`), and how much of a server's flight the device can take in.
//!
//! Each stack's file holds one capture for every combination of the build options that change
//! the hello. Options interact (GnuTLS without TLS 1.3 and with ECDSA suites only drops the
//! finite-field groups neither option drops alone), so nothing is composed: every combination
//! is read from the library.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tls_parser::{
    TlsExtension, TlsExtensionType, TlsMessage, TlsMessageHandshake,
    parse_tls_client_hello_extensions, parse_tls_message_handshake,
};

use crate::model::device::{Device, Stack};
use crate::model::handshake::ClientHelloProfile;

/// One captured hello as the capture tool writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapturedHello {
    /// The device as `--device` names it (`openssl-3.0:no-tls13,mfl=1024`).
    pub device: String,
    /// The hello, random fields left out.
    pub hello: ClientHelloProfile,
}

/// A stack's capture file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureFile {
    /// The library build the hellos were captured from.
    pub captured_from: String,
    /// One hello per combination of the options that change it, the default first.
    pub hellos: Vec<CapturedHello>,
}

/// Every stack's capture file, by profile name.
const CAPTURES: [(&str, &str); 5] = [
    (
        "mbedtls-2.28",
        include_str!("../../assets/devices/hello/mbedtls-2.28.json"),
    ),
    (
        "wolfssl-5.5",
        include_str!("../../assets/devices/hello/wolfssl-5.5.json"),
    ),
    (
        "bearssl-0.6",
        include_str!("../../assets/devices/hello/bearssl-0.6.json"),
    ),
    (
        "gnutls-3.7",
        include_str!("../../assets/devices/hello/gnutls-3.7.json"),
    ),
    (
        "openssl-3.0",
        include_str!("../../assets/devices/hello/openssl-3.0.json"),
    ),
];

/// The captures, parsed once. A file that does not parse counts as empty (a unit test holds
/// every one of them to parsing).
fn captures() -> &'static [CapturedHello] {
    static PARSED: OnceLock<Vec<CapturedHello>> = OnceLock::new();
    PARSED.get_or_init(|| {
        CAPTURES
            .iter()
            .filter_map(|(_, text)| serde_json::from_str::<CaptureFile>(text).ok())
            .flat_map(|file| file.hellos)
            .collect()
    })
}

/// The device with only the build options that change its hello, as the capture names it
/// (`gnutls-3.7:no-tls13,ecc-only,mfl=1024`): no preset, no verification options.
pub fn hello_device(device: &Device) -> Device {
    let mut plain = Device::new(device.stack);
    plain.options.no_tls13 = device.options.no_tls13;
    plain.options.ecc_only = device.options.ecc_only;
    plain.options.rsa_only = device.options.rsa_only;
    plain.options.max_fragment_length = device.options.max_fragment_length;
    plain
}

/// Every device the capture covers for a stack: each combination of the options that change
/// the hello and that the stack takes, the default first.
pub fn hello_devices(stack: Stack) -> Vec<Device> {
    let name = stack.profile_name();
    let mut out = Vec::new();
    for tls13 in ["", "no-tls13"] {
        for auth in ["", "ecc-only", "rsa-only"] {
            for mfl in ["", "mfl=512", "mfl=1024", "mfl=2048", "mfl=4096"] {
                let options: Vec<&str> = [tls13, auth, mfl]
                    .into_iter()
                    .filter(|o| !o.is_empty())
                    .collect();
                let text = if options.is_empty() {
                    name.to_string()
                } else {
                    format!("{name}:{}", options.join(","))
                };
                // An option the stack does not have (no-tls13 on mbedTLS 2.28) does not parse.
                if let Ok(device) = text.parse::<Device>() {
                    out.push(device);
                }
            }
        }
    }
    out
}

/// The ClientHello the device sends, as its library sent it with these build options.
pub fn client_hello(device: &Device) -> ClientHelloProfile {
    let name = hello_device(device).name();
    captures()
        .iter()
        .find(|c| c.device == name)
        .map(|c| c.hello.clone())
        .unwrap_or_default()
}

/// How much of the server's flight a device can take in, as its library does it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct InputLimit {
    /// The largest record carrying the Certificate message the device accepts, in bytes: its
    /// input buffer. A max_fragment_length request does not change it: the clients keep their
    /// buffer and only ask the server for smaller records (which the simulation counts when the
    /// server agrees). BearSSL asks because its buffer is small, yet takes a larger plaintext
    /// record (a TLS 1.2 Certificate) as it streams; measured against a server that ignores
    /// the request.
    pub record_bytes: usize,
    /// The largest handshake message (its 4-byte header included) the device can take in;
    /// `None` when the library streams messages through without holding them whole.
    pub handshake_message_bytes: Option<usize>,
    /// Whether a handshake message may arrive split over several records. mbedTLS 2.28 cannot
    /// reassemble one (TLS, not DTLS): the whole message must come in a single record.
    pub reassembles_handshake: bool,
}

/// The largest TLS record plaintext (RFC 8446 §5.1).
const MAX_RECORD_BYTES: usize = 16384;

/// mbedTLS 2.28's `MBEDTLS_SSL_IN_CONTENT_LEN` in Debian's build (the config.h default).
pub const MBEDTLS_IN_CONTENT_LEN: usize = 16384;

/// The largest Certificate message (header included) wolfSSL 5.5 took in, measured against
/// Debian's build with one padded certificate: 18466 bytes completed, 18468 bytes failed with
/// `HANDSHAKE_SIZE_ERROR` (-404), in TLS 1.2.
const WOLFSSL_MAX_HANDSHAKE: usize = 18466;

/// OpenSSL 3.0's `SSL_MAX_CERT_LIST_DEFAULT` (102400) is the largest Certificate message body
/// it reads; with the 4-byte header, measured: 102404 bytes completed, 102405 failed with
/// "excessive message size".
const OPENSSL_MAX_CERT_LIST: usize = 100 * 1024 + 4;

/// The largest Certificate message GnuTLS 3.7 took in with its default hello, measured against
/// Debian's build: 130179 bytes completed, 130180 failed with `GNUTLS_E_HANDSHAKE_TOO_LARGE`.
/// GnuTLS holds the whole handshake so far against 128 KiB
/// (`gnutls_handshake_set_max_packet_length`), so the hellos take their share.
const GNUTLS_MAX_HANDSHAKE_PACKET: usize = 130_179;

/// The largest handshake message and record the device takes in, with its build options.
pub fn input_limit(device: &Device) -> InputLimit {
    match device.stack {
        Stack::MbedTls => {
            let record_bytes = device
                .options
                .in_content_len
                .unwrap_or(MBEDTLS_IN_CONTENT_LEN);
            InputLimit {
                record_bytes,
                // The message is parsed from the one record that holds it.
                handshake_message_bytes: Some(record_bytes),
                reassembles_handshake: false,
            }
        }
        Stack::BearSsl => InputLimit {
            record_bytes: MAX_RECORD_BYTES,
            handshake_message_bytes: None,
            reassembles_handshake: true,
        },
        Stack::WolfSsl => InputLimit {
            record_bytes: MAX_RECORD_BYTES,
            handshake_message_bytes: Some(WOLFSSL_MAX_HANDSHAKE),
            reassembles_handshake: true,
        },
        Stack::GnuTls => InputLimit {
            record_bytes: MAX_RECORD_BYTES,
            handshake_message_bytes: Some(GNUTLS_MAX_HANDSHAKE_PACKET),
            reassembles_handshake: true,
        },
        Stack::OpenSsl => InputLimit {
            record_bytes: MAX_RECORD_BYTES,
            handshake_message_bytes: Some(OPENSSL_MAX_CERT_LIST),
            reassembles_handshake: true,
        },
    }
}

/// Why bytes are not a ClientHello.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HelloError {
    /// The bytes end before the ClientHello does.
    #[error("the ClientHello is incomplete ({have} bytes of handshake data)")]
    Incomplete {
        /// The handshake bytes read.
        have: usize,
    },
    /// A record that is not a handshake record came first.
    #[error("record type {content_type} where a handshake record was expected")]
    NotHandshake {
        /// The record's content type.
        content_type: u8,
    },
    /// The handshake message is not a well-formed ClientHello.
    #[error("the first handshake message is not a well-formed ClientHello")]
    Malformed,
}

/// The ClientHello at the start of what a client sent (TLS records, as read from the socket),
/// with its random fields (random, session id, key share bytes) left out.
pub fn parse_client_hello(stream: &[u8]) -> Result<ClientHelloProfile, HelloError> {
    let message = handshake_message(stream)?;
    let (_, parsed) = parse_tls_message_handshake(&message).map_err(|_| HelloError::Malformed)?;
    let TlsMessage::Handshake(TlsMessageHandshake::ClientHello(hello)) = parsed else {
        return Err(HelloError::Malformed);
    };
    let mut profile = ClientHelloProfile {
        legacy_version: hello.version.0,
        cipher_suites: hello.ciphers.iter().map(|c| c.0).collect(),
        ..ClientHelloProfile::default()
    };
    let extensions = match hello.ext {
        Some(bytes) => {
            parse_tls_client_hello_extensions(bytes)
                .map_err(|_| HelloError::Malformed)?
                .1
        }
        None => Vec::new(),
    };
    for ext in &extensions {
        profile.extensions.push(TlsExtensionType::from(ext).0);
        match ext {
            TlsExtension::SNI(_) => profile.server_name = true,
            TlsExtension::MaxFragmentLength(code) => profile.max_fragment_length = Some(*code),
            TlsExtension::StatusRequest(_) => profile.status_request = true,
            TlsExtension::EllipticCurves(groups) => {
                profile.supported_groups = groups.iter().map(|g| g.0).collect();
            }
            TlsExtension::EcPointFormats(formats) => profile.ec_point_formats = formats.to_vec(),
            TlsExtension::SignatureAlgorithms(algs) => profile.signature_algorithms = algs.clone(),
            TlsExtension::RecordSizeLimit(limit) => profile.record_size_limit = Some(*limit),
            TlsExtension::KeyShare(bytes) => profile.key_share_groups = key_share_groups(bytes)?,
            TlsExtension::SupportedVersions(versions) => {
                profile.supported_versions = versions.iter().map(|v| v.0).collect();
            }
            TlsExtension::ALPN(protocols) => {
                profile.alpn = protocols
                    .iter()
                    .map(|p| String::from_utf8_lossy(p).into_owned())
                    .collect();
            }
            TlsExtension::Unknown(kind, bytes) if kind.0 == SIGNATURE_ALGORITHMS_CERT => {
                profile.signature_algorithms_cert = u16_list(bytes)?;
            }
            _ => {}
        }
    }
    Ok(profile)
}

/// The `signature_algorithms_cert` extension's type (RFC 8446 §4.2.3), unknown to tls-parser.
const SIGNATURE_ALGORITHMS_CERT: u16 = 50;

/// The first handshake message, joined from as many handshake records as it spans.
fn handshake_message(stream: &[u8]) -> Result<Vec<u8>, HelloError> {
    let mut data = Vec::new();
    let mut rest = stream;
    loop {
        if let Some(length) = data.get(1..4) {
            let length = length
                .iter()
                .fold(0usize, |acc, b| acc << 8 | usize::from(*b));
            if data.len() >= length + 4 {
                data.truncate(length + 4);
                return Ok(data);
            }
        }
        let (Some(header), Some(body_rest)) = (rest.get(..5), rest.get(5..)) else {
            return Err(HelloError::Incomplete { have: data.len() });
        };
        let Ok([content_type, _, _, high, low]) = <[u8; 5]>::try_from(header) else {
            return Err(HelloError::Malformed);
        };
        if content_type != 22 {
            return Err(HelloError::NotHandshake { content_type });
        }
        let length = usize::from(u16::from_be_bytes([high, low]));
        let Some(body) = body_rest.get(..length) else {
            return Err(HelloError::Incomplete { have: data.len() });
        };
        data.extend_from_slice(body);
        rest = body_rest.get(length..).unwrap_or_default();
    }
}

/// The groups of a client's key_share extension body (a list of group, key pairs).
fn key_share_groups(bytes: &[u8]) -> Result<Vec<u16>, HelloError> {
    let (Some(len), Some(rest)) = (be16(bytes.get(..2)), bytes.get(2..)) else {
        return Err(HelloError::Malformed);
    };
    let mut rest = rest.get(..usize::from(len)).ok_or(HelloError::Malformed)?;
    let mut groups = Vec::new();
    while !rest.is_empty() {
        let (Some(group), Some(key_len), Some(after)) =
            (be16(rest.get(..2)), be16(rest.get(2..4)), rest.get(4..))
        else {
            return Err(HelloError::Malformed);
        };
        groups.push(group);
        rest = after
            .get(usize::from(key_len)..)
            .ok_or(HelloError::Malformed)?;
    }
    Ok(groups)
}

/// A list of u16 behind a 2-byte length.
fn u16_list(bytes: &[u8]) -> Result<Vec<u16>, HelloError> {
    let (Some(len), Some(rest)) = (be16(bytes.get(..2)), bytes.get(2..)) else {
        return Err(HelloError::Malformed);
    };
    let body = rest.get(..usize::from(len)).ok_or(HelloError::Malformed)?;
    Ok(body
        .chunks_exact(2)
        .filter_map(|pair| be16(Some(pair)))
        .collect())
}

/// A big-endian u16 from exactly two bytes.
fn be16(bytes: Option<&[u8]>) -> Option<u16> {
    bytes
        .and_then(|b| <[u8; 2]>::try_from(b).ok())
        .map(u16::from_be_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_combination_is_captured() {
        for (name, text) in CAPTURES {
            let file: CaptureFile = serde_json::from_str(text).unwrap();
            let stack = Stack::ALL
                .into_iter()
                .find(|s| s.profile_name() == name)
                .unwrap();
            let names: Vec<String> = hello_devices(stack).iter().map(Device::name).collect();
            let captured: Vec<String> = file.hellos.iter().map(|c| c.device.clone()).collect();
            assert_eq!(captured, names);
            assert!(
                file.hellos
                    .iter()
                    .all(|c| !c.hello.cipher_suites.is_empty())
            );
        }
    }

    #[test]
    fn options_that_do_not_change_the_hello_find_the_default() {
        let plain = client_hello(&"mbedtls-2.28".parse().unwrap());
        assert!(!plain.cipher_suites.is_empty());
        let esp: Device = "esp-idf".parse().unwrap();
        assert_eq!(client_hello(&esp), plain);
        let small: Device = "mbedtls-2.28:in-content-len=4096,no-time".parse().unwrap();
        assert_eq!(client_hello(&small), plain);
        let mfl = client_hello(&"mbedtls-2.28:no-time,mfl=1024".parse().unwrap());
        assert_eq!(mfl.max_fragment_length, Some(2));
    }

    #[test]
    fn mbedtls_limits_follow_its_buffer_and_the_fragment_length() {
        let plain = input_limit(&"mbedtls-2.28".parse().unwrap());
        assert_eq!(plain.record_bytes, 16384);
        assert!(!plain.reassembles_handshake);
        // The fragment length asked for is the simulation's business when the server agrees;
        // the buffer stays what the build made it.
        let small = input_limit(&"mbedtls-2.28:in-content-len=4096,mfl=2048".parse().unwrap());
        assert_eq!(small.record_bytes, 4096);
        assert_eq!(small.handshake_message_bytes, Some(4096));
        let buffer = input_limit(&"mbedtls-2.28:in-content-len=4096".parse().unwrap());
        assert_eq!(buffer.record_bytes, 4096);
        let bearssl = input_limit(&"bearssl-0.6".parse().unwrap());
        assert_eq!(bearssl.handshake_message_bytes, None);
        assert!(bearssl.reassembles_handshake);
        assert_eq!(
            input_limit(&"bearssl-0.6:mfl=1024".parse().unwrap()).record_bytes,
            16384
        );
        let wolfssl = input_limit(&"wolfssl-5.5:mfl=1024".parse().unwrap());
        assert_eq!(wolfssl.record_bytes, 16384);
        assert_eq!(wolfssl.handshake_message_bytes, Some(18466));
    }

    /// A ClientHello with every extension the profile reads, as records of at most
    /// `record_bytes` each.
    fn hello_records(record_bytes: usize) -> Vec<u8> {
        fn ext(kind: u16, body: &[u8]) -> Vec<u8> {
            let mut out = kind.to_be_bytes().to_vec();
            out.extend((body.len() as u16).to_be_bytes());
            out.extend(body);
            out
        }
        fn list16(items: &[u16]) -> Vec<u8> {
            let mut out = ((items.len() * 2) as u16).to_be_bytes().to_vec();
            items.iter().for_each(|i| out.extend(i.to_be_bytes()));
            out
        }
        let mut exts = Vec::new();
        exts.extend(ext(0, b"\x00\x0e\x00\x00\x0bserver.test"));
        exts.extend(ext(1, &[2]));
        exts.extend(ext(5, &[1, 0, 0, 0, 0]));
        exts.extend(ext(10, &list16(&[0x001d, 0x0017])));
        exts.extend(ext(11, &[1, 0]));
        exts.extend(ext(13, &list16(&[0x0403, 0x0804])));
        exts.extend(ext(50, &list16(&[0x0403])));
        exts.extend(ext(16, b"\x00\x03\x02h2"));
        exts.extend(ext(28, &0x4001u16.to_be_bytes()));
        exts.extend(ext(43, &[4, 0x03, 0x04, 0x03, 0x03]));
        // key_share: x25519 with 32 bytes, secp256r1 with 65.
        let mut shares = vec![0x00, 0x1d, 0x00, 0x20];
        shares.extend([7u8; 32]);
        shares.extend([0x00, 0x17, 0x00, 0x41]);
        shares.extend([9u8; 65]);
        let mut key_share = (shares.len() as u16).to_be_bytes().to_vec();
        key_share.extend(shares);
        exts.extend(ext(51, &key_share));
        let mut body = vec![0x03, 0x03];
        body.extend([1u8; 32]);
        body.push(32);
        body.extend([2u8; 32]);
        body.extend(list16(&[0x1301, 0xc02b, 0x00ff]));
        body.extend([1, 0]);
        body.extend((exts.len() as u16).to_be_bytes());
        body.extend(exts);
        let mut message = vec![1];
        message.extend(&(body.len() as u32).to_be_bytes()[1..]);
        message.extend(body);
        let mut out = Vec::new();
        for chunk in message.chunks(record_bytes) {
            out.extend([22, 3, 1]);
            out.extend((chunk.len() as u16).to_be_bytes());
            out.extend(chunk);
        }
        out
    }

    #[test]
    fn a_hello_reads_whole_or_over_records() {
        let whole = parse_client_hello(&hello_records(16384)).unwrap();
        assert_eq!(whole, parse_client_hello(&hello_records(50)).unwrap());
        assert_eq!(whole.legacy_version, 0x0303);
        assert_eq!(whole.cipher_suites, vec![0x1301, 0xc02b, 0x00ff]);
        assert_eq!(whole.supported_versions, vec![0x0304, 0x0303]);
        assert_eq!(whole.supported_groups, vec![0x001d, 0x0017]);
        assert_eq!(whole.key_share_groups, vec![0x001d, 0x0017]);
        assert_eq!(whole.signature_algorithms, vec![0x0403, 0x0804]);
        assert_eq!(whole.signature_algorithms_cert, vec![0x0403]);
        assert_eq!(whole.ec_point_formats, vec![0]);
        assert_eq!(whole.max_fragment_length, Some(2));
        assert_eq!(whole.record_size_limit, Some(0x4001));
        assert_eq!(whole.alpn, vec!["h2".to_string()]);
        assert!(whole.status_request && whole.server_name);
        assert_eq!(
            whole.extensions,
            vec![0, 1, 5, 10, 11, 13, 50, 16, 28, 43, 51]
        );
        assert_eq!(whole.min_version, None);
    }

    #[test]
    fn a_cut_or_damaged_hello_is_an_error_never_a_panic() {
        let bytes = hello_records(100);
        for end in 0..bytes.len() {
            assert!(parse_client_hello(&bytes[..end]).is_err(), "cut at {end}");
        }
        for at in 0..bytes.len() {
            for value in [0x00, 0x01, 0x7f, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] = value;
                let _ = parse_client_hello(&damaged);
            }
        }
    }

    #[test]
    fn garbage_is_no_hello_and_no_panic() {
        for bytes in [
            &b""[..],
            b"\x16\x03\x01\x00",
            b"\x17\x03\x03\x00\x01x",
            b"\x16\x03\x01\x00\x04\x01\x00\xff\xff",
        ] {
            assert!(parse_client_hello(bytes).is_err());
        }
    }
}
