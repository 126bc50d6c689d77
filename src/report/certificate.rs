//! One certificate as text, the way `openssl x509 -text -noout` prints it (plus fingerprints
//! and the SPKI pin), from the typed model: nothing here re-parses DER or a string.
//!
//! Everything is written into one pre-sized `String`, so a SAN list of thousands of names
//! renders in linear time.

use std::fmt::{self, Display, Write as _};

use base64::Engine as _;
use time::{OffsetDateTime, UtcOffset};

use crate::model::oids;
use crate::model::{
    Certificate, DistributionPoint, Extension, ExtensionValue, GeneralName, PolicyInfo,
    PolicyQualifier, PublicKeyInfo, SignedCertificateTimestamp, format_ip,
};

/// Lines of comma-separated lists (SAN entries, EKU purposes) wrap before this column.
pub(super) const WRAP_COLUMN: usize = 100;
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

/// A generous guess of the rendered size, so the buffer rarely grows.
pub(super) fn size_hint(cert: &Certificate) -> usize {
    1024 + cert.der.len().saturating_mul(3)
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

// ---------------------------------------------------------------------------------------------
// One certificate
// ---------------------------------------------------------------------------------------------

pub(super) fn write_certificate(out: &mut String, cert: &Certificate) -> fmt::Result {
    out.push_str("Certificate:\n    Data:\n");
    writeln!(
        out,
        "        Version: {} (0x{:x})",
        cert.version,
        cert.version.saturating_sub(1)
    )?;
    write_serial(out, &cert.serial_bytes)?;
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
    if let Some(ml_dsa) =
        crate::model::MlDsaKey::for_oid(&cert.signature_algorithm.oid, cert.signature.len())
    {
        // Post-quantum signatures are large; their size says which parameter set made them.
        writeln!(
            out,
            "        Signature size: {} bytes (FIPS 204 {}: {} bytes)",
            cert.signature.len(),
            ml_dsa.parameter_set,
            ml_dsa.signature_bytes
        )?;
    }
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
pub(super) fn write_serial(out: &mut String, bytes: &[u8]) -> fmt::Result {
    let bytes = bytes.to_vec();
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
    if let (Some(modulus), Some(_)) = (&key.rsa_modulus, key.rsa_exponent) {
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
    if let Some(ml_dsa) = &key.ml_dsa {
        // openssl 3.5 prints "ML-DSA-65 Public-Key:" as for EdDSA keys; the size in bytes and
        // the parameter set's strength follow, since ML-DSA keys have no size in bits.
        writeln!(out, "{INDENT}{} Public-Key:", ml_dsa.parameter_set)?;
        write!(
            out,
            "{INDENT}Key size: {} bytes, FIPS 204 parameter set {} (NIST security category {})",
            ml_dsa.key_bytes, ml_dsa.parameter_set, ml_dsa.security_category
        )?;
        if ml_dsa.key_bytes != ml_dsa.expected_key_bytes {
            write!(
                out,
                "; malformed: {} keys are {} bytes",
                ml_dsa.parameter_set, ml_dsa.expected_key_bytes
            )?;
        }
        out.push('\n');
    }
    match key.algorithm.oid.as_str() {
        _ if key.ml_dsa.is_some() => {}
        // X25519, X448, Ed25519, Ed448: openssl names the key type instead of a size.
        oids::KEY_X25519 | oids::KEY_X448 | oids::KEY_ED25519 | oids::KEY_ED448 => {
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
                oids.iter()
                    .map(|oid| crate::decode::oids::eku_name(oid).unwrap_or(oid)),
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
        match qualifier {
            PolicyQualifier::UserNotice(notice) => {
                writeln!(out, "{NESTED_INDENT}User Notice:")?;
                for field in notice.fields() {
                    writeln!(out, "{NESTED_INDENT}  {field}")?;
                }
            }
            other => writeln!(out, "{NESTED_INDENT}{other}")?,
        }
    }
    Ok(())
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
    match sct.time {
        Some(t) => write_openssl_time(out, t, true)?,
        None => out.push_str(&sct.timestamp),
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
