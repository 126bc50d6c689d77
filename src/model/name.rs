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
            out.push_str(&rdn_key(rdn).join("\u{1f}"));
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

    /// RFC 5280 §7.1 name matching: the same DER, or the same number of RDNs, each the same
    /// set of attributes (types by OID, in any order within the RDN), values compared after
    /// the RFC 4518 string preparation §7.1 requires ([`prepare`]): every directory string
    /// type (PrintableString, UTF8String, BMPString, …) is compared as its text, without
    /// regard to case or to insignificant white space.
    ///
    /// This is the rule of the rfc5280 profile for chaining, CRL issuers and directoryName
    /// constraints; the Web PKI chains names byte for byte (the `der` field).
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

/// Two RDNs match when they hold the same multiset of attributes, in any order, values
/// compared after preparation.
fn rdn_matches(a: &[NameAttribute], b: &[NameAttribute]) -> bool {
    a.len() == b.len() && rdn_key(a) == rdn_key(b)
}

/// An RDN as the sorted `oid=prepared value` of its attributes.
fn rdn_key(rdn: &[NameAttribute]) -> Vec<String> {
    let mut parts: Vec<String> = rdn
        .iter()
        .map(|a| format!("{}={}", a.oid, prepare(&a.value)))
        .collect();
    parts.sort();
    parts
}

/// The RFC 4518 string preparation that RFC 5280 §7.1 requires for caseIgnoreMatch: map
/// (§2.2: soft hyphens, joiners, variation selectors and other control characters to
/// nothing; tabs, line breaks and every Unicode separator to a space), fold case, and handle
/// insignificant space (§2.6.1: leading and trailing spaces removed, inner runs become one).
///
/// Not done: NFKC normalisation (§2.3) and the prohibited-character check (§2.4), which no
/// verifier chainlens is compared with applies either; a value that is not a string (`#`
/// and hex) is left as it is, but for case.
pub fn prepare(value: &str) -> String {
    let mapped: String = value
        .chars()
        .filter_map(map_character)
        .flat_map(char::to_lowercase)
        .collect();
    mapped
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// RFC 4518 §2.2: `None` for the characters mapped to nothing, a space for the white space
/// and separators, the character itself otherwise.
fn map_character(c: char) -> Option<char> {
    match c {
        '\u{9}'..='\u{d}' | '\u{85}' => Some(' '),
        '\u{ad}' | '\u{1806}' | '\u{34f}' | '\u{180b}'..='\u{180d}' | '\u{fe00}'..='\u{fe0f}' => {
            None
        }
        '\u{fffc}' | '\u{200b}' => None,
        '\u{0}'..='\u{8}'
        | '\u{e}'..='\u{1f}'
        | '\u{7f}'..='\u{84}'
        | '\u{86}'..='\u{9f}'
        | '\u{6dd}'
        | '\u{70f}'
        | '\u{180e}'
        | '\u{200c}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2063}'
        | '\u{206a}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0001}'
        | '\u{e0020}'..='\u{e007f}' => None,
        // The separators (Zs, Zl, Zp).
        ' '
        | '\u{a0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200a}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202f}'
        | '\u{205f}'
        | '\u{3000}' => Some(' '),
        other => Some(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(rdns: &[&[(&str, &str)]], der: &[u8]) -> DistinguishedName {
        let rdns = rdns
            .iter()
            .map(|rdn| {
                rdn.iter()
                    .map(|(oid, value)| NameAttribute {
                        short_name: (*oid).to_string(),
                        oid: (*oid).to_string(),
                        value: (*value).to_string(),
                    })
                    .collect()
            })
            .collect();
        DistinguishedName::new(rdns, der.to_vec())
    }

    const C: &str = "2.5.4.6";
    const O: &str = "2.5.4.10";
    const CN: &str = "2.5.4.3";

    #[test]
    fn preparation_folds_case_and_insignificant_space() {
        assert_eq!(prepare("  Good \t  CA  "), "good ca");
        assert_eq!(
            prepare("Test\u{a0}Certificates\u{3000}2011"),
            "test certificates 2011"
        );
        assert_eq!(prepare("Soft\u{ad}hyphen\u{200b}"), "softhyphen");
        assert_eq!(prepare("ÉCOLE"), "école");
        assert_eq!(prepare("   "), "");
    }

    #[test]
    fn names_match_by_section_7_1() {
        let a = name(
            &[
                &[(C, "US")],
                &[(O, "Test Certificates 2011")],
                &[(CN, "Good CA")],
            ],
            b"a",
        );
        let b = name(
            &[
                &[(C, "us")],
                &[(O, "  test   CERTIFICATES 2011")],
                &[(CN, "good\tca ")],
            ],
            b"b",
        );
        assert!(a.matches(&b) && b.matches(&a));
        assert_eq!(a.match_key(), b.match_key());
        // Another value, another attribute type, another RDN count, another order of RDNs.
        let other_value = name(
            &[
                &[(C, "US")],
                &[(O, "Test Certificates 2011")],
                &[(CN, "Bad CA")],
            ],
            b"c",
        );
        let other_type = name(
            &[
                &[(C, "US")],
                &[(O, "Test Certificates 2011")],
                &[(O, "Good CA")],
            ],
            b"d",
        );
        let shorter = name(&[&[(C, "US")], &[(CN, "Good CA")]], b"e");
        let reordered = name(
            &[
                &[(O, "Test Certificates 2011")],
                &[(C, "US")],
                &[(CN, "Good CA")],
            ],
            b"f",
        );
        for n in [&other_value, &other_type, &shorter, &reordered] {
            assert!(!a.matches(n), "{}", n.one_line);
        }
        // The same DER always matches.
        assert!(other_value.matches(&name(&[], b"c")));
    }

    #[test]
    fn an_rdn_is_a_set_of_attributes() {
        let a = name(&[&[(O, "Org"), (CN, "Name")]], b"a");
        let b = name(&[&[(CN, "name"), (O, "ORG")]], b"b");
        assert!(a.matches(&b));
        // A multiset: two equal attributes are not one of each.
        let twice = name(&[&[(O, "Org"), (O, "Org")]], b"c");
        let both = name(&[&[(O, "Org"), (CN, "Org")]], b"d");
        assert!(!twice.matches(&both) && !both.matches(&twice));
    }

    #[test]
    fn a_subtree_is_a_prefix_of_rdns_compared_by_section_7_1() {
        let base = name(&[&[(C, "US")], &[(O, "Test Certificates 2011")]], b"a");
        let inside = name(
            &[
                &[(C, "us")],
                &[(O, "test  certificates 2011")],
                &[(CN, "X")],
            ],
            b"b",
        );
        let outside = name(&[&[(C, "US")], &[(O, "Other")], &[(CN, "X")]], b"c");
        assert!(inside.is_within(&base));
        assert!(!outside.is_within(&base));
        assert!(!base.is_within(&inside));
    }
}
