//! Human text rendering of an [`Inspection`]: each certificate the way
//! `openssl x509 -text -noout` prints it (plus fingerprints and the SPKI pin), then the
//! findings about the chain as sent, every link with its checks, and each store's verdict.
//!
//! Everything is written into one pre-sized `String`, so a SAN list of thousands of names or
//! a bundle of hundreds of roots renders in linear time.

use std::fmt::{self, Display, Write as _};

use base64::Engine as _;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use crate::model::{
    CertOrigin, Certificate, Check, CheckStatus, DistributionPoint, Extension, ExtensionValue,
    GeneralName, Inspection, IssuerRef, PathResult, PolicyInfo, PublicKeyInfo,
    SignedCertificateTimestamp, SourceKind, format_ip,
};

/// Lines of comma-separated lists (SAN entries, EKU purposes) wrap before this column.
const WRAP_COLUMN: usize = 100;
/// Bytes per line of colon hex for signatures and unknown extensions, as openssl prints them.
const SIGNATURE_BYTES_PER_LINE: usize = 18;
/// Bytes per line of colon hex for a public key, as openssl prints them.
const KEY_BYTES_PER_LINE: usize = 15;
/// Bytes per line of an SCT log ID, as openssl prints them.
const LOG_ID_BYTES_PER_LINE: usize = 16;

/// Indentation of an extension's value (under `X509v3 extensions:`).
const VALUE_INDENT: &str = "                ";
/// Indentation of items nested one level inside an extension's value.
const NESTED_INDENT: &str = "                  ";

/// Renders one certificate as `openssl x509 -text -noout` does, followed by its SHA-1 and
/// SHA-256 fingerprints and its SPKI SHA-256 pin.
pub fn certificate_text(cert: &Certificate) -> String {
    let mut out = String::with_capacity(size_hint(cert));
    // Writing into a String cannot fail.
    let _ = write_certificate(&mut out, cert);
    out
}

/// The decoded value of one extension as `openssl x509 -text` prints it, without its heading
/// line and with the common indentation removed: for panels that show one extension at a time.
pub fn extension_text(ext: &Extension) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_extension(&mut out, ext);
    dedent_body(&out)
}

/// The subject public key as `openssl x509 -text` prints it (algorithm, size, modulus or
/// point), without its heading line and with the common indentation removed.
pub fn public_key_text(key: &PublicKeyInfo) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_public_key(&mut out, key);
    dedent_body(&out)
}

/// Drops the first line and the indentation all remaining lines share.
fn dedent_body(text: &str) -> String {
    let body: Vec<&str> = text.lines().skip(1).collect();
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Renders a whole inspection: source and policy, every certificate, the findings about the
/// chain as sent, every link with its checks, and each trust store's verdict.
pub fn inspection_text(insp: &Inspection) -> String {
    let capacity = insp
        .certificates
        .iter()
        .map(|c| size_hint(&c.certificate) + 80)
        .sum::<usize>()
        + insp
            .links
            .iter()
            .map(|l| 80 + 100 * l.checks.len())
            .sum::<usize>()
        + 1024;
    let mut out = String::with_capacity(capacity);
    // Writing into a String cannot fail.
    let _ = write_inspection(&mut out, insp);
    out
}

/// A generous guess of the rendered size, so the buffer rarely grows.
fn size_hint(cert: &Certificate) -> usize {
    1024 + cert.der.len().saturating_mul(3)
}

// ---------------------------------------------------------------------------------------------
// One certificate
// ---------------------------------------------------------------------------------------------

fn write_certificate(out: &mut String, cert: &Certificate) -> fmt::Result {
    out.push_str("Certificate:\n    Data:\n");
    writeln!(
        out,
        "        Version: {} (0x{:x})",
        cert.version,
        cert.version.saturating_sub(1)
    )?;
    write_serial(out, &cert.serial)?;
    writeln!(
        out,
        "        Signature Algorithm: {}",
        cert.signature_algorithm.name
    )?;
    if !cert.signature_algorithms_match {
        out.push_str("            (differs from the signature algorithm inside tbsCertificate)\n");
    }
    writeln!(out, "        Issuer: {}", cert.issuer.one_line)?;
    out.push_str("        Validity\n");
    out.push_str("            Not Before: ");
    write_openssl_time(out, cert.validity.not_before, false)?;
    out.push_str("\n            Not After : ");
    write_openssl_time(out, cert.validity.not_after, false)?;
    out.push('\n');
    writeln!(out, "        Subject: {}", cert.subject.one_line)?;
    write_public_key(out, &cert.public_key)?;
    if cert.has_unique_ids {
        out.push_str("        Issuer/Subject Unique ID: present\n");
    }
    if !cert.extensions.is_empty() {
        out.push_str("        X509v3 extensions:\n");
        for ext in &cert.extensions {
            write_extension(out, ext)?;
        }
    }
    writeln!(
        out,
        "    Signature Algorithm: {}",
        cert.signature_algorithm.name
    )?;
    out.push_str("    Signature Value:\n");
    if cert.signature.is_empty() {
        write_hex_text_block(out, &cert.signature_hex, "        ", Case::Lower);
    } else {
        write_hex_lines(
            out,
            &cert.signature,
            "        ",
            SIGNATURE_BYTES_PER_LINE,
            Case::Lower,
        );
    }
    writeln!(out, "SHA1 Fingerprint={}", cert.sha1)?;
    writeln!(out, "SHA256 Fingerprint={}", cert.sha256)?;
    writeln!(
        out,
        "SPKI SHA-256 pin: {}",
        cert.public_key.spki_sha256_base64
    )?;
    Ok(())
}

/// The serial as openssl prints it: `N (0xN)` when it fits a signed 64-bit integer, otherwise
/// colon hex of its magnitude on the next line.
fn write_serial(out: &mut String, serial_hex: &str) -> fmt::Result {
    let Ok(bytes) = hex::decode(serial_hex) else {
        return writeln!(out, "        Serial Number:\n            {serial_hex}");
    };
    let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
    let magnitude = if negative {
        negate_twos_complement(&bytes)
    } else {
        bytes
    };
    let start = magnitude
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(magnitude.len());
    let significant = magnitude.get(start..).unwrap_or_default();
    let sign = if negative { "-" } else { "" };
    if significant.len() <= 8 {
        let value = significant
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        if i64::try_from(value).is_ok() {
            return writeln!(
                out,
                "        Serial Number: {sign}{value} ({sign}0x{value:x})"
            );
        }
    }
    out.push_str("        Serial Number:\n            ");
    if negative {
        out.push_str("(Negative) ");
    }
    write_colon_hex(out, significant, Case::Lower);
    out.push('\n');
    Ok(())
}

/// The magnitude of a negative two's-complement big-endian integer.
fn negate_twos_complement(bytes: &[u8]) -> Vec<u8> {
    let mut result: Vec<u8> = bytes.iter().map(|b| !b).collect();
    for byte in result.iter_mut().rev() {
        let (sum, overflow) = byte.overflowing_add(1);
        *byte = sum;
        if !overflow {
            break;
        }
    }
    result
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// openssl's `%b %e %H:%M:%S %Y GMT` (day space-padded), with milliseconds if asked.
fn write_openssl_time(out: &mut String, t: OffsetDateTime, millis: bool) -> fmt::Result {
    let t = t.checked_to_offset(UtcOffset::UTC).unwrap_or(t);
    let month = MONTHS
        .get(usize::from(u8::from(t.month())).saturating_sub(1))
        .copied()
        .unwrap_or("???");
    write!(
        out,
        "{month} {:>2} {:02}:{:02}:{:02}",
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )?;
    if millis {
        write!(out, ".{:03}", t.millisecond())?;
    }
    write!(out, " {} GMT", t.year())
}

fn write_public_key(out: &mut String, key: &PublicKeyInfo) -> fmt::Result {
    out.push_str("        Subject Public Key Info:\n");
    writeln!(
        out,
        "            Public Key Algorithm: {}",
        key.algorithm.name
    )?;
    const INDENT: &str = "                ";
    const BYTES_INDENT: &str = "                    ";
    let modulus = key
        .rsa_exponent
        .is_some()
        .then(|| rsa_modulus(&key.key_bytes))
        .flatten();
    if let Some(modulus) = modulus {
        if let Some(bits) = key.bits {
            writeln!(out, "{INDENT}Public-Key: ({bits} bit)")?;
        }
        writeln!(out, "{INDENT}Modulus:")?;
        write_hex_lines(out, modulus, BYTES_INDENT, KEY_BYTES_PER_LINE, Case::Lower);
        if let Some(exponent) = key.rsa_exponent {
            writeln!(out, "{INDENT}Exponent: {exponent} (0x{exponent:x})")?;
        }
        return Ok(());
    }
    match key.algorithm.oid.as_str() {
        // X25519, X448, Ed25519, Ed448: openssl names the key type instead of a size.
        "1.3.101.110" | "1.3.101.111" | "1.3.101.112" | "1.3.101.113" => {
            writeln!(out, "{INDENT}{} Public-Key:", key.algorithm.name)?;
        }
        _ => {
            if let Some(bits) = key.bits {
                writeln!(out, "{INDENT}Public-Key: ({bits} bit)")?;
            }
        }
    }
    if !key.key_bytes.is_empty() {
        writeln!(out, "{INDENT}pub:")?;
        write_hex_lines(
            out,
            &key.key_bytes,
            BYTES_INDENT,
            KEY_BYTES_PER_LINE,
            Case::Lower,
        );
    }
    if let Some(exponent) = key.rsa_exponent {
        writeln!(out, "{INDENT}Exponent: {exponent} (0x{exponent:x})")?;
    }
    if let Some(curve) = &key.curve {
        let (asn1, nist) = curve_names(curve);
        writeln!(out, "{INDENT}ASN1 OID: {asn1}")?;
        if let Some(nist) = nist {
            writeln!(out, "{INDENT}NIST CURVE: {nist}")?;
        }
    }
    Ok(())
}

/// openssl's ASN.1 name of a curve and, for NIST curves, the NIST name.
fn curve_names(curve: &str) -> (&str, Option<&str>) {
    match curve {
        "P-192" => ("prime192v1", Some("P-192")),
        "P-224" => ("secp224r1", Some("P-224")),
        "P-256" => ("prime256v1", Some("P-256")),
        "P-384" => ("secp384r1", Some("P-384")),
        "P-521" => ("secp521r1", Some("P-521")),
        other => (other, None),
    }
}

/// The modulus INTEGER content of a DER `RSAPublicKey ::= SEQUENCE { modulus, exponent }`.
fn rsa_modulus(key_bytes: &[u8]) -> Option<&[u8]> {
    let (0x30, sequence, _) = der_element(key_bytes)? else {
        return None;
    };
    let (0x02, modulus, _) = der_element(sequence)? else {
        return None;
    };
    Some(modulus)
}

/// Splits one DER element into (tag, content, rest); `None` if it is truncated or too long.
fn der_element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let (len_bytes, rest) = rest.split_at_checked(count)?;
        let len = len_bytes
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, rest)
    };
    let (content, rest) = rest.split_at_checked(len)?;
    Some((tag, content, rest))
}

// ---------------------------------------------------------------------------------------------
// Extensions
// ---------------------------------------------------------------------------------------------

fn write_extension(out: &mut String, ext: &Extension) -> fmt::Result {
    write!(out, "            {}:", ext.name)?;
    if ext.critical {
        out.push_str(" critical");
    }
    out.push('\n');
    match &ext.value {
        ExtensionValue::BasicConstraints { ca, path_len } => {
            out.push_str(VALUE_INDENT);
            out.push_str(if *ca { "CA:TRUE" } else { "CA:FALSE" });
            if let Some(path_len) = path_len {
                write!(out, ", pathlen:{path_len}")?;
            }
            out.push('\n');
        }
        ExtensionValue::KeyUsage(flags) => {
            let names = flags.names();
            if names.is_empty() {
                writeln!(out, "{VALUE_INDENT}(no usage bits set)")?;
            } else {
                write_wrapped_list(out, names, VALUE_INDENT)?;
            }
        }
        ExtensionValue::ExtendedKeyUsage(oids) => {
            write_wrapped_list(
                out,
                oids.iter().map(|oid| eku_name(oid).unwrap_or(oid)),
                VALUE_INDENT,
            )?;
        }
        ExtensionValue::SubjectAltName(names) | ExtensionValue::IssuerAltName(names) => {
            write_wrapped_list(out, names, VALUE_INDENT)?;
        }
        ExtensionValue::SubjectKeyIdentifier(id) => {
            out.push_str(VALUE_INDENT);
            write_colon_hex(out, id, Case::Upper);
            out.push('\n');
        }
        ExtensionValue::AuthorityKeyIdentifier {
            key_id,
            issuer,
            serial,
        } => {
            if let Some(key_id) = key_id {
                out.push_str(VALUE_INDENT);
                out.push_str("keyid:");
                write_colon_hex(out, key_id, Case::Upper);
                out.push('\n');
            }
            for name in issuer {
                writeln!(out, "{VALUE_INDENT}{name}")?;
            }
            if let Some(serial) = serial {
                out.push_str(VALUE_INDENT);
                out.push_str("serial:");
                write_hex_text_inline(out, serial, Case::Upper);
                out.push('\n');
            }
        }
        ExtensionValue::CrlDistributionPoints(points) => {
            for (i, point) in points.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                write_distribution_point(out, point)?;
            }
        }
        ExtensionValue::AuthorityInfoAccess(entries)
        | ExtensionValue::SubjectInfoAccess(entries) => {
            for (method, location) in entries {
                writeln!(out, "{VALUE_INDENT}{method} - {location}")?;
            }
        }
        ExtensionValue::CertificatePolicies(policies) => {
            for policy in policies {
                write_policy(out, policy)?;
            }
        }
        ExtensionValue::PolicyConstraints {
            require_explicit_policy,
            inhibit_policy_mapping,
        } => {
            let parts = [
                require_explicit_policy.map(|n| format!("Require Explicit Policy:{n}")),
                inhibit_policy_mapping.map(|n| format!("Inhibit Policy Mapping:{n}")),
            ];
            write_wrapped_list(out, parts.iter().flatten(), VALUE_INDENT)?;
        }
        ExtensionValue::PolicyMappings(mappings) => {
            write_wrapped_list(
                out,
                mappings.iter().map(|(from, to)| Pair(from, to)),
                VALUE_INDENT,
            )?;
        }
        ExtensionValue::InhibitAnyPolicy(skip_certs) => {
            writeln!(out, "{VALUE_INDENT}{skip_certs}")?;
        }
        ExtensionValue::NameConstraints {
            permitted,
            excluded,
        } => {
            for (title, subtrees) in [("Permitted", permitted), ("Excluded", excluded)] {
                if subtrees.is_empty() {
                    continue;
                }
                writeln!(out, "{VALUE_INDENT}{title}:")?;
                for name in subtrees {
                    out.push_str(NESTED_INDENT);
                    match name {
                        // openssl prints address/mask subtrees as `IP:`.
                        GeneralName::Ip(bytes) => write!(out, "IP:{}", format_ip(bytes))?,
                        other => write!(out, "{other}")?,
                    }
                    out.push('\n');
                }
            }
        }
        ExtensionValue::SctList(scts) => {
            for sct in scts {
                write_sct(out, sct)?;
            }
        }
        ExtensionValue::TlsFeature(features) => {
            write_wrapped_list(
                out,
                features.iter().map(|f| TlsFeatureName(*f)),
                VALUE_INDENT,
            )?;
        }
        ExtensionValue::CtPoison => {
            writeln!(out, "{VALUE_INDENT}NULL")?;
        }
        ExtensionValue::NetscapeCertType(types) => {
            write_wrapped_list(out, types, VALUE_INDENT)?;
        }
        ExtensionValue::NetscapeComment(comment) => {
            writeln!(out, "{VALUE_INDENT}{comment}")?;
        }
        ExtensionValue::Unknown { value_hex } => {
            write_hex_text_block(out, value_hex, VALUE_INDENT, Case::Lower);
        }
        ExtensionValue::Malformed { error, value_hex } => {
            writeln!(out, "{VALUE_INDENT}<malformed: {error}>")?;
            write_hex_text_block(out, value_hex, VALUE_INDENT, Case::Lower);
        }
    }
    Ok(())
}

fn write_distribution_point(out: &mut String, point: &DistributionPoint) -> fmt::Result {
    if !point.names.is_empty() {
        writeln!(out, "{VALUE_INDENT}Full Name:")?;
        for name in &point.names {
            writeln!(out, "{NESTED_INDENT}{name}")?;
        }
    }
    if let Some(reasons) = &point.reasons {
        out.push_str(VALUE_INDENT);
        out.push_str("Reasons: ");
        out.push_str(&reasons.join(", "));
        out.push('\n');
    }
    if !point.crl_issuer.is_empty() {
        writeln!(out, "{VALUE_INDENT}CRL Issuer:")?;
        for name in &point.crl_issuer {
            writeln!(out, "{NESTED_INDENT}{name}")?;
        }
    }
    Ok(())
}

fn write_policy(out: &mut String, policy: &PolicyInfo) -> fmt::Result {
    write!(out, "{VALUE_INDENT}Policy: {}", policy.oid)?;
    if let Some(name) = &policy.name {
        write!(out, " ({name})")?;
    }
    out.push('\n');
    for qualifier in &policy.qualifiers {
        match qualifier.strip_prefix("User Notice: ") {
            Some(notice) => {
                writeln!(out, "{NESTED_INDENT}User Notice:")?;
                for part in user_notice_parts(notice) {
                    writeln!(out, "{NESTED_INDENT}  {part}")?;
                }
            }
            None => writeln!(out, "{NESTED_INDENT}{qualifier}")?,
        }
    }
    Ok(())
}

/// Splits the decoder's `Organization: …; Numbers: …; Explicit Text: …` into its fields, only
/// at a `; ` that starts a known field, so a `; ` inside the text stays where it is.
fn user_notice_parts(notice: &str) -> Vec<&str> {
    const FIELDS: [&str; 3] = ["Organization: ", "Numbers: ", "Explicit Text: "];
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, _) in notice.match_indices("; ") {
        let next = notice.get(at + 2..).unwrap_or_default();
        if FIELDS.iter().any(|f| next.starts_with(f)) {
            parts.push(notice.get(start..at).unwrap_or_default());
            start = at + 2;
        }
    }
    parts.push(notice.get(start..).unwrap_or_default());
    parts
}

fn write_sct(out: &mut String, sct: &SignedCertificateTimestamp) -> fmt::Result {
    const FIELD: &str = "                    ";
    const CONTINUATION: &str = "                                ";
    writeln!(out, "{VALUE_INDENT}Signed Certificate Timestamp:")?;
    if sct.version == 0 {
        writeln!(out, "{FIELD}Version   : v1 (0x0)")?;
    } else {
        writeln!(out, "{FIELD}Version   : unknown (0x{:x})", sct.version)?;
    }
    write!(out, "{FIELD}Log ID    : ")?;
    match base64::engine::general_purpose::STANDARD.decode(&sct.log_id_base64) {
        Ok(id) => {
            for (i, chunk) in id.chunks(LOG_ID_BYTES_PER_LINE).enumerate() {
                if i > 0 {
                    out.push_str(":\n");
                    out.push_str(CONTINUATION);
                }
                write_colon_hex(out, chunk, Case::Upper);
            }
            out.push('\n');
        }
        Err(_) => writeln!(out, "{}", sct.log_id_base64)?,
    }
    if let Some(name) = &sct.log_name {
        writeln!(out, "{FIELD}Log Name  : {name}")?;
    }
    write!(out, "{FIELD}Timestamp : ")?;
    match OffsetDateTime::parse(&sct.timestamp, &Rfc3339) {
        Ok(t) => write_openssl_time(out, t, true)?,
        Err(_) => out.push_str(&sct.timestamp),
    }
    out.push('\n');
    writeln!(
        out,
        "{FIELD}Signature : {}",
        sct_signature_name(&sct.signature_algorithm)
    )?;
    Ok(())
}

/// The decoder's `hash/signature` (`sha256/ecdsa`) as openssl names it (`ecdsa-with-SHA256`).
fn sct_signature_name(algorithm: &str) -> String {
    match algorithm.split_once('/') {
        Some((hash, "ecdsa")) => format!("ecdsa-with-{}", hash.to_ascii_uppercase()),
        Some((hash, "rsa")) => format!("{hash}WithRSAEncryption"),
        Some((hash, "dsa")) => format!("dsa_with_{}", hash.to_ascii_uppercase()),
        _ => algorithm.to_string(),
    }
}

/// openssl's names for common extended key usage purposes.
fn eku_name(oid: &str) -> Option<&'static str> {
    let name = match oid {
        "1.3.6.1.5.5.7.3.1" => "TLS Web Server Authentication",
        "1.3.6.1.5.5.7.3.2" => "TLS Web Client Authentication",
        "1.3.6.1.5.5.7.3.3" => "Code Signing",
        "1.3.6.1.5.5.7.3.4" => "E-mail Protection",
        "1.3.6.1.5.5.7.3.5" => "IPSec End System",
        "1.3.6.1.5.5.7.3.6" => "IPSec Tunnel",
        "1.3.6.1.5.5.7.3.7" => "IPSec User",
        "1.3.6.1.5.5.7.3.8" => "Time Stamping",
        "1.3.6.1.5.5.7.3.9" => "OCSP Signing",
        "1.3.6.1.5.5.7.3.17" => "ipsec Internet Key Exchange",
        "1.3.6.1.5.5.7.3.21" => "SSH Client",
        "1.3.6.1.5.5.7.3.22" => "SSH Server",
        "2.5.29.37.0" => "Any Extended Key Usage",
        "1.3.6.1.4.1.311.2.1.21" => "Microsoft Individual Code Signing",
        "1.3.6.1.4.1.311.2.1.22" => "Microsoft Commercial Code Signing",
        "1.3.6.1.4.1.311.10.3.1" => "Microsoft Trust List Signing",
        "1.3.6.1.4.1.311.10.3.3" => "Microsoft Server Gated Crypto",
        "1.3.6.1.4.1.311.10.3.4" => "Microsoft Encrypted File System",
        "1.3.6.1.4.1.311.20.2.2" => "Microsoft Smartcard Login",
        "2.16.840.1.113730.4.1" => "Netscape Server Gated Crypto",
        "1.3.6.1.4.1.11129.2.4.4" => "CT Precertificate Signer",
        "1.3.6.1.5.2.3.5" => "Signing KDC Response",
        _ => return None,
    };
    Some(name)
}

/// A TLS Feature (RFC 7633) number with its TLS extension name.
struct TlsFeatureName(u16);

impl Display for TlsFeatureName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            5 => f.write_str("status_request"),
            17 => f.write_str("status_request_v2"),
            other => write!(f, "{other}"),
        }
    }
}

/// `a:b`, as openssl prints a policy mapping.
struct Pair<'a>(&'a str, &'a str);

impl Display for Pair<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.0, self.1)
    }
}

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

/// Writes `items` joined by `, ` on lines starting with `indent`, breaking before an item that
/// would pass [`WRAP_COLUMN`]. Linear in the output size.
fn write_wrapped_list<I>(out: &mut String, items: I, indent: &str) -> fmt::Result
where
    I: IntoIterator,
    I::Item: Display,
{
    let mut item_text = String::new();
    out.push_str(indent);
    let mut column = indent.len();
    let mut first = true;
    for item in items {
        item_text.clear();
        write!(item_text, "{item}")?;
        if !first {
            if column + 2 + item_text.len() > WRAP_COLUMN {
                out.push_str(",\n");
                out.push_str(indent);
                column = indent.len();
            } else {
                out.push_str(", ");
                column += 2;
            }
        }
        out.push_str(&item_text);
        column += item_text.len();
        first = false;
    }
    out.push('\n');
    Ok(())
}

/// Letter case of hex digits: openssl prints serials and signatures in lower case, key
/// identifiers and SCT log IDs in upper case.
#[derive(Clone, Copy)]
enum Case {
    Lower,
    Upper,
}

const LOWER_DIGITS: &[u8; 16] = b"0123456789abcdef";
const UPPER_DIGITS: &[u8; 16] = b"0123456789ABCDEF";

/// `aa:bb:cc` without a line break.
fn write_colon_hex(out: &mut String, bytes: &[u8], case: Case) {
    let digits = match case {
        Case::Lower => LOWER_DIGITS,
        Case::Upper => UPPER_DIGITS,
    };
    out.reserve(bytes.len() * 3);
    for (i, byte) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(hex_digit(digits, byte >> 4));
        out.push(hex_digit(digits, *byte));
    }
}

/// The digit for the low four bits of `nibble`.
// Justified: `nibble & 0x0f` is at most 15, and both digit tables hold 16 entries.
#[allow(clippy::indexing_slicing)]
fn hex_digit(digits: &[u8; 16], nibble: u8) -> char {
    char::from(digits[usize::from(nibble & 0x0f)])
}

/// Colon hex, `per_line` bytes a line, each line starting with `indent`, and every line but
/// the last ending in `:` as openssl does.
fn write_hex_lines(out: &mut String, bytes: &[u8], indent: &str, per_line: usize, case: Case) {
    let mut chunks = bytes.chunks(per_line.max(1)).peekable();
    while let Some(chunk) = chunks.next() {
        out.push_str(indent);
        write_colon_hex(out, chunk, case);
        if chunks.peek().is_some() {
            out.push(':');
        }
        out.push('\n');
    }
}

/// A hex string (as the model stores it) as wrapped colon hex; kept verbatim if it is not hex.
fn write_hex_text_block(out: &mut String, hex_text: &str, indent: &str, case: Case) {
    match hex::decode(hex_text) {
        Ok(bytes) => write_hex_lines(out, &bytes, indent, SIGNATURE_BYTES_PER_LINE, case),
        Err(_) => {
            out.push_str(indent);
            out.push_str(hex_text);
            out.push('\n');
        }
    }
}

/// A hex string (as the model stores it) as colon hex on one line; verbatim if it is not hex.
fn write_hex_text_inline(out: &mut String, hex_text: &str, case: Case) {
    match hex::decode(hex_text) {
        Ok(bytes) => write_colon_hex(out, &bytes, case),
        Err(_) => out.push_str(hex_text),
    }
}

// ---------------------------------------------------------------------------------------------
// The whole inspection
// ---------------------------------------------------------------------------------------------

fn write_inspection(out: &mut String, insp: &Inspection) -> fmt::Result {
    write_header(out, insp)?;

    let labels: Vec<String> = insp
        .certificates
        .iter()
        .map(|c| c.certificate.label())
        .collect();
    let roles = certificate_roles(insp);
    let total = insp.certificates.len();
    if total == 0 {
        out.push_str("\nNo certificates.\n");
    }
    for (i, inspected) in insp.certificates.iter().enumerate() {
        let label = labels.get(i).map_or("", String::as_str);
        let role = roles.get(i).map_or("", String::as_str);
        writeln!(
            out,
            "\n=== Certificate {} of {total}: {label} ({role}) ===",
            i + 1
        )?;
        write_certificate(out, &inspected.certificate)?;
    }

    out.push_str("\nFindings:\n");
    if insp.findings.is_empty() {
        out.push_str("  none\n");
    }
    for finding in &insp.findings {
        let severity = match finding.severity {
            CheckStatus::Pass => "info",
            other => other.as_str(),
        };
        writeln!(out, "  {severity:<7} {}", finding.message)?;
    }

    out.push_str("\nLinks:\n");
    if insp.links.is_empty() {
        out.push_str("  none\n");
    }
    for link in &insp.links {
        out.push_str("  ");
        write_cert_ref(out, insp, link.child)?;
        out.push_str(" → ");
        write_issuer_ref(out, insp, link.issuer)?;
        writeln!(out, " [{}]", status_upper(link.status))?;
        for check in &link.checks {
            write_check(out, "    ", check)?;
        }
    }

    out.push_str("\nVerdicts:\n");
    if insp.verdicts.is_empty() {
        out.push_str("  none\n");
    }
    for verdict in &insp.verdicts {
        let word = if verdict.trusted {
            "TRUSTED"
        } else {
            "NOT TRUSTED"
        };
        writeln!(out, "  {}: {word} — {}", verdict.store, verdict.reason)?;
        if verdict.paths.is_empty() {
            out.push_str("    no path to an anchor of this store\n");
        }
        for path in &verdict.paths {
            write_path(out, insp, &labels, path)?;
        }
        for note in &verdict.notes {
            writeln!(out, "    note: {note}")?;
        }
    }
    Ok(())
}

fn write_header(out: &mut String, insp: &Inspection) -> fmt::Result {
    let kind = match &insp.source.kind {
        SourceKind::File { .. } => "file",
        SourceKind::Stdin => "standard input",
        SourceKind::Paste => "pasted text",
        SourceKind::Sample => "sample chain",
        SourceKind::Tls { .. } => "TLS",
    };
    writeln!(out, "Source: {} ({kind})", insp.source.label)?;
    if let Some(conn) = &insp.source.connection {
        writeln!(out, "  Address:       {}", conn.address)?;
        if let Some(sni) = &conn.sni {
            writeln!(out, "  SNI:           {sni}")?;
        }
        writeln!(out, "  TLS version:   {}", conn.tls_version)?;
        writeln!(out, "  Cipher suite:  {}", conn.cipher_suite)?;
        if let Some(group) = &conn.key_exchange_group {
            writeln!(out, "  Key exchange:  {group}")?;
        }
        out.push_str("  ALPN:          ");
        out.push_str(conn.alpn.as_deref().unwrap_or("none"));
        if !conn.alpn_offered.is_empty() {
            write!(out, " (offered: {})", conn.alpn_offered.join(", "))?;
        }
        out.push('\n');
        if conn.ocsp_response_len > 0 {
            writeln!(out, "  OCSP stapled:  {} bytes", conn.ocsp_response_len)?;
        } else {
            out.push_str("  OCSP stapled:  none\n");
        }
        writeln!(out, "  Handshake:     {} ms", conn.handshake_ms)?;
    }
    let policy = &insp.policy;
    out.push_str("Policy:\n  Time:          ");
    match policy.time.format(&Rfc3339) {
        Ok(time) => out.push_str(&time),
        Err(_) => write!(out, "{}", policy.time)?,
    }
    writeln!(
        out,
        "\n  Host:          {}",
        policy.host.as_deref().unwrap_or("(none)")
    )?;
    writeln!(
        out,
        "  Purpose:       {} authentication",
        policy.purpose.as_str()
    )?;
    Ok(())
}

/// Each certificate's role, for the title lines: derived from the first group (the leaf's
/// chain), the origin, and the anchors that point at a certificate.
fn certificate_roles(insp: &Inspection) -> Vec<String> {
    let count = insp.certificates.len();
    let mut in_primary = vec![false; count];
    let primary = insp.groups.first();
    for &id in primary
        .map(|g| g.certificates.as_slice())
        .unwrap_or_default()
    {
        if let Some(slot) = in_primary.get_mut(id) {
            *slot = true;
        }
    }
    let leaf = primary.and_then(|g| g.certificates.first()).copied();
    let mut anchored_in: Vec<Vec<&str>> = vec![Vec::new(); count];
    for anchor in &insp.anchors {
        if let Some(stores) = anchor.certificate.and_then(|id| anchored_in.get_mut(id)) {
            if !stores.contains(&anchor.store.as_str()) {
                stores.push(&anchor.store);
            }
        }
    }

    insp.certificates
        .iter()
        .enumerate()
        .map(|(id, inspected)| {
            let cert = &inspected.certificate;
            let primary_member = in_primary.get(id).copied().unwrap_or(false);
            let mut role = match &inspected.origin {
                CertOrigin::TrustStore { store } => return format!("trust anchor from {store}"),
                CertOrigin::Untrusted => "untrusted extra".to_string(),
                CertOrigin::Source { .. } if leaf == Some(id) => "leaf".to_string(),
                CertOrigin::Source { .. } if cert.is_self_issued() => "root".to_string(),
                CertOrigin::Source { .. } if primary_member => "intermediate".to_string(),
                CertOrigin::Source { .. } if cert.is_ca() => {
                    "intermediate, not in the leaf's chain".to_string()
                }
                CertOrigin::Source { .. } => "not in the leaf's chain".to_string(),
            };
            if let Some(stores) = anchored_in.get(id).filter(|s| !s.is_empty()) {
                role.push_str(", trust anchor in ");
                role.push_str(&stores.join(", "));
            }
            role
        })
        .collect()
}

/// `label (#N)`: the label and the number of its `=== Certificate N of M ===` block.
fn write_cert_ref(out: &mut String, insp: &Inspection, id: usize) -> fmt::Result {
    match insp.cert(id) {
        Some(cert) => write!(out, "{} (#{})", cert.label(), id + 1),
        None => write!(out, "certificate {}", id + 1),
    }
}

fn write_issuer_ref(out: &mut String, insp: &Inspection, issuer: IssuerRef) -> fmt::Result {
    match issuer {
        IssuerRef::Certificate(id) => write_cert_ref(out, insp, id),
        IssuerRef::Anchor(id) => {
            out.push_str(&insp.issuer_label(issuer));
            match insp.anchors.get(id) {
                Some(anchor) => write!(out, " (anchor in {})", anchor.store),
                None => {
                    out.push_str(" (anchor)");
                    Ok(())
                }
            }
        }
    }
}

fn write_check(out: &mut String, indent: &str, check: &Check) -> fmt::Result {
    writeln!(
        out,
        "{indent}{:<7} {}: {}",
        check.status.as_str(),
        check.name.as_str(),
        check.reason
    )
}

fn write_path(
    out: &mut String,
    insp: &Inspection,
    labels: &[String],
    path: &PathResult,
) -> fmt::Result {
    out.push_str("    path: ");
    for (i, &id) in path.certificates.iter().enumerate() {
        if i > 0 {
            out.push_str(" → ");
        }
        match labels.get(id) {
            Some(label) => out.push_str(label),
            None => write!(out, "certificate {}", id + 1)?,
        }
    }
    let anchor = insp.anchors.get(path.anchor);
    let ends_at_anchor_cert = anchor
        .and_then(|a| a.certificate)
        .is_some_and(|id| path.certificates.last() == Some(&id));
    if !ends_at_anchor_cert {
        if !path.certificates.is_empty() {
            out.push_str(" → ");
        }
        out.push_str(&insp.issuer_label(IssuerRef::Anchor(path.anchor)));
        out.push_str(" (anchor)");
    }
    writeln!(out, " [{}]", if path.valid { "valid" } else { "invalid" })?;
    for check in path.checks.iter().filter(|c| c.status != CheckStatus::Pass) {
        write_check(out, "      ", check)?;
    }
    if !path.valid {
        // Say which links broke the path, so the reader need not search the Links section.
        for link in path.links.iter().filter_map(|&l| insp.links.get(l)) {
            for check in link.problems() {
                out.push_str("      ");
                write!(
                    out,
                    "{:<7} {} (",
                    check.status.as_str(),
                    check.name.as_str()
                )?;
                write_cert_ref(out, insp, link.child)?;
                out.push_str(" → ");
                write_issuer_ref(out, insp, link.issuer)?;
                writeln!(out, "): {}", check.reason)?;
            }
        }
    }
    Ok(())
}

fn status_upper(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "PASS",
        CheckStatus::Warn => "WARN",
        CheckStatus::Unknown => "UNKNOWN",
        CheckStatus::Fail => "FAIL",
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::model::{
        AlgorithmId, Anchor, ChainGroup, CheckName, ConnectionInfo, Finding, FindingKind,
        InspectedCertificate, KeyUsageFlags, Link, NameAttribute, Policy, Purpose, Source,
        StoreVerdict, Validity,
    };
    use crate::model::{DistinguishedName, PublicKeyInfo};

    fn name(cn: &str) -> DistinguishedName {
        let attribute = |short: &str, oid: &str, value: &str| NameAttribute {
            short_name: short.to_string(),
            oid: oid.to_string(),
            value: value.to_string(),
        };
        DistinguishedName::new(
            vec![
                vec![attribute("C", "2.5.4.6", "US")],
                vec![attribute("CN", "2.5.4.3", cn)],
            ],
            cn.as_bytes().to_vec(),
        )
    }

    fn ext(oid: &str, name: &str, critical: bool, value: ExtensionValue) -> Extension {
        Extension {
            oid: oid.to_string(),
            name: name.to_string(),
            critical,
            value,
        }
    }

    fn rsa_key() -> PublicKeyInfo {
        // RSAPublicKey { modulus: 00 80 01 … 0f (17 octets), exponent: 65537 }
        let mut modulus = vec![0x00, 0x80];
        modulus.extend(1u8..16);
        let mut inner = vec![0x02, 17];
        inner.extend(&modulus);
        inner.extend([0x02, 0x03, 0x01, 0x00, 0x01]);
        let mut key_bytes = vec![0x30, u8::try_from(inner.len()).unwrap()];
        key_bytes.extend(inner);
        PublicKeyInfo {
            algorithm: AlgorithmId {
                name: "rsaEncryption".to_string(),
                oid: "1.2.840.113549.1.1.1".to_string(),
                params_der: Some(vec![0x05, 0x00]),
            },
            bits: Some(128),
            curve: None,
            rsa_exponent: Some(65537),
            spki_sha256_base64: "q1w2e3r4t5y6u7i8o9p0AAAAAAAAAAAAAAAAAAAAAAA=".to_string(),
            key_bytes,
            spki_der: Vec::new(),
        }
    }

    fn cert(subject: &str, issuer: &str, extensions: Vec<Extension>) -> Certificate {
        let signature: Vec<u8> = (0u8..40).collect();
        Certificate {
            version: 3,
            serial: "040b1f".to_string(),
            signature_algorithm: AlgorithmId {
                name: "sha256WithRSAEncryption".to_string(),
                oid: "1.2.840.113549.1.1.11".to_string(),
                params_der: Some(vec![0x05, 0x00]),
            },
            signature_algorithms_match: true,
            issuer: name(issuer),
            subject: name(subject),
            validity: Validity {
                not_before: datetime!(2015-10-22 00:00:00 UTC),
                not_after: datetime!(2026-03-05 12:34:56 UTC),
            },
            public_key: rsa_key(),
            extensions,
            has_unique_ids: false,
            sha1: "AA:BB:CC".to_string(),
            sha256: "DD:EE:FF".to_string(),
            signature_hex: hex::encode(&signature),
            der: vec![0; 64],
            tbs_der: Vec::new(),
            signature,
        }
    }

    fn leaf() -> Certificate {
        let log_id: Vec<u8> = (0u8..32).collect();
        cert(
            "leaf.example",
            "Intermediate CA",
            vec![
                ext(
                    "2.5.29.19",
                    "X509v3 Basic Constraints",
                    true,
                    ExtensionValue::BasicConstraints {
                        ca: false,
                        path_len: None,
                    },
                ),
                ext(
                    "2.5.29.15",
                    "X509v3 Key Usage",
                    true,
                    ExtensionValue::KeyUsage(KeyUsageFlags {
                        digital_signature: true,
                        key_encipherment: true,
                        ..KeyUsageFlags::default()
                    }),
                ),
                ext(
                    "2.5.29.37",
                    "X509v3 Extended Key Usage",
                    false,
                    ExtensionValue::ExtendedKeyUsage(vec![
                        "1.3.6.1.5.5.7.3.1".to_string(),
                        "1.3.6.1.5.5.7.3.2".to_string(),
                        "1.2.3.4".to_string(),
                    ]),
                ),
                ext(
                    "2.5.29.17",
                    "X509v3 Subject Alternative Name",
                    false,
                    ExtensionValue::SubjectAltName(vec![
                        GeneralName::Dns("a.example".to_string()),
                        GeneralName::Dns("b.example".to_string()),
                        GeneralName::Ip(vec![1, 2, 3, 4]),
                    ]),
                ),
                ext(
                    "2.5.29.14",
                    "X509v3 Subject Key Identifier",
                    false,
                    ExtensionValue::SubjectKeyIdentifier(vec![0xab, 0xcd, 0x01]),
                ),
                ext(
                    "2.5.29.35",
                    "X509v3 Authority Key Identifier",
                    false,
                    ExtensionValue::AuthorityKeyIdentifier {
                        key_id: Some(vec![0x12, 0xef]),
                        issuer: Vec::new(),
                        serial: None,
                    },
                ),
                ext(
                    "2.5.29.31",
                    "X509v3 CRL Distribution Points",
                    false,
                    ExtensionValue::CrlDistributionPoints(vec![DistributionPoint {
                        names: vec![GeneralName::Uri("http://crl.example/ca.crl".to_string())],
                        reasons: None,
                        crl_issuer: Vec::new(),
                    }]),
                ),
                ext(
                    "1.3.6.1.5.5.7.1.1",
                    "Authority Information Access",
                    false,
                    ExtensionValue::AuthorityInfoAccess(vec![
                        (
                            "OCSP".to_string(),
                            GeneralName::Uri("http://ocsp.example".to_string()),
                        ),
                        (
                            "CA Issuers".to_string(),
                            GeneralName::Uri("http://ca.example/ca.der".to_string()),
                        ),
                    ]),
                ),
                ext(
                    "2.5.29.32",
                    "X509v3 Certificate Policies",
                    false,
                    ExtensionValue::CertificatePolicies(vec![PolicyInfo {
                        oid: "2.23.140.1.2.1".to_string(),
                        name: Some("CA/B Forum Domain Validated".to_string()),
                        qualifiers: vec![
                            "CPS: http://cps.example".to_string(),
                            "User Notice: Organization: Ex; ample; Numbers: 1, 2; Explicit Text: hi"
                                .to_string(),
                        ],
                    }]),
                ),
                ext(
                    "1.3.6.1.4.1.11129.2.4.2",
                    "CT Precertificate SCTs",
                    false,
                    ExtensionValue::SctList(vec![SignedCertificateTimestamp {
                        version: 0,
                        log_id_base64: base64::engine::general_purpose::STANDARD.encode(&log_id),
                        log_name: Some("Example 'Log' 2026".to_string()),
                        timestamp: "2022-09-08T17:11:11.789Z".to_string(),
                        signature_algorithm: "sha256/ecdsa".to_string(),
                    }]),
                ),
                ext(
                    "1.3.6.1.5.5.7.1.24",
                    "TLS Feature",
                    false,
                    ExtensionValue::TlsFeature(vec![5]),
                ),
                ext(
                    "1.2.3.4.5",
                    "1.2.3.4.5",
                    false,
                    ExtensionValue::Unknown {
                        value_hex: "0400ff".to_string(),
                    },
                ),
            ],
        )
    }

    fn intermediate() -> Certificate {
        cert(
            "Intermediate CA",
            "Root CA",
            vec![
                ext(
                    "2.5.29.19",
                    "X509v3 Basic Constraints",
                    true,
                    ExtensionValue::BasicConstraints {
                        ca: true,
                        path_len: Some(0),
                    },
                ),
                ext(
                    "2.5.29.30",
                    "X509v3 Name Constraints",
                    true,
                    ExtensionValue::NameConstraints {
                        permitted: vec![
                            GeneralName::Dns("example".to_string()),
                            GeneralName::Ip(vec![10, 0, 0, 0, 255, 0, 0, 0]),
                        ],
                        excluded: vec![GeneralName::Dns("bad.example".to_string())],
                    },
                ),
            ],
        )
    }

    fn inspection(certificates: Vec<Certificate>) -> Inspection {
        let root = name("Root CA");
        let signature = |by: &str| {
            Check::new(
                CheckName::Signature,
                CheckStatus::Pass,
                format!("valid sha256WithRSAEncryption signature by {by}"),
            )
        };
        Inspection {
            source: Source {
                connection: Some(ConnectionInfo {
                    address: "192.0.2.1:443".to_string(),
                    sni: Some("leaf.example".to_string()),
                    tls_version: "TLSv1.3".to_string(),
                    cipher_suite: "TLS13_AES_128_GCM_SHA256".to_string(),
                    key_exchange_group: Some("X25519".to_string()),
                    alpn_offered: vec!["h2".to_string(), "http/1.1".to_string()],
                    alpn: Some("h2".to_string()),
                    ocsp_response: None,
                    ocsp_response_len: 0,
                    handshake_ms: 62,
                }),
                ..Source::new(
                    SourceKind::Tls {
                        host: "leaf.example".to_string(),
                        port: 443,
                    },
                    "leaf.example:443",
                )
            },
            policy: Policy {
                time: datetime!(2025-01-02 03:04:05 UTC),
                host: Some("leaf.example".to_string()),
                purpose: Purpose::Server,
            },
            certificates: certificates
                .into_iter()
                .enumerate()
                .map(|(position, certificate)| InspectedCertificate {
                    certificate,
                    origin: CertOrigin::Source { position },
                })
                .collect(),
            anchors: vec![Anchor {
                store: "Mozilla".to_string(),
                public_key: rsa_key(),
                subject: root,
                certificate: None,
            }],
            groups: vec![ChainGroup {
                certificates: vec![0, 1],
                issuer_missing: true,
            }],
            findings: vec![Finding {
                kind: FindingKind::MissingIssuer,
                severity: CheckStatus::Warn,
                message: "the issuer of Intermediate CA was not sent".to_string(),
            }],
            links: vec![
                Link::new(
                    0,
                    IssuerRef::Certificate(1),
                    vec![signature("Intermediate CA")],
                ),
                Link::new(
                    1,
                    IssuerRef::Anchor(0),
                    vec![
                        signature("Root CA"),
                        Check::new(CheckName::KeyIdentifiers, CheckStatus::Warn, "no AKI"),
                    ],
                ),
            ],
            verdicts: vec![StoreVerdict {
                store: "Mozilla".to_string(),
                trusted: true,
                reason: "chains to Root CA".to_string(),
                paths: vec![PathResult {
                    certificates: vec![0, 1],
                    anchor: 0,
                    links: vec![0, 1],
                    checks: vec![
                        Check::new(CheckName::HostName, CheckStatus::Pass, "matches"),
                        Check::new(CheckName::TrustAnchor, CheckStatus::Warn, "old anchor"),
                    ],
                    valid: true,
                }],
                notes: vec!["rustls-webpki agreed".to_string()],
            }],
        }
    }

    #[test]
    fn certificate_text_reads_like_openssl() {
        let text = certificate_text(&leaf());
        let expected = [
            "Certificate:\n    Data:\n        Version: 3 (0x2)\n",
            "        Serial Number: 264991 (0x40b1f)\n",
            "        Signature Algorithm: sha256WithRSAEncryption\n",
            "        Issuer: C = US, CN = Intermediate CA\n",
            "            Not Before: Oct 22 00:00:00 2015 GMT\n",
            "            Not After : Mar  5 12:34:56 2026 GMT\n",
            "        Subject: C = US, CN = leaf.example\n",
            "            Public Key Algorithm: rsaEncryption\n                Public-Key: (128 bit)\n",
            "                Modulus:\n                    00:80:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:\n                    0e:0f\n",
            "                Exponent: 65537 (0x10001)\n",
            "        X509v3 extensions:\n",
            "            X509v3 Basic Constraints: critical\n                CA:FALSE\n",
            "            X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment\n",
            "            X509v3 Extended Key Usage:\n                TLS Web Server Authentication, TLS Web Client Authentication, 1.2.3.4\n",
            "            X509v3 Subject Alternative Name:\n                DNS:a.example, DNS:b.example, IP Address:1.2.3.4\n",
            "            X509v3 Subject Key Identifier:\n                AB:CD:01\n",
            "                keyid:12:EF\n",
            "                Full Name:\n                  URI:http://crl.example/ca.crl\n",
            "                OCSP - URI:http://ocsp.example\n                CA Issuers - URI:http://ca.example/ca.der\n",
            "                Policy: 2.23.140.1.2.1 (CA/B Forum Domain Validated)\n                  CPS: http://cps.example\n",
            "                  User Notice:\n                    Organization: Ex; ample\n                    Numbers: 1, 2\n                    Explicit Text: hi\n",
            "            CT Precertificate SCTs:\n                Signed Certificate Timestamp:\n                    Version   : v1 (0x0)\n",
            "                    Log ID    : 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:\n                                10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F\n",
            "                    Log Name  : Example 'Log' 2026\n",
            "                    Timestamp : Sep  8 17:11:11.789 2022 GMT\n",
            "                    Signature : ecdsa-with-SHA256\n",
            "            TLS Feature:\n                status_request\n",
            "            1.2.3.4.5:\n                04:00:ff\n",
            "    Signature Algorithm: sha256WithRSAEncryption\n    Signature Value:\n        00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:\n",
            "        24:25:26:27\nSHA1 Fingerprint=AA:BB:CC\nSHA256 Fingerprint=DD:EE:FF\n",
            "SPKI SHA-256 pin: q1w2e3r4t5y6u7i8o9p0AAAAAAAAAAAAAAAAAAAAAAA=\n",
        ];
        for line in expected {
            assert!(text.contains(line), "missing {line:?} in\n{text}");
        }
        assert!(!text.contains(" \n"), "trailing space in\n{text}");
    }

    #[test]
    fn name_constraints_and_path_length() {
        let text = certificate_text(&intermediate());
        assert!(
            text.contains("                CA:TRUE, pathlen:0\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "            X509v3 Name Constraints: critical\n                Permitted:\n                  DNS:example\n                  IP:10.0.0.0/255.0.0.0\n                Excluded:\n                  DNS:bad.example\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn serials_follow_openssl() {
        let serial = |hex: &str| {
            let mut out = String::new();
            write_serial(&mut out, hex).unwrap();
            out
        };
        assert_eq!(serial("00"), "        Serial Number: 0 (0x0)\n");
        assert_eq!(serial("ff"), "        Serial Number: -1 (-0x1)\n");
        assert_eq!(
            serial("7fffffffffffffff"),
            "        Serial Number: 9223372036854775807 (0x7fffffffffffffff)\n"
        );
        assert_eq!(
            serial("00ffffffffffffffff"),
            "        Serial Number:\n            ff:ff:ff:ff:ff:ff:ff:ff\n"
        );
        assert_eq!(
            serial("066c9fcf99bf8c0a39e2f0788a43e696365bca"),
            "        Serial Number:\n            06:6c:9f:cf:99:bf:8c:0a:39:e2:f0:78:8a:43:e6:96:36:5b:ca\n"
        );
        assert_eq!(
            serial("not hex"),
            "        Serial Number:\n            not hex\n"
        );
    }

    #[test]
    fn inspection_text_has_every_section() {
        let text = inspection_text(&inspection(vec![leaf(), intermediate()]));
        let expected = [
            "Source: leaf.example:443 (TLS)\n",
            "  Address:       192.0.2.1:443\n",
            "  TLS version:   TLSv1.3\n",
            "  ALPN:          h2 (offered: h2, http/1.1)\n",
            "  OCSP stapled:  none\n",
            "  Handshake:     62 ms\n",
            "  Time:          2025-01-02T03:04:05Z\n",
            "  Host:          leaf.example\n",
            "  Purpose:       server authentication\n",
            "\n=== Certificate 1 of 2: leaf.example (leaf) ===\nCertificate:\n",
            "\n=== Certificate 2 of 2: Intermediate CA (intermediate) ===\n",
            "Findings:\n  warn    the issuer of Intermediate CA was not sent\n",
            "Links:\n  leaf.example (#1) → Intermediate CA (#2) [PASS]\n",
            "    pass    signature: valid sha256WithRSAEncryption signature by Intermediate CA\n",
            "  Intermediate CA (#2) → Root CA (anchor in Mozilla) [WARN]\n",
            "    warn    key identifiers: no AKI\n",
            "Verdicts:\n  Mozilla: TRUSTED — chains to Root CA\n",
            "    path: leaf.example → Intermediate CA → Root CA (anchor) [valid]\n",
            "      warn    trust anchor: old anchor\n",
            "    note: rustls-webpki agreed\n",
        ];
        for line in expected {
            assert!(text.contains(line), "missing {line:?} in\n{text}");
        }
        // Passing path checks are not repeated under the path.
        assert!(!text.contains("host name: matches"), "{text}");
    }

    #[test]
    fn invalid_path_names_its_broken_links() {
        let mut insp = inspection(vec![leaf(), intermediate()]);
        let link = insp.links.get_mut(0).unwrap();
        link.checks.push(Check::new(
            CheckName::Validity,
            CheckStatus::Fail,
            "expired on 2024-01-01",
        ));
        let verdict = insp.verdicts.get_mut(0).unwrap();
        verdict.trusted = false;
        verdict.reason = "leaf.example expired".to_string();
        verdict.paths.get_mut(0).unwrap().valid = false;
        let text = inspection_text(&insp);
        assert!(
            text.contains("  Mozilla: NOT TRUSTED — leaf.example expired\n"),
            "{text}"
        );
        assert!(text.contains("[invalid]\n"), "{text}");
        assert!(
            text.contains(
                "      fail    validity (leaf.example (#1) → Intermediate CA (#2)): expired on 2024-01-01\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn roles_come_from_groups_and_origins() {
        let mut insp = inspection(vec![
            leaf(),
            intermediate(),
            cert("Root CA", "Root CA", vec![]),
        ]);
        insp.certificates.push(InspectedCertificate {
            certificate: cert("Extra CA", "Root CA", vec![]),
            origin: CertOrigin::Untrusted,
        });
        insp.certificates.push(InspectedCertificate {
            certificate: cert("Store Root", "Store Root", vec![]),
            origin: CertOrigin::TrustStore {
                store: "AWS IoT".to_string(),
            },
        });
        insp.anchors.push(Anchor {
            store: "Mozilla".to_string(),
            subject: name("Root CA"),
            public_key: rsa_key(),
            certificate: Some(2),
        });
        let text = inspection_text(&insp);
        for title in [
            "=== Certificate 3 of 5: Root CA (root, trust anchor in Mozilla) ===",
            "=== Certificate 4 of 5: Extra CA (untrusted extra) ===",
            "=== Certificate 5 of 5: Store Root (trust anchor from AWS IoT) ===",
        ] {
            assert!(text.contains(title), "missing {title:?} in\n{text}");
        }
    }

    #[test]
    fn long_san_lists_wrap_and_stay_linear() {
        let names = (0..1000)
            .map(|i| GeneralName::Dns(format!("host{i}.example.com")))
            .collect();
        let certificate = cert(
            "many.example.com",
            "Intermediate CA",
            vec![ext(
                "2.5.29.17",
                "X509v3 Subject Alternative Name",
                false,
                ExtensionValue::SubjectAltName(names),
            )],
        );
        let text = certificate_text(&certificate);
        assert!(text.contains("DNS:host0.example.com, DNS:host1.example.com"));
        assert!(text.contains("DNS:host999.example.com\n"));
        assert!(text.lines().all(|l| l.len() <= WRAP_COLUMN + 1), "{text}");
        assert_eq!(text.matches("DNS:host").count(), 1000);
    }

    #[test]
    fn a_bundle_of_roots_renders_every_certificate() {
        let roots = (0..150)
            .map(|i| {
                let label = format!("Root {i}");
                cert(&label, &label, intermediate().extensions)
            })
            .collect();
        let mut insp = inspection(roots);
        insp.groups.clear();
        let text = inspection_text(&insp);
        assert!(text.contains("=== Certificate 150 of 150: Root 149 (root) ==="));
    }

    #[test]
    fn user_notice_splits_only_at_known_fields() {
        assert_eq!(
            user_notice_parts("Explicit Text: a; b"),
            vec!["Explicit Text: a; b"]
        );
        assert_eq!(
            user_notice_parts("Organization: O; Numbers: 1; Explicit Text: t"),
            vec!["Organization: O", "Numbers: 1", "Explicit Text: t"]
        );
    }
}
