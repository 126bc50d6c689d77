use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

use crate::fetch::starttls::StartTls;

/// Port used for `https://` targets.
const HTTPS_PORT: u16 = 443;
/// Port used for `mqtts://` targets (MQTT over TLS, IANA registered).
const MQTTS_PORT: u16 = 8883;

/// A TLS endpoint to fetch a chain from, as the user named it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Host name or IP literal, without the brackets of an IPv6 literal.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// URL scheme the target was given with (`https`, `mqtts`), lower case.
    pub scheme: Option<String>,
}

/// Why a target or `--connect-to` specification could not be understood.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TargetError {
    /// Nothing was given.
    #[error("empty target: give a host, host:port or https://host")]
    Empty,
    /// The host part is missing (`:443`, `https:///`).
    #[error("no host name in {spec}")]
    EmptyHost {
        /// The specification as given.
        spec: String,
    },
    /// The port is not a number from 1 to 65535.
    #[error("invalid port {port:?} (expected 1 to 65535) in {spec}")]
    InvalidPort {
        /// The port text as given.
        port: String,
        /// The specification as given.
        spec: String,
    },
    /// A URL scheme chainlens does not fetch from.
    #[error(
        "unsupported scheme {scheme:?} (use https, mqtts, smtps, imaps, pop3s, ldaps, ftps, or \
         smtp, submission, imap, pop3, ftp, xmpp, ldap, postgres for STARTTLS) in {spec}"
    )]
    UnsupportedScheme {
        /// The scheme as given.
        scheme: String,
        /// The specification as given.
        spec: String,
    },
    /// An IPv6 literal opened with `[` but never closed, or followed by junk.
    #[error("malformed bracketed IPv6 address in {spec}")]
    MalformedBracket {
        /// The specification as given.
        spec: String,
    },
    /// The text in brackets is not an IPv6 address.
    #[error("invalid IPv6 address {host}")]
    InvalidIpv6 {
        /// The text between the brackets.
        host: String,
    },
    /// The host contains characters no host name or IP literal can have.
    #[error("invalid host name {host}")]
    InvalidHost {
        /// The host as given.
        host: String,
    },
    /// A `--connect-to` rule that is neither `HOST1:PORT1:HOST2:PORT2` nor `HOST:PORT=ADDR:PORT`.
    #[error(
        "invalid --connect-to rule (expected HOST1:PORT1:HOST2:PORT2 or HOST:PORT=ADDR:PORT): {spec}"
    )]
    InvalidConnectTo {
        /// The rule as given.
        spec: String,
    },
}

impl Target {
    /// Parses a target the way a person types it.
    ///
    /// Accepted: `host`, `host:port`, `[v6]:port`, a bare IPv6 literal (`::1`),
    /// `https://host[:port][/path]` (port 443 unless given) and `mqtts://host[:port]`
    /// (port 8883 unless given), the implicit-TLS schemes `smtps` (465), `imaps` (993),
    /// `pop3s` (995), `ldaps` (636), `ftps` (990), and the STARTTLS schemes `smtp` (25),
    /// `submission` (587), `imap` (143), `pop3` (110), `ftp` (21), `xmpp` (5222), `ldap` (389),
    /// `postgres` and `postgresql` (5432). `default_port` applies to the forms without a scheme.
    /// Surrounding whitespace is ignored because targets are often pasted.
    pub fn parse(spec: &str, default_port: u16) -> Result<Target, TargetError> {
        let trimmed = spec.trim();
        if trimmed.is_empty() {
            return Err(TargetError::Empty);
        }
        let (scheme, rest, port) = match trimmed.split_once("://") {
            Some((scheme, rest)) => {
                let scheme = scheme.to_ascii_lowercase();
                let port = match scheme.as_str() {
                    "https" => HTTPS_PORT,
                    "mqtts" => MQTTS_PORT,
                    // Implicit TLS: the handshake starts at once, as for https.
                    "smtps" => 465,
                    "imaps" => 993,
                    "pop3s" => 995,
                    "ldaps" => 636,
                    "ftps" => 990,
                    // Mail submission: SMTP with STARTTLS on its own port.
                    "submission" => 587,
                    other => match StartTls::from_scheme(other) {
                        Some(protocol) => protocol.default_port(),
                        None => {
                            return Err(TargetError::UnsupportedScheme {
                                scheme,
                                spec: spec.to_owned(),
                            });
                        }
                    },
                };
                // Only the authority matters for a TLS handshake: the path, query and
                // fragment of a pasted URL are dropped.
                let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
                (Some(scheme), authority, port)
            }
            None => (None, trimmed, default_port),
        };
        let (host, port) = split_host_port(rest, port, spec)?;
        Ok(Target { host, port, scheme })
    }

    /// Whether this target is the `host`, `port` pair a `--connect-to` rule names.
    ///
    /// Host names compare case-insensitively, as DNS does.
    pub fn matches(&self, host: &str, port: u16) -> bool {
        self.port == port && self.host.eq_ignore_ascii_case(host)
    }

    /// The STARTTLS dialogue the target's scheme asks for (`smtp://`), if any.
    pub fn starttls(&self) -> Option<StartTls> {
        self.scheme.as_deref().and_then(StartTls::from_scheme)
    }

    /// Whether the host is an IP literal, which TLS never sends as SNI.
    pub fn is_ip_literal(&self) -> bool {
        self.host.parse::<IpAddr>().is_ok()
    }
}

impl fmt::Display for Target {
    /// `host:port`, with brackets around an IPv6 literal so the port stays readable.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", host_port(&self.host, self.port))
    }
}

/// Formats `host:port`, bracketing IPv6 literals.
pub(crate) fn host_port(host: &str, port: u16) -> String {
    if host.parse::<Ipv6Addr>().is_ok() {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Parses a curl-style `--connect-to` rule, `HOST:PORT=ADDR:PORT`.
///
/// Returns `(host, port, address host, address port)`. The rule applies when `HOST:PORT`
/// matches the target ([`Target::matches`]); the connection then goes to `ADDR:PORT`
/// while SNI and the expected host name stay those of the target. Either side may be a
/// bracketed IPv6 literal (`[::1]:443`).
pub fn parse_connect_to(spec: &str) -> Result<(String, u16, String, u16), TargetError> {
    let invalid = || TargetError::InvalidConnectTo {
        spec: spec.to_owned(),
    };
    let (from, to) = spec.trim().split_once('=').ok_or_else(invalid)?;
    // Both ports are required: a rule with an implied port is too easy to misread.
    let (from_host, from_port) = split_required_port(from, spec).ok_or_else(invalid)??;
    let (to_host, to_port) = split_required_port(to, spec).ok_or_else(invalid)??;
    Ok((from_host, from_port, to_host, to_port))
}

/// A `--connect-to` rule: connections to a matching target go to another address, while SNI
/// and the expected host name stay those of the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectRule {
    /// The host the rule applies to; any host when `None`.
    pub host: Option<String>,
    /// The port the rule applies to; any port when `None`.
    pub port: Option<u16>,
    /// Where to connect instead; the target's own host when `None`.
    pub to_host: Option<String>,
    /// The port to connect to instead; the target's own port when `None`.
    pub to_port: Option<u16>,
}

impl ConnectRule {
    /// Parses curl's `HOST1:PORT1:HOST2:PORT2` (an empty `HOST1` or `PORT1` matches any, an
    /// empty `HOST2` or `PORT2` keeps the target's) or the older `HOST:PORT=ADDR:PORT`.
    ///
    /// IPv6 literals go in brackets (`[::1]`). `::127.0.0.1:8443` sends every connection to
    /// 127.0.0.1:8443.
    pub fn parse(spec: &str) -> Result<ConnectRule, TargetError> {
        let trimmed = spec.trim();
        if trimmed.contains('=') {
            let (host, port, to_host, to_port) = parse_connect_to(trimmed)?;
            return Ok(ConnectRule {
                host: Some(host),
                port: Some(port),
                to_host: Some(to_host),
                to_port: Some(to_port),
            });
        }
        let invalid = || TargetError::InvalidConnectTo {
            spec: spec.to_owned(),
        };
        let fields = curl_fields(trimmed).ok_or_else(invalid)?;
        let [host, port, to_host, to_port] = fields.as_slice() else {
            return Err(invalid());
        };
        if to_host.is_empty() && to_port.is_empty() {
            // A rule that changes nothing is a typing mistake, not a wish.
            return Err(invalid());
        }
        Ok(ConnectRule {
            host: optional_host(host)?,
            port: optional_port(port, spec)?,
            to_host: optional_host(to_host)?,
            to_port: optional_port(to_port, spec)?,
        })
    }

    /// Where to connect for `target`, when this rule applies to it.
    ///
    /// Host names compare case-insensitively, as DNS does.
    pub fn apply(&self, target: &Target) -> Option<(String, u16)> {
        let host_matches = self
            .host
            .as_ref()
            .is_none_or(|host| host.eq_ignore_ascii_case(&target.host));
        let port_matches = self.port.is_none_or(|port| port == target.port);
        (host_matches && port_matches).then(|| {
            (
                self.to_host.clone().unwrap_or_else(|| target.host.clone()),
                self.to_port.unwrap_or(target.port),
            )
        })
    }
}

/// Splits curl's colon-separated rule into its fields; a bracketed field is an IPv6 literal
/// and is returned without its brackets. `None` when a bracket is unbalanced.
fn curl_fields(spec: &str) -> Option<Vec<&str>> {
    let mut fields = Vec::new();
    let mut rest = spec;
    loop {
        if let Some(inner) = rest.strip_prefix('[') {
            let (literal, after) = inner.split_once(']')?;
            fields.push(literal);
            if after.is_empty() {
                return Some(fields);
            }
            rest = after.strip_prefix(':')?;
        } else {
            match rest.split_once(':') {
                Some((field, after)) => {
                    fields.push(field);
                    rest = after;
                }
                None => {
                    fields.push(rest);
                    return Some(fields);
                }
            }
        }
    }
}

/// An optional host field of a curl rule.
fn optional_host(text: &str) -> Result<Option<String>, TargetError> {
    if text.is_empty() {
        return Ok(None);
    }
    if !is_plausible_host(text) {
        return Err(TargetError::InvalidHost {
            host: text.to_owned(),
        });
    }
    Ok(Some(text.to_owned()))
}

/// An optional port field of a curl rule.
fn optional_port(text: &str, spec: &str) -> Result<Option<u16>, TargetError> {
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u16>() {
        Ok(port) if port != 0 => Ok(Some(port)),
        _ => Err(TargetError::InvalidPort {
            port: text.to_owned(),
            spec: spec.to_owned(),
        }),
    }
}

/// Splits `host:port` where the port must be present; `None` when it is absent.
fn split_required_port(text: &str, spec: &str) -> Option<Result<(String, u16), TargetError>> {
    let text = text.trim();
    let has_port = match text.strip_prefix('[') {
        Some(bracketed) => bracketed
            .split_once(']')
            .is_some_and(|(_, after)| after.starts_with(':')),
        None => text.matches(':').count() == 1,
    };
    has_port.then(|| split_host_port(text, 0, spec))
}

/// Splits an authority into host and port, using `default_port` when none is given.
fn split_host_port(
    authority: &str,
    default_port: u16,
    spec: &str,
) -> Result<(String, u16), TargetError> {
    let (host, port_text) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (inside, after) =
            bracketed
                .split_once(']')
                .ok_or_else(|| TargetError::MalformedBracket {
                    spec: spec.to_owned(),
                })?;
        if inside.parse::<Ipv6Addr>().is_err() {
            return Err(if inside.is_empty() {
                TargetError::EmptyHost {
                    spec: spec.to_owned(),
                }
            } else {
                TargetError::InvalidIpv6 {
                    host: inside.to_owned(),
                }
            });
        }
        let port_text = match after {
            "" => None,
            _ => Some(
                after
                    .strip_prefix(':')
                    .ok_or_else(|| TargetError::MalformedBracket {
                        spec: spec.to_owned(),
                    })?,
            ),
        };
        (inside, port_text)
    } else if authority.parse::<Ipv6Addr>().is_ok() {
        // A bare IPv6 literal: its colons are not a port separator.
        (authority, None)
    } else if authority.matches(':').count() > 1 {
        // Two colons and not IPv6: a mistyped literal or a URL without its scheme.
        return Err(TargetError::InvalidHost {
            host: authority.to_owned(),
        });
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(TargetError::EmptyHost {
            spec: spec.to_owned(),
        });
    }
    if !is_plausible_host(host) {
        return Err(TargetError::InvalidHost {
            host: host.to_owned(),
        });
    }
    let port = match port_text {
        None => default_port,
        Some(text) => match text.parse::<u16>() {
            Ok(port) if port != 0 => port,
            _ => {
                return Err(TargetError::InvalidPort {
                    port: text.to_owned(),
                    spec: spec.to_owned(),
                });
            }
        },
    };
    Ok((host.to_owned(), port))
}

/// Whether `host` could be a DNS name or an IP literal.
///
/// Deliberately loose (underscores, leading digits and a trailing dot are allowed, as
/// resolvers accept them); it only catches text that can never resolve, such as a stray
/// second colon, spaces, or `user@` prefixes.
fn is_plausible_host(host: &str) -> bool {
    host.parse::<IpAddr>().is_ok()
        || host
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(host: &str, port: u16, scheme: Option<&str>) -> Target {
        Target {
            host: host.to_owned(),
            port,
            scheme: scheme.map(str::to_owned),
        }
    }

    #[test]
    fn parses_the_accepted_forms() {
        let cases = [
            ("example.com", target("example.com", 443, None)),
            ("example.com:8443", target("example.com", 8443, None)),
            ("  example.com:8443\n", target("example.com", 8443, None)),
            ("127.0.0.1", target("127.0.0.1", 443, None)),
            ("127.0.0.1:4433", target("127.0.0.1", 4433, None)),
            ("[::1]:4433", target("::1", 4433, None)),
            ("[::1]", target("::1", 443, None)),
            ("::1", target("::1", 443, None)),
            ("2001:db8::1", target("2001:db8::1", 443, None)),
            (
                "https://example.com",
                target("example.com", 443, Some("https")),
            ),
            (
                "https://example.com/a/b?q#f",
                target("example.com", 443, Some("https")),
            ),
            (
                "HTTPS://example.com:8443/",
                target("example.com", 8443, Some("https")),
            ),
            (
                "https://[2001:db8::1]:8443/x",
                target("2001:db8::1", 8443, Some("https")),
            ),
            (
                "mqtts://broker.local",
                target("broker.local", 8883, Some("mqtts")),
            ),
            (
                "mqtts://127.0.0.1:18883",
                target("127.0.0.1", 18883, Some("mqtts")),
            ),
            ("my_host.internal", target("my_host.internal", 443, None)),
            ("smtp://mail.test", target("mail.test", 25, Some("smtp"))),
            (
                "submission://mail.test",
                target("mail.test", 587, Some("submission")),
            ),
            (
                "imap://127.0.0.1:1143",
                target("127.0.0.1", 1143, Some("imap")),
            ),
            ("pop3://mail.test", target("mail.test", 110, Some("pop3"))),
            ("ftp://files.test", target("files.test", 21, Some("ftp"))),
            ("xmpp://chat.test", target("chat.test", 5222, Some("xmpp"))),
            ("ldap://dir.test", target("dir.test", 389, Some("ldap"))),
            (
                "postgresql://db.test/x",
                target("db.test", 5432, Some("postgresql")),
            ),
            ("smtps://mail.test", target("mail.test", 465, Some("smtps"))),
            ("imaps://mail.test", target("mail.test", 993, Some("imaps"))),
            ("pop3s://mail.test", target("mail.test", 995, Some("pop3s"))),
            ("ldaps://dir.test", target("dir.test", 636, Some("ldaps"))),
            ("ftps://files.test", target("files.test", 990, Some("ftps"))),
        ];
        for (spec, expected) in cases {
            assert_eq!(Target::parse(spec, 443), Ok(expected), "{spec}");
        }
    }

    #[test]
    fn starttls_schemes_name_their_protocol() {
        let starttls = |spec| Target::parse(spec, 443).ok().and_then(|t| t.starttls());
        assert_eq!(starttls("smtp://m"), Some(StartTls::Smtp));
        assert_eq!(starttls("submission://m"), Some(StartTls::Smtp));
        assert_eq!(starttls("postgres://m"), Some(StartTls::Postgres));
        assert_eq!(starttls("smtps://m"), None);
        assert_eq!(starttls("m:25"), None);
    }

    #[test]
    fn default_port_applies_without_scheme_only() {
        assert_eq!(Target::parse("broker", 8883).map(|t| t.port), Ok(8883));
        assert_eq!(
            Target::parse("https://broker", 8883).map(|t| t.port),
            Ok(443)
        );
    }

    #[test]
    fn rejects_bad_targets_with_specific_errors() {
        assert_eq!(Target::parse("   ", 443), Err(TargetError::Empty));
        assert!(matches!(
            Target::parse(":443", 443),
            Err(TargetError::EmptyHost { .. })
        ));
        assert!(matches!(
            Target::parse("https://:443/", 443),
            Err(TargetError::EmptyHost { .. })
        ));
        assert!(matches!(
            Target::parse("[]:443", 443),
            Err(TargetError::EmptyHost { .. })
        ));
        for spec in ["host:", "host:0", "host:65536", "host:abc", "[::1]:x"] {
            assert!(
                matches!(
                    Target::parse(spec, 443),
                    Err(TargetError::InvalidPort { .. })
                ),
                "{spec}"
            );
        }
        assert!(matches!(
            Target::parse("gopher://example.com", 443),
            Err(TargetError::UnsupportedScheme { .. })
        ));
        assert!(matches!(
            Target::parse("[::1:443", 443),
            Err(TargetError::MalformedBracket { .. })
        ));
        assert!(matches!(
            Target::parse("[::1]x", 443),
            Err(TargetError::MalformedBracket { .. })
        ));
        assert!(matches!(
            Target::parse("[nothost]:1", 443),
            Err(TargetError::InvalidIpv6 { .. })
        ));
        for spec in ["a:b:c", "user@host", "two words"] {
            assert!(
                matches!(
                    Target::parse(spec, 443),
                    Err(TargetError::InvalidHost { .. })
                ),
                "{spec}"
            );
        }
    }

    #[test]
    fn error_messages_name_the_problem() {
        let err = Target::parse("gopher://example.com", 443)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "unsupported scheme \"gopher\" (use https, mqtts, smtps, imaps, pop3s, ldaps, ftps, \
                 or smtp, submission, imap, pop3, ftp, xmpp, ldap, postgres for STARTTLS) in \
                 gopher://example.com"
            )
        );
        let err = Target::parse("example.com:99999", 443)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("invalid port \"99999\" (expected 1 to 65535) in example.com:99999")
        );
    }

    #[test]
    fn displays_with_brackets_for_ipv6() {
        assert_eq!(target("::1", 443, None).to_string(), "[::1]:443");
        assert_eq!(
            target("example.com", 443, None).to_string(),
            "example.com:443"
        );
    }

    #[test]
    fn parses_connect_to_rules() {
        assert_eq!(
            parse_connect_to("example.com:443=127.0.0.1:4433"),
            Ok(("example.com".into(), 443, "127.0.0.1".into(), 4433))
        );
        assert_eq!(
            parse_connect_to("[::1]:443=[2001:db8::2]:8443"),
            Ok(("::1".into(), 443, "2001:db8::2".into(), 8443))
        );
        for spec in [
            "example.com:443",
            "example.com=1.2.3.4:1",
            "a:1=b",
            "=",
            "a:1=[::1]",
        ] {
            assert!(
                matches!(
                    parse_connect_to(spec),
                    Err(TargetError::InvalidConnectTo { .. })
                ),
                "{spec}"
            );
        }
        assert!(matches!(
            parse_connect_to("a:0=b:1"),
            Err(TargetError::InvalidPort { .. })
        ));
    }

    fn rule(spec: &str) -> ConnectRule {
        ConnectRule::parse(spec).unwrap()
    }

    #[test]
    fn parses_curl_connect_to_rules() {
        let any_to = rule("::127.0.0.1:8443");
        assert_eq!(
            any_to,
            ConnectRule {
                host: None,
                port: None,
                to_host: Some("127.0.0.1".into()),
                to_port: Some(8443),
            }
        );
        let t = target("a1-ats.iot.eu-west-1.amazonaws.com", 443, None);
        assert_eq!(any_to.apply(&t), Some(("127.0.0.1".into(), 8443)));
        assert_eq!(
            any_to.apply(&target("x", 8883, None)),
            Some(("127.0.0.1".into(), 8443))
        );

        let exact = rule("Example.com:443:[::1]:4433");
        assert_eq!(exact.to_host.as_deref(), Some("::1"));
        assert_eq!(
            exact.apply(&target("example.COM", 443, None)),
            Some(("::1".into(), 4433))
        );
        assert_eq!(exact.apply(&target("example.com", 8443, None)), None);
        assert_eq!(exact.apply(&target("other.com", 443, None)), None);

        // An empty HOST2 or PORT2 keeps the target's own.
        assert_eq!(
            rule("example.com::localhost:").apply(&target("example.com", 8883, None)),
            Some(("localhost".into(), 8883))
        );
        assert_eq!(
            rule(":443::4443").apply(&target("example.com", 443, None)),
            Some(("example.com".into(), 4443))
        );
        // The older form still works.
        assert_eq!(
            rule("example.com:443=127.0.0.1:4433").apply(&target("example.com", 443, None)),
            Some(("127.0.0.1".into(), 4433))
        );
    }

    #[test]
    fn rejects_bad_curl_connect_to_rules() {
        for spec in ["", "a:1:b", "a:1:b:2:c", ":::", "a:1::", "[::1:1:b:2"] {
            assert!(
                matches!(
                    ConnectRule::parse(spec),
                    Err(TargetError::InvalidConnectTo { .. })
                ),
                "{spec}"
            );
        }
        assert!(matches!(
            ConnectRule::parse("a:0:b:1"),
            Err(TargetError::InvalidPort { .. })
        ));
        assert!(matches!(
            ConnectRule::parse("a:1:b:x"),
            Err(TargetError::InvalidPort { .. })
        ));
        assert!(matches!(
            ConnectRule::parse("a b:1:c:2"),
            Err(TargetError::InvalidHost { .. })
        ));
    }

    #[test]
    fn matches_case_insensitively() {
        let t = target("Example.COM", 443, None);
        assert!(t.matches("example.com", 443));
        assert!(!t.matches("example.com", 8443));
    }
}
