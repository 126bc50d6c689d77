//! Certificate policies: RFC 5280 §6.1.2–6.1.5, the valid_policy_tree and its three
//! counters, evaluated here once per path.
//!
//! Policy processing depends on the whole path (the counters run from the anchor down), so
//! it is a path check, not a link check: [`path_check`] is called once by each path's
//! evaluation, under the path's profile.
//!
//! **Profiles.** The rule is RFC 5280's and it applies under every profile: both failures
//! ([`Failure::NoValidPolicy`], [`Failure::PolicyMappingAnyPolicy`]) reject under `webpki`
//! too. Browsers and rustls-webpki do not process policies, but with the default inputs
//! (anyPolicy, nothing inhibited, no explicit policy) policy processing can only reject a
//! path whose own certificates demand it: a requireExplicitPolicy that no acceptable
//! policy on the path satisfies, or a mapping of anyPolicy. Such a path is invalid by RFC
//! 5280, on which the CA/Browser Forum profile builds; no x509-limbo case expects a path
//! with policy extensions to be accepted by ignoring them. Every other path gets the same
//! verdict as before, with the policy sets shown.
//!
//! x509-limbo's only policy case, `rfc5280::pc::ica-noncritical-pc`, expects a rejection
//! for a policyConstraints that is not critical (RFC 5280 §4.2.1.11, an issuance rule).
//! That is checked here too ([`Failure::PolicyConstraintsNotCritical`]), but as a Web PKI
//! rule: §6 does not check criticality, and NIST PKITS, which measures the rfc5280 profile,
//! has CAs with a non-critical policyConstraints in paths it calls valid (4.8.6, 4.8.10, …).
//! So the webpki profile rejects it, as limbo expects, and rfc5280 shows it as a warning.
//!
//! **Growth.** The tree can grow exponentially with the path (each level may multiply the
//! nodes of the level above: the policy-tree denial of service, OpenSSL's CVE-2023-0464).
//! It is capped at [`MAX_POLICY_NODES`] nodes; a path that would exceed it fails with
//! [`Failure::PolicyTreeTooLarge`] instead of being processed further.

use std::collections::BTreeSet;

use crate::model::oids::{ANY_POLICY, CERTIFICATE_POLICIES, INHIBIT_ANY_POLICY};
use crate::model::oids::{POLICY_CONSTRAINTS, POLICY_MAPPINGS};
use crate::model::{
    Certificate, Check, CheckName, ExtensionValue, Failure, Passed, Policy, PolicyInfo,
    PolicyOutcome, PolicyQualifier, Profile,
};

use super::store::TrustAnchorEntry;

/// The most nodes the valid_policy_tree may hold (all levels together). Real paths need a
/// handful, and NIST PKITS fewer than twenty; OpenSSL's default cap since CVE-2023-0464
/// (`OPENSSL_POLICY_TREE_NODES_MAX`) is the same 1000.
pub const MAX_POLICY_NODES: usize = 1000;

/// One node of the valid_policy_tree (RFC 5280 §6.1.2(a)).
#[derive(Clone, Debug)]
struct Node {
    /// valid_policy.
    policy: String,
    /// qualifier_set.
    qualifiers: Vec<PolicyQualifier>,
    /// expected_policy_set.
    expected: Vec<String>,
    /// Index of the parent in the level above (unused at depth 0).
    parent: usize,
}

impl Node {
    fn new(policy: &str, qualifiers: &[PolicyQualifier], parent: usize) -> Self {
        Self {
            policy: policy.to_string(),
            qualifiers: qualifiers.to_vec(),
            expected: vec![policy.to_string()],
            parent,
        }
    }
}

/// The valid_policy_tree, level by level: `levels[d]` holds the nodes of depth `d`. A NULL
/// tree is `None` where a tree is held.
#[derive(Clone, Debug)]
struct Tree {
    levels: Vec<Vec<Node>>,
}

/// Why processing stopped before the end of the path.
enum Stop {
    /// A failure that leaves no policy outcome to show.
    Failure(Failure),
    /// No valid policy: the outcome still says so.
    NoValidPolicy(String),
}

impl Tree {
    /// The initial tree: one anyPolicy node at depth 0 (§6.1.2(a)).
    fn new() -> Self {
        Self {
            levels: vec![vec![Node::new(ANY_POLICY, &[], 0)]],
        }
    }

    fn nodes(&self) -> usize {
        self.levels.iter().map(Vec::len).sum()
    }

    fn deepest(&self) -> &[Node] {
        self.levels.last().map(Vec::as_slice).unwrap_or_default()
    }

    /// Removes the nodes of `depth` for which `keep` is false, with all their descendants.
    fn remove(&mut self, depth: usize, keep: &[bool]) {
        let mut keep = keep.to_vec();
        for d in depth..self.levels.len() {
            let Some(level) = self.levels.get_mut(d) else {
                break;
            };
            // New index of each kept node, for its children to follow.
            let mut new_index = Vec::with_capacity(level.len());
            let mut next = 0;
            for k in &keep {
                new_index.push(k.then(|| {
                    next += 1;
                    next - 1
                }));
            }
            let mut flags = keep.iter();
            level.retain(|_| flags.next().copied().unwrap_or(false));
            let Some(children) = self.levels.get_mut(d + 1) else {
                break;
            };
            keep = children
                .iter()
                .map(|c| new_index.get(c.parent).copied().flatten().is_some())
                .collect();
            for child in children.iter_mut() {
                if let Some(Some(parent)) = new_index.get(child.parent) {
                    child.parent = *parent;
                }
            }
        }
    }

    /// Deletes every node above the deepest level that has no child, repeatedly (§6.1.3(d)(3),
    /// §6.1.4(b)(2), §6.1.5(g)(iii)(4)); `None` when the root goes too (a NULL tree).
    fn pruned(mut self) -> Option<Self> {
        for depth in (0..self.levels.len().saturating_sub(1)).rev() {
            let (Some(level), Some(children)) =
                (self.levels.get(depth), self.levels.get(depth + 1))
            else {
                continue;
            };
            let mut has_child = vec![false; level.len()];
            for child in children {
                if let Some(flag) = has_child.get_mut(child.parent) {
                    *flag = true;
                }
            }
            self.remove(depth, &has_child);
        }
        (!self.levels.first().is_none_or(Vec::is_empty)).then_some(self)
    }

    /// The policies valid for the whole path, sorted.
    ///
    /// Each policy is named in the trust anchor's policy domain, as RFC 5280 §6.1.5 (g) and
    /// X.509 state the authorities- and user-constrained sets: for every node at the deepest
    /// level, the ancestor of its branch whose parent is anyPolicy (the
    /// valid_policy_node_set). After a policyMappings, the deepest node carries the
    /// subject-domain policy; the set names the policy the relying party asked for.
    fn deepest_policies(&self) -> Vec<String> {
        let mut set: BTreeSet<&str> = BTreeSet::new();
        for leaf in self.deepest() {
            let mut node = leaf;
            let mut depth = self.levels.len().saturating_sub(1);
            while depth > 1 {
                let Some(parent) = self
                    .levels
                    .get(depth - 1)
                    .and_then(|level| level.get(node.parent))
                else {
                    break;
                };
                if parent.policy == ANY_POLICY {
                    break;
                }
                node = parent;
                depth -= 1;
            }
            set.insert(node.policy.as_str());
        }
        set.into_iter().map(str::to_string).collect()
    }
}

/// The policy extensions of one certificate, as decoded. A malformed one is taken as
/// absent here: the certificate's extension check already rejects it.
struct Extensions<'a> {
    policies: Option<&'a [PolicyInfo]>,
    mappings: &'a [(String, String)],
    require_explicit_policy: Option<u32>,
    inhibit_policy_mapping: Option<u32>,
    inhibit_any_policy: Option<u32>,
}

impl<'a> Extensions<'a> {
    fn of(cert: &'a Certificate) -> Self {
        let value = |oid| cert.extension(oid).map(|e| &e.value);
        let policies = match value(CERTIFICATE_POLICIES) {
            Some(ExtensionValue::CertificatePolicies(list)) => Some(list.as_slice()),
            _ => None,
        };
        let mappings = match value(POLICY_MAPPINGS) {
            Some(ExtensionValue::PolicyMappings(list)) => list.as_slice(),
            _ => &[],
        };
        let (require_explicit_policy, inhibit_policy_mapping) = match value(POLICY_CONSTRAINTS) {
            Some(ExtensionValue::PolicyConstraints {
                require_explicit_policy,
                inhibit_policy_mapping,
            }) => (*require_explicit_policy, *inhibit_policy_mapping),
            _ => (None, None),
        };
        let inhibit_any_policy = match value(INHIBIT_ANY_POLICY) {
            Some(ExtensionValue::InhibitAnyPolicy(skip)) => Some(*skip),
            _ => None,
        };
        Self {
            policies,
            mappings,
            require_explicit_policy,
            inhibit_policy_mapping,
            inhibit_any_policy,
        }
    }

    /// The qualifiers of anyPolicy in certificatePolicies, when it is there.
    fn any_policy_qualifiers(&self) -> Option<&'a [PolicyQualifier]> {
        self.policies?
            .iter()
            .find(|p| p.oid == ANY_POLICY)
            .map(|p| p.qualifiers.as_slice())
    }
}

/// The state of §6.1.2: the tree and the three counters.
struct State {
    tree: Option<Tree>,
    explicit_policy: u64,
    policy_mapping: u64,
    inhibit_any_policy: u64,
}

/// Processes the path's certificates, `path[0]` issued by the trust anchor and the last
/// one the target (RFC 5280 numbering: certificate 1 to n), under the user's inputs.
///
/// The outcome is `None` when processing stopped on a failure that leaves nothing to show
/// (a mapping of anyPolicy, the node limit); the failure is `None` when the path is valid
/// as far as policies go.
pub fn process(path: &[&Certificate], inputs: &Policy) -> (Option<PolicyOutcome>, Option<Failure>) {
    let n = path.len() as u64;
    let user_any = inputs.policies.iter().any(|p| p == ANY_POLICY);
    let initial = |inhibited: bool| if inhibited { 0 } else { n + 1 };
    let mut state = State {
        tree: Some(Tree::new()),
        explicit_policy: initial(inputs.require_explicit_policy),
        policy_mapping: initial(inputs.inhibit_policy_mapping),
        inhibit_any_policy: initial(inputs.inhibit_any_policy),
    };
    let Some(last) = path.len().checked_sub(1) else {
        // The target is the anchor: nothing to process, the anchor is trusted for any policy.
        let user_constrained = if user_any {
            vec![ANY_POLICY.to_string()]
        } else {
            inputs.policies.clone()
        };
        let outcome = PolicyOutcome {
            authorities_constrained: vec![ANY_POLICY.to_string()],
            user_constrained,
            explicit_policy_required: inputs.require_explicit_policy,
        };
        return (Some(outcome), None);
    };
    for (index, cert) in path.iter().enumerate() {
        let is_last = index == last;
        match step(&mut state, cert, is_last) {
            Ok(()) => {}
            Err(Stop::Failure(failure)) => return (None, Some(failure)),
            Err(Stop::NoValidPolicy(certificate)) => {
                let outcome = PolicyOutcome {
                    authorities_constrained: Vec::new(),
                    user_constrained: Vec::new(),
                    explicit_policy_required: true,
                };
                return (Some(outcome), Some(Failure::NoValidPolicy { certificate }));
            }
        }
    }
    // §6.1.5 (a), (b): the target's own explicit_policy.
    let target = path.get(last).map(|c| Extensions::of(c));
    state.explicit_policy = state.explicit_policy.saturating_sub(1);
    if target.is_some_and(|e| e.require_explicit_policy == Some(0)) {
        state.explicit_policy = 0;
    }
    let authorities_constrained = state
        .tree
        .as_ref()
        .map(Tree::deepest_policies)
        .unwrap_or_default();
    // §6.1.5 (g): the intersection with the user-initial-policy-set.
    let tree = match state.tree {
        Some(tree) if !user_any => intersect(tree, &inputs.policies),
        other => other,
    };
    let outcome = PolicyOutcome {
        authorities_constrained,
        user_constrained: tree
            .as_ref()
            .map(Tree::deepest_policies)
            .unwrap_or_default(),
        explicit_policy_required: state.explicit_policy == 0,
    };
    let failure = (state.explicit_policy == 0 && tree.is_none()).then(|| Failure::NoValidPolicy {
        certificate: path.get(last).map(|c| c.label()).unwrap_or_default(),
    });
    (Some(outcome), failure)
}

/// Processes certificate `i` (§6.1.3 (d)–(f)) and, unless it is the target, prepares for the
/// next (§6.1.4 (a), (b), (h)–(j)).
fn step(state: &mut State, cert: &Certificate, is_last: bool) -> Result<(), Stop> {
    let ext = Extensions::of(cert);
    let self_issued = cert.is_self_issued();
    let too_large = || {
        Stop::Failure(Failure::PolicyTreeTooLarge {
            max_nodes: MAX_POLICY_NODES,
        })
    };
    state.tree = match (state.tree.take(), ext.policies) {
        // (d)
        (Some(mut tree), Some(policies)) => {
            let parents = tree.deepest();
            let mut level: Vec<Node> = Vec::new();
            let budget = MAX_POLICY_NODES.saturating_sub(tree.nodes());
            // (d)(1): each policy under the nodes that expect it, else under anyPolicy.
            for info in policies.iter().filter(|p| p.oid != ANY_POLICY) {
                let before = level.len();
                for (j, parent) in parents.iter().enumerate() {
                    if parent.expected.contains(&info.oid) {
                        level.push(Node::new(&info.oid, &info.qualifiers, j));
                    }
                }
                let any = parents.iter().position(|p| p.policy == ANY_POLICY);
                if let (true, Some(j)) = (level.len() == before, any) {
                    level.push(Node::new(&info.oid, &info.qualifiers, j));
                }
                if level.len() > budget {
                    return Err(too_large());
                }
            }
            // (d)(2): anyPolicy stands for every expected policy not yet below its node,
            // unless inhibited (a self-issued intermediate is exempt).
            let any_applies = state.inhibit_any_policy > 0 || (!is_last && self_issued);
            if let (Some(any_qualifiers), true) = (ext.any_policy_qualifiers(), any_applies) {
                for (j, parent) in parents.iter().enumerate() {
                    for expected in &parent.expected {
                        let present = level.iter().any(|c| c.parent == j && &c.policy == expected);
                        if !present {
                            level.push(Node::new(expected, any_qualifiers, j));
                            if level.len() > budget {
                                return Err(too_large());
                            }
                        }
                    }
                }
            }
            tree.levels.push(level);
            // (d)(3)
            tree.pruned()
        }
        // (e): no certificatePolicies, no tree.
        _ => None,
    };
    // (f)
    if state.explicit_policy == 0 && state.tree.is_none() {
        return Err(Stop::NoValidPolicy(cert.label()));
    }
    if is_last {
        return Ok(());
    }
    // §6.1.4 (a): anyPolicy may not be mapped, nor mapped to.
    if ext
        .mappings
        .iter()
        .any(|(from, to)| from == ANY_POLICY || to == ANY_POLICY)
    {
        return Err(Stop::Failure(Failure::PolicyMappingAnyPolicy {
            certificate: cert.label(),
        }));
    }
    // (b)
    if let Some(tree) = state.tree.take() {
        let mut issuer_policies: Vec<&str> = Vec::new();
        for (from, _) in ext.mappings {
            if !issuer_policies.contains(&from.as_str()) {
                issuer_policies.push(from);
            }
        }
        let depth = tree.levels.len().saturating_sub(1);
        let mut current = Some(tree);
        for from in issuer_policies {
            let Some(mut t) = current.take() else {
                break;
            };
            if state.policy_mapping > 0 {
                // (b)(1): the node of the mapped policy now expects what it maps to.
                let mut mapped: Vec<String> = Vec::new();
                for (_, to) in ext.mappings.iter().filter(|(f, _)| f == from) {
                    if !mapped.contains(to) {
                        mapped.push(to.clone());
                    }
                }
                let budget = MAX_POLICY_NODES.saturating_sub(t.nodes());
                if let Some(level) = t.levels.get_mut(depth) {
                    let mut found = false;
                    for node in level.iter_mut().filter(|n| n.policy == from) {
                        node.expected.clone_from(&mapped);
                        found = true;
                    }
                    let any_parent = level
                        .iter()
                        .find(|n| n.policy == ANY_POLICY)
                        .map(|n| n.parent);
                    if let (false, Some(parent)) = (found, any_parent) {
                        if budget == 0 {
                            return Err(too_large());
                        }
                        let mut node = Node::new(
                            from,
                            ext.any_policy_qualifiers().unwrap_or_default(),
                            parent,
                        );
                        node.expected = mapped;
                        level.push(node);
                    }
                }
                current = Some(t);
            } else {
                // (b)(2): mapping inhibited: the mapped policy is gone.
                let keep: Vec<bool> = t
                    .levels
                    .get(depth)
                    .map(|l| l.iter().map(|n| n.policy != from).collect())
                    .unwrap_or_default();
                t.remove(depth, &keep);
                current = t.pruned();
            }
        }
        state.tree = current;
    }
    counters(state, &ext, self_issued);
    Ok(())
}

/// §6.1.4 (h)–(j): the counters count down on certificates that are not self-issued, and a
/// certificate's own constraints may only lower them.
fn counters(state: &mut State, ext: &Extensions<'_>, self_issued: bool) {
    if !self_issued {
        state.explicit_policy = state.explicit_policy.saturating_sub(1);
        state.policy_mapping = state.policy_mapping.saturating_sub(1);
        state.inhibit_any_policy = state.inhibit_any_policy.saturating_sub(1);
    }
    let lower = |counter: &mut u64, value: Option<u32>| {
        if let Some(value) = value.map(u64::from)
            && value < *counter
        {
            *counter = value;
        }
    };
    lower(&mut state.explicit_policy, ext.require_explicit_policy);
    lower(&mut state.policy_mapping, ext.inhibit_policy_mapping);
    lower(&mut state.inhibit_any_policy, ext.inhibit_any_policy);
}

/// §6.1.5 (g)(iii): the tree within a user-initial-policy-set that is not anyPolicy.
fn intersect(mut tree: Tree, user: &[String]) -> Option<Tree> {
    let n = tree.levels.len().saturating_sub(1);
    // (1), (2): a node whose parent is anyPolicy (the valid_policy_node_set) and whose
    // policy the user does not accept goes, with everything below it.
    let mut accepted: Vec<String> = Vec::new();
    for depth in 1..=n {
        let (Some(parents), Some(level)) = (tree.levels.get(depth - 1), tree.levels.get(depth))
        else {
            continue;
        };
        let keep: Vec<bool> = level
            .iter()
            .map(|node| {
                let under_any = parents
                    .get(node.parent)
                    .is_some_and(|p| p.policy == ANY_POLICY);
                !under_any || node.policy == ANY_POLICY || user.contains(&node.policy)
            })
            .collect();
        for node in level {
            let under_any = parents
                .get(node.parent)
                .is_some_and(|p| p.policy == ANY_POLICY);
            if under_any && user.contains(&node.policy) {
                accepted.push(node.policy.clone());
            }
        }
        tree.remove(depth, &keep);
    }
    // (3): an anyPolicy leaf stands for each user policy not already in the set.
    let any_leaf = tree
        .levels
        .get(n)
        .and_then(|level| level.iter().find(|node| node.policy == ANY_POLICY))
        .cloned();
    if let (true, Some(any_node), Some(level)) = (n > 0, any_leaf, tree.levels.get_mut(n)) {
        for oid in user.iter().filter(|oid| !accepted.contains(oid)) {
            level.push(Node::new(oid, &any_node.qualifiers, any_node.parent));
        }
        let keep: Vec<bool> = level.iter().map(|node| node.policy != ANY_POLICY).collect();
        tree.remove(n, &keep);
    }
    // (4)
    tree.pruned()
}

/// The certificate-policies check of a path (leaf first, as the path is stored), and what
/// policy processing found. Certificates that are the anchor itself are not processed: the
/// anchor's policies are not constraints (RFC 5280 §6.1.1(d)).
pub(super) fn path_check(
    chain: &[&Certificate],
    anchor: &TrustAnchorEntry,
    inputs: &Policy,
    profile: Profile,
) -> (Check, Option<PolicyOutcome>) {
    let path: Vec<&Certificate> = chain
        .iter()
        .rev()
        .copied()
        .filter(|c| !anchor.is(c))
        .collect();
    let (outcome, mut failure) = process(&path, inputs);
    if failure.is_none() {
        failure = path
            .iter()
            .find(|c| c.extension(POLICY_CONSTRAINTS).is_some_and(|e| !e.critical))
            .map(|c| Failure::PolicyConstraintsNotCritical {
                certificate: c.label(),
            });
    }
    let check = match (failure, &outcome) {
        (Some(failure), _) => Check::failed(CheckName::Policies, failure, profile),
        (None, Some(outcome)) => Check::pass(
            CheckName::Policies,
            Passed::PoliciesValid {
                outcome: outcome.clone(),
            },
        ),
        (None, None) => Check::pass(
            CheckName::Policies,
            Passed::PoliciesValid {
                outcome: PolicyOutcome::default(),
            },
        ),
    };
    (check, outcome)
}

#[cfg(test)]
mod tests;
