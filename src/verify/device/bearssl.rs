//! BearSSL 0.6 (`br_x509_minimal`, as `br_ssl_client_init_full` sets it up).

use crate::model::{DeviceProblem, StackError};

use super::{
    BASIC, CommonName, Ed25519Rule, LeafKeyUsage, MlDsaRule, NameCompare, NameConstraintsRule,
    Order, Rules,
};

/// The default client's rules.
pub(super) fn rules() -> Rules {
    Rules {
        order: Order::Strict,
        max_intermediates: None,
        ip_san: false,
        common_name: CommonName::WithoutSan,
        // br_x509_minimal's default minimum RSA modulus is 128 bytes.
        min_rsa_bits: Some(1024),
        sha1: true,
        ed25519: Ed25519Rule::Unsupported,
        ml_dsa: MlDsaRule::Unsupported,
        name_constraints: NameConstraintsRule::UnknownCritical,
        path_len: true,
        ca_eku: false,
        leaf_eku: false,
        // Trust anchors are a name and a key: nothing else of them is read.
        anchor_fields: false,
        anchor_time: false,
        check_time: true,
        known_critical: BASIC,
        critical_unparsable: false,
        leaf_key_usage: LeafKeyUsage::DigitalSignature,
        any_eku: true,
        names: NameCompare::Exact,
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

const fn err(name: &'static str, value: i64) -> StackError {
    StackError {
        name,
        value: Some(value),
    }
}

/// The `BR_ERR_X509_*` code `end_chain` returns.
pub(super) fn error(problem: &DeviceProblem) -> StackError {
    match problem {
        DeviceProblem::NameMismatch { .. } => err("BR_ERR_X509_BAD_SERVER_NAME", 56),
        DeviceProblem::Expired { .. } | DeviceProblem::NotYetValid { .. } => {
            err("BR_ERR_X509_EXPIRED", 54)
        }
        DeviceProblem::BadSignature { .. } => err("BR_ERR_X509_BAD_SIGNATURE", 52),
        DeviceProblem::OrderBroken { .. } => err("BR_ERR_X509_DN_MISMATCH", 55),
        // A pathLenConstraint overrun is reported as NOT_CA (measured).
        DeviceProblem::IssuerNotCa { .. } | DeviceProblem::PathLenExceeded { .. } => {
            err("BR_ERR_X509_NOT_CA", 58)
        }
        DeviceProblem::MissingKeyCertSign { .. } => err("BR_ERR_X509_FORBIDDEN_KEY_USAGE", 59),
        // The SSL engine's check of the usages the X.509 engine reports.
        DeviceProblem::LeafKeyUsage { .. } => err("BR_ERR_WRONG_KEY_USAGE", 28),
        DeviceProblem::UnknownCriticalExtension { .. } => err("BR_ERR_X509_CRITICAL_EXTENSION", 57),
        DeviceProblem::WeakRsaKey { .. } => err("BR_ERR_X509_WEAK_PUBLIC_KEY", 60),
        DeviceProblem::TooManyIntermediates { .. } => err("BR_ERR_X509_LIMIT_EXCEEDED", 50),
        DeviceProblem::Unparsable { .. }
        | DeviceProblem::UnsupportedKey { .. }
        | DeviceProblem::UnsupportedSignature { .. }
        | DeviceProblem::WeakHash { .. } => err("BR_ERR_X509_UNSUPPORTED", 49),
        _ => err("BR_ERR_X509_NOT_TRUSTED", 62),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::model::Stack;

    // Each rule below was run against Debian's libbearssl 0.6: br_x509_minimal_init_full
    // with the root decoded by br_x509_decoder as the one anchor, then start_chain(host),
    // each certificate as sent, and end_chain's return value.

    #[test]
    fn an_ip_san_never_matches() {
        // end_chain on an IP:10.0.0.1 leaf with server name "10.0.0.1": 56.
        let lab = Lab::new();
        let v = lab.verdict(Stack::BearSsl, &lab.ip_leaf(), "10.0.0.1");
        assert_eq!(names(&v), ["BR_ERR_X509_BAD_SERVER_NAME"]);
    }

    #[test]
    fn the_common_name_counts_only_without_any_san() {
        // CN-only leaf: 0; CN=device.example.com with SAN IP:10.0.0.1: 56.
        let lab = Lab::new();
        assert!(
            lab.verdict(Stack::BearSsl, &lab.cn_only_leaf(), "device.example.com")
                .trusted
        );
        let v = lab.verdict(Stack::BearSsl, &lab.cn_and_ip_leaf(), "device.example.com");
        assert_eq!(names(&v), ["BR_ERR_X509_BAD_SERVER_NAME"]);
    }

    #[test]
    fn an_extra_certificate_in_the_middle_breaks_the_order() {
        // leaf, unrelated self-signed, intermediate: 55; leaf, intermediate, extra: 0.
        let lab = Lab::new();
        let v = lab.verdict_chain(Stack::BearSsl, &lab.extra_in_middle(), "device.example.com");
        assert_eq!(names(&v), ["BR_ERR_X509_DN_MISMATCH"]);
        assert_eq!(v.working_order.as_ref().map(Vec::len), Some(2));
        assert!(
            lab.verdict_chain(Stack::BearSsl, &lab.extra_at_end(), "device.example.com")
                .trusted
        );
    }

    #[test]
    fn sha1_is_accepted_and_critical_name_constraints_are_not() {
        // SHA-1-signed intermediate: 0; intermediate with critical nameConstraints: 57.
        let lab = Lab::new();
        assert!(
            lab.verdict_chain(Stack::BearSsl, &lab.sha1_chain(), "device.example.com")
                .trusted
        );
        let v = lab.verdict_chain(Stack::BearSsl, &lab.nc_chain(), "device.example.com");
        assert_eq!(names(&v), ["BR_ERR_X509_CRITICAL_EXTENSION"]);
    }

    #[test]
    fn a_decoy_named_like_the_issuer_fails_its_signature() {
        // leaf, self-signed CA named "Test Inter" with another key, intermediate: 52.
        let lab = Lab::new();
        let v = lab.verdict_chain(Stack::BearSsl, &lab.decoy_first(), "device.example.com");
        assert_eq!(names(&v), ["BR_ERR_X509_BAD_SIGNATURE"]);
    }

    #[test]
    fn keys_an_ed25519_leaf_and_rsa_1024() {
        // Ed25519 leaf: 49; RSA-1024 leaf: 0.
        let lab = Lab::new();
        let v = lab.verdict(Stack::BearSsl, &lab.ed25519_leaf(), "device.example.com");
        assert_eq!(names(&v), ["BR_ERR_X509_UNSUPPORTED"]);
        assert!(
            lab.verdict(Stack::BearSsl, &lab.rsa1024_leaf(), "device.example.com")
                .trusted
        );
    }

    #[test]
    fn the_anchor_is_a_name_and_a_key() {
        // Under faketime 2017, a root that expired in 2016: 0.
        assert!(Lab::new().verdict_expired_root(Stack::BearSsl).trusted);
    }

    #[test]
    fn a_path_length_overrun_is_not_ca() {
        // Intermediate with pathlen:0 above another intermediate: 58.
        let lab = Lab::new();
        let v = lab.verdict_chain(Stack::BearSsl, &lab.path_len_chain(), "device.example.com");
        assert_eq!(names(&v), ["BR_ERR_X509_NOT_CA"]);
    }

    #[test]
    fn ekus_are_not_read() {
        // Intermediate with EKU clientAuth only: 0; leaf with EKU clientAuth only: 0.
        let lab = Lab::new();
        assert!(
            lab.verdict_chain(
                Stack::BearSsl,
                &lab.client_eku_ca_chain(),
                "device.example.com"
            )
            .trusted
        );
        assert!(
            lab.verdict_chain(
                Stack::BearSsl,
                &lab.client_eku_leaf_chain(),
                "device.example.com"
            )
            .trusted
        );
    }
}
