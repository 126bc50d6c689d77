//! PEM text: any number of blocks, text around them, CRLF, `TRUSTED CERTIFICATE` blocks.
//!
//! Scanned line by line rather than with the `pem` crate so that every error can name the
//! block and the line (`block 3: invalid base64 at line 41`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::{Format, IngestError, Ingested, pkcs7, tlv};

/// Whether the text holds a PEM BEGIN line.
pub(super) fn looks_like_pem(bytes: &[u8]) -> bool {
    bytes.windows(11).any(|w| w == b"-----BEGIN ")
}

/// Decodes text that is nothing but base64 (some tools save DER that way), if it is.
pub(super) fn bare_base64(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let compact: String = text.split_ascii_whitespace().collect();
    if compact.len() < 64 {
        return None;
    }
    STANDARD.decode(compact.as_bytes()).ok()
}

fn label_of<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let start = line.find(marker)?;
    let after = line.get(start + marker.len()..)?;
    let end = after.find("-----")?;
    after.get(..end)
}

/// Parses every block; certificates are kept, other blocks noted.
pub(super) fn parse(bytes: &[u8]) -> Result<Ingested, IngestError> {
    let text = String::from_utf8_lossy(bytes);
    let mut certificates = Vec::new();
    let mut notes = Vec::new();
    let mut crls = Vec::new();
    let mut other_labels = Vec::new();
    let mut format = Format::Pem;
    let mut block = 0;
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        let Some(label) = label_of(line, "-----BEGIN ") else {
            continue;
        };
        block += 1;
        let begin_line = index + 1;
        let label = label.trim().to_string();
        // Decoded as it goes, four characters at a time, so a bad line is named at once
        // and a large block costs linear time.
        let mut der = Vec::new();
        let mut pending = String::new();
        let mut padded = false;
        let mut ended = false;
        for (index, line) in lines.by_ref() {
            let line_no = index + 1;
            let line = line.trim();
            if let Some(end_label) = label_of(line, "-----END ") {
                if end_label.trim() != label {
                    return Err(IngestError::MissingEnd {
                        block,
                        label,
                        line: begin_line,
                    });
                }
                ended = true;
                break;
            }
            if line.starts_with("-----BEGIN ") {
                return Err(IngestError::MissingEnd {
                    block,
                    label,
                    line: begin_line,
                });
            }
            // RFC 1421 headers (Proc-Type, DEK-Info) and the blank line after them.
            if (der.is_empty() && pending.is_empty() && line.contains(':')) || line.is_empty() {
                continue;
            }
            let bad = IngestError::InvalidBase64 {
                block,
                line: line_no,
            };
            let alphabet = line
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
            if !alphabet || padded {
                return Err(bad);
            }
            pending.push_str(line);
            let whole = pending.len() - pending.len() % 4;
            let (ready, rest) = pending.split_at(whole);
            if !ready.is_empty() {
                padded = ready.ends_with('=');
                STANDARD
                    .decode_vec(ready.as_bytes(), &mut der)
                    .map_err(|_| bad)?;
            }
            pending = rest.to_string();
        }
        if !ended {
            return Err(IngestError::MissingEnd {
                block,
                label,
                line: begin_line,
            });
        }
        if !pending.is_empty() {
            return Err(IngestError::InvalidBase64 {
                block,
                line: begin_line,
            });
        }
        if der.is_empty() {
            return Err(IngestError::EmptyBlock {
                block,
                label,
                line: begin_line,
            });
        }
        match label.as_str() {
            "CERTIFICATE" | "X509 CERTIFICATE" | "X.509 CERTIFICATE" => {
                certificates.push(der);
            }
            // OpenSSL's TRUSTED CERTIFICATE is the certificate followed by trust settings.
            "TRUSTED CERTIFICATE" => {
                let (cert, _) = tlv::read_tlv(&der, 0)?;
                certificates.push(cert.whole.to_vec());
                notes.push(format!(
                    "block {block}: OpenSSL trust settings after the certificate were ignored"
                ));
            }
            "PKCS7" | "CMS" | "PKCS #7 SIGNED DATA" => {
                let contents = pkcs7::contents(&der)?;
                certificates.extend(contents.certificates);
                notes.extend(pkcs7::crl_notes(&contents.crls));
                crls.extend(contents.crls);
                format = Format::Pkcs7Pem;
            }
            _ => {
                notes.push(format!(
                    "block {block}: a {label} block at line {begin_line} was skipped"
                ));
                other_labels.push(label);
            }
        }
    }
    if certificates.is_empty() {
        if let Some(label) = other_labels.into_iter().next() {
            return Err(IngestError::NotACertificate { label });
        }
    }
    Ok(Ingested {
        format,
        certificates,
        notes,
        crls,
        holds_private_key: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CERT_BODY: &str = "MIIBszCCAVmgAwIBAgIUbase64AAAAAA";

    #[test]
    fn invalid_base64_names_block_and_line() {
        let text = format!(
            "hello\n-----BEGIN CERTIFICATE-----\n{CERT_BODY}\n-----END CERTIFICATE-----\n\
             -----BEGIN CERTIFICATE-----\nAAAA\nAA*A\n-----END CERTIFICATE-----\n"
        );
        let err = parse(text.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), "block 2: invalid base64 at line 7");
    }

    #[test]
    fn missing_end_is_reported() {
        let err = parse(b"-----BEGIN CERTIFICATE-----\nAAAA\n").unwrap_err();
        assert!(
            matches!(
                err,
                IngestError::MissingEnd {
                    block: 1,
                    line: 1,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn private_key_is_not_a_certificate() {
        let err =
            parse(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "not a certificate: this is a PEM PRIVATE KEY block"
        );
    }

    #[test]
    fn crlf_and_text_around_blocks() {
        let text = "Subject: x\r\n-----BEGIN CERTIFICATE-----\r\nMAMCAQE=\r\n-----END CERTIFICATE-----\r\ntrailer\r\n";
        let ingested = parse(text.as_bytes()).unwrap();
        assert_eq!(
            ingested.certificates,
            vec![vec![0x30, 0x03, 0x02, 0x01, 0x01]]
        );
    }
}
