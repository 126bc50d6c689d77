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
}

impl Default for FetchOptions {
    /// A 10 s timeout, SNI from the host name, no ALPN, no address override.
    fn default() -> Self {
        Self {
            sni: SniMode::Default,
            alpn: Vec::new(),
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            connect_to: None,
        }
    }
}
