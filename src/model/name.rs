use serde::Serialize;

/// One attribute of a relative distinguished name, such as `CN = Amazon Root CA 1`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameAttribute {
    /// Short name (`CN`, `O`, `C`, …) or the dotted OID when the attribute is not well known.
    pub short_name: String,
    /// Dotted OID of the attribute type.
    pub oid: String,
    /// The value as text; non-text values are shown as `#` + hex of their DER.
    pub value: String,
}

/// An X.501 distinguished name, in the order the certificate encodes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DistinguishedName {
    /// The relative distinguished names in encoding order; each holds one or more attributes.
    pub rdns: Vec<Vec<NameAttribute>>,
    /// The one-line form used by `openssl x509 -nameopt oneline`: `C = US, O = Amazon, CN = Amazon Root CA 1`.
    pub one_line: String,
    /// The DER encoding, kept for exact comparison during name chaining.
    #[serde(skip)]
    pub der: Vec<u8>,
}

impl DistinguishedName {
    /// Builds a name from its RDNs and DER, computing the one-line form.
    pub fn new(rdns: Vec<Vec<NameAttribute>>, der: Vec<u8>) -> Self {
        let one_line = rdns
            .iter()
            .map(|rdn| {
                rdn.iter()
                    .map(|a| format!("{} = {}", a.short_name, a.value))
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect::<Vec<_>>()
            .join(", ");
        Self {
            rdns,
            one_line,
            der,
        }
    }

    /// The value of the last common name (the most specific one), if any.
    pub fn common_name(&self) -> Option<&str> {
        self.attributes()
            .filter(|a| a.short_name == "CN")
            .last()
            .map(|a| a.value.as_str())
    }

    /// Every attribute, in encoding order.
    pub fn attributes(&self) -> impl Iterator<Item = &NameAttribute> {
        self.rdns.iter().flatten()
    }

    /// A short label for people: the common name, else the organisation, else the one-line form.
    pub fn display_label(&self) -> String {
        if let Some(cn) = self.common_name() {
            return cn.to_string();
        }
        if let Some(o) = self.attributes().filter(|a| a.short_name == "O").last() {
            return o.value.clone();
        }
        if self.one_line.is_empty() {
            "(empty name)".to_string()
        } else {
            self.one_line.clone()
        }
    }

    /// Whether the name has no attributes at all.
    pub fn is_empty(&self) -> bool {
        self.rdns.iter().all(Vec::is_empty)
    }

    /// A key that equal names (by [`DistinguishedName::matches`]) share: each RDN's
    /// attributes, folded and sorted. Used to index certificates by subject.
    pub fn match_key(&self) -> String {
        let mut out = String::new();
        for rdn in &self.rdns {
            let mut parts: Vec<String> = rdn
                .iter()
                .map(|a| format!("{}={}", a.oid, fold(&a.value)))
                .collect();
            parts.sort();
            out.push_str(&parts.join("\u{1f}"));
            out.push('\u{1e}');
        }
        out
    }

    /// Whether this name lies within the subtree `base`: `base`'s RDNs are the first RDNs of
    /// this name, each matching as [`DistinguishedName::matches`] compares them.
    pub fn is_within(&self, base: &DistinguishedName) -> bool {
        base.rdns.len() <= self.rdns.len()
            && base
                .rdns
                .iter()
                .zip(&self.rdns)
                .all(|(b, n)| rdn_matches(b, n))
    }

    /// RFC 5280 §7.1 name matching: the same DER, or the same attributes in the same order
    /// with string values compared case-insensitively after folding inner white space.
    pub fn matches(&self, other: &DistinguishedName) -> bool {
        if self.der == other.der {
            return true;
        }
        if self.rdns.len() != other.rdns.len() {
            return false;
        }
        self.rdns
            .iter()
            .zip(&other.rdns)
            .all(|(a, b)| rdn_matches(a, b))
    }
}

/// Two RDNs match when they hold the same attributes, in any order, values compared after
/// folding.
fn rdn_matches(a: &[NameAttribute], b: &[NameAttribute]) -> bool {
    a.len() == b.len()
        && a.iter().all(|x| {
            b.iter()
                .any(|y| x.oid == y.oid && fold(&x.value) == fold(&y.value))
        })
}

/// Case folding and white-space compression of RFC 4518 (the common, ASCII-relevant part).
fn fold(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
