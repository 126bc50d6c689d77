//! The chain written back out: one PEM bundle, or one DER file per certificate, either as the
//! source sent it or as chainlens built it.

use crate::model::{CertId, CertOrigin, Inspection};

/// Longest name part of a DER file name, so names stay readable and within file-system limits.
const MAX_NAME_CHARS: usize = 60;

/// The certificates to write, leaf first.
///
/// `as_sent`: the source's certificates in the order sent (duplicates and extras included, as
/// they are findings). Otherwise the chain as built: the best path of the first verdict, or the
/// first group when no path was found.
pub fn chain_ids(insp: &Inspection, as_sent: bool) -> Vec<CertId> {
    if as_sent {
        let mut sent: Vec<(usize, CertId)> = insp
            .cert_ids()
            .filter_map(|(id, c)| match c.origin {
                CertOrigin::Source { position } => Some((position, id)),
                _ => None,
            })
            .collect();
        sent.sort();
        return sent.into_iter().map(|(_, id)| id).collect();
    }
    insp.verdicts
        .first()
        .and_then(|v| v.paths.first())
        .map(|p| p.certificates.clone())
        .or_else(|| insp.groups.first().map(|g| g.certificates.clone()))
        .unwrap_or_default()
}

/// The chain as one PEM bundle, leaf first (see [`chain_ids`] for `as_sent`).
pub fn pem_bundle(insp: &Inspection, as_sent: bool) -> String {
    chain_ids(insp, as_sent)
        .into_iter()
        .filter_map(|id| insp.cert(id))
        .map(|c| c.to_pem())
        .collect()
}

/// The chain as DER files, leaf first: `(file name, bytes)`, with names such as
/// `01-leaf-star.iot.us-east-1.amazonaws.com.der` that are safe on every file system.
pub fn der_files(insp: &Inspection, as_sent: bool) -> Vec<(String, Vec<u8>)> {
    chain_ids(insp, as_sent)
        .into_iter()
        .filter_map(|id| insp.cert(id).map(|c| (id, c)))
        .enumerate()
        .map(|(index, (id, cert))| {
            let name = format!(
                "{:02}-{}-{}.der",
                index + 1,
                sanitise(insp.role(id).as_str()),
                sanitise(&cert.label())
            );
            (name, cert.der.clone())
        })
        .collect()
}

/// A file-name part: ASCII letters, digits, `.`, `_` and `-` only; `*` (wildcard names) as
/// `star`; runs of anything else as one `-`; no leading dot (hidden files) or dash (options).
fn sanitise(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c == '*' {
            out.push_str("star");
        } else if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out
        .trim_matches(|c| c == '-' || c == '.')
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    let trimmed = trimmed.trim_end_matches(['-', '.']);
    if trimmed.is_empty() {
        "certificate".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::sanitise;

    #[test]
    fn names_are_safe_file_names() {
        assert_eq!(
            sanitise("*.iot.us-east-1.amazonaws.com"),
            "star.iot.us-east-1.amazonaws.com"
        );
        assert_eq!(sanitise("Amazon Root CA 1"), "Amazon-Root-CA-1");
        assert_eq!(sanitise("../../etc/passwd"), "etc-passwd");
        assert_eq!(sanitise("trust anchor"), "trust-anchor");
        assert_eq!(sanitise("Ünïcödé"), "n-c-d");
        assert_eq!(sanitise("/// "), "certificate");
        assert_eq!(sanitise(&"a".repeat(200)).len(), 60);
    }
}
