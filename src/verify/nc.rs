//! Name constraints (RFC 5280 §4.2.1.10) over DNS names, IP addresses, e-mail addresses,
//! URIs and directory names, with a comparison budget so hostile inputs stay fast.

use std::net::IpAddr;

use crate::model::oids;
use crate::model::{
    Certificate, ConstraintBreach, DistinguishedName, ExtensionValue, GeneralName,
    MalformedConstraints,
};

use super::hostname::is_valid_dns_name;

/// Why names fail their constraints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// A name is outside the constraints, or malformed under them.
    Name {
        /// The name.
        name: String,
        /// What is wrong.
        detail: ConstraintBreach,
    },
    /// The comparison budget ran out.
    Budget,
}

/// Permitted and excluded subtrees of one CA.
#[derive(Clone, Debug, Default)]
pub struct Constraints {
    /// permittedSubtrees.
    pub permitted: Vec<GeneralName>,
    /// excludedSubtrees.
    pub excluded: Vec<GeneralName>,
}

impl Constraints {
    /// The name constraints of a certificate, if it has the extension.
    pub fn of(cert: &Certificate) -> Option<Constraints> {
        cert.extensions.iter().find_map(|e| match &e.value {
            ExtensionValue::NameConstraints {
                permitted,
                excluded,
            } => Some(Constraints {
                permitted: permitted.clone(),
                excluded: excluded.clone(),
            }),
            _ => None,
        })
    }

    /// Why the constraints themselves are malformed, if they are.
    pub fn malformed(&self) -> Option<MalformedConstraints> {
        if self.permitted.is_empty() && self.excluded.is_empty() {
            return Some(MalformedConstraints::NoSubtrees);
        }
        for name in self.permitted.iter().chain(&self.excluded) {
            match name {
                GeneralName::Dns(d) if !d.is_empty() && !is_valid_dns_name(d) => {
                    return Some(MalformedConstraints::Dns { name: d.clone() });
                }
                GeneralName::Ip(bytes) if !matches!(bytes.len(), 8 | 32) => {
                    return Some(MalformedConstraints::IpLength { bytes: bytes.len() });
                }
                GeneralName::Email(e) if e.matches('@').count() > 1 => {
                    return Some(MalformedConstraints::Email { name: e.clone() });
                }
                GeneralName::Invalid { tag, .. } => {
                    return Some(MalformedConstraints::Undecodable { tag: *tag });
                }
                _ => {}
            }
        }
        None
    }
}

/// The names of a certificate that constraints apply to.
pub struct Names<'a> {
    subject: &'a DistinguishedName,
    sans: &'a [GeneralName],
}

impl<'a> Names<'a> {
    /// The subject and subjectAltName entries of `cert`.
    pub fn of(cert: &'a Certificate) -> Self {
        Self {
            subject: &cert.subject,
            sans: cert.subject_alt_names().unwrap_or_default(),
        }
    }
}

/// Checks `names` against `constraints`; `budget` is decremented per comparison.
/// Returns the first violation.
pub fn check(
    constraints: &Constraints,
    names: &Names<'_>,
    budget: &mut usize,
) -> Result<(), Violation> {
    let violation = |name: &GeneralName, detail: ConstraintBreach| Violation::Name {
        name: name.to_string(),
        detail,
    };
    let mut subject_names: Vec<GeneralName> = Vec::new();
    if !names.subject.is_empty() {
        subject_names.push(GeneralName::Directory(names.subject.clone()));
    }
    // E-mail addresses in the subject are constrained like rfc822Name SANs (RFC 5280 §4.2.1.10).
    for attr in names.subject.attributes() {
        if attr.oid == oids::ATTR_EMAIL_ADDRESS {
            subject_names.push(GeneralName::Email(attr.value.clone()));
        }
    }
    for name in names.sans.iter().chain(&subject_names) {
        if let GeneralName::Dns(d) = name {
            let bare = d.strip_prefix("*.").unwrap_or(d);
            if !is_valid_dns_name(bare) {
                return Err(violation(name, ConstraintBreach::Malformed));
            }
        }
        if let GeneralName::Ip(bytes) = name {
            if !matches!(bytes.len(), 4 | 16) {
                return Err(violation(name, ConstraintBreach::NotAnIpAddress));
            }
        }
        if let GeneralName::Email(e) = name {
            if e.matches('@').count() != 1 {
                return Err(violation(name, ConstraintBreach::Malformed));
            }
        }
        for excluded in &constraints.excluded {
            spend(budget)?;
            if same_kind(name, excluded) && excluded_hits(excluded, name) {
                return Err(violation(
                    name,
                    ConstraintBreach::ExcludedBy {
                        subtree: excluded.to_string(),
                    },
                ));
            }
        }
        let mut permitted_of_kind = constraints
            .permitted
            .iter()
            .filter(|p| same_kind(name, p))
            .peekable();
        if permitted_of_kind.peek().is_some() {
            let mut allowed = false;
            for permitted in permitted_of_kind {
                spend(budget)?;
                if permitted_covers(permitted, name) {
                    allowed = true;
                    break;
                }
            }
            if !allowed {
                return Err(violation(name, ConstraintBreach::OutsidePermitted));
            }
        }
    }
    // A critical constraint on a name form chainlens cannot evaluate fails only if such a name appears.
    for unsupported in constraints.permitted.iter().chain(&constraints.excluded) {
        if let GeneralName::Other { oid, .. } = unsupported {
            if names
                .sans
                .iter()
                .any(|n| matches!(n, GeneralName::Other { oid: o, .. } if o == oid))
            {
                return Err(Violation::Name {
                    name: format!("otherName {oid}"),
                    detail: ConstraintBreach::CannotEvaluate,
                });
            }
        }
    }
    Ok(())
}

fn spend(budget: &mut usize) -> Result<(), Violation> {
    match budget.checked_sub(1) {
        Some(left) => {
            *budget = left;
            Ok(())
        }
        None => Err(Violation::Budget),
    }
}

fn same_kind(a: &GeneralName, b: &GeneralName) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn dns_within(name: &str, base: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let base = base.trim_end_matches('.').to_ascii_lowercase();
    if base.is_empty() {
        return true;
    }
    name == base || name.ends_with(&format!(".{base}"))
}

fn permitted_covers(constraint: &GeneralName, name: &GeneralName) -> bool {
    match (constraint, name) {
        // `*.X` is permitted only if every name it can match is inside the subtree.
        (GeneralName::Dns(base), GeneralName::Dns(n)) => {
            let n = n.strip_prefix("*.").unwrap_or(n);
            dns_within(n, base)
        }
        _ => generic_match(constraint, name),
    }
}

fn excluded_hits(constraint: &GeneralName, name: &GeneralName) -> bool {
    match (constraint, name) {
        (GeneralName::Dns(base), GeneralName::Dns(n)) => match n.strip_prefix("*.") {
            // `*.X` is excluded if any name it can match could be: X inside E, or E is one label under X.
            Some(suffix) => {
                dns_within(suffix, base)
                    || base
                        .to_ascii_lowercase()
                        .split_once('.')
                        .is_some_and(|(_, parent)| parent == suffix.to_ascii_lowercase())
            }
            None => dns_within(n, base),
        },
        _ => generic_match(constraint, name),
    }
}

fn generic_match(constraint: &GeneralName, name: &GeneralName) -> bool {
    match (constraint, name) {
        (GeneralName::Ip(range), GeneralName::Ip(addr)) => ip_in_range(range, addr),
        (GeneralName::Email(c), GeneralName::Email(n)) => email_matches(c, n),
        (GeneralName::Uri(c), GeneralName::Uri(n)) => {
            uri_host(n).is_some_and(|host| match c.strip_prefix('.') {
                Some(_) => host.to_ascii_lowercase().ends_with(&c.to_ascii_lowercase()),
                None => host.eq_ignore_ascii_case(c),
            })
        }
        // The constraint's RDN sequence is a prefix of the name's (RFC 5280 §7.1 matching).
        (GeneralName::Directory(c), GeneralName::Directory(n)) => n.is_within(c),
        (
            GeneralName::Other {
                oid: a,
                value_hex: x,
            },
            GeneralName::Other {
                oid: b,
                value_hex: y,
            },
        ) => a == b && x == y,
        _ => false,
    }
}

fn ip_in_range(range: &[u8], addr: &[u8]) -> bool {
    let half = range.len() / 2;
    let (Some(net), Some(mask)) = (range.get(..half), range.get(half..)) else {
        return false;
    };
    net.len() == addr.len()
        && net
            .iter()
            .zip(mask)
            .zip(addr)
            .all(|((n, m), a)| n & m == a & m)
}

fn email_matches(constraint: &str, email: &str) -> bool {
    let Some((_, host)) = email.rsplit_once('@') else {
        return false;
    };
    if constraint.contains('@') {
        constraint == email
    } else if constraint.starts_with('.') {
        host.to_ascii_lowercase()
            .ends_with(&constraint.to_ascii_lowercase())
    } else {
        host.eq_ignore_ascii_case(constraint)
    }
}

fn uri_host(uri: &str) -> Option<&str> {
    let (_, rest) = uri.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if host_port.starts_with('[') {
        host_port.split(']').next()?.trim_start_matches('[')
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty() && host.parse::<IpAddr>().is_err()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_subtrees() {
        assert!(dns_within("foo.bar.example.com", "example.com"));
        assert!(dns_within("example.com", "example.com"));
        assert!(!dns_within("notexample.com", "example.com"));
        let c = GeneralName::Dns("bar.example.com".into());
        assert!(excluded_hits(&c, &GeneralName::Dns("*.example.com".into())));
        let p = GeneralName::Dns("foo.example.com".into());
        assert!(!permitted_covers(
            &p,
            &GeneralName::Dns("*.example.com".into())
        ));
    }

    #[test]
    fn ip_ranges() {
        let range = [192, 0, 2, 0, 255, 255, 255, 0];
        assert!(ip_in_range(&range, &[192, 0, 2, 7]));
        assert!(!ip_in_range(&range, &[192, 0, 3, 1]));
    }

    #[test]
    fn directory_subtrees_compare_names_by_section_7_1() {
        use crate::model::NameAttribute;
        let dn = |rdns: &[(&str, &str)], der: &[u8]| {
            DistinguishedName::new(
                rdns.iter()
                    .map(|(oid, value)| {
                        vec![NameAttribute {
                            short_name: (*oid).to_string(),
                            oid: (*oid).to_string(),
                            value: (*value).to_string(),
                        }]
                    })
                    .collect(),
                der.to_vec(),
            )
        };
        let subtree = GeneralName::Directory(dn(
            &[("2.5.4.6", "US"), ("2.5.4.10", "Test Certificates 2011")],
            b"subtree",
        ));
        // Another case, other white space, another string type: the same subtree.
        let inside = GeneralName::Directory(dn(
            &[
                ("2.5.4.6", "us"),
                ("2.5.4.10", " test  CERTIFICATES 2011"),
                ("2.5.4.3", "Leaf"),
            ],
            b"inside",
        ));
        let outside = GeneralName::Directory(dn(
            &[
                ("2.5.4.6", "US"),
                ("2.5.4.10", "Other"),
                ("2.5.4.3", "Leaf"),
            ],
            b"outside",
        ));
        assert!(permitted_covers(&subtree, &inside));
        assert!(excluded_hits(&subtree, &inside));
        assert!(!permitted_covers(&subtree, &outside));
        assert!(!excluded_hits(&subtree, &outside));
    }
}
