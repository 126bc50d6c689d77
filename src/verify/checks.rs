//! The checks of one link (child → issuer) and of one certificate in its role.

use time::OffsetDateTime;

use crate::model::{
    Certificate, Check, CheckName, CheckStatus, ExtensionValue, GeneralName, Policy, Purpose,
};

use super::signature::{self, Hash, SignatureOutcome};
use super::store::TrustAnchorEntry;

/// The anyExtendedKeyUsage purpose.
const ANY_EKU: &str = "2.5.29.37.0";

/// Extensions whose meaning chainlens processes, so they may be critical.
const UNDERSTOOD: &[&str] = &[
    "2.5.29.15", // keyUsage
    "2.5.29.17", // subjectAltName
    "2.5.29.19", // basicConstraints
    "2.5.29.30", // nameConstraints
    "2.5.29.37", // extendedKeyUsage
    "2.5.29.14", // subjectKeyIdentifier (criticality checked separately)
    "2.5.29.35", // authorityKeyIdentifier (criticality checked separately)
];

/// The role a certificate plays on a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The end-entity certificate.
    Leaf,
    /// A CA between the leaf and the anchor.
    Intermediate,
    /// The trust anchor's own certificate.
    Anchor,
}

/// The issuer side of a link, as the checks need it.
pub struct IssuerView<'a> {
    /// The issuer's certificate, when there is one.
    pub certificate: Option<&'a Certificate>,
    /// The anchor entry, when the issuer is a trust anchor.
    pub anchor: Option<&'a TrustAnchorEntry>,
}

impl IssuerView<'_> {
    fn subject(&self) -> Option<&crate::model::DistinguishedName> {
        self.certificate
            .map(|c| &c.subject)
            .or(self.anchor.map(|a| &a.subject))
    }

    fn public_key(&self) -> Option<&crate::model::PublicKeyInfo> {
        self.certificate
            .map(|c| &c.public_key)
            .or(self.anchor.map(|a| &a.public_key))
    }

    fn label(&self) -> String {
        self.subject()
            .map(|s| s.display_label())
            .unwrap_or_else(|| "the issuer".into())
    }
}

/// Formats an instant for people: `2023-08-14 23:59:59 UTC`.
pub fn human_time(t: OffsetDateTime) -> String {
    let fmt =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_else(|_| t.to_string())
}

/// Formats a date for people: `2023-08-14`.
pub fn human_date(t: OffsetDateTime) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_else(|_| t.to_string())
}

fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Validity of `cert` at the policy time (inclusive at both ends, whole seconds).
pub fn validity(cert: &Certificate, policy: &Policy) -> Check {
    let t = policy.time;
    let v = cert.validity;
    let name = CheckName::Validity;
    if v.not_before > v.not_after {
        return Check::new(
            name,
            CheckStatus::Fail,
            format!(
                "notBefore {} is after notAfter {}",
                human_time(v.not_before),
                human_time(v.not_after)
            ),
        );
    }
    if t > v.not_after {
        let days = (t - v.not_after).whole_days();
        let ago = if days >= 1 {
            plural(days, "day")
        } else {
            plural((t - v.not_after).whole_seconds(), "second")
        };
        return Check::new(
            name,
            CheckStatus::Fail,
            format!(
                "expired {}, {ago} before the validation time",
                human_date(v.not_after)
            ),
        );
    }
    if t < v.not_before {
        let days = (v.not_before - t).whole_days();
        let until = if days >= 1 {
            plural(days, "day")
        } else {
            plural((v.not_before - t).whole_seconds(), "second")
        };
        return Check::new(
            name,
            CheckStatus::Fail,
            format!(
                "not valid before {}, {until} after the validation time",
                human_time(v.not_before)
            ),
        );
    }
    let left = (v.not_after - t).whole_days();
    if left < 30 {
        return Check::new(
            name,
            CheckStatus::Warn,
            format!(
                "valid, but expires {} ({} after the validation time)",
                human_date(v.not_after),
                plural(left, "day")
            ),
        );
    }
    Check::new(
        name,
        CheckStatus::Pass,
        format!(
            "valid {} to {}",
            human_date(v.not_before),
            human_date(v.not_after)
        ),
    )
}

/// The signature of `child` under the issuer's key.
pub fn signature_check(child: &Certificate, issuer: &IssuerView<'_>) -> Check {
    let name = CheckName::Signature;
    let Some(key) = issuer.public_key() else {
        return Check::new(name, CheckStatus::Unknown, "the issuer's key is not known");
    };
    if !child.signature_algorithms_match {
        return Check::new(
            name,
            CheckStatus::Fail,
            "the signature algorithm inside tbsCertificate differs from the outer one",
        );
    }
    let alg = &child.signature_algorithm;
    match signature::verify(alg, key, &child.tbs_der, &child.signature) {
        SignatureOutcome::Valid => match signature::hash_of(alg) {
            Hash::Sha1 | Hash::Md5 => Check::new(
                name,
                CheckStatus::Warn,
                format!(
                    "valid {} signature by {}, but SHA-1/MD5 signatures are deprecated",
                    alg.name,
                    issuer.label()
                ),
            ),
            _ => Check::new(
                name,
                CheckStatus::Pass,
                format!("valid {} signature by {}", alg.name, issuer.label()),
            ),
        },
        SignatureOutcome::Invalid => Check::new(
            name,
            CheckStatus::Fail,
            format!(
                "the {} signature does not verify with the key of {}",
                alg.name,
                issuer.label()
            ),
        ),
        SignatureOutcome::Unsupported(why) => Check::new(name, CheckStatus::Unknown, why),
    }
}

/// Whether a certificate's signature verifies under its own key.
pub fn is_self_signed(cert: &Certificate) -> bool {
    cert.signature_algorithms_match
        && signature::verify(
            &cert.signature_algorithm,
            &cert.public_key,
            &cert.tbs_der,
            &cert.signature,
        ) == SignatureOutcome::Valid
}

/// Issuer name of the child against the issuer's subject.
pub fn name_chaining(child: &Certificate, issuer: &IssuerView<'_>) -> Check {
    let name = CheckName::NameChaining;
    match issuer.subject() {
        Some(subject) if child.issuer.is_empty() => Check::new(
            name,
            CheckStatus::Fail,
            format!(
                "the issuer name is empty; {} has subject {}",
                issuer.label(),
                subject.one_line
            ),
        ),
        Some(subject) if child.issuer.matches(subject) => Check::new(
            name,
            CheckStatus::Pass,
            format!("issuer name matches the subject of {}", issuer.label()),
        ),
        Some(subject) => Check::new(
            name,
            CheckStatus::Fail,
            format!(
                "issuer \"{}\" differs from the subject \"{}\"",
                child.issuer.one_line, subject.one_line
            ),
        ),
        None => Check::new(name, CheckStatus::Unknown, "the issuer's name is not known"),
    }
}

/// authorityKeyIdentifier of the child against the issuer's subjectKeyIdentifier.
pub fn key_identifiers(child: &Certificate, role: Role, issuer: &IssuerView<'_>) -> Check {
    let name = CheckName::KeyIdentifiers;
    let aki = child.authority_key_id();
    let ski = issuer.certificate.and_then(Certificate::subject_key_id);
    if let Some(ext) = child.extension("2.5.29.35") {
        if ext.critical {
            return Check::new(
                name,
                CheckStatus::Fail,
                "authorityKeyIdentifier is marked critical",
            );
        }
    }
    match (aki, ski) {
        (Some(a), Some(s)) if a == s => Check::new(
            name,
            CheckStatus::Pass,
            format!(
                "authority key id {} matches the issuer's subject key id",
                hex::encode_upper(a)
            ),
        ),
        (Some(a), Some(s)) => Check::new(
            name,
            CheckStatus::Fail,
            format!(
                "authority key id {} differs from the issuer's subject key id {}",
                hex::encode_upper(a),
                hex::encode_upper(s)
            ),
        ),
        (None, _) if role != Role::Anchor && !is_self_signed(child) => Check::new(
            name,
            CheckStatus::Fail,
            "no authorityKeyIdentifier (RFC 5280 requires it in every certificate a CA issues)",
        ),
        (None, _) => Check::new(
            name,
            CheckStatus::Pass,
            "self-signed: no authority key id needed",
        ),
        (Some(_), None) if issuer.certificate.is_none() => Check::new(
            name,
            CheckStatus::Pass,
            "the trust store keeps no key identifier for this anchor; the key verified the signature",
        ),
        (Some(_), None) => Check::new(
            name,
            CheckStatus::Warn,
            "the issuer has no subjectKeyIdentifier to compare with",
        ),
    }
}

/// Whether the issuer may issue certificates: CA bit, keyCertSign, version.
pub fn issuer_is_ca(issuer: &IssuerView<'_>) -> Check {
    let name = CheckName::IssuerIsCa;
    let Some(cert) = issuer.certificate else {
        return Check::new(name, CheckStatus::Pass, "trust anchor (name and key only)");
    };
    if cert.version < 3 {
        return Check::new(
            name,
            CheckStatus::Fail,
            format!(
                "{} is a version {} certificate and cannot be a CA",
                cert.label(),
                cert.version
            ),
        );
    }
    match cert.basic_constraints() {
        Some((true, _)) => Check::new(name, CheckStatus::Pass, "basicConstraints CA:TRUE"),
        Some((false, _)) => Check::new(
            name,
            CheckStatus::Fail,
            format!("{} has basicConstraints CA:FALSE", cert.label()),
        ),
        None => Check::new(
            name,
            CheckStatus::Fail,
            format!(
                "{} has no basicConstraints, so it is not a CA",
                cert.label()
            ),
        ),
    }
}

/// keyCertSign in the issuer's keyUsage.
pub fn key_usage(issuer: &IssuerView<'_>) -> Check {
    let name = CheckName::KeyUsage;
    match issuer.certificate.and_then(Certificate::key_usage) {
        None => Check::new(
            name,
            CheckStatus::Pass,
            "no keyUsage restriction on the issuer",
        ),
        Some(ku) if ku.key_cert_sign => Check::new(
            name,
            CheckStatus::Pass,
            "issuer keyUsage allows Certificate Sign",
        ),
        Some(ku) => Check::new(
            name,
            CheckStatus::Fail,
            format!(
                "issuer keyUsage ({}) lacks Certificate Sign",
                ku.names().join(", ")
            ),
        ),
    }
}

/// The issuer's pathLenConstraint against the CAs below it.
pub fn path_length(issuer: &IssuerView<'_>, cas_below: usize) -> Check {
    let name = CheckName::PathLength;
    match issuer.certificate.and_then(Certificate::basic_constraints) {
        Some((true, Some(max))) if cas_below > max as usize => Check::new(
            name,
            CheckStatus::Fail,
            format!(
                "pathlen:{max} allows {max} CA certificate(s) below {}, but the path has {cas_below}",
                issuer.label()
            ),
        ),
        Some((true, Some(max))) => Check::new(
            name,
            CheckStatus::Pass,
            format!("pathlen:{max}, {cas_below} CA certificate(s) below"),
        ),
        _ => Check::new(name, CheckStatus::Pass, "no path length limit"),
    }
}

/// The child's extendedKeyUsage against the purpose, by the child's role.
pub fn extended_key_usage(child: &Certificate, role: Role, purpose: Purpose) -> Check {
    let name = CheckName::ExtendedKeyUsage;
    let wanted = purpose.eku_oid();
    let ext = child.extension("2.5.29.37");
    let Some(ekus) = child.extended_key_usage() else {
        return match (role, purpose, ext) {
            (_, _, Some(_)) => Check::new(name, CheckStatus::Fail, "extendedKeyUsage is malformed"),
            (Role::Leaf, Purpose::Server, None) => Check::new(
                name,
                CheckStatus::Fail,
                "no extendedKeyUsage: the CA/Browser Forum profile requires serverAuth in the leaf",
            ),
            _ => Check::new(name, CheckStatus::Pass, "no extendedKeyUsage restriction"),
        };
    };
    let has_wanted = ekus.iter().any(|e| e == wanted);
    let has_any = ekus.iter().any(|e| e == ANY_EKU);
    match role {
        Role::Leaf => {
            if ext.is_some_and(|e| e.critical) && purpose == Purpose::Server {
                Check::new(
                    name,
                    CheckStatus::Fail,
                    "extendedKeyUsage is critical in a server certificate",
                )
            } else if has_any && purpose == Purpose::Server {
                Check::new(
                    name,
                    CheckStatus::Fail,
                    "anyExtendedKeyUsage is not allowed in a server certificate",
                )
            } else if has_wanted {
                Check::new(
                    name,
                    CheckStatus::Pass,
                    format!("allows {}Auth", purpose.as_str()),
                )
            } else {
                Check::new(
                    name,
                    CheckStatus::Fail,
                    format!("extendedKeyUsage does not include {}Auth", purpose.as_str()),
                )
            }
        }
        Role::Intermediate | Role::Anchor => {
            if has_wanted || has_any {
                Check::new(
                    name,
                    CheckStatus::Pass,
                    format!("allows {}Auth", purpose.as_str()),
                )
            } else {
                Check::new(
                    name,
                    CheckStatus::Fail,
                    format!(
                        "the CA's extendedKeyUsage excludes {}Auth, so nothing below it may use it",
                        purpose.as_str()
                    ),
                )
            }
        }
    }
}

/// Structural rules for one certificate in its role: version, extensions, serial, names.
pub fn structure(cert: &Certificate, role: Role) -> Check {
    let name = CheckName::Extensions;
    let fail = |why: String| Check::new(name, CheckStatus::Fail, why);
    if cert.version != 3 {
        return fail(format!(
            "version {} certificate: the profile requires version 3",
            cert.version
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for ext in &cert.extensions {
        if !seen.insert(ext.oid.as_str()) {
            return fail(format!("the {} extension appears twice", ext.name));
        }
        if let ExtensionValue::Malformed { error, .. } = &ext.value {
            return fail(format!("the {} extension is malformed: {error}", ext.name));
        }
        if ext.critical && !UNDERSTOOD.contains(&ext.oid.as_str()) {
            return fail(format!(
                "unknown critical extension {} ({})",
                ext.name, ext.oid
            ));
        }
        let must_not_be_critical = ["2.5.29.14", "2.5.29.35", "1.3.6.1.5.5.7.1.1"];
        if ext.critical && must_not_be_critical.contains(&ext.oid.as_str()) {
            return fail(format!("{} must not be critical", ext.name));
        }
    }
    if role != Role::Anchor {
        let serial = hex::decode(&cert.serial).unwrap_or_default();
        if serial.iter().all(|b| *b == 0) {
            return fail("the serial number is zero".into());
        }
        if serial.first().is_some_and(|b| b & 0x80 != 0) {
            return fail("the serial number is negative".into());
        }
        if serial.len() > 20 {
            return fail(format!(
                "the serial number is {} bytes long; at most 20 are allowed",
                serial.len()
            ));
        }
    }
    if let Some(san) = cert.extension("2.5.29.17") {
        if cert.subject.is_empty() && !san.critical {
            return fail("the subject is empty but subjectAltName is not critical".into());
        }
        if !cert.subject.is_empty() && san.critical && role == Role::Leaf {
            return fail("subjectAltName is critical although the subject is not empty".into());
        }
    } else if cert.subject.is_empty() {
        return fail("the subject is empty and there is no subjectAltName".into());
    }
    if let Some(sans) = cert.subject_alt_names() {
        for san in sans {
            if let GeneralName::Dns(d) = san {
                if !super::hostname::is_valid_dns_pattern(d) {
                    return fail(format!("subjectAltName has an invalid DNS name \"{d}\""));
                }
            }
        }
    }
    match role {
        Role::Leaf => {
            if cert.extension("2.5.29.30").is_some() {
                return fail("an end-entity certificate must not carry nameConstraints".into());
            }
            if let Some(why) = common_name_problem(cert) {
                return fail(why);
            }
        }
        Role::Intermediate => {
            if cert.subject_key_id().is_none() {
                return fail("a CA certificate must carry a subjectKeyIdentifier".into());
            }
        }
        Role::Anchor => {}
    }
    Check::new(
        name,
        CheckStatus::Pass,
        "well formed; no unknown critical extensions",
    )
}

/// Key sizes and algorithms allowed by the server profile.
pub fn algorithms(cert: &Certificate, role: Role) -> Check {
    let name = CheckName::Algorithms;
    let key = &cert.public_key;
    let fail = |why: String| Check::new(name, CheckStatus::Fail, why);
    match key.algorithm.oid.as_str() {
        "1.2.840.113549.1.1.1" => {
            let bits = key.bits.unwrap_or(0);
            if bits < 2048 {
                return fail(format!(
                    "RSA key of {bits} bits: at least 2048 are required"
                ));
            }
            if bits % 8 != 0 {
                return fail(format!("RSA key of {bits} bits is not a multiple of 8"));
            }
        }
        "1.2.840.10045.2.1" => match key.curve.as_deref() {
            Some("P-256" | "P-384" | "P-521") => {}
            Some(curve) => return fail(format!("EC curve {curve} is not allowed")),
            None => return fail("EC key without a named curve".into()),
        },
        "1.3.101.112" => {}
        other => {
            return fail(format!(
                "{} keys are not allowed ({other})",
                key.algorithm.name
            ));
        }
    }
    if role != Role::Anchor {
        match signature::hash_of(&cert.signature_algorithm) {
            Hash::Sha1 => {
                return fail(format!(
                    "{} uses SHA-1, which the server profile no longer accepts",
                    cert.signature_algorithm.name
                ));
            }
            Hash::Md5 => return fail(format!("{} is broken", cert.signature_algorithm.name)),
            _ => {}
        }
    }
    Check::new(
        name,
        CheckStatus::Pass,
        format!("{}, {}", key.summary(), cert.signature_algorithm.name),
    )
}

/// Rules for the end-entity certificate itself.
pub fn end_entity(leaf: &Certificate) -> Check {
    let name = CheckName::EndEntity;
    if leaf.is_ca() {
        return Check::new(
            name,
            CheckStatus::Fail,
            "the leaf is a CA certificate (basicConstraints CA:TRUE), not an end entity",
        );
    }
    if leaf.key_usage().is_some_and(|ku| ku.key_cert_sign) {
        return Check::new(
            name,
            CheckStatus::Fail,
            "the leaf's keyUsage allows Certificate Sign although it is not a CA",
        );
    }
    Check::new(name, CheckStatus::Pass, "an end-entity certificate")
}

/// Rules for the trust anchor's own certificate: validity, CA bit, key identifiers, extensions.
pub fn anchor_checks(anchor: &TrustAnchorEntry, policy: &Policy) -> Check {
    let name = CheckName::TrustAnchor;
    let label = anchor.label();
    let fail = |why: String| Check::new(name, CheckStatus::Fail, format!("{label}: {why}"));
    if anchor.public_key.is_rsa() {
        let bits = anchor.public_key.bits.unwrap_or(0);
        if bits < 2048 || bits % 8 != 0 {
            return fail(format!("RSA key of {bits} bits is too weak"));
        }
    }
    let Some(cert) = &anchor.certificate else {
        return Check::new(
            name,
            CheckStatus::Pass,
            format!("{label} (the store keeps only its name and key)"),
        );
    };
    let validity = validity(cert, policy);
    if validity.status == CheckStatus::Fail {
        return fail(validity.reason);
    }
    let algorithms = algorithms(cert, Role::Anchor);
    if algorithms.status == CheckStatus::Fail {
        return fail(algorithms.reason);
    }
    let structure = structure(cert, Role::Anchor);
    if structure.status == CheckStatus::Fail {
        return fail(structure.reason);
    }
    if cert.subject.is_empty() {
        return fail("the subject is empty".into());
    }
    match (cert.basic_constraints(), cert.extension("2.5.29.19")) {
        (Some((true, _)), Some(ext)) if ext.critical => {}
        (Some((true, _)), _) => return fail("basicConstraints is not critical".into()),
        (Some((false, _)), _) => return fail("basicConstraints says CA:FALSE".into()),
        (None, _) => return fail("no basicConstraints".into()),
    }
    if cert.key_usage().is_some_and(|ku| !ku.key_cert_sign) {
        return fail("keyUsage lacks Certificate Sign".into());
    }
    if cert.extension("2.5.29.37").is_some() {
        return fail("a root certificate must not carry extendedKeyUsage".into());
    }
    let Some(ski) = cert.subject_key_id() else {
        return fail("no subjectKeyIdentifier".into());
    };
    // The authorityKeyIdentifier rules for roots apply to self-signed anchors; a trusted
    // intermediate legitimately names its own issuer's key.
    let self_signed = is_self_signed(cert);
    match cert.extensions.iter().find_map(|e| match &e.value {
        ExtensionValue::AuthorityKeyIdentifier {
            key_id,
            issuer,
            serial,
        } => Some((key_id, issuer, serial)),
        _ => None,
    }) {
        Some((None, _, _)) if self_signed => {
            return fail("authorityKeyIdentifier has no keyIdentifier".into());
        }
        Some((_, issuer, serial)) if self_signed && (!issuer.is_empty() || serial.is_some()) => {
            return fail("authorityKeyIdentifier names an issuer and serial".into());
        }
        Some((Some(id), _, _)) if self_signed && id != ski => {
            return fail("authorityKeyIdentifier differs from its own subjectKeyIdentifier".into());
        }
        None if !self_signed => {
            return fail("not self-signed and no authorityKeyIdentifier".into());
        }
        _ => {}
    }
    let status = if validity.status == CheckStatus::Warn {
        CheckStatus::Warn
    } else {
        CheckStatus::Pass
    };
    Check::new(name, status, format!("{label}: {}", validity.reason))
}

/// The CA/Browser Forum rule that a leaf's common name, when present, is a byte-for-byte copy
/// of one of its subjectAltName entries (IP addresses in their canonical text form).
///
/// A common name that names nothing in the SAN is tolerated (clients ignore it), but one that
/// names a SAN entry in another spelling — other case, a non-canonical or hexadecimal IP
/// address, Unicode instead of the A-label — is rejected: clients that still read the common
/// name would disagree about which name the certificate is for.
fn common_name_problem(cert: &Certificate) -> Option<String> {
    let cn = cert.subject.common_name()?;
    let sans = cert.subject_alt_names()?;
    let dns: Vec<&str> = sans
        .iter()
        .filter_map(|n| match n {
            GeneralName::Dns(d) => Some(d.as_str()),
            _ => None,
        })
        .collect();
    let ips: Vec<std::net::IpAddr> = sans
        .iter()
        .filter_map(|n| match n {
            GeneralName::Ip(bytes) => ip_from_bytes(bytes),
            _ => None,
        })
        .collect();
    if dns.contains(&cn) || ips.iter().any(|ip| ip.to_string() == cn) {
        return None;
    }
    let not_a_copy = |what: &str| {
        Some(format!(
            "the common name \"{cn}\" is not a byte-for-byte copy of a subjectAltName entry ({what})"
        ))
    };
    if !cn.is_ascii() && !dns.is_empty() {
        return not_a_copy("it is not ASCII, as DNS names in certificates are");
    }
    if let Some(ip) = lenient_ip(cn) {
        if ips.contains(&ip) {
            return not_a_copy(&format!("the canonical form is {ip}"));
        }
    }
    if dns.iter().any(|d| d.eq_ignore_ascii_case(cn)) {
        return not_a_copy("letter case differs");
    }
    None
}

fn ip_from_bytes(bytes: &[u8]) -> Option<std::net::IpAddr> {
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        Some(std::net::IpAddr::from(v4))
    } else {
        <[u8; 16]>::try_from(bytes).ok().map(std::net::IpAddr::from)
    }
}

/// Parses IP addresses the lenient ways some clients do: IPv6 in any case and compression,
/// IPv4 with leading zeros, and hexadecimal IPv4 (`0xC0A80101`).
fn lenient_ip(text: &str) -> Option<std::net::IpAddr> {
    if let Ok(ip) = text.parse::<std::net::Ipv6Addr>() {
        return Some(ip.into());
    }
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return u32::from_str_radix(hex, 16)
            .ok()
            .map(|n| std::net::Ipv4Addr::from(n).into());
    }
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut octets = [0u8; 4];
    for (slot, part) in octets.iter_mut().zip(&parts) {
        if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    Some(std::net::Ipv4Addr::from(octets).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_ip_forms() {
        let ip = |s: &str| lenient_ip(s).map(|i| i.to_string());
        assert_eq!(ip("0xC0A80101").as_deref(), Some("192.168.1.1"));
        assert_eq!(ip("192.168.001.001").as_deref(), Some("192.168.1.1"));
        assert_eq!(ip("2001:DB8::1").as_deref(), Some("2001:db8::1"));
        assert_eq!(
            ip("2001:db8:0:0:1:0:0:1").as_deref(),
            Some("2001:db8::1:0:0:1")
        );
        assert_eq!(ip("example.com"), None);
        assert_eq!(ip("1.2.3"), None);
    }

    #[test]
    fn human_times() {
        let t = time::macros::datetime!(2023-08-14 23:59:59 UTC);
        assert_eq!(human_time(t), "2023-08-14 23:59:59 UTC");
        assert_eq!(human_date(t), "2023-08-14");
    }
}
