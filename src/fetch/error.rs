use std::fmt;
use std::io;

/// The step of a fetch that was under way, so a timeout can say where it stalled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchPhase {
    /// Looking up the host's addresses.
    Resolving,
    /// Opening the TCP connection.
    Connecting,
    /// Exchanging TLS handshake messages.
    Handshake,
    /// The plaintext dialogue (SMTP, IMAP, LDAP, …) that asks for TLS.
    StartTls,
}

impl fmt::Display for FetchPhase {
    /// The words that go between "timed out after N s" and the peer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Resolving => "while resolving",
            Self::Connecting => "while connecting to",
            Self::Handshake => "during the TLS handshake with",
            Self::StartTls => "during the STARTTLS dialogue with",
        })
    }
}

/// Why a chain could not be fetched.
///
/// Every message ends with the host or address it is about.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The SNI name is not a DNS name TLS can carry.
    #[error("invalid server name for SNI: {name}")]
    InvalidServerName {
        /// The name as given.
        name: String,
    },
    /// An ALPN protocol name is empty or longer than the 255 bytes TLS allows.
    #[error("invalid ALPN protocol name {protocol:?}")]
    InvalidAlpn {
        /// The name as given.
        protocol: String,
    },
    /// The process's rustls crypto provider supports neither TLS 1.2 nor TLS 1.3.
    #[error("the installed rustls crypto provider cannot do TLS 1.2 or 1.3")]
    UnusableCryptoProvider {
        /// rustls's finding.
        #[source]
        source: rustls::Error,
    },
    /// The host name did not resolve to any address.
    #[error("cannot resolve host {host}")]
    Resolve {
        /// The host name looked up.
        host: String,
        /// What the resolver said, if it said anything.
        #[source]
        source: Option<io::Error>,
    },
    /// Nothing listens on the port.
    #[error("connection refused by {address}")]
    ConnectionRefused {
        /// The socket address tried last.
        address: String,
    },
    /// The TCP connection failed for another reason (unreachable network, …).
    #[error("cannot connect to {address}")]
    Connect {
        /// The socket address tried last.
        address: String,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The overall timeout expired.
    #[error("timed out after {timeout_secs} s {phase} {peer}")]
    Timeout {
        /// The limit that expired, seconds.
        timeout_secs: u64,
        /// What was under way.
        phase: FetchPhase,
        /// The host (while resolving or connecting) or socket address (handshake).
        peer: String,
    },
    /// The server answered with something that is not TLS.
    #[error(
        "not TLS: the server answered with {looks_like} (first bytes \"{first_bytes}\") at {address}"
    )]
    NotTls {
        /// What the bytes look like (`an HTTP response`, `an SSH banner`).
        looks_like: String,
        /// The first bytes received, printable ASCII kept, the rest escaped.
        first_bytes: String,
        /// The socket address.
        address: String,
    },
    /// The server and chainlens share no protocol version or cipher suite.
    #[error("no TLS version or cipher suite in common ({detail}) with {address}")]
    Incompatible {
        /// What showed it: the alert received or rustls's finding.
        detail: String,
        /// The socket address.
        address: String,
    },
    /// The server aborted the handshake with a TLS alert.
    #[error("the server sent TLS alert {alert} during the handshake with {address}")]
    AlertReceived {
        /// The alert's RFC name (`internal_error`, `unrecognized_name`).
        alert: String,
        /// The socket address.
        address: String,
    },
    /// The server sent its certificates, then aborted the handshake with an alert.
    ///
    /// Servers that require a client certificate do this over TLS 1.2. The certificates
    /// are kept, exactly as sent, so the chain can still be inspected.
    #[error(
        "the server sent its certificates, then TLS alert {alert} \
         (it may require a client certificate) during the handshake with {address}"
    )]
    RejectedAfterCertificates {
        /// The alert's RFC name.
        alert: String,
        /// DER certificates exactly as sent, in order.
        certificates: Vec<Vec<u8>>,
        /// The socket address.
        address: String,
    },
    /// The certificate message is larger than rustls accepts.
    #[error(
        "the server's certificate chain is too large to capture \
         (rustls accepts handshake messages up to 64 KiB) from {address}"
    )]
    ChainTooLarge {
        /// The socket address.
        address: String,
        /// rustls's own finding.
        #[source]
        source: io::Error,
    },
    /// The server sent an empty certificate list.
    #[error("the server sent no certificate during the handshake with {address}")]
    NoCertificates {
        /// The socket address.
        address: String,
    },
    /// The server's handshake signature does not verify with its leaf certificate's key.
    ///
    /// The chain is still reported as sent only when the handshake proves the server holds
    /// the key; a server that cannot prove it is not the server the chain names.
    #[error("the server's handshake signature does not verify with its certificate from {address}")]
    HandshakeSignature {
        /// The socket address.
        address: String,
        /// rustls's finding.
        #[source]
        source: rustls::Error,
    },
    /// The connection closed before the handshake completed.
    #[error("the connection closed before the TLS handshake completed with {address}")]
    ClosedDuringHandshake {
        /// The socket address.
        address: String,
    },
    /// The connection was reset before the handshake completed.
    #[error("the connection was reset during the TLS handshake with {address}")]
    ResetDuringHandshake {
        /// The socket address.
        address: String,
    },
    /// Another TLS protocol failure.
    #[error("TLS handshake failed with {address}")]
    Tls {
        /// The socket address.
        address: String,
        /// rustls's finding.
        #[source]
        source: rustls::Error,
    },
    /// The server answered the request for TLS (STARTTLS, STLS, AUTH TLS, the LDAP
    /// extended operation, PostgreSQL's SSLRequest) with a refusal.
    #[error("the server does not offer STARTTLS: \"{reply}\" ({protocol} at {address})")]
    StartTlsRefused {
        /// The protocol spoken (`smtp`, `ldap`).
        protocol: String,
        /// The server's answer, truncated and with unprintable bytes escaped.
        reply: String,
        /// The socket address.
        address: String,
    },
    /// The server said something the STARTTLS dialogue does not allow at that point, such as
    /// a refusing greeting or another protocol altogether.
    #[error("unexpected {protocol} reply (expected {expected}): \"{reply}\" from {address}")]
    StartTlsUnexpected {
        /// The protocol spoken.
        protocol: String,
        /// What the dialogue was waiting for (`a 220 greeting`).
        expected: String,
        /// The server's answer, truncated and with unprintable bytes escaped.
        reply: String,
        /// The socket address.
        address: String,
    },
    /// The server sent more than the dialogue allows before asking for TLS.
    #[error(
        "the server sent more than {limit_bytes} bytes during the {protocol} STARTTLS dialogue \
         without the expected reply, at {address}"
    )]
    StartTlsTooLong {
        /// The protocol spoken.
        protocol: String,
        /// The limit, bytes.
        limit_bytes: usize,
        /// The socket address.
        address: String,
    },
    /// The connection ended during the plaintext dialogue.
    #[error("the connection closed during the {protocol} STARTTLS dialogue with {address}")]
    StartTlsClosed {
        /// The protocol spoken.
        protocol: String,
        /// The socket address.
        address: String,
    },
    /// A legacy (TLS 1.0–1.2) server's handshake messages could not be read.
    #[error("malformed TLS 1.0–1.2 handshake ({detail}) from {address}")]
    LegacyMalformed {
        /// What was wrong.
        detail: String,
        /// The socket address.
        address: String,
    },
    /// Another I/O failure during the handshake.
    #[error("I/O error during the TLS handshake with {address}")]
    Io {
        /// The socket address.
        address: String,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
}
