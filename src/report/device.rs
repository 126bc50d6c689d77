//! The words of device verdicts: one line per (device, store), the problems, the path used,
//! and the order each device would accept. Text, JSON and (later) the window call these.

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::device::Unparsable;
use crate::model::{
    CertId, DeviceClock, DeviceProblem, DeviceStep, DeviceVerdict, Inspection, Stack,
};

fn label(insp: &Inspection, id: CertId) -> String {
    insp.cert(id)
        .map(crate::model::Certificate::label)
        .unwrap_or_else(|| format!("certificate {id}"))
}

fn who(insp: &Inspection, id: Option<CertId>) -> String {
    id.map_or_else(|| "the trust anchor".to_string(), |id| label(insp, id))
}

/// One problem in words.
pub fn problem(insp: &Inspection, stack: Stack, p: &DeviceProblem) -> String {
    let lib = stack.library();
    match p {
        DeviceProblem::NameMismatch { host } => {
            let ip = host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok();
            match stack {
                Stack::MbedTls | Stack::BearSsl | Stack::WolfSsl if ip => format!(
                    "{host} matches no name {lib} compares: it never matches an IP address SAN"
                ),
                _ => format!("{host} matches no name {lib} compares"),
            }
        }
        DeviceProblem::Expired {
            certificate,
            not_after,
        } => format!(
            "{} expired on {}",
            who(insp, *certificate),
            crate::model::format::human_time(*not_after)
        ),
        DeviceProblem::NotYetValid {
            certificate,
            not_before,
        } => format!(
            "{} is not valid before {}",
            who(insp, *certificate),
            crate::model::format::human_time(*not_before)
        ),
        DeviceProblem::BadSignature { certificate } => format!(
            "the signature of {} does not verify with the issuer {lib} picked",
            label(insp, *certificate)
        ),
        DeviceProblem::UnknownIssuer { certificate, .. } => format!(
            "{lib} finds no issuer for {} where it looks",
            label(insp, *certificate)
        ),
        DeviceProblem::OrderBroken { certificate, next } => format!(
            "{} is followed by {}, not by its issuer: {lib} takes the chain in the order sent",
            label(insp, *certificate),
            label(insp, *next)
        ),
        DeviceProblem::IssuerNotCa { certificate } => {
            format!("{} is not a CA", who(insp, *certificate))
        }
        DeviceProblem::MissingKeyCertSign { certificate } => {
            format!("{} lacks keyCertSign", who(insp, *certificate))
        }
        DeviceProblem::PathLenExceeded { certificate } => format!(
            "the pathLenConstraint of {} is exceeded",
            who(insp, *certificate)
        ),
        DeviceProblem::TooManyIntermediates { count, limit } => {
            format!("{count} intermediates, more than the {limit} {lib} is built for")
        }
        DeviceProblem::UnknownCriticalExtension { certificate, oid } => format!(
            "{} has a critical extension {lib} does not know ({oid})",
            label(insp, *certificate)
        ),
        DeviceProblem::Unparsable { certificate, what } => {
            let what = match what {
                Unparsable::Ed25519Key => "its Ed25519 key",
                Unparsable::Ed25519Signature => "its Ed25519 signature",
                Unparsable::CriticalNameConstraints => "its critical nameConstraints",
                Unparsable::CriticalExtension => "a critical extension",
                Unparsable::NameConstraintsBeforeBasicConstraints => {
                    "nameConstraints before basicConstraints"
                }
            };
            format!(
                "{lib} cannot parse {} ({what}), so the handshake fails",
                label(insp, *certificate)
            )
        }
        DeviceProblem::NameConstraintViolation { certificate, .. } => format!(
            "a name falls outside the name constraints of {}",
            who(insp, *certificate)
        ),
        DeviceProblem::WeakHash { certificate, hash } => format!(
            "{} is signed with {hash}, outside {lib}'s default profile",
            label(insp, *certificate)
        ),
        DeviceProblem::WeakRsaKey {
            certificate,
            bits,
            minimum,
        } => format!(
            "{} has an RSA key of {bits} bits; {lib} wants at least {minimum}",
            who(insp, *certificate)
        ),
        DeviceProblem::UnsupportedKey {
            certificate,
            algorithm,
        } => format!(
            "{lib} does not support the {algorithm} key of {}",
            label(insp, *certificate)
        ),
        DeviceProblem::UnsupportedSignature {
            certificate,
            algorithm,
        } => format!(
            "{lib} does not know the {algorithm} signature of {}",
            label(insp, *certificate)
        ),
        DeviceProblem::LeafKeyUsage { certificate, .. } => format!(
            "the keyUsage of {} does not allow a TLS signature",
            label(insp, *certificate)
        ),
        DeviceProblem::ExtendedKeyUsage { certificate } => format!(
            "the extendedKeyUsage of {} does not allow {}",
            label(insp, *certificate),
            insp.policy.purpose.describe()
        ),
    }
}

/// The path a device used, leaf first: `leaf → Intermediate → Root (anchor)`.
pub fn path(insp: &Inspection, v: &DeviceVerdict) -> String {
    v.path
        .iter()
        .map(|step| match step {
            DeviceStep::Certificate(id) => label(insp, *id),
            DeviceStep::Anchor(name) => format!("{name} (anchor)"),
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The stack's error names, comma-separated.
pub fn stack_error_names(v: &DeviceVerdict) -> String {
    v.stack_errors
        .iter()
        .map(|e| e.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line: `mbedtls-2.28 (Test Root): REJECTED [name_mismatch] MBEDTLS_X509_BADCERT_CN_MISMATCH — …`.
pub fn verdict_line(insp: &Inspection, v: &DeviceVerdict) -> String {
    let stack = v.device.stack;
    if v.trusted {
        let mut line = format!("{} ({}): ACCEPTED", v.device.name(), v.store);
        if let Some(t) = v.breaks_at {
            let _ = write!(line, " until {}", crate::model::format::human_time(t));
        }
        return line;
    }
    let code = v.code().unwrap_or("error");
    let reasons: Vec<String> = v.problems.iter().map(|p| problem(insp, stack, p)).collect();
    format!(
        "{} ({}): REJECTED [{code}] {} — {}",
        v.device.name(),
        v.store,
        stack_error_names(v),
        reasons.join("; ")
    )
}

/// The warning for validity a device does not check, if any certificate it accepted is out
/// of date.
pub fn unchecked_time(insp: &Inspection, v: &DeviceVerdict) -> Option<String> {
    if v.unchecked_time.is_empty() {
        return None;
    }
    let names: Vec<String> = v.unchecked_time.iter().map(|&id| label(insp, id)).collect();
    Some(format!(
        "{} checks no validity dates: it accepts {} although out of date",
        v.device.name(),
        names.join(", ")
    ))
}

/// The chain as each device sees it: for every order the devices would accept instead of the
/// one received, which devices reject the received order. `Mbed TLS and BearSSL reject this
/// order: serve leaf, Amazon Server CA 1B, Amazon Root CA 1`.
pub fn order_advice(insp: &Inspection) -> Vec<String> {
    let mut groups: Vec<(&Vec<CertId>, Vec<String>)> = Vec::new();
    for v in &insp.devices {
        let Some(order) = &v.working_order else {
            continue;
        };
        let name = v.device.name();
        match groups.iter_mut().find(|(o, _)| *o == order) {
            Some((_, names)) => {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            None => groups.push((order, vec![name])),
        }
    }
    groups
        .into_iter()
        .map(|(order, names)| {
            let list: Vec<String> = order.iter().map(|&id| label(insp, id)).collect();
            let verb = if names.len() == 1 {
                "rejects"
            } else {
                "reject"
            };
            format!(
                "{} {verb} the order received; serve {}",
                join_and(&names),
                list.join(", ")
            )
        })
        .collect()
}

fn join_and(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The device clock in words, for the section header.
pub fn clock(clock: DeviceClock) -> String {
    match clock {
        DeviceClock::Set => "clock set".to_string(),
        DeviceClock::None => "no clock: validity not checked".to_string(),
        DeviceClock::Build { date } => format!(
            "clock no earlier than its build date {}",
            crate::model::format::human_date(date)
        ),
        DeviceClock::Skew { days } => format!("clock {days:+} days off"),
    }
}

/// The text section of device verdicts; empty without devices.
pub fn section(insp: &Inspection) -> String {
    let mut out = String::new();
    if insp.devices.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\nDevices ({}):", clock(insp.policy.devices.clock));
    for v in &insp.devices {
        let _ = writeln!(out, "  {}", verdict_line(insp, v));
        if !v.path.is_empty() {
            let _ = writeln!(out, "    path: {}", path(insp, v));
        }
        if let Some(warning) = unchecked_time(insp, v) {
            let _ = writeln!(out, "    warning: {warning}");
        }
    }
    for advice in order_advice(insp) {
        let _ = writeln!(out, "  order: {advice}");
    }
    out
}

/// A device verdict as JSON carries it.
#[derive(Serialize)]
pub struct DeviceOut {
    /// The device's name with its options.
    pub device: String,
    /// The stack.
    pub stack: Stack,
    /// The library build it is proven against.
    pub proven_against: &'static str,
    /// The store.
    pub store: String,
    /// Whether the device accepts.
    pub trusted: bool,
    /// The chainlens code of the deciding problem.
    pub code: Option<&'static str>,
    /// The stack's own error names.
    pub stack_errors: Vec<&'static str>,
    /// The stack's error values, as the stack defines them.
    pub stack_error_values: Vec<Option<i64>>,
    /// Every problem: its code and sentence.
    pub problems: Vec<ProblemOut>,
    /// The path used, leaf first.
    pub path: Vec<DeviceStep>,
    /// When the accepted chain stops validating on the device's clock.
    #[serde(with = "time::serde::rfc3339::option")]
    pub breaks_at: Option<time::OffsetDateTime>,
    /// Out-of-date certificates accepted because the device checks no time.
    pub unchecked_time: Vec<CertId>,
    /// The order received.
    pub order_received: Vec<CertId>,
    /// An order of the same certificates the device would accept, when it rejects the order
    /// received.
    pub working_order: Option<Vec<CertId>>,
}

/// A problem as JSON carries it.
#[derive(Serialize)]
pub struct ProblemOut {
    /// The chainlens code.
    pub code: &'static str,
    /// The sentence.
    pub message: String,
}

/// Every device verdict as JSON carries it.
pub fn json(insp: &Inspection) -> Vec<DeviceOut> {
    insp.devices
        .iter()
        .map(|v| DeviceOut {
            device: v.device.name(),
            stack: v.device.stack,
            proven_against: v.device.stack.proven_against(),
            store: v.store.clone(),
            trusted: v.trusted,
            code: v.code(),
            stack_errors: v.stack_errors.iter().map(|e| e.name).collect(),
            stack_error_values: v.stack_errors.iter().map(|e| e.value).collect(),
            problems: v
                .problems
                .iter()
                .map(|p| ProblemOut {
                    code: p.code(),
                    message: problem(insp, v.device.stack, p),
                })
                .collect(),
            path: v.path.clone(),
            breaks_at: v.breaks_at,
            unchecked_time: v.unchecked_time.clone(),
            order_received: v.order_received.clone(),
            working_order: v.working_order.clone(),
        })
        .collect()
}

/// One (device, store) row of the window's device matrix, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRow {
    /// Index into `Inspection::devices`.
    pub index: usize,
    /// The device's name with its options (`wolfssl-5.5:alt-cert-chains`).
    pub device: String,
    /// The library build its answer is proven against.
    pub proven_against: &'static str,
    /// The store's name.
    pub store: String,
    /// Whether the device accepts the chain.
    pub trusted: bool,
    /// `ACCEPTED` or `REJECTED`, as the text report writes it.
    pub verdict: &'static str,
    /// When the accepted chain stops validating on the device's clock, in words.
    pub breaks: String,
    /// `ok`, or chainlens's code of the deciding problem.
    pub code: &'static str,
    /// The stack's own error names, comma-separated; empty when accepted.
    pub stack_errors: String,
    /// Every problem in words, the deciding one first; the warning about dates the device
    /// does not check when it accepts.
    pub reasons: Vec<String>,
    /// The path the device used, leaf first, or why there is none.
    pub path: String,
}

/// The device matrix's rows, in the order of the device verdicts.
pub fn device_rows(insp: &Inspection) -> Vec<DeviceRow> {
    insp.devices
        .iter()
        .enumerate()
        .map(|(index, v)| {
            let stack = v.device.stack;
            let mut reasons: Vec<String> =
                v.problems.iter().map(|p| problem(insp, stack, p)).collect();
            reasons.extend(unchecked_time(insp, v));
            let breaks = match (v.trusted, v.breaks_at) {
                (true, Some(t)) => crate::model::format::human_date(t),
                (true, None) => "— (no validity checked)".to_string(),
                (false, _) => "— (rejected)".to_string(),
            };
            DeviceRow {
                index,
                device: v.device.name(),
                proven_against: stack.proven_against(),
                store: v.store.clone(),
                trusted: v.trusted,
                verdict: if v.trusted { "ACCEPTED" } else { "REJECTED" },
                breaks,
                code: v.code().unwrap_or("ok"),
                stack_errors: stack_error_names(v),
                reasons,
                path: if v.path.is_empty() {
                    "no path to an anchor".to_string()
                } else {
                    path(insp, v)
                },
            }
        })
        .collect()
}

/// The reason cell of a device row: the code, the stack's names, the first problem
/// (`[name_mismatch] MBEDTLS_X509_BADCERT_CN_MISMATCH — example.com matches no name …`).
pub fn row_reason(row: &DeviceRow) -> String {
    if row.trusted {
        return match row.reasons.first() {
            Some(warning) => format!("ok — {warning}"),
            None => "ok".to_string(),
        };
    }
    let first = row.reasons.first().map(String::as_str).unwrap_or_default();
    if row.stack_errors.is_empty() {
        format!("[{}] {first}", row.code)
    } else {
        format!("[{}] {} — {first}", row.code, row.stack_errors)
    }
}

/// The device section's heading in the window: `Devices (clock set)`.
pub fn heading(insp: &Inspection) -> String {
    format!("Devices ({})", clock(insp.policy.devices.clock))
}

/// What a device's tick on the timeline says: who stops accepting the chain, and when.
pub fn break_words(device: &crate::verify::timeline::DeviceBreak) -> String {
    format!(
        "{} accepts the chain until {} ({}), on its own clock",
        device.device,
        crate::verify::human_time(device.breaks_at - time::Duration::seconds(1)),
        device.store
    )
}
