use serde::Serialize;

use super::failure::{BudgetLimit, Failure};
use super::ids::{AnchorId, CertId};
use super::options::Profile;
use super::passed::Passed;

/// The outcome of one check. Ordered from best to worst, so the worst of a list is its `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    /// The check passed.
    Pass,
    /// The check passed with a caveat worth a person's attention.
    Warn,
    /// The check could not be evaluated (unsupported algorithm, missing data).
    Unknown,
    /// The check failed.
    Fail,
}

impl CheckStatus {
    /// Lower-case word for text output.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Warn => "warn",
            CheckStatus::Unknown => "unknown",
            CheckStatus::Fail => "fail",
        }
    }
}

/// Which rule a check applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CheckName {
    /// The issuer's key verifies the child's signature.
    Signature,
    /// The child's issuer name equals the issuer's subject name.
    NameChaining,
    /// authorityKeyIdentifier / subjectKeyIdentifier presence and match.
    KeyIdentifiers,
    /// The child is within its validity period at the validation time.
    Validity,
    /// The issuer is a CA (basicConstraints cA=TRUE, version 3).
    IssuerIsCa,
    /// The issuer's pathLenConstraint allows the CAs below it.
    PathLength,
    /// The issuer's keyUsage allows keyCertSign.
    KeyUsage,
    /// extendedKeyUsage is compatible with the purpose.
    ExtendedKeyUsage,
    /// The issuer's name constraints allow the child's names.
    NameConstraints,
    /// Every critical extension is understood; extensions are well formed.
    Extensions,
    /// Algorithms and key sizes allowed by the server profile.
    Algorithms,
    /// The leaf is valid for the expected host name.
    HostName,
    /// The trust anchor's own validity and constraints.
    TrustAnchor,
    /// The leaf itself is fit to be an end-entity certificate.
    EndEntity,
    /// The second opinion of rustls-webpki.
    Webpki,
    /// The child is not revoked (CRL, OCSP, stapled OCSP).
    Revocation,
    /// A certificate of the path has a pinned key.
    Pin,
    /// The target checked as a CA certificate is one (basicConstraints cA TRUE).
    CaTarget,
    /// The path is valid for a certificate policy the user accepts, where one is required
    /// (RFC 5280 §6.1.2–6.1.5).
    Policies,
}

impl CheckName {
    /// Short human name.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckName::Signature => "signature",
            CheckName::NameChaining => "name chaining",
            CheckName::KeyIdentifiers => "key identifiers",
            CheckName::Validity => "validity",
            CheckName::IssuerIsCa => "issuer is a CA",
            CheckName::PathLength => "path length",
            CheckName::KeyUsage => "key usage",
            CheckName::ExtendedKeyUsage => "extended key usage",
            CheckName::NameConstraints => "name constraints",
            CheckName::Extensions => "extensions",
            CheckName::Algorithms => "algorithms",
            CheckName::HostName => "host name",
            CheckName::TrustAnchor => "trust anchor",
            CheckName::EndEntity => "end entity",
            CheckName::Webpki => "rustls-webpki",
            CheckName::Revocation => "revocation",
            CheckName::Pin => "pin",
            CheckName::CaTarget => "CA target",
            CheckName::Policies => "certificate policies",
        }
    }
}

/// One named check with its outcome and, when it did not pass, its failure code. What a
/// person reads is built from these facts by `report::words::check`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The rule.
    pub name: CheckName,
    /// The outcome.
    pub status: CheckStatus,
    /// What is wrong, typed, when the check warns, fails or cannot decide.
    pub failure: Option<Failure>,
    /// What was found, typed, when the check passed.
    pub passed: Option<Passed>,
}

impl Check {
    /// A passing check, with what it found.
    pub fn pass(name: CheckName, passed: Passed) -> Self {
        Self {
            name,
            status: CheckStatus::Pass,
            failure: None,
            passed: Some(passed),
        }
    }

    /// A check that found `failure`: it fails where `profile` enforces the rule, and warns,
    /// naming the rule, where it does not.
    pub fn failed(name: CheckName, failure: Failure, profile: Profile) -> Self {
        let status = if failure.rule().rejects_under(profile) {
            CheckStatus::Fail
        } else {
            CheckStatus::Warn
        };
        Self {
            name,
            status,
            failure: Some(failure),
            passed: None,
        }
    }

    /// A check that could not be decided, for `failure`.
    pub fn unknown(name: CheckName, failure: Failure) -> Self {
        Self {
            name,
            status: CheckStatus::Unknown,
            failure: Some(failure),
            passed: None,
        }
    }

    /// Whether this check is an issuance lint (a warning that does not colour its link).
    pub fn is_lint(&self) -> bool {
        self.failure
            .as_ref()
            .is_some_and(|f| f.rule() == super::failure::Rule::Lint)
    }

    /// The word to show for the check's status: `skip` for a check that was not performed
    /// (the second opinion on a CA target, which rustls-webpki cannot take), else the status.
    pub fn status_word(&self) -> &'static str {
        match &self.failure {
            Some(Failure::WebpkiNotApplicable { .. }) => "skip",
            _ => self.status.as_str(),
        }
    }

    /// The stable code: the failure's, or `ok` for a check that passed.
    pub fn code(&self) -> &'static str {
        self.failure.as_ref().map_or("ok", Failure::code)
    }
}

/// What the issuer side of a link is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum IssuerRef {
    /// A certificate of the inspection.
    Certificate(CertId),
    /// A trust anchor known only by name and key (such as the Mozilla store's entries).
    Anchor(AnchorId),
}

/// A (child, issuer candidate) pair and its checks.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    /// The certificate being vouched for.
    pub child: CertId,
    /// The candidate issuer.
    pub issuer: IssuerRef,
    /// The worst status among `checks`.
    pub status: CheckStatus,
    /// Every check of this link.
    pub checks: Vec<Check>,
    /// The child's revocation status, as the `revocation` check decided it.
    pub revocation: Option<super::Revocation>,
}

impl Link {
    /// The word to show instead of a check's status, where the status alone would mislead:
    /// a `revocation` check that was not performed (not checked, or not applicable to an
    /// anchor) passes so that it never colours the link, but it must not read as "pass".
    pub fn status_word(&self, check: &Check) -> &'static str {
        use super::RevocationStatus as R;
        match (check.name, self.revocation.as_ref().map(|r| r.status)) {
            (CheckName::Revocation, Some(R::NotChecked)) => "skip",
            (CheckName::Revocation, Some(R::NotApplicable)) => "n/a",
            _ => check.status_word(),
        }
    }

    /// Builds a link, computing its status from its checks. Issuance lints are shown with
    /// the link's checks but do not colour it.
    pub fn new(child: CertId, issuer: IssuerRef, checks: Vec<Check>) -> Self {
        let status = checks
            .iter()
            .filter(|c| !c.is_lint())
            .map(|c| c.status)
            .max()
            .unwrap_or(CheckStatus::Pass);
        Self {
            child,
            issuer,
            status,
            checks,
            revocation: None,
        }
    }

    /// The checks that did not pass.
    pub fn problems(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.status != CheckStatus::Pass)
    }
}

/// The worst status of a list of checks (`Pass` for an empty list).
pub fn worst(checks: &[Check]) -> CheckStatus {
    checks
        .iter()
        .map(|c| c.status)
        .max()
        .unwrap_or(CheckStatus::Pass)
}

/// One candidate path from the leaf to a trust anchor, and whether it validates.
#[derive(Clone, Debug, Serialize)]
pub struct PathResult {
    /// Certificates from the leaf up; the last one may itself be the anchor's certificate.
    pub certificates: Vec<CertId>,
    /// The trust anchor the path ends at.
    pub anchor: AnchorId,
    /// Indexes into `Inspection::links`, from the leaf's link up.
    pub links: Vec<usize>,
    /// Checks that belong to the path as a whole (host name, anchor, policy).
    pub checks: Vec<Check>,
    /// Whether every link check and path check passed (warnings allowed) and webpki agreed.
    pub valid: bool,
    /// The most specific failure of the path, when it is not valid.
    pub failure: Option<Failure>,
    /// What certificate-policy processing found for the path; `None` when it could not be
    /// completed (a forbidden mapping, the tree's node limit) or the path has no target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<super::PolicyOutcome>,
}

/// How a store's verdict reads, typed: `report::words::verdict` turns it into the sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The best path validates.
    Trusted {
        /// The anchor it chains to.
        anchor: AnchorId,
        /// Certificates of the path between the target and the anchor.
        intermediates: usize,
        /// Whether the target was checked as a CA certificate (`--purpose ca`).
        as_ca: bool,
        /// Whether the target is itself the anchor (a CA target the store holds).
        target_is_anchor: bool,
    },
    /// The best path fails: its most specific problem is shown, and the count of the others.
    PathFails {
        /// Failing or undecided checks of the best path, each defect once.
        problems: usize,
    },
    /// No path reaches an anchor of the store: the verdict's failure says why.
    NoPath,
}

/// A remark on a store's verdict that does not change it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Note {
    /// Part of the trust store could not be loaded.
    StoreLoad {
        /// What went wrong.
        problem: StoreLoadProblem,
    },
    /// A host name was given, but a CA target names no server, so it was not checked.
    HostNotChecked {
        /// The host name given.
        host: String,
    },
    /// The path search stopped at a limit, so some candidate paths were not tried.
    SearchStopped {
        /// The limit reached.
        limit: BudgetLimit,
    },
    /// The second opinion could not be had for a path (a limit of rustls-webpki).
    SecondOpinion {
        /// Why not.
        failure: Failure,
    },
}

/// What went wrong while a trust store was loaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StoreLoadProblem {
    /// A root of the Mozilla store (webpki-roots) does not decode.
    MozillaRootUndecodable,
    /// The operating system's store reported an error.
    SystemStore {
        /// The loader's error.
        error: String,
    },
    /// A root of the operating system's store does not decode.
    SystemRootUndecodable {
        /// The decoder's error.
        error: String,
    },
}

/// The verdict of one trust store on the chain.
#[derive(Clone, Debug, Serialize)]
pub struct StoreVerdict {
    /// Name of the trust store.
    pub store: String,
    /// The profile that decided.
    pub profile: Profile,
    /// Whether at least one path validated.
    pub trusted: bool,
    /// How the verdict reads: the anchor it chains to, the best path's problems, or no path.
    pub outcome: Outcome,
    /// Why not, typed: the most specific failure of the best path (or why there is no path).
    pub failure: Option<Failure>,
    /// Whether the path search stopped at its budget, so that some paths were not tried.
    pub search_exhausted: bool,
    /// Every candidate path considered.
    pub paths: Vec<PathResult>,
    /// When no candidate path reaches an anchor: the longest chain the search built, from the
    /// leaf up to the certificate whose issuer is missing (issuers found among the other
    /// certificates given included; their links are not checked). Empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dead_end: Vec<CertId>,
    /// Remarks that do not change the verdict (e.g. a limit of the second-opinion validator).
    pub notes: Vec<Note>,
}
