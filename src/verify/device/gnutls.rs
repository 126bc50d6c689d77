//! GnuTLS 3.7 (`gnutls_x509_trust_list_verify_crt2` with the host name and the TLS server
//! purpose, as `gnutls_session_set_verify_cert` runs it).

use crate::model::{DeviceProblem, StackError};

use super::{
    CommonName, Ed25519Rule, FULL, LeafKeyUsage, MlDsaRule, NameCompare, NameConstraintsRule,
    Order, Rules,
};

/// `GNUTLS_CERT_INVALID`, set beside every other reason.
pub(super) const INVALID: StackError = st("GNUTLS_CERT_INVALID", 0x2);

/// The default client's rules.
pub(super) fn rules() -> Rules {
    Rules {
        order: Order::Reorder,
        // DEFAULT_MAX_VERIFY_DEPTH is 16 certificates.
        max_intermediates: Some(14),
        ip_san: true,
        common_name: CommonName::WithoutHostSan,
        min_rsa_bits: None,
        sha1: false,
        ed25519: Ed25519Rule::Supported,
        ml_dsa: MlDsaRule::SignaturesOnly,
        name_constraints: NameConstraintsRule::Enforce,
        path_len: true,
        // The default client (`gnutls_session_set_verify_cert`) passes the host name only,
        // no key purpose: EKUs are not read (measured).
        ca_eku: false,
        leaf_eku: false,
        anchor_fields: true,
        anchor_time: true,
        check_time: true,
        known_critical: FULL,
        critical_unparsable: false,
        leaf_key_usage: LeafKeyUsage::DigitalSignature,
        any_eku: true,
        names: NameCompare::ValueExact,
        partial_wildcards: false,
        aki_match: true,
        computed_ski: false,
        expired_at_not_after: false,
        anchor_self_signed: false,
        cn_constrained: true,
        dn_constraints: false,
        ip_as_text: false,
        dn_constraints_exact: false,
        nc_before_bc_refused: false,
        skip_unverified: false,
    }
}

const fn st(name: &'static str, value: i64) -> StackError {
    StackError {
        name,
        value: Some(value),
    }
}

/// The `gnutls_certificate_status_t` bit.
pub(super) fn error(problem: &DeviceProblem) -> StackError {
    match problem {
        DeviceProblem::NameMismatch { .. } => st("GNUTLS_CERT_UNEXPECTED_OWNER", 0x4000),
        DeviceProblem::Expired { .. } => st("GNUTLS_CERT_EXPIRED", 0x400),
        DeviceProblem::NotYetValid { .. } => st("GNUTLS_CERT_NOT_ACTIVATED", 0x200),
        DeviceProblem::BadSignature { .. } => st("GNUTLS_CERT_SIGNATURE_FAILURE", 0x800),
        DeviceProblem::IssuerNotCa { .. } | DeviceProblem::MissingKeyCertSign { .. } => {
            st("GNUTLS_CERT_SIGNER_NOT_CA", 0x80)
        }
        DeviceProblem::PathLenExceeded { .. }
        | DeviceProblem::NameConstraintViolation { .. }
        | DeviceProblem::UnknownCriticalExtension { .. } => {
            st("GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE", 0x1_0000)
        }
        DeviceProblem::WeakHash { .. } | DeviceProblem::WeakRsaKey { .. } => {
            st("GNUTLS_CERT_INSECURE_ALGORITHM", 0x100)
        }
        DeviceProblem::ExtendedKeyUsage { .. } => st("GNUTLS_CERT_PURPOSE_MISMATCH", 0x4_0000),
        // The handshake's own check of the leaf's keyUsage (not a verification status).
        DeviceProblem::LeafKeyUsage { .. } => st("GNUTLS_E_KEY_USAGE_VIOLATION", -48),
        // A signature algorithm it does not know: the status is GNUTLS_CERT_INVALID alone
        // (measured with ML-DSA).
        DeviceProblem::UnsupportedSignature { .. } => INVALID,
        _ => st("GNUTLS_CERT_SIGNER_NOT_FOUND", 0x40),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::model::Stack;

    // Each rule below was run against Debian's libgnutls 3.7.9:
    // gnutls_x509_trust_list_verify_crt2 with GNUTLS_DT_DNS_HOSTNAME and
    // GNUTLS_DT_KEY_PURPOSE_OID = GNUTLS_KP_TLS_WWW_SERVER, status as returned.

    #[test]
    fn an_ip_host_matches_an_ip_san() {
        // IP:10.0.0.1 leaf, host "10.0.0.1": status 0.
        let lab = Lab::new();
        assert!(
            lab.verdict(Stack::GnuTls, &lab.ip_leaf(), "10.0.0.1")
                .trusted
        );
    }

    #[test]
    fn the_common_name_counts_only_without_dns_or_ip_sans() {
        // CN-only: 0; CN=host with SAN IP:10.0.0.1: 0x4002.
        let lab = Lab::new();
        assert!(
            lab.verdict(Stack::GnuTls, &lab.cn_only_leaf(), "device.example.com")
                .trusted
        );
        let v = lab.verdict(Stack::GnuTls, &lab.cn_and_ip_leaf(), "device.example.com");
        assert_eq!(
            names(&v),
            ["GNUTLS_CERT_UNEXPECTED_OWNER", "GNUTLS_CERT_INVALID"]
        );
    }

    #[test]
    fn sha1_and_constraints_are_enforced_and_ekus_are_not_read() {
        // SHA-1 intermediate: 0x102; name constraints: 0x10002; pathlen: 0x10002. The
        // default TLS client (gnutls_session_set_verify_cert) gives the host name only, no
        // key purpose: the device lab's clientAuth-only leaf and intermediate were accepted.
        let lab = Lab::new();
        let host = "device.example.com";
        let v = lab.verdict_chain(Stack::GnuTls, &lab.sha1_chain(), host);
        assert_eq!(
            names(&v),
            ["GNUTLS_CERT_INSECURE_ALGORITHM", "GNUTLS_CERT_INVALID"]
        );
        let v = lab.verdict_chain(Stack::GnuTls, &lab.nc_chain(), host);
        assert_eq!(
            names(&v),
            [
                "GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE",
                "GNUTLS_CERT_INVALID"
            ]
        );
        let v = lab.verdict_chain(Stack::GnuTls, &lab.path_len_chain(), host);
        assert_eq!(
            names(&v),
            [
                "GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE",
                "GNUTLS_CERT_INVALID"
            ]
        );
        assert!(
            lab.verdict_chain(Stack::GnuTls, &lab.client_eku_ca_chain(), host)
                .trusted
        );
        assert!(
            lab.verdict_chain(Stack::GnuTls, &lab.client_eku_leaf_chain(), host)
                .trusted
        );
    }

    #[test]
    fn an_expired_trust_anchor_fails() {
        // Under faketime 2017, a root that expired in 2016: 0x402.
        let v = Lab::new().verdict_expired_root(Stack::GnuTls);
        assert_eq!(names(&v), ["GNUTLS_CERT_EXPIRED", "GNUTLS_CERT_INVALID"]);
    }

    #[test]
    fn any_order_is_taken() {
        // leaf, unrelated self-signed, intermediate: 0.
        let lab = Lab::new();
        assert!(
            lab.verdict_chain(Stack::GnuTls, &lab.extra_in_middle(), "device.example.com")
                .trusted
        );
    }
}
