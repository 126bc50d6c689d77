//! Why a probe, or one of its connections, failed.

/// Why a probe connection (or the whole probe, when the first one fails) gave no answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProbeError {
    /// The host name did not resolve.
    #[error("cannot resolve {host}")]
    Resolve {
        /// The host.
        host: String,
    },
    /// The TCP connection failed.
    #[error("cannot connect ({detail}) to {address}")]
    Connect {
        /// The operating system's error.
        detail: String,
        /// The socket address.
        address: String,
    },
    /// The per-connection timeout expired.
    #[error("no complete answer within {timeout_secs} s from {address}")]
    Timeout {
        /// The limit, seconds.
        timeout_secs: u64,
        /// The socket address.
        address: String,
    },
    /// The probe's total time budget ran out before this connection.
    #[error("the probe's time budget of {budget_secs} s ran out")]
    BudgetExhausted {
        /// The budget, seconds.
        budget_secs: u64,
    },
    /// The server let earlier connections time out, so this one was not made.
    #[error("not asked: {timeouts} connections already timed out at {address}")]
    Stalled {
        /// The connections that timed out.
        timeouts: u32,
        /// The socket address.
        address: String,
    },
    /// The server closed the connection without answering.
    #[error("the server closed the connection without a TLS answer: {address}")]
    Closed {
        /// The socket address.
        address: String,
    },
    /// The server reset the connection.
    #[error("the server reset the connection: {address}")]
    Reset {
        /// The socket address.
        address: String,
    },
    /// The server refused with a TLS alert.
    #[error("the server sent TLS alert {code}: {address}")]
    Alert {
        /// The alert description code.
        code: u8,
        /// The socket address.
        address: String,
    },
    /// The answer is not TLS, or breaks it.
    #[error("unreadable answer ({detail}) from {address}")]
    Malformed {
        /// What was wrong.
        detail: String,
        /// The socket address.
        address: String,
    },
    /// The STARTTLS dialogue failed.
    #[error("{detail}")]
    StartTls {
        /// The dialogue's error.
        detail: String,
    },
    /// A rustls handshake (TLS 1.3 chains) failed otherwise.
    #[error("TLS 1.3 handshake failed ({detail}) with {address}")]
    Handshake {
        /// rustls's finding.
        detail: String,
        /// The socket address.
        address: String,
    },
    /// The probe's own input is unusable (a bad server name or ALPN value).
    #[error("{detail}")]
    Invalid {
        /// What is wrong.
        detail: String,
    },
}

impl ProbeError {
    /// Whether this is the server saying no to what was offered (an alert, or closing the
    /// connection without one, as some stacks do), rather than a failure to ask.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            ProbeError::Alert { .. } | ProbeError::Closed { .. } | ProbeError::Reset { .. }
        )
    }
}
