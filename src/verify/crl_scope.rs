//! CRL scope (RFC 5280 §6.3.3 (b)): whether a CRL's issuingDistributionPoint covers a
//! certificate, through which of the certificate's distribution points, and for which
//! revocation reasons.

use crate::model::{
    CertDistributionPoint, Certificate, CrlInfo, DistinguishedName, GeneralName, NameAttribute,
    PointName, Rejection,
};

/// Every revocation reason of ReasonFlags (keyCompromise … aACompromise, bits 1–8).
pub(super) const ALL_REASONS: u16 = 0x01fe;

/// The reasons of ReasonFlags in their ASN.1 spelling, by bit.
const REASON_NAMES: [(u16, &str); 8] = [
    (1, "keyCompromise"),
    (2, "cACompromise"),
    (3, "affiliationChanged"),
    (4, "superseded"),
    (5, "cessationOfOperation"),
    (6, "certificateHold"),
    (7, "privilegeWithdrawn"),
    (8, "aACompromise"),
];

/// The names of the reasons set in `mask`.
pub(super) fn reason_names(mask: u16) -> Vec<String> {
    REASON_NAMES
        .iter()
        .filter(|(bit, _)| mask & (1 << bit) != 0)
        .map(|(_, name)| (*name).to_string())
        .collect()
}

/// Whether the CRL is about certificates of `child`'s issuer at all: issued by it, or by a
/// CRL issuer one of the certificate's distribution points names. Other CRLs are not the
/// certificate's and are left out silently.
pub(super) fn concerns(
    crl: &CrlInfo,
    child: &Certificate,
    points: &[CertDistributionPoint],
) -> bool {
    crl.issuer.matches(&child.issuer)
        || points
            .iter()
            .any(|p| names_directory(&p.crl_issuer, &crl.issuer))
}

fn names_directory(names: &[GeneralName], name: &DistinguishedName) -> bool {
    names
        .iter()
        .any(|n| matches!(n, GeneralName::Directory(d) if d.matches(name)))
}

/// A name built from a base name and one more RDN (nameRelativeToCRLIssuer). It has no DER
/// of its own: its stand-in never equals a real encoding, so comparison is by attributes.
fn joined(base: &DistinguishedName, rdn: &[NameAttribute]) -> DistinguishedName {
    let mut rdns = base.rdns.clone();
    rdns.push(rdn.to_vec());
    let mut name = DistinguishedName::new(rdns, Vec::new());
    name.der = [&[0u8][..], name.one_line.as_bytes()].concat();
    name
}

/// The names a distribution point name stands for, a relative name completed with `base`.
fn expand(point: &PointName, base: Option<&DistinguishedName>) -> Vec<GeneralName> {
    match point {
        PointName::Full(names) => names.clone(),
        PointName::Relative(rdn) => base
            .map(|b| vec![GeneralName::Directory(joined(b, rdn))])
            .unwrap_or_default(),
    }
}

fn same_name(a: &GeneralName, b: &GeneralName) -> bool {
    match (a, b) {
        (GeneralName::Directory(x), GeneralName::Directory(y)) => x.matches(y),
        _ => a == b,
    }
}

fn intersect(a: &[GeneralName], b: &[GeneralName]) -> bool {
    a.iter().any(|x| b.iter().any(|y| same_name(x, y)))
}

/// A distribution point name in words-ready form (a URI, or a directory name's one line).
fn point_strings(names: &[GeneralName]) -> Vec<String> {
    names
        .iter()
        .map(|n| match n {
            GeneralName::Uri(u) => u.clone(),
            GeneralName::Directory(d) => d.one_line.clone(),
            GeneralName::Dns(s) | GeneralName::Email(s) | GeneralName::RegisteredId(s) => s.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

/// RFC 5280 §6.3.3 (b) and (d): the reasons the CRL can decide for `child` (its
/// onlySomeReasons, narrowed by the matching distribution point's reasons), or why it does
/// not cover the certificate.
pub(super) fn reasons_in_scope(
    crl: &CrlInfo,
    child: &Certificate,
    points: &[CertDistributionPoint],
) -> Result<u16, Rejection> {
    let scope = crl.distribution_point.as_ref();
    if scope.is_some_and(|s| s.only_attribute_certs) {
        return Err(Rejection::CrlOnlyAttributeCerts);
    }
    if child.is_ca() {
        if scope.is_some_and(|s| s.only_user_certs) {
            return Err(Rejection::CrlOnlyEndEntities);
        }
    } else if scope.is_some_and(|s| s.only_ca_certs) {
        return Err(Rejection::CrlOnlyCas);
    }
    let crl_reasons = scope
        .and_then(|s| s.only_some_reasons)
        .unwrap_or(ALL_REASONS)
        & ALL_REASONS;
    let indirect = scope.is_some_and(|s| s.indirect);
    let by_issuer = crl.issuer.matches(&child.issuer);
    if !by_issuer && !indirect {
        // Another issuer's CRL may speak for this certificate only as an indirect CRL.
        return Err(if concerns(crl, child, points) {
            Rejection::IndirectNotMarked
        } else {
            Rejection::CrlIssuerNotNamed {
                crl_issuer: crl.issuer.display_label(),
            }
        });
    }
    let idp_names = scope
        .and_then(|s| s.point.as_ref())
        .map(|p| expand(p, Some(&crl.issuer)));
    for point in points {
        let issuer_named = if point.crl_issuer.is_empty() {
            by_issuer
        } else {
            names_directory(&point.crl_issuer, &crl.issuer)
        };
        if !issuer_named {
            continue;
        }
        let covered = match (&idp_names, &point.point) {
            (None, _) => true,
            (Some(idp), Some(dp)) => {
                let base = point
                    .crl_issuer
                    .iter()
                    .find_map(|n| match n {
                        GeneralName::Directory(d) => Some(d),
                        _ => None,
                    })
                    .unwrap_or(&child.issuer);
                intersect(idp, &expand(dp, Some(base)))
            }
            (Some(idp), None) => intersect(idp, &point.crl_issuer),
        };
        if covered {
            return Ok(crl_reasons & point.reasons.unwrap_or(ALL_REASONS));
        }
    }
    match idp_names {
        None if by_issuer => Ok(crl_reasons),
        None => Err(Rejection::CrlIssuerNotNamed {
            crl_issuer: crl.issuer.display_label(),
        }),
        Some(idp) => Err(Rejection::DistributionPointNotNamed {
            points: point_strings(&idp),
        }),
    }
}

/// Whether a revoked entry is about a certificate issued by `issuer`: an entry names its
/// certificate's issuer with certificateIssuer on an indirect CRL, else it is the CRL's.
pub(super) fn entry_issuer_is(
    crl: &CrlInfo,
    entry_issuer: Option<&[GeneralName]>,
    issuer: &DistinguishedName,
) -> bool {
    match entry_issuer {
        Some(names) => names_directory(names, issuer),
        None => crl.issuer.matches(issuer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dn(cn: &str) -> DistinguishedName {
        DistinguishedName::new(
            vec![vec![NameAttribute {
                short_name: "CN".into(),
                oid: "2.5.4.3".into(),
                value: cn.into(),
            }]],
            Vec::new(),
        )
    }

    fn attr(cn: &str) -> Vec<NameAttribute> {
        dn(cn).rdns.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn relative_names_join_their_base_and_compare_by_attributes() {
        let a = joined(&dn("CA"), &attr("CRL1"));
        let b = joined(&dn("ca"), &attr("crl1"));
        let c = joined(&dn("CA"), &attr("CRL2"));
        assert!(a.matches(&b));
        assert!(!a.matches(&c));
        // Two names without DER must not match on their empty encodings.
        assert!(!a.der.is_empty());
    }

    #[test]
    fn reasons_are_named_by_bit() {
        assert_eq!(
            reason_names(1 << 1 | 1 << 6),
            ["keyCompromise", "certificateHold"]
        );
        assert_eq!(reason_names(ALL_REASONS).len(), 8);
    }

    #[test]
    fn full_and_relative_names_intersect() {
        let full = vec![GeneralName::Directory(joined(&dn("CA"), &attr("CRL1")))];
        let rel = expand(&PointName::Relative(attr("CRL1")), Some(&dn("CA")));
        assert!(intersect(&full, &rel));
        let other = expand(&PointName::Relative(attr("CRLx")), Some(&dn("CA")));
        assert!(!intersect(&full, &other));
        let uri = vec![GeneralName::Uri("http://a/crl".into())];
        assert!(intersect(&uri, &uri.clone()));
    }
}
