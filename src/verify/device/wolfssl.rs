//! wolfSSL 5.5 (`ProcessPeerCerts` in the TLS client, `ParseCertRelative` in asn.c).
//!
//! Its chain logic lives inside the handshake: the device lab drives Debian's libwolfssl
//! 5.5.4 client with a canned ServerHello + Certificate, and the lab's cases (see the tests
//! in `mod.rs`) settled the host, name, key-identifier and order rules. Debian's build
//! defines `WOLFSSL_ALT_CERT_CHAINS` (`options.h`): the lab measures that build, so its
//! verdicts are this profile's with `alt-cert-chains`. What `ParseCertRelative` decides per
//! certificate was also run with `wolfSSL_CertManagerLoadCA` + `wolfSSL_CertManagerVerify`.

use crate::model::{DeviceProblem, StackError};

use super::{
    CommonName, Ed25519Rule, FULL, LeafKeyUsage, MlDsaRule, NameCompare, NameConstraintsRule,
    Order, Rules,
};

/// `MAX_CHAIN_DEPTH` in `internal.h` is 9 certificates, the leaf included (measured: nine
/// intermediates are refused).
const MAX_CHAIN_DEPTH: usize = 8;

/// The client's rules; `alt_chains`: built with `WOLFSSL_ALT_CERT_CHAINS`.
pub(super) fn rules(alt_chains: bool) -> Rules {
    Rules {
        order: Order::Backward,
        max_intermediates: Some(MAX_CHAIN_DEPTH),
        // Measured: Debian's build matches an IP host with an iPAddress entry.
        ip_san: true,
        common_name: CommonName::WithoutDnsSan,
        // WOLFSSL_MIN_RSA_BITS defaults to 1024.
        min_rsa_bits: Some(1024),
        sha1: true,
        ed25519: Ed25519Rule::Supported,
        ml_dsa: MlDsaRule::Unsupported,
        name_constraints: NameConstraintsRule::Enforce,
        path_len: true,
        ca_eku: false,
        leaf_eku: true,
        // A CA loaded as trusted is a signer: its own dates, key size and keyUsage are
        // not checked again.
        anchor_fields: false,
        anchor_time: false,
        check_time: true,
        known_critical: FULL,
        critical_unparsable: false,
        leaf_key_usage: LeafKeyUsage::DigitalSignature,
        any_eku: true,
        names: NameCompare::Exact,
        partial_wildcards: true,
        aki_match: true,
        computed_ski: true,
        expired_at_not_after: false,
        anchor_self_signed: false,
        cn_constrained: true,
        dn_constraints: true,
        ip_as_text: true,
        dn_constraints_exact: true,
        nc_before_bc_refused: true,
        skip_unverified: alt_chains,
    }
}

const fn e(name: &'static str, value: i64) -> StackError {
    StackError {
        name,
        value: Some(value),
    }
}

/// The wolfSSL error code the handshake fails with.
pub(super) fn error(problem: &DeviceProblem) -> StackError {
    // An intermediate that fails its own checks is never added as a signer: the leaf then
    // has none (measured).
    let intermediate = |id: &Option<crate::model::CertId>| id.is_some_and(|id| id.index() != 0);
    match problem {
        DeviceProblem::Expired { certificate, .. }
        | DeviceProblem::NotYetValid { certificate, .. }
            if intermediate(certificate) =>
        {
            e("ASN_NO_SIGNER_E", -188)
        }
        DeviceProblem::PathLenExceeded { .. } | DeviceProblem::TooManyIntermediates { .. } => {
            e("ASN_NO_SIGNER_E", -188)
        }
        DeviceProblem::NameMismatch { .. } => e("DOMAIN_NAME_MISMATCH", -322),
        DeviceProblem::Expired { .. } => e("ASN_AFTER_DATE_E", -151),
        DeviceProblem::NotYetValid { .. } => e("ASN_BEFORE_DATE_E", -150),
        DeviceProblem::BadSignature { .. } => e("ASN_SIG_CONFIRM_E", -155),
        DeviceProblem::NameConstraintViolation { .. } => e("ASN_NAME_INVALID_E", -198),
        DeviceProblem::UnknownCriticalExtension { .. } => e("ASN_CRIT_EXT_E", -160),
        DeviceProblem::WeakRsaKey { .. } => e("RSA_KEY_SIZE_E", -409),
        DeviceProblem::ExtendedKeyUsage { .. } => e("EXTKEYUSE_AUTH_E", -386),
        DeviceProblem::LeafKeyUsage { .. } => e("KEYUSE_SIGNATURE_E", -383),
        DeviceProblem::Unparsable { .. } => e("ASN_SIG_KEY_E", -157),
        // A key OID it does not know (an ML-DSA leaf, measured); an ML-DSA signature leaves
        // the certificate without a signer (the default below, measured).
        DeviceProblem::UnsupportedKey { .. } => e("ASN_UNKNOWN_OID_E", -148),
        DeviceProblem::WeakHash { .. } => e("ASN_SIG_HASH_E", -156),
        _ => e("ASN_NO_SIGNER_E", -188),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::model::Stack;

    #[test]
    fn names_are_constrained_and_sha1_and_rsa_1024_pass() {
        // wolfSSL_CertManagerVerify: -198 under the nameConstraints CA; 1 (success) for
        // the SHA-1 intermediate's leaf and for the RSA-1024 leaf.
        let lab = Lab::new();
        let host = "device.example.com";
        let v = lab.verdict_chain(Stack::WolfSsl, &lab.nc_chain(), host);
        assert_eq!(names(&v), ["ASN_NAME_INVALID_E"]);
        assert!(
            lab.verdict_chain(Stack::WolfSsl, &lab.sha1_chain(), host)
                .trusted
        );
        assert!(
            lab.verdict(Stack::WolfSsl, &lab.rsa1024_leaf(), host)
                .trusted
        );
    }

    #[test]
    fn an_expired_trust_anchor_is_still_a_signer() {
        // wolfSSL_CertManagerLoadCA of a root that expired in 2016, then
        // wolfSSL_CertManagerVerify of its leaf under faketime 2017: 1 (success).
        let lab = Lab::new();
        let v = lab.verdict_expired_root(Stack::WolfSsl);
        assert!(v.trusted, "{:?}", v.problems);
        assert!(!lab.verdict_expired_root(Stack::MbedTls).trusted);
    }

    #[test]
    fn intermediates_are_verified_from_the_last_one_sent() {
        // An extra that no signer verifies fails the chain, unless alt-cert-chains.
        let lab = Lab::new();
        let v = lab.verdict_chain(Stack::WolfSsl, &lab.extra_at_end(), "device.example.com");
        assert_eq!(names(&v), ["ASN_NO_SIGNER_E"]);
        let v = lab.verdict_with(
            "wolfssl-5.5:alt-cert-chains".parse().unwrap(),
            &lab.extra_at_end(),
            "device.example.com",
            crate::model::DeviceClock::Set,
        );
        assert!(v.trusted);
    }

    #[test]
    fn an_ip_host_matches_an_ip_san_and_a_dns_name_holding_it() {
        // The device lab's san_ip and san_ip_as_dns cases: Debian's libwolfssl accepted both.
        let lab = Lab::new();
        assert!(
            lab.verdict(Stack::WolfSsl, &lab.ip_leaf(), "10.0.0.1")
                .trusted
        );
        let v = lab.verdict(Stack::WolfSsl, &lab.ip_leaf(), "10.0.0.2");
        assert_eq!(names(&v), ["DOMAIN_NAME_MISMATCH"]);
    }
}
