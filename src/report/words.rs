//! Every sentence a person reads about a verdict: a failure, a check, a store's verdict, a
//! note. The verifier returns facts (failures, counts, ids, limits); text, JSON, the diagram
//! and the window all turn them into words here, so that they say the same thing and
//! nothing compares or searches a sentence.

use std::fmt;

use time::OffsetDateTime;

use crate::model::format::{human_date, human_time, plural};
use crate::model::{
    BudgetLimit, Check, CheckStatus, Failure, Inspection, NotCaReason, Note, Outcome, Passed,
    PathResult, PolicyOutcome, Purpose, Rule, StoreLoadProblem, StoreVerdict, WebpkiError,
    WebpkiGap,
};

pub use super::evidence::{evidence_problem, rejection, revocation_source, revocation_summary};
pub use super::findings::{finding, no_findings};
pub use super::name_match::{
    common_name_mismatch, constraint_breach, host_mismatch, malformed_constraints,
};

/// A certificate policy set in words: "any policy", "none", or the OIDs.
pub fn policy_set(set: &[String]) -> String {
    if PolicyOutcome::is_any(set) {
        "any policy".to_string()
    } else if set.is_empty() {
        "none".to_string()
    } else {
        set.join(", ")
    }
}

/// What certificate-policy processing found for a path, in one line (RFC 5280's terms).
pub fn policy_outcome(outcome: &PolicyOutcome) -> String {
    let required = if outcome.explicit_policy_required {
        "; explicit policy required"
    } else {
        ""
    };
    format!(
        "authorities-constrained: {}; user-constrained: {}{required}",
        policy_set(&outcome.authorities_constrained),
        policy_set(&outcome.user_constrained)
    )
}

/// The sentence of a failure (its `Display`).
pub fn failure(failure: &Failure) -> String {
    failure.to_string()
}

/// The rule's tag a warning carries when a profile other than the one deciding would reject
/// it, or when it is an issuance lint: it names the failure's code, so the code is not
/// repeated after it.
fn rule_tag(check: &Check) -> Option<String> {
    let failure = check.failure.as_ref()?;
    if check.status != CheckStatus::Warn {
        return None;
    }
    match failure.rule() {
        Rule::WebPki => Some(format!(
            "[{}: rejected by the webpki profile]",
            failure.code()
        )),
        Rule::Lint => Some(format!("[lint {}]", failure.code())),
        Rule::Rfc5280 | Rule::Caution => None,
    }
}

/// Whether [`check`]'s sentence already names the failure's code (a warning tagged with the
/// rule that would reject it), so a face need not print the code again.
pub fn names_its_code(check: &Check) -> bool {
    rule_tag(check).is_some()
}

/// The one-line reason of a check: what it found wrong, with the rule's tag when it only
/// warns, or what it found when it passed.
pub fn check(check: &Check) -> String {
    match (&check.failure, &check.passed) {
        (Some(failure), _) => match rule_tag(check) {
            Some(tag) => format!("{failure} {tag}"),
            None => failure.to_string(),
        },
        (None, Some(passed)) => self::passed(passed),
        (None, None) => String::new(),
    }
}

/// What a passing check found, in words.
pub fn passed(passed: &Passed) -> String {
    use Passed as P;
    match passed {
        P::Valid {
            not_before,
            not_after,
        } => valid_range(*not_before, *not_after),
        P::SignatureVerifies { algorithm, issuer } => {
            format!("valid {algorithm} signature by {issuer}")
        }
        P::IssuerNameMatches { issuer } => format!("issuer name matches the subject of {issuer}"),
        P::KeyIdMatches { key_id } => {
            format!("authority key id {key_id} matches the issuer's subject key id")
        }
        P::SelfSignedNoAki => "self-signed: no authority key id needed".to_string(),
        P::AnchorWithoutKeyId => "the trust store keeps no key identifier for this anchor; the key verified the signature".to_string(),
        P::AnchorNameAndKey => "trust anchor (name and key only)".to_string(),
        P::IsCa => "basicConstraints CA:TRUE".to_string(),
        P::PathLenWithin { max, below } => {
            format!("pathlen:{max}, {below} CA certificate(s) below")
        }
        P::NoPathLenLimit => "no path length limit".to_string(),
        P::NoKeyUsage => "no keyUsage restriction on the issuer".to_string(),
        P::KeyCertSignAllowed => "issuer keyUsage allows Certificate Sign".to_string(),
        P::NoEku => "no extendedKeyUsage restriction".to_string(),
        P::NoPurposeForCa => {
            "no end-entity purpose is required: the target is checked as a CA certificate"
                .to_string()
        }
        P::EkuAllows { purpose } => format!("allows {}Auth", purpose.as_str()),
        P::ExtensionsWellFormed => "well formed; no unknown critical extensions".to_string(),
        P::Algorithms { key, signature } => format!("{key}, {signature}"),
        P::EndEntity => "an end-entity certificate".to_string(),
        P::CaTarget => "a CA certificate (basicConstraints CA:TRUE), checked as one".to_string(),
        P::AnchorSound {
            anchor,
            not_before,
            not_after,
        } => format!("{anchor}: {}", valid_range(*not_before, *not_after)),
        P::AnchorKeyOnly { anchor } => {
            format!("{anchor} (the store keeps only its name and key)")
        }
        P::TargetIsAnchor => "the certificate itself is a trust anchor of the store: no issuer to check (RFC 5280 §6.1.1(d))".to_string(),
        P::InTrustStore => "the certificate itself is in the trust store".to_string(),
        P::LeafInTrustStore { leaf } => format!("{leaf} is itself in the trust store"),
        P::HostMatches { host, name } => format!("{host} matches {name}"),
        P::NoConstraintsAboveAnchor => {
            "the target is the anchor: no name constraints above it".to_string()
        }
        P::NoNameConstraints => "no name constraints on the path".to_string(),
        P::NamesWithinConstraints => {
            "every name is within the name constraints on the path".to_string()
        }
        P::PoliciesValid { outcome } => policy_outcome(outcome),
        P::DepthWithin { found, max } => format!("{found} of at most {max} intermediates"),
        P::WebpkiAgrees => "rustls-webpki agrees on this exact path".to_string(),
        P::Pinned { matches } => matches
            .iter()
            .map(|m| format!("{} matches {}", m.certificate, m.pin))
            .collect::<Vec<_>>()
            .join("; "),
        P::RevocationNoIssuerKey => "not checked: the issuer's key is not known".to_string(),
        P::RevocationNotApplicable => "not applicable: a trust anchor is not checked".to_string(),
        P::RevocationNotChecked => {
            "not checked: no CRL given and online checking is off".to_string()
        }
        P::NotRevoked {
            source,
            this_update,
        } => {
            let source = source.as_ref().map(revocation_source).unwrap_or_default();
            let this_update = this_update
                .map(|t| format!(" (thisUpdate {})", human_time(t)))
                .unwrap_or_default();
            format!("good: not revoked, according to {source}{this_update}")
        }
    }
}

fn valid_range(not_before: OffsetDateTime, not_after: OffsetDateTime) -> String {
    format!(
        "valid {} to {}",
        human_date(not_before),
        human_date(not_after)
    )
}

/// rustls-webpki's error in words (its own `Display` is a `Debug` dump).
pub fn webpki_error(error: WebpkiError) -> &'static str {
    use WebpkiError as E;
    match error {
        E::BadDer => "the DER encoding is malformed",
        E::BadDerTime => "a time is malformed",
        E::CaUsedAsEndEntity => "a CA certificate is used as the end entity",
        E::CertExpired => "a certificate has expired",
        E::CertNotValidForName => "the certificate is not valid for the host name",
        E::CertNotValidYet => "a certificate is not valid yet",
        E::CertRevoked => "a certificate is revoked",
        E::CertDistrusted => "a certificate on the path is distrusted",
        E::EndEntityUsedAsCa => "an end-entity certificate is used as a CA",
        E::ExtensionValueInvalid => "an extension value is invalid",
        E::InvalidCertValidity => "a validity period is invalid",
        E::InvalidNetworkMaskConstraint => "an IP name constraint has an invalid mask",
        E::InvalidSerialNumber => "a serial number is invalid",
        E::InvalidSignatureForPublicKey => "a signature does not verify",
        E::MalformedDnsIdentifier => "a DNS name is malformed",
        E::MalformedExtensions => "the extensions are malformed",
        E::MalformedNameConstraint => "a name constraint is malformed",
        E::MaximumNameConstraintComparisonsExceeded => "too many name-constraint comparisons",
        E::MaximumPathBuildCallsExceeded => "too many path-building steps",
        E::MaximumPathDepthExceeded => "the path is too long",
        E::MaximumSignatureChecksExceeded => "too many signature checks",
        E::NameConstraintViolation => "a name is outside the name constraints",
        E::PathLenConstraintViolated => "a pathLenConstraint is violated",
        E::RequiredEkuNotFound => "extendedKeyUsage does not allow the purpose",
        E::EmptyEkuExtension => "extendedKeyUsage is empty",
        E::SignatureAlgorithmMismatch => "the inner and outer signature algorithms differ",
        E::TrailingData => "there are trailing bytes after a DER element",
        E::UnknownIssuer => "no issuer on the path verifies",
        E::UnsupportedCertVersion => "the certificate version is not 3",
        E::UnsupportedCriticalExtension => "an unsupported critical extension",
        E::UnsupportedNameType => "an unsupported name type",
        E::UnsupportedSignatureAlgorithm => "an unsupported signature algorithm",
        E::Other => "a validation error",
    }
}

/// Why rustls-webpki gave no opinion on a path, in words.
pub fn webpki_gap(gap: &WebpkiGap) -> String {
    match gap {
        WebpkiGap::TooManyIntermediates { max, found } => format!(
            "rustls-webpki accepts at most {max} intermediates; this path has {found}, so chainlens alone decides it"
        ),
        WebpkiGap::AnchorUnreadable { error } => format!(
            "rustls-webpki cannot read the trust anchor: {}",
            webpki_error(*error)
        ),
        WebpkiGap::TooLarge {
            certificate,
            bytes,
            max,
        } => format!(
            "rustls-webpki cannot parse {certificate} ({bytes} bytes; its limit is {max}), so chainlens alone decides this path"
        ),
        WebpkiGap::HostNotAccepted { host } => {
            format!("rustls-webpki does not accept \"{host}\" as a host name")
        }
        WebpkiGap::OwnLimit { error } => format!(
            "rustls-webpki stopped at a limit of its own ({}), so chainlens alone decides this path",
            webpki_error(*error)
        ),
        WebpkiGap::UnsupportedAlgorithm { error } => format!(
            "rustls-webpki does not support an algorithm on this path ({})",
            webpki_error(*error)
        ),
        WebpkiGap::UnevaluatedNameConstraints => "rustls-webpki does not evaluate directoryName, URI or e-mail name constraints and rejects them fail-closed; chainlens evaluated them".to_string(),
        WebpkiGap::SelfIssuedIntermediate => "rustls-webpki does not build paths through self-issued (key rollover) intermediates; chainlens verified each signature".to_string(),
        WebpkiGap::UnprocessedPolicyExtensions => "rustls-webpki does not process certificate policies and rejects their critical extensions fail-closed; chainlens processed them".to_string(),
        WebpkiGap::WebPkiProfileOnly { error } => format!(
            "rustls-webpki applies the Web PKI profile and rejects this path ({}); the rfc5280 profile does not",
            webpki_error(*error)
        ),
        WebpkiGap::ByteExactNameChaining => "rustls-webpki chains names byte for byte and finds no issuer; the path links by the RFC 5280 §7.1 name comparison the rfc5280 profile applies".to_string(),
        WebpkiGap::TimeDecoding => "rustls-webpki cannot decode a time on this path (it reads no date before 1970); chainlens decoded the validity periods itself".to_string(),
        WebpkiGap::UniqueIdentifiers => "rustls-webpki does not parse issuerUniqueID or subjectUniqueID, which a certificate on this path carries; chainlens decoded them".to_string(),
        WebpkiGap::SmallRsaSigner { bits } => format!(
            "rustls-webpki verifies no RSA signature by a key under 2048 bits (this path has a {bits}-bit signer); chainlens verified the signatures, and the profile judges the key size"
        ),
    }
}

/// The words for a limit of the path search (`2000 search steps`).
pub fn limit(limit: BudgetLimit) -> String {
    match limit {
        BudgetLimit::Steps(n) => format!("{n} search steps"),
        BudgetLimit::Paths(n) => format!("{n} candidate paths"),
        BudgetLimit::Depth(n) => format!("{n} intermediates per path"),
        BudgetLimit::Signatures(n) => format!("{n} signature checks"),
    }
}

/// The words after a first problem that stand for the others: `(and 2 more problems)`.
pub fn more_problems(more: usize) -> String {
    format!(
        "(and {more} more problem{})",
        if more == 1 { "" } else { "s" }
    )
}

/// Every failing or undecided check of a path, in words, the most specific first; a link's
/// check is prefixed with its certificate's label.
pub fn path_problems(insp: &Inspection, path: &PathResult) -> Vec<String> {
    crate::verify::path_failures(insp, path)
        .into_iter()
        .map(|p| match p.certificate.and_then(|id| insp.cert(id)) {
            Some(cert) => format!("{}: {}", cert.label(), check(p.check)),
            None => check(p.check),
        })
        .collect()
}

/// The verdict of a store in words: the anchor it chains to, or the most specific reason it
/// does not (with how many other problems its best path has).
pub fn verdict(insp: &Inspection, verdict: &StoreVerdict) -> String {
    match verdict.outcome {
        Outcome::Trusted {
            anchor,
            intermediates,
            as_ca,
            target_is_anchor,
        } => {
            let anchor = insp
                .anchor(anchor)
                .map(|a| a.subject.display_label())
                .unwrap_or_default();
            let through = match intermediates {
                0 => String::new(),
                1 => " through 1 intermediate".to_string(),
                n => format!(" through {n} intermediates"),
            };
            match (as_ca, target_is_anchor) {
                (true, true) => format!(
                    "{anchor} is itself a trust anchor of {}, checked as a CA certificate",
                    verdict.store
                ),
                (true, false) => {
                    format!("chains to {anchor}{through}, checked as a CA certificate")
                }
                (false, _) => format!("chains to {anchor}{through}"),
            }
        }
        Outcome::PathFails { .. } => {
            let problems = verdict
                .paths
                .first()
                .map(|p| path_problems(insp, p))
                .unwrap_or_default();
            match problems.split_first() {
                Some((first, [])) => first.clone(),
                Some((first, rest)) => format!("{first} {}", more_problems(rest.len())),
                None => "the path failed a check".to_string(),
            }
        }
        Outcome::NoPath => verdict
            .failure
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    }
}

/// A note on a store's verdict, in words.
pub fn note(note: &Note) -> String {
    match note {
        Note::StoreLoad { problem } => store_load_problem(problem),
        Note::HostNotChecked { host } => {
            format!("the host name {host} was not checked: a CA certificate names no server")
        }
        Note::SearchStopped { limit } => format!(
            "the path search stopped at its limit of {}; some candidate paths were not tried",
            self::limit(*limit)
        ),
        Note::SecondOpinion { failure } => failure.to_string(),
    }
}

/// Every note of a store's verdict, in words.
pub fn notes(verdict: &StoreVerdict) -> Vec<String> {
    verdict.notes.iter().map(note).collect()
}

/// How a trust file's anchors were read, in words: the window shows these under the file.
pub fn store_load_note(note: &crate::verify::StoreLoadNote) -> String {
    use crate::ingest::esp_bundle::EspBundleLayout;
    use crate::verify::StoreLoadNote;
    match note {
        StoreLoadNote::EspBundle { layout, anchors } => format!(
            "ESP-IDF certificate bundle ({}): {}, names and keys only",
            match layout {
                EspBundleLayout::Counted => "the layout before ESP-IDF 5.4",
                EspBundleLayout::OffsetTable => "the ESP-IDF 5.4 layout",
            },
            plural(*anchors as i64, "anchor")
        ),
        StoreLoadNote::CSource { symbols } => {
            let read: Vec<String> = symbols
                .iter()
                .map(|s| {
                    format!(
                        "{} (line {}, {})",
                        s.name,
                        s.line,
                        plural(s.certificates as i64, "certificate")
                    )
                })
                .collect();
            format!("C source: read {}", read.join(", "))
        }
        StoreLoadNote::Skipped { note } => note.clone(),
    }
}

/// What went wrong while a trust store was loaded, in words.
pub fn store_load_problem(problem: &StoreLoadProblem) -> String {
    match problem {
        StoreLoadProblem::MozillaRootUndecodable => {
            "a Mozilla root could not be decoded".to_string()
        }
        StoreLoadProblem::SystemStore { error } => error.clone(),
        StoreLoadProblem::SystemRootUndecodable { error } => {
            format!("a system root could not be decoded: {error}")
        }
    }
}

fn ago(from: OffsetDateTime, to: OffsetDateTime) -> String {
    let days = (to - from).whole_days();
    if days >= 1 {
        plural(days, "day")
    } else {
        plural((to - from).whole_seconds(), "second")
    }
}

/// The one-line sentence of a failure, as people read it.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Failure as F;
        match self {
            F::Expired { not_after, at } => write!(
                f,
                "expired {}, {} before the validation time",
                human_date(*not_after),
                ago(*not_after, *at)
            ),
            F::NotYetValid { not_before, at } => write!(
                f,
                "not valid before {}, {} after the validation time",
                human_time(*not_before),
                ago(*at, *not_before)
            ),
            F::ValidityInverted {
                not_before,
                not_after,
            } => write!(
                f,
                "notBefore {} is after notAfter {}",
                human_time(*not_before),
                human_time(*not_after)
            ),
            F::ExpiresSoon {
                not_after,
                days_left,
            } => write!(
                f,
                "valid, but expires {} ({} after the validation time)",
                human_date(*not_after),
                plural(*days_left, "day")
            ),
            F::ValidityTooLong { days, max_days } => write!(
                f,
                "valid for {days} days; the Baseline Requirements allowed at most {max_days} when it was issued"
            ),
            F::BadSignature { algorithm, issuer } => write!(
                f,
                "the {algorithm} signature does not verify with the key of {issuer}"
            ),
            F::BadSelfSignature { algorithm } => write!(
                f,
                "its {algorithm} self-signature does not verify with its own key"
            ),
            F::UnsupportedSignature { detail } => write!(f, "{}", unsupported_signature(detail)),
            F::IssuerKeyUnknown => write!(f, "the issuer's key is not known"),
            F::SignatureAlgorithmMismatch => write!(
                f,
                "the signature algorithm inside tbsCertificate differs from the outer one"
            ),
            F::EmptyIssuerName => write!(f, "the issuer name is empty"),
            F::IssuerNameMismatch {
                issuer_name,
                subject,
            } => write!(
                f,
                "issuer \"{issuer_name}\" differs from the subject \"{subject}\""
            ),
            F::IssuerNameNotByteExact {
                issuer_name,
                subject,
            } => write!(
                f,
                "issuer \"{issuer_name}\" equals the subject \"{subject}\" only by the RFC 5280 §7.1 comparison (case, white space or string type differ); the Web PKI compares names byte for byte"
            ),
            F::IssuerNameUnknown => write!(f, "the issuer's name is not known"),
            F::AkiCritical => write!(f, "authorityKeyIdentifier is marked critical"),
            F::AkiMismatch { aki, ski } => write!(
                f,
                "authority key id {aki} differs from the issuer's subject key id {ski}"
            ),
            F::MissingAki => write!(
                f,
                "no authorityKeyIdentifier (RFC 5280 requires it in every certificate a CA issues)"
            ),
            F::IssuerMissingSki => write!(
                f,
                "the issuer has no subjectKeyIdentifier to compare the authority key id with"
            ),
            F::AkiIssuerSerial => write!(
                f,
                "authorityKeyIdentifier names an issuer and serial number (the Baseline Requirements forbid them)"
            ),
            F::AkiWithoutKeyId => write!(f, "authorityKeyIdentifier has no keyIdentifier"),
            F::AkiNotOwnKey => write!(
                f,
                "authorityKeyIdentifier differs from its own subjectKeyIdentifier"
            ),
            F::IssuerNotCa {
                issuer,
                why,
                version,
            } => match why {
                NotCaReason::CaFalse => write!(f, "{issuer} has basicConstraints CA:FALSE"),
                NotCaReason::NoBasicConstraints => {
                    write!(f, "{issuer} has no basicConstraints, so it is not a CA")
                }
                NotCaReason::OldVersion => write!(
                    f,
                    "{issuer} is a version {version} certificate and cannot be a CA"
                ),
            },
            F::PathLenExceeded { issuer, max, found } => write!(
                f,
                "pathlen:{max} of {issuer} allows {max} CA certificate(s) below it, but the path has {found}"
            ),
            F::MissingKeyCertSign { issuer, key_usage } => write!(
                f,
                "the keyUsage of {issuer} ({key_usage}) lacks Certificate Sign"
            ),
            F::CaWithoutKeyUsage => write!(f, "a CA certificate without keyUsage"),
            F::KeyUsageNotCritical => write!(f, "keyUsage is not critical in a CA certificate"),
            F::BasicConstraintsNotCritical => {
                write!(f, "basicConstraints is not critical in a CA certificate")
            }
            F::PinMismatch { pins } => write!(
                f,
                "no certificate of the path has a pinned key ({})",
                pins.join(", ")
            ),
            F::MaxDepthExceeded { max, found } => write!(
                f,
                "the path has {} between the leaf and the anchor; at most {max} allowed",
                plural(i64::try_from(*found).unwrap_or(i64::MAX), "intermediate")
            ),
            F::MissingServerAuth => write!(
                f,
                "no extendedKeyUsage: the CA/Browser Forum profile requires serverAuth in the leaf"
            ),
            F::RequiredEkuNotFound { purpose } => write!(
                f,
                "extendedKeyUsage does not include {}Auth",
                purpose.as_str()
            ),
            F::EkuMalformed => write!(f, "extendedKeyUsage is malformed"),
            F::EkuCriticalInLeaf => {
                write!(f, "extendedKeyUsage is critical in a server certificate")
            }
            F::AnyEkuInServerLeaf => write!(
                f,
                "anyExtendedKeyUsage is not allowed in a server certificate"
            ),
            F::CaEkuExcludesPurpose { purpose } => write!(
                f,
                "the CA's extendedKeyUsage excludes {}Auth, so nothing below it may use it",
                purpose.as_str()
            ),
            F::CriticalEkuInCa => write!(f, "extendedKeyUsage is critical in a CA certificate"),
            F::SubCaWithoutEku => {
                write!(f, "a subordinate CA certificate without extendedKeyUsage")
            }
            F::RootHasEku => write!(f, "a root certificate must not carry extendedKeyUsage"),
            F::NameConstraintViolation {
                name,
                detail,
                constrained_by,
            } => write!(
                f,
                "{name} {} (name constraints of {constrained_by})",
                constraint_breach(detail)
            ),
            F::NameConstraintsMalformed {
                detail,
                constrained_by,
            } => write!(
                f,
                "the name constraints of {constrained_by} are malformed: {}",
                malformed_constraints(detail)
            ),
            F::NameConstraintBudgetExceeded { budget } => write!(
                f,
                "more than {budget} name-constraint comparisons: refusing to continue"
            ),
            F::NameConstraintsInLeaf => write!(
                f,
                "an end-entity certificate must not carry nameConstraints"
            ),
            F::NoValidPolicy { certificate } => write!(
                f,
                "no valid certificate policy: an explicit policy is required and none acceptable is left after {certificate}"
            ),
            F::PolicyMappingAnyPolicy { certificate } => write!(
                f,
                "{certificate} maps a policy from or to anyPolicy, which RFC 5280 forbids"
            ),
            F::PolicyConstraintsNotCritical { certificate } => write!(
                f,
                "policyConstraints is not critical in {certificate}; RFC 5280 requires it to be"
            ),
            F::PolicyTreeTooLarge { max_nodes } => write!(
                f,
                "the certificate policy tree would grow past {max_nodes} nodes: refusing to continue"
            ),
            F::NameMismatch { host, detail } => {
                write!(
                    f,
                    "host name {host} does not match the leaf: {}",
                    host_mismatch(detail)
                )
            }
            F::InvalidHost { host } => {
                write!(f, "\"{host}\" is not a valid host name or IP address")
            }
            F::CommonNameNotInSan { cn, detail } => write!(
                f,
                "the common name \"{cn}\" is not a byte-for-byte copy of a subjectAltName entry ({})",
                common_name_mismatch(detail)
            ),
            F::InvalidSanDns { name } => {
                write!(f, "subjectAltName has an invalid DNS name \"{name}\"")
            }
            F::EmptySubjectSanNotCritical => {
                write!(f, "the subject is empty but subjectAltName is not critical")
            }
            F::SanCriticalWithSubject => write!(
                f,
                "subjectAltName is critical although the subject is not empty"
            ),
            F::EmptySubjectNoSan => {
                write!(f, "the subject is empty and there is no subjectAltName")
            }
            F::UnknownCriticalExtension { name, oid } => {
                write!(f, "unknown critical extension {name} ({oid})")
            }
            F::DuplicateExtension { name } => write!(f, "the {name} extension appears twice"),
            F::MalformedExtension { name, error } => {
                write!(f, "the {name} extension is malformed: {error}")
            }
            F::ExtensionMustNotBeCritical { name } => write!(f, "{name} must not be critical"),
            F::NotVersion3 { version } => write!(
                f,
                "version {version} certificate: the profile requires version 3"
            ),
            F::SerialZero => write!(f, "the serial number is zero"),
            F::SerialNegative => write!(f, "the serial number is negative"),
            F::SerialTooLong { bytes } => write!(
                f,
                "the serial number is {bytes} bytes long; at most 20 are allowed"
            ),
            F::MissingSki => write!(f, "a CA certificate must carry a subjectKeyIdentifier"),
            F::WeakRsaKey { bits } => write!(
                f,
                "RSA key of {bits} bits: at least {} are required",
                if *bits < 1024 { 1024 } else { 2048 }
            ),
            F::RsaBitsNotMultipleOf8 { bits } => {
                write!(f, "RSA key of {bits} bits is not a multiple of 8")
            }
            F::CurveNotAllowed { curve } => write!(f, "EC curve {curve} is not allowed"),
            F::NoNamedCurve => write!(f, "EC key without a named curve"),
            F::KeyAlgorithmNotAllowed { algorithm } => {
                write!(f, "{algorithm} keys are not allowed")
            }
            F::KeyAlgorithmOutsideWebPki { algorithm } => write!(
                f,
                "{algorithm} key: the Baseline Requirements (§6.1.5) allow only RSA and ECDSA keys here"
            ),
            F::Ed25519InCa => write!(
                f,
                "an Ed25519 key in a CA certificate (the Baseline Requirements allow only RSA and ECDSA)"
            ),
            F::MlDsaOutsideWebPki { algorithm } => write!(
                f,
                "{algorithm} key: RFC 9881 defines ML-DSA in certificates, but the Baseline Requirements (§6.1.5) do not allow it yet"
            ),
            F::Sha1Signature { algorithm } => write!(
                f,
                "{algorithm} uses SHA-1, which the Web PKI no longer accepts"
            ),
            F::Md5Signature { algorithm } => write!(f, "{algorithm} is broken"),
            F::EcdsaHashCurveMismatch { curve, algorithm } => write!(
                f,
                "{algorithm} does not match the issuer's {curve} key (the Baseline Requirements pair each curve with its hash)"
            ),
            F::CaAsLeaf => write!(
                f,
                "the leaf is a CA certificate (basicConstraints CA:TRUE), not an end entity"
            ),
            F::LeafKeyCertSign => write!(
                f,
                "the leaf's keyUsage allows Certificate Sign although it is not a CA"
            ),
            F::EcdsaLeafWithoutDigitalSignature => {
                write!(f, "an ECDSA leaf whose keyUsage lacks Digital Signature")
            }
            F::TargetNotCa { target, why } => {
                let why = match why {
                    NotCaReason::CaFalse => "its basicConstraints say CA:FALSE",
                    NotCaReason::NoBasicConstraints => "it has no basicConstraints",
                    NotCaReason::OldVersion => "it is not a version 3 certificate",
                };
                write!(
                    f,
                    "{target} was checked as a CA certificate, but it is not a CA: {why}"
                )
            }
            F::Anchor { anchor, failure } => write!(f, "{anchor}: {failure}"),
            F::UnknownIssuer {
                subject,
                issuer_name,
                self_signed,
                store,
            } => {
                if *self_signed {
                    write!(f, "{subject} is self-signed and is not in {store}")
                } else {
                    write!(
                        f,
                        "no path to a trusted root: the issuer of {subject} (\"{issuer_name}\") is neither in {store} nor among the certificates given"
                    )
                }
            }
            F::SearchBudgetExhausted { limit } => write!(
                f,
                "the path search stopped at its limit of {} before it found a path",
                self::limit(*limit)
            ),
            F::WebpkiRejects { error } => {
                write!(
                    f,
                    "rustls-webpki rejects this path: {}",
                    webpki_error(*error)
                )
            }
            F::WebpkiCannotEvaluate { why } => write!(f, "{}", webpki_gap(why)),
            F::WebpkiNotApplicable { purpose } => {
                let how = match purpose {
                    Purpose::Ca => "as a CA certificate".to_string(),
                    other => format!("for {}", other.describe()),
                };
                write!(
                    f,
                    "not performed: rustls-webpki verifies end-entity certificates only, and the target was checked {how}"
                )
            }
            F::Revoked {
                source,
                revoked_at,
                reason,
            } => {
                write!(f, "revoked {}", human_time(*revoked_at))?;
                if let Some(reason) = reason {
                    write!(f, " ({reason})")?;
                }
                write!(f, ", according to {}", revocation_source(source))
            }
            F::RevocationUnknown { problems, strict } => {
                write!(f, "revocation unknown")?;
                if *strict {
                    write!(f, " (strict mode rejects it)")?;
                }
                let problems: Vec<String> = problems.iter().map(evidence_problem).collect();
                if !problems.is_empty() {
                    write!(f, ": {}", problems.join("; "))?;
                }
                Ok(())
            }
        }
    }
}

/// What a negotiated key exchange is, in the words every face shows beside its group name.
pub fn key_exchange_kind(post_quantum: bool) -> &'static str {
    if post_quantum {
        "post-quantum"
    } else {
        "not post-quantum"
    }
}

/// Why a signature is not checked, in words.
pub fn unsupported_signature(why: &crate::model::UnsupportedSignature) -> String {
    use crate::model::UnsupportedSignature as U;
    match why {
        U::KeyMismatch { algorithm, key } => {
            format!("a {algorithm} signature cannot come from a {key} key")
        }
        U::RsaHash { algorithm } => format!("unsupported RSA signature {algorithm}"),
        U::PssParameters => "RSASSA-PSS with SHA-1 or unknown parameters".to_string(),
        U::PssKeySize { bits } => {
            format!("RSASSA-PSS signatures with a {bits}-bit key are not supported (2048 to 8192 bits are)")
        }
        U::RsaKeyUnusable { bits } => format!(
            "the {bits}-bit RSA key cannot be used to verify (its modulus or exponent does not decode, or it exceeds 16384 bits)"
        ),
        U::DsaParametersMissing => "the DSA key omits its parameters and no DSA issuer above it supplies them (RFC 3279 §2.3.2)".to_string(),
        U::DsaKeyUnusable => "the DSA key or its parameters do not decode, or its prime exceeds 3072 bits".to_string(),
        U::EcdsaCurve { algorithm, curve } => {
            format!("{algorithm} with curve {curve} is not supported")
        }
        U::MlDsaParameters { algorithm } => format!(
            "{algorithm} with parameters in its algorithm identifier, which RFC 9881 requires to be absent"
        ),
        U::MlDsaKeySize {
            algorithm,
            bytes,
            expected,
        } => format!(
            "the {algorithm} key is {bytes} bytes long; keys of this parameter set are {expected} bytes (FIPS 204), so it does not decode"
        ),
        U::Algorithm { name, oid } => {
            format!("signature algorithm {name} ({oid}) is not supported")
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn an_unsupported_signature_says_why_in_text_and_json() {
        let why = crate::model::UnsupportedSignature::EcdsaCurve {
            algorithm: "ecdsa-with-SHA256".into(),
            curve: "P-192".into(),
        };
        let words = "ecdsa-with-SHA256 with curve P-192 is not supported";
        assert_eq!(unsupported_signature(&why), words);
        let failure = Failure::UnsupportedSignature { detail: why };
        assert_eq!(failure.to_string(), words);
        let json = serde_json::to_value(&failure).unwrap();
        assert_eq!(json["code"], "unsupported_signature");
        assert_eq!(json["detail"], words);
    }
    use crate::model::{BudgetLimit, RevocationSource};

    /// One failure of every kind.
    fn one_of_each() -> Vec<Failure> {
        vec![
            Failure::Expired {
                not_after: datetime!(2020-01-01 00:00:00 UTC),
                at: datetime!(2020-01-01 00:00:00 UTC),
            },
            Failure::NotYetValid {
                not_before: datetime!(2020-01-01 00:00:00 UTC),
                at: datetime!(2020-01-01 00:00:00 UTC),
            },
            Failure::ValidityInverted {
                not_before: datetime!(2020-01-01 00:00:00 UTC),
                not_after: datetime!(2020-01-01 00:00:00 UTC),
            },
            Failure::ExpiresSoon {
                not_after: datetime!(2020-01-01 00:00:00 UTC),
                days_left: 1,
            },
            Failure::ValidityTooLong {
                days: 1,
                max_days: 1,
            },
            Failure::BadSignature {
                algorithm: "x".into(),
                issuer: "x".into(),
            },
            Failure::BadSelfSignature {
                algorithm: "x".into(),
            },
            Failure::UnsupportedSignature {
                detail: crate::model::UnsupportedSignature::PssParameters,
            },
            Failure::IssuerKeyUnknown,
            Failure::SignatureAlgorithmMismatch,
            Failure::EmptyIssuerName,
            Failure::IssuerNameMismatch {
                issuer_name: "x".into(),
                subject: "x".into(),
            },
            Failure::IssuerNameUnknown,
            Failure::IssuerNameNotByteExact {
                issuer_name: "x".into(),
                subject: "x".into(),
            },
            Failure::AkiCritical,
            Failure::AkiMismatch {
                aki: "x".into(),
                ski: "x".into(),
            },
            Failure::MissingAki,
            Failure::IssuerMissingSki,
            Failure::AkiIssuerSerial,
            Failure::AkiWithoutKeyId,
            Failure::AkiNotOwnKey,
            Failure::IssuerNotCa {
                issuer: "x".into(),
                why: NotCaReason::CaFalse,
                version: 512,
            },
            Failure::PathLenExceeded {
                issuer: "x".into(),
                max: 512,
                found: 2,
            },
            Failure::MissingKeyCertSign {
                issuer: "x".into(),
                key_usage: "x".into(),
            },
            Failure::CaWithoutKeyUsage,
            Failure::KeyUsageNotCritical,
            Failure::BasicConstraintsNotCritical,
            Failure::MaxDepthExceeded { max: 2, found: 2 },
            Failure::PinMismatch {
                pins: vec!["sha256/AAAA".into()],
            },
            Failure::MissingServerAuth,
            Failure::RequiredEkuNotFound {
                purpose: Purpose::Server,
            },
            Failure::EkuMalformed,
            Failure::EkuCriticalInLeaf,
            Failure::AnyEkuInServerLeaf,
            Failure::CaEkuExcludesPurpose {
                purpose: Purpose::Server,
            },
            Failure::CriticalEkuInCa,
            Failure::SubCaWithoutEku,
            Failure::RootHasEku,
            Failure::NameConstraintViolation {
                name: "x".into(),
                detail: crate::model::ConstraintBreach::OutsidePermitted,
                constrained_by: "x".into(),
            },
            Failure::NameConstraintsMalformed {
                detail: crate::model::MalformedConstraints::NoSubtrees,
                constrained_by: "x".into(),
            },
            Failure::NameConstraintBudgetExceeded { budget: 2 },
            Failure::NameConstraintsInLeaf,
            Failure::NameMismatch {
                host: "x".into(),
                detail: crate::model::HostMismatch::NoSubjectAltName,
            },
            Failure::InvalidHost { host: "x".into() },
            Failure::CommonNameNotInSan {
                cn: "x".into(),
                detail: crate::model::CommonNameMismatch::CaseDiffers,
            },
            Failure::InvalidSanDns { name: "x".into() },
            Failure::EmptySubjectSanNotCritical,
            Failure::SanCriticalWithSubject,
            Failure::EmptySubjectNoSan,
            Failure::UnknownCriticalExtension {
                name: "x".into(),
                oid: "x".into(),
            },
            Failure::DuplicateExtension { name: "x".into() },
            Failure::MalformedExtension {
                name: "x".into(),
                error: "x".into(),
            },
            Failure::ExtensionMustNotBeCritical { name: "x".into() },
            Failure::NotVersion3 { version: 512 },
            Failure::SerialZero,
            Failure::SerialNegative,
            Failure::SerialTooLong { bytes: 2 },
            Failure::MissingSki,
            Failure::WeakRsaKey { bits: 512 },
            Failure::RsaBitsNotMultipleOf8 { bits: 512 },
            Failure::CurveNotAllowed { curve: "x".into() },
            Failure::NoNamedCurve,
            Failure::KeyAlgorithmNotAllowed {
                algorithm: "x".into(),
            },
            Failure::Ed25519InCa,
            Failure::KeyAlgorithmOutsideWebPki {
                algorithm: "x".into(),
            },
            Failure::MlDsaOutsideWebPki {
                algorithm: "x".into(),
            },
            Failure::Sha1Signature {
                algorithm: "x".into(),
            },
            Failure::Md5Signature {
                algorithm: "x".into(),
            },
            Failure::EcdsaHashCurveMismatch {
                curve: "x".into(),
                algorithm: "x".into(),
            },
            Failure::CaAsLeaf,
            Failure::LeafKeyCertSign,
            Failure::EcdsaLeafWithoutDigitalSignature,
            Failure::TargetNotCa {
                target: "x".into(),
                why: NotCaReason::CaFalse,
            },
            Failure::UnknownIssuer {
                subject: "x".into(),
                issuer_name: "x".into(),
                self_signed: false,
                store: "x".into(),
            },
            Failure::SearchBudgetExhausted {
                limit: BudgetLimit::Steps(2000),
            },
            Failure::WebpkiRejects {
                error: WebpkiError::UnknownIssuer,
            },
            Failure::WebpkiCannotEvaluate {
                why: WebpkiGap::SelfIssuedIntermediate,
            },
            Failure::WebpkiNotApplicable {
                purpose: Purpose::Server,
            },
            Failure::Revoked {
                source: RevocationSource::Stapled,
                revoked_at: datetime!(2020-01-01 00:00:00 UTC),
                reason: None,
            },
            Failure::RevocationUnknown {
                problems: Vec::new(),
                strict: false,
            },
            Failure::Anchor {
                anchor: "x".into(),
                failure: Box::new(Failure::SerialZero),
            },
            Failure::NoValidPolicy {
                certificate: "x".into(),
            },
            Failure::PolicyMappingAnyPolicy {
                certificate: "x".into(),
            },
            Failure::PolicyTreeTooLarge { max_nodes: 2 },
            Failure::PolicyConstraintsNotCritical {
                certificate: "x".into(),
            },
        ]
    }

    /// The position of each kind in [`one_of_each`]: exhaustive, so a new kind of failure
    /// does not compile here until it has a sample.
    fn kind_index(failure: &Failure) -> usize {
        match failure {
            Failure::Expired { .. } => 0,
            Failure::NotYetValid { .. } => 1,
            Failure::ValidityInverted { .. } => 2,
            Failure::ExpiresSoon { .. } => 3,
            Failure::ValidityTooLong { .. } => 4,
            Failure::BadSignature { .. } => 5,
            Failure::BadSelfSignature { .. } => 6,
            Failure::UnsupportedSignature { .. } => 7,
            Failure::IssuerKeyUnknown => 8,
            Failure::SignatureAlgorithmMismatch => 9,
            Failure::EmptyIssuerName => 10,
            Failure::IssuerNameMismatch { .. } => 11,
            Failure::IssuerNameUnknown => 12,
            Failure::AkiCritical => 13,
            Failure::AkiMismatch { .. } => 14,
            Failure::MissingAki => 15,
            Failure::IssuerMissingSki => 16,
            Failure::AkiIssuerSerial => 17,
            Failure::AkiWithoutKeyId => 18,
            Failure::AkiNotOwnKey => 19,
            Failure::IssuerNotCa { .. } => 20,
            Failure::PathLenExceeded { .. } => 21,
            Failure::MissingKeyCertSign { .. } => 22,
            Failure::CaWithoutKeyUsage => 23,
            Failure::KeyUsageNotCritical => 24,
            Failure::BasicConstraintsNotCritical => 25,
            Failure::MaxDepthExceeded { .. } => 26,
            Failure::PinMismatch { .. } => 27,
            Failure::MissingServerAuth => 28,
            Failure::RequiredEkuNotFound { .. } => 29,
            Failure::EkuMalformed => 30,
            Failure::EkuCriticalInLeaf => 31,
            Failure::AnyEkuInServerLeaf => 32,
            Failure::CaEkuExcludesPurpose { .. } => 33,
            Failure::CriticalEkuInCa => 34,
            Failure::SubCaWithoutEku => 35,
            Failure::RootHasEku => 36,
            Failure::NameConstraintViolation { .. } => 37,
            Failure::NameConstraintsMalformed { .. } => 38,
            Failure::NameConstraintBudgetExceeded { .. } => 39,
            Failure::NameConstraintsInLeaf => 40,
            Failure::NameMismatch { .. } => 41,
            Failure::InvalidHost { .. } => 42,
            Failure::CommonNameNotInSan { .. } => 43,
            Failure::InvalidSanDns { .. } => 44,
            Failure::EmptySubjectSanNotCritical => 45,
            Failure::SanCriticalWithSubject => 46,
            Failure::EmptySubjectNoSan => 47,
            Failure::UnknownCriticalExtension { .. } => 48,
            Failure::DuplicateExtension { .. } => 49,
            Failure::MalformedExtension { .. } => 50,
            Failure::ExtensionMustNotBeCritical { .. } => 51,
            Failure::NotVersion3 { .. } => 52,
            Failure::SerialZero => 53,
            Failure::SerialNegative => 54,
            Failure::SerialTooLong { .. } => 55,
            Failure::MissingSki => 56,
            Failure::WeakRsaKey { .. } => 57,
            Failure::RsaBitsNotMultipleOf8 { .. } => 58,
            Failure::CurveNotAllowed { .. } => 59,
            Failure::NoNamedCurve => 60,
            Failure::KeyAlgorithmNotAllowed { .. } => 61,
            Failure::Ed25519InCa => 62,
            Failure::Sha1Signature { .. } => 63,
            Failure::Md5Signature { .. } => 64,
            Failure::EcdsaHashCurveMismatch { .. } => 65,
            Failure::CaAsLeaf => 66,
            Failure::LeafKeyCertSign => 67,
            Failure::EcdsaLeafWithoutDigitalSignature => 68,
            Failure::TargetNotCa { .. } => 69,
            Failure::UnknownIssuer { .. } => 70,
            Failure::SearchBudgetExhausted { .. } => 71,
            Failure::WebpkiRejects { .. } => 72,
            Failure::WebpkiCannotEvaluate { .. } => 73,
            Failure::WebpkiNotApplicable { .. } => 74,
            Failure::Revoked { .. } => 75,
            Failure::RevocationUnknown { .. } => 76,
            Failure::Anchor { .. } => 77,
            Failure::NoValidPolicy { .. } => 78,
            Failure::PolicyMappingAnyPolicy { .. } => 79,
            Failure::PolicyTreeTooLarge { .. } => 80,
            Failure::PolicyConstraintsNotCritical { .. } => 81,
            Failure::IssuerNameNotByteExact { .. } => 82,
            Failure::KeyAlgorithmOutsideWebPki { .. } => 83,
            Failure::MlDsaOutsideWebPki { .. } => 84,
        }
    }

    #[test]
    fn every_failure_has_a_code_a_label_and_a_sentence_and_codes_are_unique() {
        let all = one_of_each();
        let mut covered = vec![false; all.len()];
        let mut codes = std::collections::HashSet::new();
        for failure in &all {
            let facts = failure.facts();
            assert!(!facts.code.is_empty(), "{failure:?}");
            assert!(!facts.label.is_empty(), "{failure:?}");
            assert!(!super::failure(failure).is_empty(), "{failure:?}");
            if let Some(seen) = covered.get_mut(kind_index(failure)) {
                *seen = true;
            }
            // A failure of an anchor's certificate carries the code of that failure.
            if !matches!(failure, Failure::Anchor { .. }) {
                assert!(codes.insert(facts.code), "code {} twice", facts.code);
            }
        }
        assert!(
            covered.iter().all(|c| *c),
            "a kind of failure has no sample"
        );
    }

    #[test]
    fn an_anchor_failure_is_serialized_with_one_code() {
        let failure = Failure::Anchor {
            anchor: "Root".into(),
            failure: Box::new(Failure::Expired {
                not_after: datetime!(2020-01-01 00:00:00 UTC),
                at: datetime!(2021-01-01 00:00:00 UTC),
            }),
        };
        let json = serde_json::to_value(&failure).unwrap();
        assert_eq!(json["code"], "expired");
        assert_eq!(json["anchor"], "Root");
        assert_eq!(json["not_after"], "2020-01-01T00:00:00Z");
        assert_eq!(json.to_string().matches("\"code\"").count(), 1, "{json}");
    }

    #[test]
    fn a_warning_names_the_rule_that_would_reject_it_and_its_code_once() {
        let check = Check::failed(
            crate::model::CheckName::EndEntity,
            Failure::CaAsLeaf,
            crate::model::Profile::Rfc5280,
        );
        assert_eq!(check.status, CheckStatus::Warn);
        assert!(names_its_code(&check));
        let sentence = super::check(&check);
        assert!(
            sentence.ends_with("[ca_as_leaf: rejected by the webpki profile]"),
            "{sentence}"
        );
        let failing = Check::failed(
            crate::model::CheckName::EndEntity,
            Failure::CaAsLeaf,
            crate::model::Profile::WebPki,
        );
        assert!(!names_its_code(&failing));
    }
}
