//! How to probe: everything except the target itself.

use crate::fetch::StartTls;

/// Default for [`ProbeOptions::budget_secs`].
pub const DEFAULT_BUDGET_SECS: u64 = 60;

/// Default for [`ProbeOptions::max_in_flight`].
pub const DEFAULT_MAX_IN_FLIGHT: usize = 8;

/// How to probe a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeOptions {
    /// The SNI name; `None` sends the host (nothing for an IP literal).
    pub sni: Option<String>,
    /// Send no SNI at all.
    pub no_sni: bool,
    /// ALPN protocols offered; `h2` and `http/1.1` when empty.
    pub alpn: Vec<String>,
    /// Limit for each connection (connect, dialogue, answer), seconds.
    pub timeout_secs: u64,
    /// Limit for the whole probe, seconds: questions not asked by then are left out.
    pub budget_secs: u64,
    /// Connect here instead of the target's host and port, keeping SNI (curl's --connect-to).
    pub connect_to: Option<(String, u16)>,
    /// The STARTTLS dialogue before each handshake; the target's scheme's when `None`.
    pub starttls: Option<StartTls>,
    /// Connections open at once, at most.
    pub max_in_flight: usize,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions {
            sni: None,
            no_sni: false,
            alpn: Vec::new(),
            timeout_secs: crate::fetch::DEFAULT_TIMEOUT_SECS,
            budget_secs: DEFAULT_BUDGET_SECS,
            connect_to: None,
            starttls: None,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
        }
    }
}

impl ProbeOptions {
    /// The probe options a fetch's options describe (SNI, ALPN, timeout, address override,
    /// STARTTLS), with the default budget and concurrency.
    pub fn from_fetch(options: &crate::fetch::FetchOptions) -> Self {
        use crate::fetch::SniMode;
        ProbeOptions {
            sni: match &options.sni {
                SniMode::Custom(name) => Some(name.clone()),
                SniMode::Default | SniMode::Disabled => None,
            },
            no_sni: options.sni == SniMode::Disabled,
            alpn: options.alpn.clone(),
            timeout_secs: options.timeout_secs,
            connect_to: options.connect_to.clone(),
            starttls: options.starttls,
            ..ProbeOptions::default()
        }
    }
}
