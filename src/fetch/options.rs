use crate::fetch::starttls::StartTls;

/// Default for [`FetchOptions::timeout_secs`].
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;

/// Which server name indication (SNI) to send in the ClientHello.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SniMode {
    /// The target's host name; nothing for an IP literal, which TLS forbids in SNI.
    #[default]
    Default,
    /// This name instead of the host, to ask a shared server for another site's chain.
    Custom(String),
    /// No SNI at all, to see the chain a server falls back to.
    Disabled,
}

/// How to fetch a chain: everything except the target itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchOptions {
    /// Server name indication to send.
    pub sni: SniMode,
    /// ALPN protocols to offer, most preferred first (`h2`, `http/1.1`, `mqtt`); none if empty.
    pub alpn: Vec<String>,
    /// Limit for the whole fetch (resolve, connect, handshake), seconds.
    pub timeout_secs: u64,
    /// Connect to this address host and port instead of the target's, keeping the target's
    /// host for SNI, like curl's `--connect-to`.
    pub connect_to: Option<(String, u16)>,
    /// The plaintext dialogue that asks for TLS first (SMTP's STARTTLS, …), if any.
    pub starttls: Option<StartTls>,
    /// When rustls cannot agree a version or cipher suite, read the chain from a TLS 1.0–1.2
    /// handshake offering the classic suites instead (not completed; see
    /// [`crate::model::LegacyHandshake`]).
    pub legacy_fallback: bool,
}

impl Default for FetchOptions {
    /// A 10 s timeout, SNI from the host name, no ALPN, no address override, no STARTTLS,
    /// the legacy fallback on.
    fn default() -> Self {
        Self {
            sni: SniMode::Default,
            alpn: Vec::new(),
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            connect_to: None,
            starttls: None,
            legacy_fallback: true,
        }
    }
}
