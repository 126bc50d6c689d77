//! One probe connection at a time, at most `max_in_flight` at once, each within its own
//! timeout and all within the probe's budget.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::{Instant, timeout_at};

use crate::fetch::{StartTls, Target, negotiate_starttls};
use crate::model::probe::ProbeStepError;
use crate::probe::error::ProbeError;
use crate::probe::hello::HelloSpec;
use crate::probe::options::ProbeOptions;
use crate::probe::reply::{Reply, ReplyError, ReplyReader, Stop};

/// Connections that may time out before a probe stops asking a server.
pub const STALLED_AFTER_TIMEOUTS: u32 = 2;

/// Longest timeout honoured, so a huge value cannot overflow the clock.
const MAX_TIMEOUT_SECS: u64 = 365 * 24 * 60 * 60;

/// The shared state of one probe's connections.
#[derive(Debug)]
pub(crate) struct Prober {
    /// Where to connect.
    pub(crate) address: SocketAddr,
    /// The address as text, for errors and facts.
    pub(crate) address_text: String,
    /// The SNI name sent.
    pub(crate) sni: Option<String>,
    /// The STARTTLS dialogue, if any, and the domain it names.
    pub(crate) starttls: Option<(StartTls, String)>,
    /// ALPN protocols offered.
    pub(crate) alpn: Vec<String>,
    timeout_secs: u64,
    budget_secs: u64,
    budget_end: Instant,
    in_flight: Semaphore,
    connections: AtomicU32,
    budget_hit: AtomicBool,
    timeouts: AtomicU32,
    errors: Mutex<Vec<ProbeStepError>>,
}

/// An open connection, ready for a ClientHello, with its slot and its deadline.
pub(crate) struct Opened<'a> {
    pub(crate) stream: TcpStream,
    pub(crate) deadline: Instant,
    _slot: SemaphorePermit<'a>,
}

impl Prober {
    /// Resolves the target (or its `connect_to` override) and sets up the budget.
    pub(crate) async fn new(target: &Target, options: &ProbeOptions) -> Result<Self, ProbeError> {
        let started = Instant::now();
        let timeout_secs = options.timeout_secs.clamp(1, MAX_TIMEOUT_SECS);
        let budget_secs = options.budget_secs.clamp(1, MAX_TIMEOUT_SECS);
        let (host, port) = options
            .connect_to
            .clone()
            .unwrap_or_else(|| (target.host.clone(), target.port));
        let resolved = timeout_at(
            started + Duration::from_secs(timeout_secs),
            tokio::net::lookup_host((host.clone(), port)),
        )
        .await;
        let address = match resolved {
            Ok(Ok(mut addresses)) => addresses.next(),
            Ok(Err(_)) | Err(_) => None,
        };
        let Some(address) = address else {
            return Err(ProbeError::Resolve { host });
        };
        let sni = if options.no_sni {
            None
        } else {
            match &options.sni {
                Some(name) => Some(name.clone()),
                None if target.is_ip_literal() => None,
                None => Some(target.host.clone()),
            }
        };
        for protocol in &options.alpn {
            if protocol.is_empty() || protocol.len() > 255 {
                return Err(ProbeError::Invalid {
                    detail: format!("an ALPN protocol name is 1 to 255 bytes: {protocol:?}"),
                });
            }
        }
        let alpn = if options.alpn.is_empty() {
            vec!["h2".to_owned(), "http/1.1".to_owned()]
        } else {
            options.alpn.clone()
        };
        let starttls = options
            .starttls
            .or_else(|| target.starttls())
            .map(|protocol| (protocol, sni.clone().unwrap_or_else(|| target.host.clone())));
        Ok(Prober {
            address,
            address_text: address.to_string(),
            sni,
            starttls,
            alpn,
            timeout_secs,
            budget_secs,
            budget_end: started + Duration::from_secs(budget_secs),
            in_flight: Semaphore::new(options.max_in_flight.max(1)),
            connections: AtomicU32::new(0),
            budget_hit: AtomicBool::new(false),
            timeouts: AtomicU32::new(0),
            errors: Mutex::new(Vec::new()),
        })
    }

    /// Connections made so far.
    pub(crate) fn connections(&self) -> u32 {
        self.connections.load(Ordering::Relaxed)
    }

    /// Whether a connection was refused for lack of budget.
    pub(crate) fn budget_exhausted(&self) -> bool {
        self.budget_hit.load(Ordering::Relaxed)
    }

    /// The errors noted so far.
    pub(crate) fn take_errors(&self) -> Vec<ProbeStepError> {
        std::mem::take(&mut *self.errors.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Notes `error` for `step` unless it is the server refusing what was offered. The
    /// first question the budget (or a stalling server) cut short is noted; the rest only
    /// set the flag.
    pub(crate) fn note(&self, step: &str, error: &ProbeError) {
        if error.is_refusal() {
            return;
        }
        if matches!(
            error,
            ProbeError::BudgetExhausted { .. } | ProbeError::Stalled { .. }
        ) && self.budget_hit.swap(true, Ordering::Relaxed)
        {
            return;
        }
        self.errors
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(ProbeStepError {
                step: step.to_owned(),
                error: error.to_string(),
            });
    }

    /// The timeout error, or the budget's when that is what ran out.
    pub(crate) fn timed_out(&self) -> ProbeError {
        if Instant::now() >= self.budget_end {
            ProbeError::BudgetExhausted {
                budget_secs: self.budget_secs,
            }
        } else {
            self.timeouts.fetch_add(1, Ordering::Relaxed);
            ProbeError::Timeout {
                timeout_secs: self.timeout_secs,
                address: self.address_text.clone(),
            }
        }
    }

    /// Waits for a slot, connects and runs the STARTTLS dialogue.
    ///
    /// A server that has let [`STALLED_AFTER_TIMEOUTS`] connections time out is not asked
    /// again: each further question would only wait out its own timeout.
    pub(crate) async fn open(&self) -> Result<Opened<'_>, ProbeError> {
        let stalled = || {
            let timeouts = self.timeouts.load(Ordering::Relaxed);
            (timeouts >= STALLED_AFTER_TIMEOUTS).then_some(ProbeError::Stalled {
                timeouts,
                address: self.address_text.clone(),
            })
        };
        if let Some(error) = stalled() {
            return Err(error);
        }
        let slot = timeout_at(self.budget_end, self.in_flight.acquire())
            .await
            .map_err(|_| self.timed_out())?
            .map_err(|_| self.timed_out())?;
        if let Some(error) = stalled() {
            return Err(error);
        }
        let deadline =
            (Instant::now() + Duration::from_secs(self.timeout_secs)).min(self.budget_end);
        if Instant::now() >= deadline {
            return Err(self.timed_out());
        }
        self.connections.fetch_add(1, Ordering::Relaxed);
        let mut stream = timeout_at(deadline, TcpStream::connect(self.address))
            .await
            .map_err(|_| self.timed_out())?
            .map_err(|error| ProbeError::Connect {
                detail: error.to_string(),
                address: self.address_text.clone(),
            })?;
        // A probe is a few small messages each way; Nagle would only add delays.
        let _ = stream.set_nodelay(true);
        if let Some((protocol, domain)) = &self.starttls {
            negotiate_starttls(
                &mut stream,
                *protocol,
                domain,
                &self.address_text,
                deadline,
                self.timeout_secs,
            )
            .await
            .map_err(|error| ProbeError::StartTls {
                detail: error.to_string(),
            })?;
        }
        Ok(Opened {
            stream,
            deadline,
            _slot: slot,
        })
    }

    /// Sends the hello `spec` on a new connection and reads the answer as far as `stop`.
    pub(crate) async fn exchange(&self, spec: &HelloSpec, stop: Stop) -> Result<Reply, ProbeError> {
        let mut random = [0u8; 32];
        // The random only has to be unpredictable enough that the server treats each hello
        // as new; a failure of the system generator leaves zeros, which servers accept.
        let _ = aws_lc_rs::rand::fill(&mut random);
        let record = spec
            .to_record(&random)
            .map_err(|error| ProbeError::Invalid {
                detail: error.to_string(),
            })?;
        let Opened {
            mut stream,
            deadline,
            _slot,
        } = self.open().await?;
        let io_error = |error: std::io::Error| match error.kind() {
            std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::BrokenPipe => ProbeError::Reset {
                address: self.address_text.clone(),
            },
            _ => ProbeError::Connect {
                detail: error.to_string(),
                address: self.address_text.clone(),
            },
        };
        timeout_at(deadline, stream.write_all(&record))
            .await
            .map_err(|_| self.timed_out())?
            .map_err(io_error)?;
        let mut reader = ReplyReader::new(stop);
        let mut buffer = vec![0u8; 16 * 1024];
        loop {
            let read = timeout_at(deadline, stream.read(&mut buffer))
                .await
                .map_err(|_| self.timed_out())?
                .map_err(io_error)?;
            if read == 0 {
                return Err(ProbeError::Closed {
                    address: self.address_text.clone(),
                });
            }
            match reader.feed(buffer.get(..read).unwrap_or_default()) {
                Ok(Some(reply)) => return Ok(reply),
                Ok(None) => {}
                Err(ReplyError::Alert { code }) => {
                    return Err(ProbeError::Alert {
                        code,
                        address: self.address_text.clone(),
                    });
                }
                Err(error) => {
                    return Err(ProbeError::Malformed {
                        detail: error.to_string(),
                        address: self.address_text.clone(),
                    });
                }
            }
        }
        // The socket closes when dropped: the handshake is abandoned on purpose.
    }
}
