//! Human text rendering of an [`Inspection`]: each certificate as the certificate printer
//! writes it, then the findings about the chain as sent, every link with its checks, and
//! each store's verdict.
//!
//! Everything is written into one pre-sized `String`, so a bundle of thousands of
//! certificates renders in linear time.

use std::fmt::{self, Write as _};

use time::format_description::well_known::Rfc3339;

use crate::model::{
    CertId, CertOrigin, Check, CheckStatus, Inspection, IssuerRef, LegacyHandshake, PathResult,
    SourceKind,
};
use crate::verify::timeline::TimeState;

pub use super::certificate::{certificate_text, extension_text, public_key_text};
use super::certificate::{size_hint, write_certificate};

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
        writeln!(
            out,
            "  {severity:<7} {}",
            super::words::finding(finding, insp)
        )?;
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
            write_check(out, "    ", check, link.status_word(check))?;
        }
    }

    writeln!(
        out,
        "\nVerdicts ({} profile: {}):",
        insp.policy.profile,
        insp.policy.profile.description()
    )?;
    if let Some(note) = insp.policy.purpose.verdict_note() {
        writeln!(out, "  {note}")?;
    }
    if insp.verdicts.is_empty() {
        out.push_str("  none\n");
    }
    for verdict in &insp.verdicts {
        let word = if verdict.trusted {
            "TRUSTED"
        } else {
            "NOT TRUSTED"
        };
        let code = verdict
            .failure
            .as_ref()
            .map(|f| format!(" [{}]", f.code()))
            .unwrap_or_default();
        writeln!(
            out,
            "  {}: {word}{code} — {}",
            verdict.store,
            super::words::verdict(insp, verdict)
        )?;
        if verdict.paths.is_empty() {
            out.push_str("    no path to an anchor of this store\n");
        }
        for (i, path) in verdict.paths.iter().enumerate() {
            write_path(out, insp, &labels, path, i == 0)?;
        }
        for note in &verdict.notes {
            writeln!(out, "    note: {}", super::words::note(note))?;
        }
    }
    write_store_table(out, insp)?;
    out.push_str(&super::ct::section(insp));
    out.push_str(&super::device::section(insp));
    Ok(())
}

/// The stores side by side, one row each, columns aligned.
fn write_store_table(out: &mut String, insp: &Inspection) -> fmt::Result {
    if insp.verdicts.is_empty() {
        return Ok(());
    }
    let timeline = crate::verify::timeline(insp);
    let rows = super::matrix::store_rows(insp, &timeline);
    let header = ["STORE", "VERDICT", "BREAKS", "PATH", "REASON"];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.store.clone(),
                format!("{} [{}]", r.verdict, r.code),
                r.breaks.clone(),
                r.path.clone(),
                r.reason.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    out.push_str("\nStores side by side:\n");
    let line = |cells: Vec<&str>| {
        let mut text = String::from(" ");
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            text.push(' ');
            text.push_str(cell);
            // The last column is not padded.
            if i + 1 < cells.len() {
                text.push_str(&" ".repeat(w.saturating_sub(cell.chars().count()) + 1));
            }
        }
        text.truncate(text.trim_end().len());
        text
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in &cells {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// The validity of every certificate and, for each store, the first instant the chain stops
/// validating, what breaks it and whether another path takes over (`inspect --timeline`).
pub fn timeline_text(insp: &Inspection) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_timeline(&mut out, insp);
    out
}

fn write_timeline(out: &mut String, insp: &Inspection) -> fmt::Result {
    let timeline = crate::verify::timeline(insp);
    writeln!(
        out,
        "\nTimeline (validation time {}):",
        crate::verify::human_time(timeline.validation_time)
    )?;
    let width = timeline
        .certificates
        .iter()
        .map(|c| c.label.chars().count())
        .max()
        .unwrap_or(0);
    for span in &timeline.certificates {
        let state = if span.not_after < timeline.validation_time {
            "expired"
        } else if span.not_before > timeline.validation_time {
            "not yet valid"
        } else {
            "valid"
        };
        writeln!(
            out,
            "  {:<width$}  {} → {}  {state}",
            span.label,
            crate::verify::human_time(span.not_before),
            crate::verify::human_time(span.not_after),
        )?;
    }
    for (t, verdict) in timeline.stores.iter().zip(&insp.verdicts) {
        let path = t
            .path
            .and_then(|i| verdict.paths.get(i))
            .map(|p| super::matrix::path_words(insp, p))
            .unwrap_or_default();
        let cause = match (t.kind, t.state) {
            (Some(k), TimeState::Broken) => k.past(),
            (Some(k), _) => k.as_str(),
            (None, _) => "a certificate expires",
        };
        let who = t
            .cause
            .and_then(|id| insp.cert(id))
            .map(|c| format!(" ({})", c.label()))
            .unwrap_or_default();
        let day = t
            .valid_until
            .map(crate::verify::human_date)
            .unwrap_or_default();
        let until = t
            .valid_until
            .map(crate::verify::human_time)
            .unwrap_or_default();
        let line = match t.state {
            TimeState::Valid => {
                format!("breaks on {day} because {cause}{who}; last valid {until}")
            }
            TimeState::Broken => {
                format!("broke on {day} because {cause}{who}; last valid {until}")
            }
            TimeState::NotYet => format!(
                "not valid yet: validates from {}, then breaks on {day} because {cause}{who}",
                t.valid_from
                    .map(crate::verify::human_time)
                    .unwrap_or_default()
            ),
            TimeState::Never => {
                "never validates: the chain fails for reasons other than time".to_string()
            }
        };
        writeln!(out, "  {}: {line}", verdict.store)?;
        if !path.is_empty() {
            writeln!(out, "    path: {path}")?;
        }
        if t.state != TimeState::Never {
            match (
                t.taken_over_by.and_then(|i| verdict.paths.get(i)),
                t.takeover_breaks_at,
            ) {
                (Some(p), Some(next)) => writeln!(
                    out,
                    "    another path takes over then, until {}: {}",
                    crate::verify::human_time(next),
                    super::matrix::path_words(insp, p)
                )?,
                _ => writeln!(out, "    no other path takes over then")?,
            }
        }
    }
    for device in &timeline.devices {
        writeln!(out, "  device {}", super::device::break_words(device))?;
    }
    Ok(())
}

/// What the stapled OCSP response said about the leaf, or why it was not used.
pub fn stapled_status(insp: &Inspection) -> Option<String> {
    let revocations = || insp.links.iter().filter_map(|l| l.revocation.as_ref());
    if let Some(r) =
        revocations().find(|r| r.source == Some(crate::model::RevocationSource::Stapled))
    {
        return Some(super::words::revocation_summary(r));
    }
    revocations()
        .flat_map(|r| &r.problems)
        .find(|p| {
            matches!(
                p,
                crate::model::EvidenceProblem::OcspRejected {
                    source: crate::model::RevocationSource::Stapled,
                    ..
                }
            )
        })
        .map(super::words::evidence_problem)
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
        if let Some(protocol) = &conn.starttls {
            writeln!(out, "  STARTTLS:      {protocol}")?;
        }
        if let Some(sni) = &conn.sni {
            writeln!(out, "  SNI:           {sni}")?;
        }
        writeln!(out, "  TLS version:   {}", conn.tls_version)?;
        writeln!(out, "  Cipher suite:  {}", conn.cipher_suite)?;
        if let Some(group) = &conn.key_exchange_group {
            writeln!(
                out,
                "  Key exchange:  {group} ({})",
                super::words::key_exchange_kind(conn.post_quantum)
            )?;
        }
        if let Some(legacy) = &conn.legacy {
            writeln!(out, "  Key exchange:  {}", legacy.key_exchange)?;
            writeln!(
                out,
                "  Legacy TLS:    chain read from the plaintext TLS 1.0–1.2 handshake, as rustls \
                 found {}",
                legacy.modern_failure
            )?;
            writeln!(out, "  Key proof:     {}", LegacyHandshake::NOT_COMPLETED)?;
        }
        out.push_str("  ALPN:          ");
        out.push_str(conn.alpn.as_deref().unwrap_or("none"));
        if !conn.alpn_offered.is_empty() {
            write!(out, " (offered: {})", conn.alpn_offered.join(", "))?;
        }
        out.push('\n');
        if conn.ocsp_response_len > 0 {
            write!(out, "  OCSP stapled:  {} bytes", conn.ocsp_response_len)?;
            if let Some(staple) = stapled_status(insp) {
                write!(out, ", {staple}")?;
            }
            out.push('\n');
        } else {
            out.push_str("  OCSP stapled:  none\n");
        }
        if conn.handshake_completed {
            writeln!(out, "  Handshake:     {} ms", conn.handshake_ms)?;
        } else if conn.legacy.is_some() {
            writeln!(
                out,
                "  Handshake:     not completed ({} ms to the certificates)",
                conn.handshake_ms
            )?;
        } else {
            out.push_str(
                "  Handshake:     not completed (the server aborted it after its certificates)\n",
            );
        }
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
    writeln!(out, "  Purpose:       {}", policy.purpose.describe())?;
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
        if let Some(slot) = in_primary.get_mut(id.index()) {
            *slot = true;
        }
    }
    let leaf = primary.and_then(|g| g.certificates.first()).copied();
    let mut anchored_in: Vec<Vec<&str>> = vec![Vec::new(); count];
    for anchor in &insp.anchors {
        if let Some(stores) = anchor
            .certificate
            .and_then(|id| anchored_in.get_mut(id.index()))
        {
            if !stores.contains(&anchor.store.as_str()) {
                stores.push(&anchor.store);
            }
        }
    }

    insp.cert_ids()
        .map(|(id, inspected)| {
            let cert = &inspected.certificate;
            let primary_member = in_primary.get(id.index()).copied().unwrap_or(false);
            let mut role = match &inspected.origin {
                CertOrigin::TrustStore { store } => return format!("trust anchor from {store}"),
                CertOrigin::Untrusted => "untrusted extra".to_string(),
                CertOrigin::Aia { url } => {
                    format!("intermediate, downloaded, not sent by the server (AIA {url})")
                }
                CertOrigin::Source { .. }
                    if leaf == Some(id) && insp.policy.purpose == crate::model::Purpose::Ca =>
                {
                    "CA target".to_string()
                }
                CertOrigin::Source { .. } if leaf == Some(id) => "leaf".to_string(),
                CertOrigin::Source { .. } if cert.is_self_issued() => "root".to_string(),
                CertOrigin::Source { .. } if primary_member => "intermediate".to_string(),
                CertOrigin::Source { .. } if cert.is_ca() => {
                    "intermediate, not in the leaf's chain".to_string()
                }
                CertOrigin::Source { .. } => "not in the leaf's chain".to_string(),
            };
            if let Some(stores) = anchored_in.get(id.index()).filter(|s| !s.is_empty()) {
                role.push_str(", trust anchor in ");
                role.push_str(&stores.join(", "));
            }
            role
        })
        .collect()
}

/// `label (#N)`: the label and the number of its `=== Certificate N of M ===` block.
fn write_cert_ref(out: &mut String, insp: &Inspection, id: CertId) -> fmt::Result {
    match insp.cert(id) {
        Some(cert) => write!(out, "{} (#{})", cert.label(), id.index() + 1),
        None => write!(out, "certificate {}", id.index() + 1),
    }
}

fn write_issuer_ref(out: &mut String, insp: &Inspection, issuer: IssuerRef) -> fmt::Result {
    match issuer {
        IssuerRef::Certificate(id) => write_cert_ref(out, insp, id),
        IssuerRef::Anchor(id) => {
            out.push_str(&insp.issuer_label(issuer));
            match insp.anchor(id) {
                Some(anchor) => write!(out, " (anchor in {})", anchor.store),
                None => {
                    out.push_str(" (anchor)");
                    Ok(())
                }
            }
        }
    }
}

fn write_check(out: &mut String, indent: &str, check: &Check, word: &str) -> fmt::Result {
    let code = match &check.failure {
        Some(f) if !super::words::names_its_code(check) => {
            format!(" [{}]", f.code())
        }
        _ => String::new(),
    };
    writeln!(
        out,
        "{indent}{:<7} {}: {}{code}",
        word,
        check.name.as_str(),
        super::words::check(check)
    )
}

/// One path of a verdict; `decided` for the path the verdict is about (its first), whose
/// certificate-policy outcome is shown.
fn write_path(
    out: &mut String,
    insp: &Inspection,
    labels: &[String],
    path: &PathResult,
    decided: bool,
) -> fmt::Result {
    out.push_str("    path: ");
    for (i, &id) in path.certificates.iter().enumerate() {
        if i > 0 {
            out.push_str(" → ");
        }
        match labels.get(id.index()) {
            Some(label) => out.push_str(label),
            None => write!(out, "certificate {}", id.index() + 1)?,
        }
    }
    let anchor = insp.anchor(path.anchor);
    let ends_at_anchor_cert = anchor
        .and_then(|a| a.certificate)
        .is_some_and(|id| path.certificates.last() == Some(&id));
    if !ends_at_anchor_cert && !crate::verify::anchor_is_target(insp, path) {
        if !path.certificates.is_empty() {
            out.push_str(" → ");
        }
        out.push_str(&insp.issuer_label(IssuerRef::Anchor(path.anchor)));
        out.push_str(" (anchor)");
    }
    writeln!(out, " [{}]", if path.valid { "valid" } else { "invalid" })?;
    for check in path.checks.iter().filter(|c| c.status != CheckStatus::Pass) {
        write_check(out, "      ", check, check.status_word())?;
    }
    // Which certificate matches which pin, when the policy pins keys.
    for check in path
        .checks
        .iter()
        .filter(|c| c.name == crate::model::CheckName::Pin && c.status == CheckStatus::Pass)
    {
        writeln!(out, "      pinned  {}", super::words::check(check))?;
    }
    // What certificate-policy processing found for the decided path.
    if let Some(outcome) = path.policies.as_ref().filter(|_| decided) {
        writeln!(
            out,
            "      policies {}",
            super::words::policy_outcome(outcome)
        )?;
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
                writeln!(out, "): {}", super::words::check(check))?;
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

    use base64::Engine as _;

    use super::super::certificate::{WRAP_COLUMN, write_serial};
    use super::*;
    use crate::model::{
        AlgorithmId, Anchor, Certificate, ChainGroup, CheckName, ConnectionInfo, DistributionPoint,
        Extension, ExtensionValue, Failure, Finding, FindingFacts, GeneralName,
        InspectedCertificate, KeyUsageFlags, Link, NameAttribute, Note, Outcome, Passed, Policy,
        PolicyInfo, PolicyQualifier, Profile, SignedCertificateTimestamp, Source, StoreVerdict,
        UserNotice, Validity,
    };
    use crate::model::{AnchorId, DistinguishedName, PublicKeyInfo};

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
            ml_dsa: None,
            algorithm: AlgorithmId {
                name: "rsaEncryption".to_string(),
                oid: "1.2.840.113549.1.1.1".to_string(),
                params_der: Some(vec![0x05, 0x00]),
            },
            bits: Some(128),
            curve: None,
            rsa_exponent: Some(65537),
            rsa_modulus: Some(modulus),
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
            serial_bytes: vec![0x04, 0x0b, 0x1f],
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
                            PolicyQualifier::Cps("http://cps.example".to_string()),
                            PolicyQualifier::UserNotice(UserNotice {
                                organization: Some("Ex; ample".to_string()),
                                numbers: vec!["1".to_string(), "2".to_string()],
                                explicit_text: Some("hi".to_string()),
                            }),
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
                        time: Some(time::macros::datetime!(2022-09-08 17:11:11.789 UTC)),
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
            Check::pass(
                CheckName::Signature,
                Passed::SignatureVerifies {
                    algorithm: "sha256WithRSAEncryption".to_string(),
                    issuer: by.to_string(),
                },
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
                    post_quantum: false,
                    alpn_offered: vec!["h2".to_string(), "http/1.1".to_string()],
                    alpn: Some("h2".to_string()),
                    ocsp_response: None,
                    ocsp_response_len: 0,
                    sct_list: None,
                    handshake_ms: 62,
                    starttls: None,
                    handshake_completed: true,
                    legacy: None,
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
                ..Policy::at(datetime!(2025-01-02 03:04:05 UTC))
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
                certificates: vec![CertId::new(0), CertId::new(1)],
                issuer_missing: true,
            }],
            findings: vec![Finding::new(
                CheckStatus::Warn,
                FindingFacts::MissingIssuer {
                    certificate: CertId::new(1),
                    delivery: crate::model::Delivery::Sent,
                },
            )],
            links: vec![
                Link::new(
                    CertId::new(0),
                    IssuerRef::Certificate(CertId::new(1)),
                    vec![signature("Intermediate CA")],
                ),
                Link::new(
                    CertId::new(1),
                    IssuerRef::Anchor(AnchorId::new(0)),
                    vec![
                        signature("Root CA"),
                        Check::failed(
                            CheckName::KeyIdentifiers,
                            Failure::IssuerMissingSki,
                            Profile::WebPki,
                        ),
                    ],
                ),
            ],
            verdicts: vec![StoreVerdict {
                store: "Mozilla".to_string(),
                profile: Profile::WebPki,
                trusted: true,
                outcome: Outcome::Trusted {
                    anchor: AnchorId::new(0),
                    intermediates: 0,
                    as_ca: false,
                    target_is_anchor: false,
                },
                failure: None,
                search_exhausted: false,
                paths: vec![PathResult {
                    certificates: vec![CertId::new(0), CertId::new(1)],
                    anchor: AnchorId::new(0),
                    links: vec![0, 1],
                    checks: vec![
                        Check::pass(
                            CheckName::HostName,
                            Passed::HostMatches {
                                host: "leaf.example".to_string(),
                                name: "DNS:leaf.example".to_string(),
                            },
                        ),
                        Check::failed(
                            CheckName::TrustAnchor,
                            Failure::Anchor {
                                anchor: "Root CA".to_string(),
                                failure: Box::new(Failure::KeyUsageNotCritical),
                            },
                            Profile::WebPki,
                        ),
                    ],
                    valid: true,
                    failure: None,
                    policies: None,
                }],
                dead_end: Vec::new(),
                notes: vec![Note::SecondOpinion {
                    failure: Failure::WebpkiCannotEvaluate {
                        why: crate::model::WebpkiGap::SelfIssuedIntermediate,
                    },
                }],
            }],
            devices: Vec::new(),
            ct: None,
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
            write_serial(&mut out, &hex::decode(hex).unwrap()).unwrap();
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
            "Findings:\n  warn    the issuer of Intermediate CA (\"C = US, CN = Root CA\") was not sent\n",
            "Links:\n  leaf.example (#1) → Intermediate CA (#2) [PASS]\n",
            "    pass    signature: valid sha256WithRSAEncryption signature by Intermediate CA\n",
            "  Intermediate CA (#2) → Root CA (anchor in Mozilla) [WARN]\n",
            "    warn    key identifiers: the issuer has no subjectKeyIdentifier to compare the authority key id with [issuer_missing_ski]\n",
            "Verdicts (webpki profile: Web PKI (CA/Browser Forum), as browsers decide):\n",
            "  Mozilla: TRUSTED — chains to Root CA\n",
            "    path: leaf.example → Intermediate CA → Root CA (anchor) [valid]\n",
            "      warn    trust anchor: Root CA: keyUsage is not critical in a CA certificate [lint key_usage_not_critical]\n",
            "    note: rustls-webpki does not build paths through self-issued (key rollover) intermediates; chainlens verified each signature\n",
        ];
        for line in expected {
            assert!(text.contains(line), "missing {line:?} in\n{text}");
        }
        // Passing path checks are not repeated under the path.
        assert!(!text.contains("host name: leaf.example matches"), "{text}");
    }

    #[test]
    fn the_decided_path_says_its_policy_sets() {
        let mut insp = inspection(vec![leaf(), intermediate()]);
        let outcome = crate::model::PolicyOutcome {
            authorities_constrained: vec!["2.23.140.1.2.1".into()],
            user_constrained: Vec::new(),
            explicit_policy_required: true,
        };
        let path = insp.verdicts[0].paths.get_mut(0).unwrap();
        path.policies = Some(outcome.clone());
        let second = path.clone();
        insp.verdicts[0].paths.push(second);
        let text = inspection_text(&insp);
        let line = "      policies authorities-constrained: 2.23.140.1.2.1; user-constrained: none; explicit policy required\n";
        // Once: for the decided path, not for the others.
        assert_eq!(text.matches(line).count(), 1, "{text}");
        let any = crate::model::PolicyOutcome {
            authorities_constrained: vec!["2.5.29.32.0".into()],
            user_constrained: vec!["2.5.29.32.0".into()],
            explicit_policy_required: false,
        };
        assert_eq!(
            super::super::words::policy_outcome(&any),
            "authorities-constrained: any policy; user-constrained: any policy"
        );
    }

    #[test]
    fn invalid_path_names_its_broken_links() {
        let mut insp = inspection(vec![leaf(), intermediate()]);
        let link = insp.links.get_mut(0).unwrap();
        link.checks.push(Check::failed(
            CheckName::Validity,
            Failure::Expired {
                not_after: datetime!(2024-01-01 00:00:00 UTC),
                at: datetime!(2024-01-02 00:00:00 UTC),
            },
            Profile::WebPki,
        ));
        let verdict = insp.verdicts.get_mut(0).unwrap();
        verdict.trusted = false;
        verdict.outcome = Outcome::PathFails { problems: 1 };
        verdict.paths.get_mut(0).unwrap().valid = false;
        let text = inspection_text(&insp);
        assert!(
            text.contains(
                "  Mozilla: NOT TRUSTED — leaf.example: expired 2024-01-01, 1 day before the validation time\n"
            ),
            "{text}"
        );
        assert!(text.contains("[invalid]\n"), "{text}");
        assert!(
            text.contains(
                "      fail    validity (leaf.example (#1) → Intermediate CA (#2)): expired 2024-01-01, 1 day before the validation time\n"
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
            certificate: Some(CertId::new(2)),
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
}
