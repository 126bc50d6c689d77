use serde::Serialize;

use super::oids;

/// What certificate-policy processing (RFC 5280 §6.1.2–6.1.5) found for one path: the
/// policies it is valid for, before and after the user's own set, and whether the path or
/// the user required an explicit policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PolicyOutcome {
    /// The authorities-constrained policy set: the policies (dotted OIDs) the certificates
    /// of the path make valid for it, sorted; anyPolicy (`2.5.29.32.0`) among them means any
    /// policy, and an empty set means none.
    pub authorities_constrained: Vec<String>,
    /// The user-constrained policy set: the authorities-constrained set within the user's
    /// initial policy set (RFC 5280 §6.1.5(g)), in the same form.
    pub user_constrained: Vec<String>,
    /// Whether explicit_policy reached 0, so that the path is valid only for a policy of
    /// the user-constrained set (by the user's choice or a policyConstraints on the path).
    pub explicit_policy_required: bool,
}

impl PolicyOutcome {
    /// Whether a policy set stands for any policy (it holds anyPolicy).
    pub fn is_any(set: &[String]) -> bool {
        set.iter().any(|oid| oid == oids::ANY_POLICY)
    }

    /// Whether the outcome constrains nothing: any policy before and after the user's set,
    /// and no explicit policy required (what every path without policy extensions gets).
    pub fn is_unconstrained(&self) -> bool {
        Self::is_any(&self.authorities_constrained)
            && Self::is_any(&self.user_constrained)
            && !self.explicit_policy_required
    }
}
