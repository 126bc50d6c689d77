//! The browsers' CT policies, each a verdict from the checked SCTs and its own log list.
//!
//! - **Chrome**: "Chrome Certificate Transparency Policy",
//!   <https://googlechrome.github.io/CertificateTransparency/ct_policy.html>, as revised for
//!   static-ct-api logs (Chrome 134, March 2025). Embedded SCTs: from at least N distinct logs
//!   that are Qualified, Usable or ReadOnly at the time of check, or Retired with the SCT
//!   issued before the retirement (N = 2 for a lifetime of 180 days or less, 3 above, the
//!   lifetime being notAfter − notBefore); at least one from a log that is Qualified, Usable
//!   or ReadOnly; at least two distinct operators among them; at least one from an RFC 6962
//!   log. SCTs delivered by TLS or OCSP: at least two from logs Qualified, Usable or ReadOnly
//!   at the time of check, from two distinct operators, one from an RFC 6962 log.
//! - **Apple**: "Apple's Certificate Transparency policy", <https://support.apple.com/103214>
//!   (the 2025 text with static-ct-api logs). At least two SCTs from once-approved (Retired,
//!   the SCT before the retirement) or currently approved (Qualified, Usable, ReadOnly) logs,
//!   at least one from an RFC 6962 log, and either two SCTs from currently approved logs with
//!   one delivered by TLS or OCSP, or one embedded SCT from a currently approved log and
//!   embedded SCTs from N distinct logs, each operator counting at most M: for a notBefore
//!   from 2021-04-21 on, N = 2, M = 1 for 180 days or less, N = 3, M = 2 above (the lifetime
//!   counted in 86,400-second days, notBefore through notAfter inclusive, a part day counting
//!   as a day); before, N = 2, 3, 4, 5 below 15, 27, 39 months and beyond, with no cap.
//!
//! Each policy applies to publicly trusted TLS server certificates only: the verdict says
//! "not applicable" with the reason otherwise.
//!
//! Neither policy bounds an SCT's timestamp against the certificate's notBefore, so neither
//! does this module; an SCT later than the time of check is invalid in itself
//! (`sct_future_timestamp`). Chrome has announced on ct-policy@chromium.org that the RFC 6962
//! log requirement will go once static-ct-api logs are established; until its published
//! policy says so, it is kept here.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use time::{Duration, OffsetDateTime, macros::datetime};

use super::check::{SctCheck, SctCode, SctDelivery};
use super::log_list::{ListKind, LogApi, LogStateKind};

/// What a policy decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CtOutcome {
    /// The SCTs satisfy the policy.
    Compliant {
        /// SCTs counted.
        scts: usize,
        /// Distinct operators among them.
        operators: usize,
        /// Whether the embedded SCTs carried it (else TLS/OCSP ones).
        embedded: bool,
    },
    /// They do not.
    NotCompliant {
        /// The first requirement not met.
        shortfall: Shortfall,
    },
    /// The policy does not apply to this certificate.
    NotApplicable {
        /// Why.
        reason: NotApplicable,
    },
}

/// The requirement a certificate's SCTs miss.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Shortfall {
    /// No SCT at all.
    NoScts,
    /// The policy's list is not loaded.
    NoLogList,
    /// Too few SCTs count (from distinct logs in the right states, after any per-operator cap).
    TooFewScts {
        /// How many count.
        have: usize,
        /// How many are needed.
        need: usize,
        /// The certificate's lifetime, in the policy's days.
        lifetime_days: i64,
        /// Valid SCTs from logs this policy's list does not hold (another list does).
        unlisted: usize,
    },
    /// No embedded SCT is from a log approved at the time of check (all from retired logs).
    NoCurrentLog,
    /// The counted SCTs come from fewer than two operators.
    TooFewOperators {
        /// How many operators.
        have: usize,
    },
    /// No counted SCT comes from an RFC 6962 log.
    NoRfc6962Log,
}

impl Shortfall {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Shortfall::NoScts => "ct_no_scts",
            Shortfall::NoLogList => "ct_no_log_list",
            Shortfall::TooFewScts { .. } => "ct_too_few_scts",
            Shortfall::NoCurrentLog => "ct_no_current_log",
            Shortfall::TooFewOperators { .. } => "ct_too_few_operators",
            Shortfall::NoRfc6962Log => "ct_no_rfc6962_log",
        }
    }
}

/// Why a policy does not apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotApplicable {
    /// The chain is not checked for server authentication.
    NotServerPurpose,
    /// The leaf does not carry the serverAuth extended key usage.
    NoServerAuthEku,
    /// No chosen public root store (Mozilla, the system's) trusts the chain.
    NotPubliclyTrusted,
}

/// One policy's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CtVerdict {
    /// Whose policy.
    pub policy: ListKind,
    /// What it decided.
    pub outcome: CtOutcome,
}

/// The facts of the certificate the policies read.
#[derive(Clone, Copy, Debug)]
pub struct CertFacts {
    /// notBefore.
    pub not_before: OffsetDateTime,
    /// notAfter.
    pub not_after: OffsetDateTime,
    /// The time of check.
    pub at: OffsetDateTime,
}

/// Chrome's lifetime: notAfter − notBefore, in whole days, and the SCTs it needs.
pub fn chrome_required(facts: &CertFacts) -> (usize, i64) {
    let lifetime = facts.not_after - facts.not_before;
    let days = lifetime.whole_days();
    (if lifetime > Duration::days(180) { 3 } else { 2 }, days)
}

/// Apple's lifetime in days (inclusive, a part day counting as a day), the SCTs it needs
/// from distinct logs and the most that one operator's logs may count (`None`: no cap).
pub fn apple_required(facts: &CertFacts) -> (usize, Option<usize>, i64) {
    let seconds = (facts.not_after - facts.not_before).whole_seconds() + 1;
    let days = (seconds + 86_399).div_euclid(86_400);
    if facts.not_before >= datetime!(2021-04-21 00:00 UTC) {
        if days <= 180 {
            (2, Some(1), days)
        } else {
            (3, Some(2), days)
        }
    } else {
        let before = |months| {
            add_months(facts.not_before, months).is_some_and(|limit| facts.not_after < limit)
        };
        let need = if before(15) {
            2
        } else if before(27) {
            3
        } else if before(39) {
            4
        } else {
            5
        };
        (need, None, days)
    }
}

fn add_months(t: OffsetDateTime, months: i32) -> Option<OffsetDateTime> {
    let total = t.year() * 12 + i32::from(u8::from(t.month())) - 1 + months;
    let year = total.div_euclid(12);
    let month = time::Month::try_from(u8::try_from(total.rem_euclid(12) + 1).ok()?).ok()?;
    let day = t.day().min(time::util::days_in_month(month, year));
    t.replace_day(1)
        .ok()?
        .replace_year(year)
        .ok()?
        .replace_month(month)
        .ok()?
        .replace_day(day)
        .ok()
}

/// How one list counts one SCT: its operator, log, API, and whether its log is current.
struct Counted<'a> {
    log: &'a str,
    operator: &'a str,
    api: LogApi,
    current: bool,
    embedded: bool,
}

/// The SCTs a list counts: verified and timely, from a log this list holds as current at the
/// time of check (read-only ones for what they issued before freezing), or retired after the
/// SCT was issued. The SCT's own code judges the log's state by the first list that holds
/// it; each policy judges it by its own list here.
fn counted<'a>(scts: &'a [SctCheck], list: ListKind, at: OffsetDateTime) -> Vec<Counted<'a>> {
    scts.iter()
        .filter(|s| {
            matches!(
                s.code,
                SctCode::Valid | SctCode::LogNotTrusted | SctCode::LogNotUsableAtTimestamp
            )
        })
        .filter_map(|s| {
            let listing = s.listing(list)?;
            let state = listing.state?;
            // A state entered after the time of check has not happened yet then; the lists
            // keep only the latest state, so an earlier one is taken as "usable".
            let kind = if state.since > at {
                LogStateKind::Usable
            } else {
                state.kind
            };
            let before_state = s.timestamp.is_some_and(|t| t < state.since);
            let frozen_after = kind == LogStateKind::ReadOnly && !before_state;
            let current = kind.is_current() && !frozen_after;
            let once = kind == LogStateKind::Retired && before_state;
            (current || once).then_some(Counted {
                log: &s.log_id_base64,
                operator: &listing.operator,
                api: listing.api,
                current,
                embedded: s.delivery == SctDelivery::Embedded,
            })
        })
        .collect()
}

/// Valid SCTs whose log this list does not hold.
fn unlisted(scts: &[SctCheck], list: ListKind) -> usize {
    scts.iter()
        .filter(|s| s.code == SctCode::Valid && s.listing(list).is_none())
        .count()
}

fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> usize {
    items.collect::<HashSet<_>>().len()
}

/// Chrome's verdict.
pub fn chrome(scts: &[SctCheck], facts: &CertFacts, list_loaded: bool) -> CtOutcome {
    if !list_loaded {
        return not(Shortfall::NoLogList);
    }
    if scts.is_empty() {
        return not(Shortfall::NoScts);
    }
    let counted = counted(scts, ListKind::Chrome, facts.at);
    let unlisted = unlisted(scts, ListKind::Chrome);
    let (need, lifetime_days) = chrome_required(facts);
    let embedded: Vec<&Counted<'_>> = counted.iter().filter(|c| c.embedded).collect();
    let embedded_result = (|| {
        let logs = distinct(embedded.iter().map(|c| c.log));
        if logs < need {
            return Err(Shortfall::TooFewScts {
                have: logs,
                need,
                lifetime_days,
                unlisted,
            });
        }
        if !embedded.iter().any(|c| c.current) {
            return Err(Shortfall::NoCurrentLog);
        }
        let operators = distinct(embedded.iter().map(|c| c.operator));
        if operators < 2 {
            return Err(Shortfall::TooFewOperators { have: operators });
        }
        if !embedded.iter().any(|c| c.api == LogApi::Rfc6962) {
            return Err(Shortfall::NoRfc6962Log);
        }
        Ok((logs, operators))
    })();
    let delivered: Vec<&Counted<'_>> = counted
        .iter()
        .filter(|c| !c.embedded && c.current)
        .collect();
    let delivered_result = (|| {
        let logs = distinct(delivered.iter().map(|c| c.log));
        if logs < 2 {
            return Err(Shortfall::TooFewScts {
                have: logs,
                need: 2,
                lifetime_days,
                unlisted,
            });
        }
        let operators = distinct(delivered.iter().map(|c| c.operator));
        if operators < 2 {
            return Err(Shortfall::TooFewOperators { have: operators });
        }
        if !delivered.iter().any(|c| c.api == LogApi::Rfc6962) {
            return Err(Shortfall::NoRfc6962Log);
        }
        Ok((logs, operators))
    })();
    match (embedded_result, delivered_result) {
        (Ok((scts, operators)), _) => CtOutcome::Compliant {
            scts,
            operators,
            embedded: true,
        },
        (Err(_), Ok((scts, operators))) => CtOutcome::Compliant {
            scts,
            operators,
            embedded: false,
        },
        // Speak of the SCTs the certificate has: the embedded ones, unless it has none.
        (Err(e), Err(d)) => {
            let has_embedded = scts.iter().any(|s| s.delivery == SctDelivery::Embedded);
            not(if has_embedded { e } else { d })
        }
    }
}

/// Apple's verdict.
pub fn apple(scts: &[SctCheck], facts: &CertFacts, list_loaded: bool) -> CtOutcome {
    if !list_loaded {
        return not(Shortfall::NoLogList);
    }
    if scts.is_empty() {
        return not(Shortfall::NoScts);
    }
    let counted = counted(scts, ListKind::Apple, facts.at);
    let unlisted = unlisted(scts, ListKind::Apple);
    let (need, cap, lifetime_days) = apple_required(facts);
    let operators_of = |items: &[&Counted<'_>]| distinct(items.iter().map(|c| c.operator));
    let all: Vec<&Counted<'_>> = counted.iter().collect();
    if distinct(all.iter().map(|c| c.log)) < 2 {
        return not(Shortfall::TooFewScts {
            have: distinct(all.iter().map(|c| c.log)),
            need: if scts.iter().any(|s| s.delivery == SctDelivery::Embedded) {
                need
            } else {
                2
            },
            lifetime_days,
            unlisted,
        });
    }
    if !all.iter().any(|c| c.api == LogApi::Rfc6962) {
        return not(Shortfall::NoRfc6962Log);
    }
    // Either: two SCTs from currently approved logs, one of them delivered by TLS or OCSP.
    let current: Vec<&Counted<'_>> = all.iter().copied().filter(|c| c.current).collect();
    if distinct(current.iter().map(|c| c.log)) >= 2 && current.iter().any(|c| !c.embedded) {
        return CtOutcome::Compliant {
            scts: distinct(current.iter().map(|c| c.log)),
            operators: operators_of(&current),
            embedded: false,
        };
    }
    // Or: one embedded SCT from a currently approved log, and N embedded SCTs from distinct
    // logs, each operator counting at most its cap.
    let embedded: Vec<&Counted<'_>> = all.iter().copied().filter(|c| c.embedded).collect();
    let mut logs_by_operator: HashMap<&str, HashSet<&str>> = HashMap::new();
    for c in &embedded {
        logs_by_operator
            .entry(c.operator)
            .or_default()
            .insert(c.log);
    }
    let have: usize = logs_by_operator
        .values()
        .map(|logs| cap.map_or(logs.len(), |cap| logs.len().min(cap)))
        .sum();
    if have < need {
        // Fewer distinct logs than needed, or enough logs but too few operators to count them.
        let logs = distinct(embedded.iter().map(|c| c.log));
        if logs >= need && logs_by_operator.len() < 2 {
            return not(Shortfall::TooFewOperators {
                have: logs_by_operator.len(),
            });
        }
        return not(Shortfall::TooFewScts {
            have,
            need,
            lifetime_days,
            unlisted,
        });
    }
    if !embedded.iter().any(|c| c.current) {
        return not(Shortfall::NoCurrentLog);
    }
    CtOutcome::Compliant {
        scts: have,
        operators: logs_by_operator.len(),
        embedded: true,
    }
}

fn not(shortfall: Shortfall) -> CtOutcome {
    CtOutcome::NotCompliant { shortfall }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn facts(not_before: OffsetDateTime, not_after: OffsetDateTime) -> CertFacts {
        CertFacts {
            not_before,
            not_after,
            at: not_before,
        }
    }

    #[test]
    fn lifetimes_at_the_180_day_boundary() {
        let start = datetime!(2025-01-01 00:00 UTC);
        // Chrome: exactly 180 days → 2; a second more → 3.
        assert_eq!(
            chrome_required(&facts(start, start + Duration::days(180))).0,
            2
        );
        assert_eq!(
            chrome_required(&facts(
                start,
                start + Duration::days(180) + Duration::SECOND
            ))
            .0,
            3
        );
        // Apple: notBefore through notAfter inclusive; 180 days of 86,400 s is the last
        // second of day 180.
        let last = start + Duration::days(180) - Duration::SECOND;
        assert_eq!(apple_required(&facts(start, last)), (2, Some(1), 180));
        assert_eq!(
            apple_required(&facts(start, last + Duration::SECOND)),
            (3, Some(2), 181)
        );
        assert_eq!(
            apple_required(&facts(start, start + Duration::days(397))).0,
            3
        );
    }

    #[test]
    fn apple_before_april_2021_counts_months() {
        let start = datetime!(2020-03-23 00:00 UTC);
        assert_eq!(
            apple_required(&facts(start, datetime!(2021-06-22 23:59:59 UTC))).0,
            2
        );
        assert_eq!(
            apple_required(&facts(start, datetime!(2021-06-23 00:00 UTC))).0,
            3
        );
        assert_eq!(
            apple_required(&facts(start, datetime!(2022-05-17 12:00 UTC))).0,
            3
        );
        assert_eq!(
            apple_required(&facts(start, datetime!(2023-06-23 00:00 UTC))).0,
            5
        );
        assert_eq!(
            add_months(datetime!(2020-01-31 00:00 UTC), 1),
            Some(datetime!(2020-02-29 00:00 UTC))
        );
    }
}
