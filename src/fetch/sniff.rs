//! Telling a TLS peer from a server that speaks something else on the port.

/// How many leading bytes to show in an error: enough for a status line or banner.
const SHOWN_BYTES: usize = 32;

/// Whether `prefix`, the first bytes a server sent, can start a TLS record.
///
/// A record starts with a content type (change_cipher_spec 20 … heartbeat 24) and a
/// major version of 3; anything else cannot be TLS, whatever rustls made of it. An empty
/// or one-byte prefix is given the benefit of the doubt.
pub(crate) fn could_be_tls(prefix: &[u8]) -> bool {
    let content_type_ok = prefix.first().is_none_or(|byte| (20..=24).contains(byte));
    let major_version_ok = prefix.get(1).is_none_or(|byte| *byte == 3);
    content_type_ok && major_version_ok
}

/// What the non-TLS bytes a server sent look like, for a person choosing the right port.
pub(crate) fn looks_like(prefix: &[u8]) -> &'static str {
    if prefix.starts_with(b"HTTP/") {
        "an HTTP response"
    } else if prefix.starts_with(b"SSH-") {
        "an SSH banner"
    } else if prefix.starts_with(b"220 ") || prefix.starts_with(b"220-") {
        "an SMTP or FTP banner"
    } else if prefix.starts_with(b"* OK") {
        "an IMAP greeting"
    } else if prefix.starts_with(b"+OK") {
        "a POP3 greeting"
    } else if prefix.first().is_some_and(|byte| *byte == 0x20) && prefix.len() >= 4 {
        // An MQTT CONNACK (packet type 2): a plain-MQTT broker answering our ClientHello.
        "an MQTT packet"
    } else {
        "data that is not TLS"
    }
}

/// The first bytes, printable ASCII kept and everything else escaped (`\r`, `\x00`).
pub(crate) fn escape_prefix(prefix: &[u8]) -> String {
    let shown = prefix.get(..SHOWN_BYTES).unwrap_or(prefix);
    let mut text: String = shown
        .iter()
        .flat_map(|byte| std::ascii::escape_default(*byte))
        .map(char::from)
        .collect();
    if prefix.len() > shown.len() {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_tls_records() {
        assert!(could_be_tls(&[0x16, 0x03, 0x03, 0x00, 0x40]));
        assert!(could_be_tls(&[0x15, 0x03, 0x01]));
        assert!(could_be_tls(&[]));
        assert!(could_be_tls(&[0x16]));
        assert!(!could_be_tls(b"HTTP/1.1 400 Bad Request"));
        assert!(!could_be_tls(&[0x16, 0x48]));
    }

    #[test]
    fn names_common_protocols() {
        assert_eq!(
            looks_like(b"HTTP/1.0 400 Bad Request\r\n"),
            "an HTTP response"
        );
        assert_eq!(looks_like(b"SSH-2.0-OpenSSH_9.6\r\n"), "an SSH banner");
        assert_eq!(
            looks_like(b"220 mail.example.com ESMTP\r\n"),
            "an SMTP or FTP banner"
        );
        assert_eq!(looks_like(b"\x00\x01\x02"), "data that is not TLS");
    }

    #[test]
    fn escapes_and_truncates() {
        assert_eq!(escape_prefix(b"SSH-2.0\r\n"), "SSH-2.0\\r\\n");
        assert_eq!(escape_prefix(&[0x00, 0xff]), "\\x00\\xff");
        let long = [b'a'; 40];
        assert_eq!(escape_prefix(&long), format!("{}…", "a".repeat(32)));
    }
}
