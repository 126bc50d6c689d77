//! Host-name matching by RFC 6125 and the CA/Browser Forum rules: subjectAltName only,
//! a wildcard only as the whole left-most label, IP addresses against iPAddress entries only.

use std::net::IpAddr;

use crate::model::{Certificate, GeneralName, HostMismatch};

/// Whether `name` is a syntactically valid DNS host name in preferred (LDH) syntax.
pub fn is_valid_dns_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// Whether a SAN dNSName pattern is well formed: a valid name, optionally with `*.` in front
/// of at least two labels.
pub fn is_valid_dns_pattern(pattern: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(rest) => is_valid_dns_name(rest) && rest.contains('.'),
        None => is_valid_dns_name(pattern),
    }
}

/// Whether the dNSName `pattern` matches `host` (both ASCII; case-insensitive).
pub fn dns_matches(pattern: &str, host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    let pattern = pattern
        .strip_suffix('.')
        .unwrap_or(pattern)
        .to_ascii_lowercase();
    if !is_valid_dns_pattern(&pattern) || !is_valid_dns_name(&host) {
        return false;
    }
    match pattern.strip_prefix("*.") {
        Some(suffix) => match host.split_once('.') {
            // The wildcard stands for exactly one label, never an A-label (`xn--`).
            Some((first, rest)) => !first.starts_with("xn--") && rest == suffix,
            None => false,
        },
        None => pattern == host,
    }
}

/// The outcome of matching a host against a leaf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostMatch {
    /// Matched this SAN entry.
    Matched(String),
    /// No SAN entry matched: why, with the names the certificate is valid for.
    Mismatch(HostMismatch),
    /// The host itself is not a valid DNS name or IP address.
    InvalidHost,
}

/// Matches `host` against the leaf's subjectAltName.
pub fn match_host(leaf: &Certificate, host: &str) -> HostMatch {
    let host = host.trim();
    let host_ip = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
        .ok();
    if host_ip.is_none() && !is_valid_dns_name(host) {
        return HostMatch::InvalidHost;
    }
    let Some(sans) = leaf.subject_alt_names() else {
        return HostMatch::Mismatch(HostMismatch::NoSubjectAltName);
    };
    for san in sans {
        match (san, host_ip) {
            (GeneralName::Dns(pattern), None) if dns_matches(pattern, host) => {
                return HostMatch::Matched(format!("DNS:{pattern}"));
            }
            (GeneralName::Ip(bytes), Some(ip)) if ip_equals(bytes, ip) => {
                return HostMatch::Matched(format!("IP Address:{ip}"));
            }
            _ => {}
        }
    }
    let names: Vec<String> = sans
        .iter()
        .filter(|n| matches!(n, GeneralName::Dns(_) | GeneralName::Ip(_)))
        .map(ToString::to_string)
        .collect();
    HostMatch::Mismatch(HostMismatch::ValidFor { names })
}

fn ip_equals(bytes: &[u8], ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => bytes == v4.octets(),
        IpAddr::V6(v6) => bytes == v6.octets(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_cover_exactly_one_left_most_label() {
        assert!(dns_matches("*.example.com", "foo.example.com"));
        assert!(dns_matches("*.EXAMPLE.com", "Foo.example.COM."));
        assert!(!dns_matches("*.example.com", "foo.bar.example.com"));
        assert!(!dns_matches("*.example.com", "example.com"));
        assert!(!dns_matches("foo.*.example.com", "foo.bar.example.com"));
        assert!(!dns_matches("ba*.example.com", "bar.example.com"));
        assert!(!dns_matches("*", "com"));
        assert!(!dns_matches("*.com", "example.com"));
        assert!(!dns_matches("foo_bar.example.com", "foo_bar.example.com"));
        assert!(dns_matches("example.com", "example.com"));
    }
}
