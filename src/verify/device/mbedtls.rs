//! Mbed TLS 2.28 (`mbedtls_x509_crt_verify_with_profile` with
//! `mbedtls_x509_crt_profile_default`, then `mbedtls_ssl_check_cert_usage` in the client).

use crate::model::device::Unparsable;
use crate::model::oids;
use crate::model::{DeviceProblem, StackError};

use super::{
    CommonName, Ed25519Rule, LeafKeyUsage, MlDsaRule, NameCompare, NameConstraintsRule, Order,
    Rules,
};

/// `MBEDTLS_X509_MAX_INTERMEDIATE_CA` in 2.28's `x509_crt.h`.
pub(super) const MAX_INTERMEDIATE_CA: usize = 8;

/// Critical extensions 2.28's `x509_get_crt_ext` has a parser for: the common four and
/// Netscape's certificate type. (certificatePolicies parses only as anyPolicy; left out.)
const KNOWN: &[&str] = &[
    oids::BASIC_CONSTRAINTS,
    oids::KEY_USAGE,
    oids::EXTENDED_KEY_USAGE,
    oids::SUBJECT_ALT_NAME,
    "2.16.840.1.113730.1.1", // nsCertType
];

/// The default client's rules.
pub(super) fn rules() -> Rules {
    Rules {
        order: Order::Forward,
        max_intermediates: Some(MAX_INTERMEDIATE_CA),
        ip_san: false,
        common_name: CommonName::WithoutSan,
        min_rsa_bits: Some(2048),
        sha1: false,
        ed25519: Ed25519Rule::Unparsable,
        ml_dsa: MlDsaRule::Unparsable,
        name_constraints: NameConstraintsRule::Unparsable,
        path_len: true,
        ca_eku: false,
        leaf_eku: true,
        anchor_fields: true,
        anchor_time: true,
        check_time: true,
        known_critical: KNOWN,
        critical_unparsable: true,
        leaf_key_usage: LeafKeyUsage::DigitalSignature,
        any_eku: true,
        names: NameCompare::CaseInsensitive,
        partial_wildcards: false,
        aki_match: false,
        computed_ski: false,
        expired_at_not_after: false,
        anchor_self_signed: false,
        cn_constrained: false,
        dn_constraints: true,
        ip_as_text: true,
        dn_constraints_exact: false,
        nc_before_bc_refused: false,
        skip_unverified: false,
    }
}

const fn flag(name: &'static str, value: i64) -> StackError {
    StackError {
        name,
        value: Some(value),
    }
}

/// The verification flag (or, for what stops the handshake, the error code) 2.28 reports.
pub(super) fn error(problem: &DeviceProblem) -> StackError {
    match problem {
        DeviceProblem::NameMismatch { .. } => flag("MBEDTLS_X509_BADCERT_CN_MISMATCH", 0x04),
        DeviceProblem::Expired { .. } => flag("MBEDTLS_X509_BADCERT_EXPIRED", 0x01),
        DeviceProblem::NotYetValid { .. } => flag("MBEDTLS_X509_BADCERT_FUTURE", 0x0200),
        DeviceProblem::WeakHash { .. } => flag("MBEDTLS_X509_BADCERT_BAD_MD", 0x4000),
        DeviceProblem::WeakRsaKey { .. } => flag("MBEDTLS_X509_BADCERT_BAD_KEY", 0x01_0000),
        DeviceProblem::LeafKeyUsage { .. } => flag("MBEDTLS_X509_BADCERT_KEY_USAGE", 0x0800),
        DeviceProblem::ExtendedKeyUsage { .. } => {
            flag("MBEDTLS_X509_BADCERT_EXT_KEY_USAGE", 0x1000)
        }
        DeviceProblem::TooManyIntermediates { .. } => flag("MBEDTLS_ERR_X509_FATAL_ERROR", -0x3000),
        DeviceProblem::Unparsable {
            what: Unparsable::Ed25519Key,
            ..
        }
        | DeviceProblem::UnsupportedKey { .. } => flag("MBEDTLS_ERR_PK_UNKNOWN_PK_ALG", -0x3C80),
        DeviceProblem::Unparsable {
            what: Unparsable::Ed25519Signature,
            ..
        }
        | DeviceProblem::UnsupportedSignature { .. } => {
            flag("MBEDTLS_ERR_X509_UNKNOWN_SIG_ALG", -0x2600)
        }
        DeviceProblem::Unparsable { .. } | DeviceProblem::UnknownCriticalExtension { .. } => {
            // MBEDTLS_ERR_X509_INVALID_EXTENSIONS + MBEDTLS_ERR_ASN1_UNEXPECTED_TAG.
            flag("MBEDTLS_ERR_X509_INVALID_EXTENSIONS", -0x2562)
        }
        // A parent the parent check refuses, a bad signature, a missing issuer: all one flag.
        _ => flag("MBEDTLS_X509_BADCERT_NOT_TRUSTED", 0x08),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::model::{Device, DeviceClock, Stack};

    // Each rule below was run against Debian's libmbedtls 2.28.3: mbedtls_x509_crt_parse_file
    // for the chain and the CA, then mbedtls_x509_crt_verify(chain, ca, NULL, host, &flags).

    #[test]
    fn an_ip_san_never_matches() {
        // mbedtls_x509_crt_verify(…, "10.0.0.1") on an IP:10.0.0.1 leaf: flags 0x04.
        let lab = Lab::new();
        let v = lab.verdict(Stack::MbedTls, &lab.ip_leaf(), "10.0.0.1");
        assert!(!v.trusted);
        assert_eq!(names(&v), ["MBEDTLS_X509_BADCERT_CN_MISMATCH"]);
    }

    #[test]
    fn the_common_name_counts_only_without_any_san() {
        // CN-only leaf: flags 0; CN=device.example.com with SAN IP:10.0.0.1: flags 0x04.
        let lab = Lab::new();
        assert!(
            lab.verdict(Stack::MbedTls, &lab.cn_only_leaf(), "device.example.com")
                .trusted
        );
        let v = lab.verdict(Stack::MbedTls, &lab.cn_and_ip_leaf(), "device.example.com");
        assert_eq!(names(&v), ["MBEDTLS_X509_BADCERT_CN_MISMATCH"]);
    }

    #[test]
    fn sha1_and_rsa_1024_fall_outside_the_default_profile() {
        // SHA-1-signed intermediate: flags 0x4000; RSA-1024 leaf: flags 0x10000.
        let lab = Lab::new();
        let v = lab.verdict_chain(Stack::MbedTls, &lab.sha1_chain(), "device.example.com");
        assert_eq!(names(&v), ["MBEDTLS_X509_BADCERT_BAD_MD"]);
        let v = lab.verdict(Stack::MbedTls, &lab.rsa1024_leaf(), "device.example.com");
        assert_eq!(names(&v), ["MBEDTLS_X509_BADCERT_BAD_KEY"]);
    }

    #[test]
    fn an_ed25519_leaf_cannot_be_parsed() {
        // mbedtls_x509_crt_parse_file on an Ed25519 leaf: -0x3c80.
        let lab = Lab::new();
        let v = lab.verdict(Stack::MbedTls, &lab.ed25519_leaf(), "device.example.com");
        assert_eq!(names(&v), ["MBEDTLS_ERR_PK_UNKNOWN_PK_ALG"]);
    }

    #[test]
    fn an_expired_trust_anchor_fails() {
        // Under faketime 2017, a root that expired in 2016: flags 0x01.
        let v = Lab::new().verdict_expired_root(Stack::MbedTls);
        assert_eq!(names(&v), ["MBEDTLS_X509_BADCERT_EXPIRED"]);
    }

    #[test]
    fn a_critical_name_constraint_makes_the_ca_unparsable() {
        // mbedtls_x509_crt_parse_file on a CA with critical nameConstraints: -0x2562.
        let lab = Lab::new();
        let v = lab.verdict_chain(Stack::MbedTls, &lab.nc_chain(), "device.example.com");
        assert_eq!(names(&v), ["MBEDTLS_ERR_X509_INVALID_EXTENSIONS"]);
    }

    #[test]
    fn an_extra_certificate_in_the_middle_is_skipped_but_a_decoy_is_taken() {
        // leaf, unrelated self-signed, intermediate: flags 0 (the parent search runs
        // forward over the rest of the chain). A decoy with the issuer's name first is
        // taken as the parent; its bad signature is final (x509_crt_find_parent_in).
        let lab = Lab::new();
        assert!(
            lab.verdict_chain(Stack::MbedTls, &lab.extra_in_middle(), "device.example.com")
                .trusted
        );
        let v = lab.verdict_chain(Stack::MbedTls, &lab.decoy_first(), "device.example.com");
        assert_eq!(names(&v), ["MBEDTLS_X509_BADCERT_NOT_TRUSTED"]);
        assert!(v.working_order.is_some());
    }

    #[test]
    fn a_path_length_overrun_is_not_trusted() {
        // Intermediate with pathlen:0 above another intermediate: flags 0x08.
        let lab = Lab::new();
        let v = lab.verdict_chain(Stack::MbedTls, &lab.path_len_chain(), "device.example.com");
        assert_eq!(names(&v), ["MBEDTLS_X509_BADCERT_NOT_TRUSTED"]);
    }

    #[test]
    fn a_client_only_eku_in_an_intermediate_is_accepted() {
        // flags 0 for an intermediate with EKU clientAuth only.
        let lab = Lab::new();
        assert!(
            lab.verdict_chain(
                Stack::MbedTls,
                &lab.client_eku_ca_chain(),
                "device.example.com"
            )
            .trusted
        );
    }

    #[test]
    fn the_tls_usage_check_reads_the_leaf_eku() {
        // mbedtls_ssl_check_cert_usage (ssl_tls.c): a server leaf needs serverAuth (or
        // anyExtendedKeyUsage) when it has an EKU. Read from the source, not run here:
        // mbedtls_x509_crt_verify alone does not make this check.
        let lab = Lab::new();
        let v = lab.verdict_chain(
            Stack::MbedTls,
            &lab.client_eku_leaf_chain(),
            "device.example.com",
        );
        assert_eq!(names(&v), ["MBEDTLS_X509_BADCERT_EXT_KEY_USAGE"]);
    }

    #[test]
    fn no_time_accepts_an_expired_leaf_and_says_so() {
        let lab = Lab::new();
        let chain = lab.ok_chain();
        let host = "device.example.com";
        let v = lab.verdict_at(
            Device::new(Stack::MbedTls),
            &chain,
            host,
            DeviceClock::Set,
            LEAVES_EXPIRED,
        );
        assert_eq!(names(&v), ["MBEDTLS_X509_BADCERT_EXPIRED"]);
        let no_time: Device = "mbedtls-2.28:no-time".parse().unwrap();
        let v = lab.verdict_at(no_time, &chain, host, DeviceClock::Set, LEAVES_EXPIRED);
        assert!(v.trusted);
        assert_eq!(v.unchecked_time.len(), 1);
        // A device without a clock does the same.
        let v = lab.verdict_at(
            Device::new(Stack::MbedTls),
            &chain,
            host,
            DeviceClock::None,
            LEAVES_EXPIRED,
        );
        assert!(v.trusted);
        assert_eq!(v.unchecked_time.len(), 1);
        // A clock a year and a half ahead sees the leaf expired already.
        let v = lab.verdict_at(
            Device::new(Stack::MbedTls),
            &chain,
            host,
            DeviceClock::Skew { days: 600 },
            AT,
        );
        assert_eq!(names(&v), ["MBEDTLS_X509_BADCERT_EXPIRED"]);
    }

    #[test]
    fn max_intermediates_limits_the_chain() {
        let lab = Lab::new();
        let v = lab.verdict_with(
            "mbedtls-2.28:max-intermediates=0".parse().unwrap(),
            &lab.ok_chain(),
            "device.example.com",
            DeviceClock::Set,
        );
        assert_eq!(names(&v), ["MBEDTLS_ERR_X509_FATAL_ERROR"]);
    }
}
