//! The path search on generated chains: every path found, the longest when only it is valid,
//! loops, cross-signs and each limit of the budget.

// Tests may unwrap, expect and index: a failure is a panic by design.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::unwrap_used)]

use crate::model::{BudgetLimit, Certificate, Failure, Inspection, StoreVerdict};

use super::super::Budget;
use super::super::signature_cache::SignatureCache;
use super::super::test_chains::{Ca, inspect, store};

fn run(chain: Vec<Certificate>, stores: &[super::TrustStore], budget: Budget) -> Inspection {
    inspect(chain, vec![], stores, budget, &SignatureCache::new())
}

/// The subjects' common names of each path of a verdict (leaf first, anchor last).
fn paths(insp: &Inspection, verdict: &StoreVerdict) -> Vec<Vec<String>> {
    verdict
        .paths
        .iter()
        .map(|p| {
            let mut names: Vec<String> = p
                .certificates
                .iter()
                .map(|&id| insp.cert(id).unwrap().subject.display_label())
                .collect();
            names.push(insp.anchor(p.anchor).unwrap().subject.display_label());
            names
        })
        .collect()
}

fn budget_limit(verdict: &StoreVerdict) -> Option<BudgetLimit> {
    match &verdict.failure {
        Some(Failure::SearchBudgetExhausted { limit }) => Some(*limit),
        _ => None,
    }
}

/// Root A; Root B, also cross-signed by A; an intermediate under B; a leaf under it.
struct CrossSigned {
    a: Ca,
    b: Ca,
    chain: Vec<Certificate>,
}

fn cross_signed() -> CrossSigned {
    let a = Ca::new("Root A");
    let b = Ca::new("Root B");
    let inter = Ca::new("Intermediate");
    let chain = vec![
        inter.leaf("www.example.com"),
        inter.signed_by(&b),
        b.signed_by(&a),
    ];
    CrossSigned { a, b, chain }
}

#[test]
fn two_anchors_give_two_paths_and_the_shorter_is_chosen() {
    let x = cross_signed();
    let stores = [store("both", vec![x.a.root(), x.b.root()])];
    let insp = run(x.chain, &stores, Budget::default());
    let verdict = &insp.verdicts[0];
    assert!(verdict.trusted, "{:?}", verdict.failure);
    assert!(!verdict.search_exhausted);
    let found = paths(&insp, verdict);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(verdict.paths.iter().all(|p| p.valid));
    // Shortest valid path first: straight to B.
    assert_eq!(found[0], ["www.example.com", "Intermediate", "Root B"]);
    assert_eq!(
        found[1],
        ["www.example.com", "Intermediate", "Root B", "Root A"]
    );
}

#[test]
fn each_anchor_alone_is_reached_through_the_cross_sign_or_directly() {
    let x = cross_signed();
    let stores = [
        store("only A", vec![x.a.root()]),
        store("only B", vec![x.b.root()]),
    ];
    let insp = run(x.chain, &stores, Budget::default());
    let (only_a, only_b) = (&insp.verdicts[0], &insp.verdicts[1]);
    assert!(only_a.trusted && only_b.trusted);
    assert_eq!(
        paths(&insp, only_a),
        [["www.example.com", "Intermediate", "Root B", "Root A"]]
    );
    assert_eq!(
        paths(&insp, only_b),
        [["www.example.com", "Intermediate", "Root B"]]
    );
}

#[test]
fn the_longest_path_is_chosen_when_only_it_is_valid() {
    // The store's "Root B" is an impostor with B's name but another key: the short path
    // reaches it by name and fails its signature; the long one, through the cross-sign, is
    // the only valid path and wins.
    let x = cross_signed();
    let impostor = Ca::new("Root B");
    let stores = [store("A and a false B", vec![impostor.root(), x.a.root()])];
    let insp = run(x.chain, &stores, Budget::default());
    let verdict = &insp.verdicts[0];
    assert!(verdict.trusted, "{:?}", verdict.failure);
    let found = paths(&insp, verdict);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(verdict.paths[0].valid);
    assert!(!verdict.paths[1].valid);
    assert_eq!(
        found[0],
        ["www.example.com", "Intermediate", "Root B", "Root A"]
    );
}

#[test]
fn a_loop_ends_untrusted_without_reaching_a_limit() {
    // A signs B and B signs A, under names of their own; nothing leads to an anchor.
    let a = Ca::new("Loop A");
    let b = Ca::new("Loop B");
    let elsewhere = Ca::new("Elsewhere");
    let chain = vec![a.leaf("www.example.com"), a.signed_by(&b), b.signed_by(&a)];
    let insp = run(
        chain,
        &[store("elsewhere", vec![elsewhere.root()])],
        Budget::default(),
    );
    let verdict = &insp.verdicts[0];
    assert!(!verdict.trusted);
    assert!(!verdict.search_exhausted, "{:?}", verdict.failure);
    assert!(verdict.paths.is_empty());
    assert!(
        matches!(verdict.failure, Some(Failure::UnknownIssuer { .. })),
        "{:?}",
        verdict.failure
    );
    // The search went round once: leaf, A, B, and stopped before A again.
    assert_eq!(verdict.dead_end.len(), 3, "{:?}", verdict.dead_end);
}

/// `k` CAs of one name, each with its own key, each cross-signed by every other, and a leaf
/// under the first; the anchor is elsewhere, so no path ends.
fn mesh(k: usize) -> Vec<Certificate> {
    let cas: Vec<Ca> = (0..k).map(|_| Ca::new("Mesh")).collect();
    let mut chain = vec![cas[0].leaf("www.example.com")];
    for (i, subject) in cas.iter().enumerate() {
        for (j, issuer) in cas.iter().enumerate() {
            if i != j {
                chain.push(subject.signed_by(issuer));
            }
        }
    }
    chain
}

#[test]
fn a_wide_mesh_reaches_the_step_budget_and_names_it() {
    let elsewhere = Ca::new("Elsewhere");
    let stores = [store("elsewhere", vec![elsewhere.root()])];
    let budget = Budget {
        steps: 100,
        ..Budget::default()
    };
    let insp = run(mesh(5), &stores, budget);
    let verdict = &insp.verdicts[0];
    assert!(!verdict.trusted);
    assert!(verdict.search_exhausted);
    assert_eq!(budget_limit(verdict), Some(BudgetLimit::Steps(100)));
}

#[test]
fn a_wide_mesh_under_the_default_budget_ends_at_a_limit() {
    let elsewhere = Ca::new("Elsewhere");
    let stores = [store("elsewhere", vec![elsewhere.root()])];
    let insp = run(mesh(6), &stores, Budget::default());
    let verdict = &insp.verdicts[0];
    assert!(!verdict.trusted);
    assert!(verdict.search_exhausted);
    assert!(budget_limit(verdict).is_some(), "{:?}", verdict.failure);
}

#[test]
fn a_wide_mesh_reaches_the_signature_budget_and_names_it() {
    let elsewhere = Ca::new("Elsewhere");
    let stores = [store("elsewhere", vec![elsewhere.root()])];
    let budget = Budget {
        signatures: 10,
        ..Budget::default()
    };
    let cache = SignatureCache::new();
    let insp = inspect(mesh(5), vec![], &stores, budget, &cache);
    let verdict = &insp.verdicts[0];
    assert!(!verdict.trusted);
    assert!(verdict.search_exhausted);
    assert_eq!(budget_limit(verdict), Some(BudgetLimit::Signatures(10)));
}

#[test]
fn signatures_already_checked_do_not_count_again() {
    // The leaf alone is sent; its intermediate and a decoy of the same name come as untrusted
    // certificates, so neither grouping nor the links of the chain as sent check a signature:
    // the first search checks both candidates, the second finds them in the cache.
    let root = Ca::new("Root");
    let inter = Ca::new("Intermediate");
    let decoy = Ca::new("Intermediate");
    let chain = vec![inter.leaf("www.example.com")];
    let untrusted = vec![inter.signed_by(&root), decoy.signed_by(&root)];
    let anchor = root.root();
    let stores = [
        store("first", vec![anchor.clone()]),
        store("second", vec![anchor]),
    ];
    let two = Budget {
        signatures: 2,
        ..Budget::default()
    };
    let cache = SignatureCache::new();
    let insp = inspect(chain.clone(), untrusted.clone(), &stores, two, &cache);
    for verdict in &insp.verdicts {
        assert!(verdict.trusted, "{}: {:?}", verdict.store, verdict.failure);
        assert!(!verdict.search_exhausted);
    }
    // With one to spend, the first search stops at its second candidate; the second search
    // finds the first answer in the cache, spends its one check on the other, and succeeds.
    let one = Budget {
        signatures: 1,
        ..Budget::default()
    };
    let insp = inspect(chain, untrusted, &stores, one, &SignatureCache::new());
    let (first, second) = (&insp.verdicts[0], &insp.verdicts[1]);
    assert!(!first.trusted);
    assert_eq!(budget_limit(first), Some(BudgetLimit::Signatures(1)));
    assert!(second.trusted, "{:?}", second.failure);
    assert!(!second.search_exhausted);
}
