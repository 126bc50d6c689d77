//! The valid_policy_tree on generated paths: RFC 5280's own rules one by one (mapping,
//! inhibiting, the self-issued exceptions, the wrap-up's intersection) and the node limit.

// Tests may unwrap, expect and index: a failure is a panic by design.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::unwrap_used)]

use rcgen::{BasicConstraints, CertificateParams, CustomExtension, DnType, IsCa, Issuer, KeyPair};

use super::*;
use crate::model::Policy;

const P1: &str = "2.16.840.1.101.3.2.1.48.1";
const P2: &str = "2.16.840.1.101.3.2.1.48.2";
const P3: &str = "2.16.840.1.101.3.2.1.48.3";

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend([0x81, len as u8]);
    } else {
        out.extend([0x82, (len >> 8) as u8, len as u8]);
    }
    out.extend_from_slice(content);
    out
}

fn arcs(dotted: &str) -> Vec<u64> {
    dotted.split('.').map(|a| a.parse().unwrap()).collect()
}

fn oid(dotted: &str) -> Vec<u8> {
    let arcs = arcs(dotted);
    let mut content = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut bytes = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            bytes.push((rest & 0x7f) as u8 | 0x80);
            rest >>= 7;
        }
        bytes.reverse();
        content.extend(bytes);
    }
    tlv(0x06, &content)
}

fn ext(dotted: &str, value: Vec<u8>, critical: bool) -> CustomExtension {
    let mut e = CustomExtension::from_oid_content(&arcs(dotted), value);
    e.set_criticality(critical);
    e
}

/// certificatePolicies with these policies, no qualifiers.
fn policies(oids: &[&str]) -> CustomExtension {
    let items: Vec<u8> = oids.iter().flat_map(|o| tlv(0x30, &oid(o))).collect();
    ext(CERTIFICATE_POLICIES, tlv(0x30, &items), false)
}

/// policyMappings: (issuerDomainPolicy, subjectDomainPolicy) pairs.
fn mappings(pairs: &[(&str, &str)]) -> CustomExtension {
    let items: Vec<u8> = pairs
        .iter()
        .flat_map(|(from, to)| tlv(0x30, &[oid(from), oid(to)].concat()))
        .collect();
    ext(POLICY_MAPPINGS, tlv(0x30, &items), true)
}

/// policyConstraints.
fn constraints(require: Option<u8>, inhibit_mapping: Option<u8>) -> CustomExtension {
    let mut items = Vec::new();
    if let Some(r) = require {
        items.extend(tlv(0x80, &[r]));
    }
    if let Some(i) = inhibit_mapping {
        items.extend(tlv(0x81, &[i]));
    }
    ext(POLICY_CONSTRAINTS, tlv(0x30, &items), true)
}

/// inhibitAnyPolicy.
fn inhibit_any(skip: u8) -> CustomExtension {
    ext(INHIBIT_ANY_POLICY, tlv(0x02, &[skip]), true)
}

/// A certificate named `cn`, issued by `issuer_cn` (self-issued when they are equal), with
/// these extensions. Signatures do not matter to policy processing.
fn cert(cn: &str, issuer_cn: &str, extensions: Vec<CustomExtension>) -> Certificate {
    let mut issuer = CertificateParams::new(Vec::<String>::new()).unwrap();
    issuer
        .distinguished_name
        .push(DnType::CommonName, issuer_cn);
    issuer.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let issuer_key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.custom_extensions = extensions;
    let der = p
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::new(issuer, &issuer_key),
        )
        .unwrap();
    let decoded = crate::decode::decode_certificate(der.der()).unwrap();
    for e in &decoded.extensions {
        assert!(
            !matches!(e.value, ExtensionValue::Malformed { .. }),
            "{e:?}"
        );
    }
    decoded
}

fn inputs(user: &[&str]) -> Policy {
    let mut p = Policy::at(time::macros::datetime!(2030-01-01 00:00 UTC));
    p.policies = user.iter().map(|s| s.to_string()).collect();
    p
}

fn run(path: &[Certificate], inputs: &Policy) -> (Option<PolicyOutcome>, Option<Failure>) {
    let refs: Vec<&Certificate> = path.iter().collect();
    process(&refs, inputs)
}

fn set(oids: &[&str]) -> Vec<String> {
    oids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_path_without_policies_is_valid_unless_a_policy_is_required() {
    let path = [cert("CA", "Root", vec![]), cert("EE", "CA", vec![])];
    let (outcome, failure) = run(&path, &inputs(&[ANY_POLICY]));
    assert_eq!(failure, None);
    let outcome = outcome.unwrap();
    assert!(outcome.authorities_constrained.is_empty());
    assert!(!outcome.explicit_policy_required);

    let mut required = inputs(&[ANY_POLICY]);
    required.require_explicit_policy = true;
    let (_, failure) = run(&path, &required);
    assert!(matches!(failure, Some(Failure::NoValidPolicy { certificate }) if certificate == "CA"));
}

#[test]
fn a_common_policy_survives_and_the_user_set_intersects() {
    let path = [
        cert("CA", "Root", vec![policies(&[P1, P2])]),
        cert("EE", "CA", vec![policies(&[P1])]),
    ];
    let (outcome, failure) = run(&path, &inputs(&[ANY_POLICY]));
    assert_eq!(failure, None);
    let outcome = outcome.unwrap();
    assert_eq!(outcome.authorities_constrained, set(&[P1]));
    assert_eq!(outcome.user_constrained, set(&[P1]));

    // A user set without P1: nothing acceptable, which only matters when it is required.
    let (outcome, failure) = run(&path, &inputs(&[P2]));
    assert_eq!(failure, None);
    assert!(outcome.unwrap().user_constrained.is_empty());
    let mut required = inputs(&[P2]);
    required.require_explicit_policy = true;
    let (outcome, failure) = run(&path, &required);
    assert!(matches!(failure, Some(Failure::NoValidPolicy { certificate }) if certificate == "EE"));
    assert_eq!(outcome.unwrap().authorities_constrained, set(&[P1]));
}

#[test]
fn require_explicit_policy_in_the_path_rejects_a_path_without_policies() {
    // PKITS 4.8.x in small: the CA requires an explicit policy from the next certificate on.
    let path = [
        cert(
            "CA",
            "Root",
            vec![policies(&[P1]), constraints(Some(0), None)],
        ),
        cert("EE", "CA", vec![]),
    ];
    let (outcome, failure) = run(&path, &inputs(&[ANY_POLICY]));
    assert!(matches!(failure, Some(Failure::NoValidPolicy { certificate }) if certificate == "EE"));
    assert!(outcome.unwrap().explicit_policy_required);

    // The same with the policy carried to the end is valid, and says it was required.
    let path = [
        cert(
            "CA",
            "Root",
            vec![policies(&[P1]), constraints(Some(0), None)],
        ),
        cert("EE", "CA", vec![policies(&[P1])]),
    ];
    let (outcome, failure) = run(&path, &inputs(&[ANY_POLICY]));
    assert_eq!(failure, None);
    let outcome = outcome.unwrap();
    assert!(outcome.explicit_policy_required);
    assert_eq!(outcome.user_constrained, set(&[P1]));
}

#[test]
fn the_target_s_own_require_explicit_policy_zero_counts() {
    let path = [
        cert("CA", "Root", vec![]),
        cert("EE", "CA", vec![constraints(Some(0), None)]),
    ];
    let (_, failure) = run(&path, &inputs(&[ANY_POLICY]));
    assert!(matches!(failure, Some(Failure::NoValidPolicy { .. })));
}

#[test]
fn mapping_carries_a_policy_into_the_subject_domain() {
    let path = [
        cert("CA", "Root", vec![policies(&[P1]), mappings(&[(P1, P2)])]),
        cert("EE", "CA", vec![policies(&[P2])]),
    ];
    let (outcome, failure) = run(&path, &inputs(&[P1]));
    assert_eq!(failure, None);
    let outcome = outcome.unwrap();
    // The sets name the policy in the trust anchor's domain (PKITS 4.10.1: NIST1 mapped to
    // NIST2 is reported as NIST1), though the target's node carries P2.
    assert_eq!(outcome.authorities_constrained, set(&[P1]));
    assert_eq!(outcome.user_constrained, set(&[P1]));

    // The user's set is in the issuer's domain: P2 there is not accepted.
    let mut required = inputs(&[P2]);
    required.require_explicit_policy = true;
    let (_, failure) = run(&path, &required);
    assert!(matches!(failure, Some(Failure::NoValidPolicy { .. })));

    // Mapping inhibited by the user: P1 is deleted where it is mapped, so nothing is left.
    let mut inhibited = inputs(&[ANY_POLICY]);
    inhibited.inhibit_policy_mapping = true;
    inhibited.require_explicit_policy = true;
    let (_, failure) = run(&path, &inhibited);
    assert!(matches!(failure, Some(Failure::NoValidPolicy { .. })));
}

#[test]
fn mapping_under_any_policy_creates_the_mapped_node() {
    // §6.1.4(b)(1): the CA asserts anyPolicy only, and maps P1 to P3.
    let path = [
        cert(
            "CA",
            "Root",
            vec![policies(&[ANY_POLICY]), mappings(&[(P1, P3)])],
        ),
        cert("EE", "CA", vec![policies(&[P3])]),
    ];
    let (outcome, failure) = run(&path, &inputs(&[P1]));
    assert_eq!(failure, None);
    // Named in the anchor's domain: the user's P1, which the path honours through P3.
    assert_eq!(outcome.unwrap().user_constrained, set(&[P1]));
}

#[test]
fn inhibit_policy_mapping_in_the_path_counts_down() {
    // inhibitPolicyMapping 0 in CA1: CA2's mapping is not allowed and deletes P1, so the
    // leaf finds no tree.
    let path = [
        cert(
            "CA1",
            "Root",
            vec![policies(&[P1]), constraints(None, Some(0))],
        ),
        cert("CA2", "CA1", vec![policies(&[P1]), mappings(&[(P1, P2)])]),
        cert("EE", "CA2", vec![policies(&[P2])]),
    ];
    let mut required = inputs(&[ANY_POLICY]);
    required.require_explicit_policy = true;
    let (_, failure) = run(&path, &required);
    assert!(matches!(failure, Some(Failure::NoValidPolicy { certificate }) if certificate == "EE"));
}

#[test]
fn mapping_any_policy_is_rejected() {
    for pair in [(ANY_POLICY, P1), (P1, ANY_POLICY)] {
        let path = [
            cert("CA", "Root", vec![policies(&[P1]), mappings(&[pair])]),
            cert("EE", "CA", vec![policies(&[P1])]),
        ];
        let (outcome, failure) = run(&path, &inputs(&[ANY_POLICY]));
        assert!(outcome.is_none());
        assert!(
            matches!(&failure, Some(Failure::PolicyMappingAnyPolicy { certificate }) if certificate == "CA"),
            "{failure:?}"
        );
    }
}

#[test]
fn inhibit_any_policy_stops_any_policy_below_it() {
    let path = [
        cert("CA", "Root", vec![policies(&[ANY_POLICY]), inhibit_any(0)]),
        cert("EE", "CA", vec![policies(&[ANY_POLICY])]),
    ];
    let (outcome, failure) = run(&path, &inputs(&[ANY_POLICY]));
    assert_eq!(failure, None);
    assert!(outcome.unwrap().authorities_constrained.is_empty());

    // Without the extension, anyPolicy flows down.
    let path = [
        cert("CA", "Root", vec![policies(&[ANY_POLICY])]),
        cert("EE", "CA", vec![policies(&[ANY_POLICY])]),
    ];
    let (outcome, _) = run(&path, &inputs(&[ANY_POLICY]));
    assert_eq!(outcome.unwrap().authorities_constrained, set(&[ANY_POLICY]));

    // The user's initial-any-policy-inhibit does the same from the start.
    let mut inhibited = inputs(&[ANY_POLICY]);
    inhibited.inhibit_any_policy = true;
    inhibited.require_explicit_policy = true;
    let (_, failure) = run(&path, &inhibited);
    assert!(matches!(failure, Some(Failure::NoValidPolicy { certificate }) if certificate == "CA"));
}

#[test]
fn an_any_policy_leaf_stands_for_each_user_policy() {
    // §6.1.5(g)(iii)(3).
    let path = [
        cert("CA", "Root", vec![policies(&[ANY_POLICY])]),
        cert("EE", "CA", vec![policies(&[ANY_POLICY])]),
    ];
    let mut required = inputs(&[P2, P1]);
    required.require_explicit_policy = true;
    let (outcome, failure) = run(&path, &required);
    assert_eq!(failure, None);
    assert_eq!(outcome.unwrap().user_constrained, set(&[P1, P2]));
}

#[test]
fn a_self_issued_intermediate_keeps_any_policy_and_the_counters() {
    // inhibitAnyPolicy 0 in CA; its self-issued successor may still use anyPolicy (it is not
    // the target), and the leaf's P1 hangs below that.
    let path = [
        cert("CA", "Root", vec![policies(&[ANY_POLICY]), inhibit_any(0)]),
        cert("CA", "CA", vec![policies(&[ANY_POLICY])]),
        cert("EE", "CA", vec![policies(&[P1])]),
    ];
    let (outcome, failure) = run(&path, &inputs(&[ANY_POLICY]));
    assert_eq!(failure, None);
    assert_eq!(outcome.unwrap().authorities_constrained, set(&[P1]));

    // requireExplicitPolicy 2 in CA: the self-issued CA does not count, so two certificates
    // remain before a policy is required, and the leaf is the last of them.
    let path = [
        cert("CA", "Root", vec![constraints(Some(2), None)]),
        cert("CA", "CA", vec![]),
        cert("EE", "CA", vec![]),
    ];
    let (outcome, failure) = run(&path, &inputs(&[ANY_POLICY]));
    assert_eq!(failure, None);
    assert!(!outcome.unwrap().explicit_policy_required);
    // Not self-issued, the middle certificate counts, and the leaf then needs a policy.
    let path = [
        cert("CA", "Root", vec![constraints(Some(2), None)]),
        cert("CA2", "CA", vec![]),
        cert("EE", "CA2", vec![]),
    ];
    let (_, failure) = run(&path, &inputs(&[ANY_POLICY]));
    assert!(matches!(failure, Some(Failure::NoValidPolicy { .. })));
}

#[test]
fn the_tree_stops_at_its_node_limit() {
    // Each CA maps both policies to both: the tree doubles at every level.
    let pairs = [(P1, P1), (P1, P2), (P2, P1), (P2, P2)];
    let mut path = Vec::new();
    for i in 0..12 {
        let cn = format!("CA{i}");
        let issuer = if i == 0 {
            "Root".to_string()
        } else {
            format!("CA{}", i - 1)
        };
        path.push(cert(
            &cn,
            &issuer,
            vec![policies(&[P1, P2]), mappings(&pairs)],
        ));
    }
    path.push(cert("EE", "CA11", vec![policies(&[P1])]));
    let (outcome, failure) = run(&path, &inputs(&[ANY_POLICY]));
    assert!(outcome.is_none());
    assert_eq!(
        failure,
        Some(Failure::PolicyTreeTooLarge {
            max_nodes: MAX_POLICY_NODES
        })
    );
    // A few levels of the same stay well within it.
    let (outcome, failure) = run(&path[..4], &inputs(&[ANY_POLICY]));
    assert_eq!(failure, None);
    assert_eq!(outcome.unwrap().authorities_constrained, set(&[P1, P2]));
}

#[test]
fn the_anchor_alone_is_valid_for_the_user_s_policies() {
    let (outcome, failure) = run(&[], &inputs(&[P1]));
    assert_eq!(failure, None);
    assert_eq!(outcome.unwrap().user_constrained, set(&[P1]));
}
