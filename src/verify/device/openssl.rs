//! OpenSSL 3.0 (`X509_verify_cert` as `SSL_connect` runs it: purpose sslserver, the host set
//! with `SSL_set1_host`, Debian's default security level 2).

use crate::model::{DeviceProblem, StackError};

use super::{
    CommonName, Ed25519Rule, FULL, LeafKeyUsage, MlDsaRule, NameCompare, NameConstraintsRule,
    Order, Rules,
};

/// The default client's rules.
pub(super) fn rules() -> Rules {
    Rules {
        order: Order::Reorder,
        // The default verify depth of 100.
        max_intermediates: Some(100),
        ip_san: true,
        common_name: CommonName::WithoutDnsSan,
        // Security level 2: 112-bit security, RSA ≥ 2048, no SHA-1.
        min_rsa_bits: Some(2048),
        sha1: false,
        ed25519: Ed25519Rule::Supported,
        ml_dsa: MlDsaRule::Unsupported,
        name_constraints: NameConstraintsRule::Enforce,
        path_len: true,
        ca_eku: true,
        leaf_eku: true,
        anchor_fields: true,
        anchor_time: true,
        check_time: true,
        known_critical: FULL,
        critical_unparsable: false,
        leaf_key_usage: LeafKeyUsage::OpenSsl,
        any_eku: false,
        names: NameCompare::Canonical,
        partial_wildcards: true,
        aki_match: true,
        computed_ski: false,
        expired_at_not_after: true,
        anchor_self_signed: true,
        cn_constrained: true,
        dn_constraints: true,
        ip_as_text: false,
        dn_constraints_exact: false,
        nc_before_bc_refused: false,
        skip_unverified: false,
    }
}

const fn v(name: &'static str, value: i64) -> StackError {
    StackError {
        name,
        value: Some(value),
    }
}

/// The `X509_V_ERR_*` code `SSL_get_verify_result` gives.
pub(super) fn error(problem: &DeviceProblem, host: Option<&str>) -> StackError {
    match problem {
        DeviceProblem::NameMismatch { .. } => {
            let ip = host.is_some_and(|h| {
                h.trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<std::net::IpAddr>()
                    .is_ok()
            });
            if ip {
                v("X509_V_ERR_IP_ADDRESS_MISMATCH", 64)
            } else {
                v("X509_V_ERR_HOSTNAME_MISMATCH", 62)
            }
        }
        DeviceProblem::Expired { .. } => v("X509_V_ERR_CERT_HAS_EXPIRED", 10),
        DeviceProblem::NotYetValid { .. } => v("X509_V_ERR_CERT_NOT_YET_VALID", 9),
        DeviceProblem::BadSignature { .. } => v("X509_V_ERR_CERT_SIGNATURE_FAILURE", 7),
        // X509_check_ca refuses a CA whose keyUsage lacks keyCertSign: INVALID_CA (measured).
        DeviceProblem::IssuerNotCa { .. } | DeviceProblem::MissingKeyCertSign { .. } => {
            v("X509_V_ERR_INVALID_CA", 24)
        }
        DeviceProblem::PathLenExceeded { .. } => v("X509_V_ERR_PATH_LENGTH_EXCEEDED", 25),
        DeviceProblem::TooManyIntermediates { .. } => v("X509_V_ERR_CERT_CHAIN_TOO_LONG", 22),
        DeviceProblem::UnknownCriticalExtension { .. } => {
            v("X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION", 34)
        }
        DeviceProblem::NameConstraintViolation { excluded: true, .. } => {
            v("X509_V_ERR_EXCLUDED_VIOLATION", 48)
        }
        DeviceProblem::NameConstraintViolation { .. } => v("X509_V_ERR_PERMITTED_VIOLATION", 47),
        DeviceProblem::UnknownIssuer {
            self_signed: true, ..
        } => v("X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN", 19),
        DeviceProblem::UnknownIssuer { in_store: true, .. } => {
            v("X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT", 2)
        }
        DeviceProblem::WeakHash { .. } => v("X509_V_ERR_CA_MD_TOO_WEAK", 68),
        DeviceProblem::WeakRsaKey {
            certificate: Some(id),
            ..
        } if id.index() == 0 => v("X509_V_ERR_EE_KEY_TOO_SMALL", 66),
        DeviceProblem::WeakRsaKey { .. } => v("X509_V_ERR_CA_KEY_TOO_SMALL", 67),
        // A key it cannot decode has no security bits, below every security level: an ML-DSA
        // leaf is EE_KEY_TOO_SMALL (measured). An ML-DSA signature leaves the certificate
        // without an issuer (the default below, measured).
        DeviceProblem::UnsupportedKey {
            certificate: id, ..
        } if id.index() == 0 => v("X509_V_ERR_EE_KEY_TOO_SMALL", 66),
        DeviceProblem::UnsupportedKey { .. } => v("X509_V_ERR_CA_KEY_TOO_SMALL", 67),
        // An EC key without digitalSignature cannot sign the handshake (ssl/t1_lib.c).
        DeviceProblem::LeafKeyUsage {
            ec_key: true,
            handshake_only: true,
            ..
        } => v("SSL_R_ECC_CERT_NOT_FOR_SIGNING", 318),
        DeviceProblem::ExtendedKeyUsage { .. } | DeviceProblem::LeafKeyUsage { .. } => {
            v("X509_V_ERR_INVALID_PURPOSE", 26)
        }
        _ => v("X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY", 20),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::model::Stack;

    // Each rule below was run against Debian's OpenSSL 3.0: `openssl verify -CAfile root
    // -untrusted inter -purpose sslserver -verify_hostname/-verify_ip`, with
    // `-auth_level 2` for the security level SSL_CTX_get_security_level reports (2) for a
    // TLS_client_method context.

    #[test]
    fn an_ip_host_matches_an_ip_san() {
        let lab = Lab::new();
        assert!(
            lab.verdict(Stack::OpenSsl, &lab.ip_leaf(), "10.0.0.1")
                .trusted
        );
    }

    #[test]
    fn the_common_name_counts_without_dns_sans() {
        // CN-only: OK; CN=host with SAN IP:10.0.0.1: OK.
        let lab = Lab::new();
        assert!(
            lab.verdict(Stack::OpenSsl, &lab.cn_only_leaf(), "device.example.com")
                .trusted
        );
        assert!(
            lab.verdict(Stack::OpenSsl, &lab.cn_and_ip_leaf(), "device.example.com")
                .trusted
        );
    }

    #[test]
    fn security_level_two_refuses_sha1() {
        // -auth_level 2: error 68 at depth 1 for a SHA-1-signed intermediate.
        let lab = Lab::new();
        let v = lab.verdict_chain(Stack::OpenSsl, &lab.sha1_chain(), "device.example.com");
        assert_eq!(names(&v), ["X509_V_ERR_CA_MD_TOO_WEAK"]);
    }

    #[test]
    fn security_level_two_refuses_rsa_1024() {
        // -auth_level 2: error 66 at depth 0.
        let lab = Lab::new();
        let v = lab.verdict(Stack::OpenSsl, &lab.rsa1024_leaf(), "device.example.com");
        assert_eq!(names(&v), ["X509_V_ERR_EE_KEY_TOO_SMALL"]);
    }

    #[test]
    fn an_expired_trust_anchor_fails() {
        // Under faketime 2017, a root that expired in 2016: error 10 at depth 1.
        let v = Lab::new().verdict_expired_root(Stack::OpenSsl);
        assert_eq!(names(&v), ["X509_V_ERR_CERT_HAS_EXPIRED"]);
    }

    #[test]
    fn constraints_and_purposes_are_enforced() {
        // error 47 (name constraints), 25 (pathlen), 26 (clientAuth-only CA; leaf).
        let lab = Lab::new();
        let host = "device.example.com";
        let v = lab.verdict_chain(Stack::OpenSsl, &lab.nc_chain(), host);
        assert_eq!(names(&v), ["X509_V_ERR_PERMITTED_VIOLATION"]);
        let v = lab.verdict_chain(Stack::OpenSsl, &lab.path_len_chain(), host);
        assert_eq!(names(&v), ["X509_V_ERR_PATH_LENGTH_EXCEEDED"]);
        let v = lab.verdict_chain(Stack::OpenSsl, &lab.client_eku_ca_chain(), host);
        assert_eq!(names(&v), ["X509_V_ERR_INVALID_PURPOSE"]);
        let v = lab.verdict_chain(Stack::OpenSsl, &lab.client_eku_leaf_chain(), host);
        assert_eq!(names(&v), ["X509_V_ERR_INVALID_PURPOSE"]);
    }
}
