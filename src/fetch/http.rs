//! The one HTTP client for CRLs, OCSP and AIA issuers (reqwest over rustls with aws-lc-rs).
//!
//! Proxies come from `HTTP_PROXY` / `http_proxy` / `HTTPS_PROXY` / `NO_PROXY`, as curl reads
//! them. Every request is bounded: its answer at [`MAX_BODY_BYTES`] (read chunk by chunk, so
//! a 100 MB answer costs 1 MiB), its time at the caller's timeout, its redirects at
//! [`MAX_REDIRECTS`], and only http and https are followed.

use std::time::Duration;

/// The largest answer read from any URL.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Redirects followed per request.
pub const MAX_REDIRECTS: usize = 3;
/// Per-request timeout when none is given, seconds.
pub const DEFAULT_HTTP_TIMEOUT_SECS: u64 = 5;

/// Why a download failed. Every message ends with the URL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpError {
    /// The URL does not parse, or its scheme is not http or https.
    #[error("not an http or https URL: {url}")]
    UnsupportedUrl {
        /// The URL.
        url: String,
    },
    /// The client could not be built (TLS roots, proxy settings).
    #[error("cannot set up the HTTP client: {error}")]
    Client {
        /// What went wrong.
        error: String,
    },
    /// No answer within the timeout.
    #[error("no answer within {secs} s from {url}")]
    Timeout {
        /// The timeout.
        secs: u64,
        /// The URL.
        url: String,
    },
    /// The connection failed (refused, unreachable, TLS, proxy).
    #[error("cannot connect: {error} ({url})")]
    Connect {
        /// What went wrong.
        error: String,
        /// The URL.
        url: String,
    },
    /// The server answered with a status other than 200.
    #[error("HTTP status {status} from {url}")]
    Status {
        /// The status code.
        status: u16,
        /// The URL.
        url: String,
    },
    /// The answer is larger than the cap.
    #[error("the answer is larger than {limit} bytes: {url}")]
    TooLarge {
        /// The cap.
        limit: usize,
        /// The URL.
        url: String,
    },
    /// Too many redirects, or a redirect to another scheme.
    #[error("redirect refused ({detail}): {url}")]
    Redirect {
        /// What was refused.
        detail: String,
        /// The URL.
        url: String,
    },
    /// The body could not be read.
    #[error("the answer broke off: {error} ({url})")]
    Body {
        /// What went wrong.
        error: String,
        /// The URL.
        url: String,
    },
}

/// The shared HTTP client with chainlens's caps.
#[derive(Clone, Debug)]
pub struct HttpClient {
    client: reqwest::Client,
    timeout: Duration,
}

impl HttpClient {
    /// A client whose every request gives up after `timeout_secs` (0: the default).
    pub fn new(timeout_secs: u64) -> Result<Self, HttpError> {
        let secs = if timeout_secs == 0 {
            DEFAULT_HTTP_TIMEOUT_SECS
        } else {
            timeout_secs
        };
        let timeout = Duration::from_secs(secs);
        let policy = reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
            } else if !matches!(attempt.url().scheme(), "http" | "https") {
                let scheme = attempt.url().scheme().to_string();
                attempt.error(format!("to a {scheme}: URL"))
            } else {
                attempt.follow()
            }
        });
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(policy)
            .user_agent(concat!("chainlens/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| HttpError::Client {
                error: format!("{e:#}"),
            })?;
        Ok(Self { client, timeout })
    }

    /// GETs `url` (CRLs, caIssuers).
    pub async fn get(&self, url: &str) -> Result<Vec<u8>, HttpError> {
        let parsed = parse(url)?;
        self.send(url, self.client.get(parsed)).await
    }

    /// POSTs an OCSP request to `url` (RFC 6960 appendix A).
    pub async fn post_ocsp(&self, url: &str, request_der: Vec<u8>) -> Result<Vec<u8>, HttpError> {
        let parsed = parse(url)?;
        let request = self
            .client
            .post(parsed)
            .header("Content-Type", "application/ocsp-request")
            .header("Accept", "application/ocsp-response")
            .body(request_der);
        self.send(url, request).await
    }

    async fn send(
        &self,
        url: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<Vec<u8>, HttpError> {
        let secs = self.timeout.as_secs();
        // reqwest's own timeout covers the whole exchange; this outer one is the guarantee.
        let outer = self.timeout + Duration::from_millis(500);
        match tokio::time::timeout(outer, self.exchange(url, request)).await {
            Ok(result) => result,
            Err(_) => Err(HttpError::Timeout {
                secs,
                url: url.to_string(),
            }),
        }
    }

    async fn exchange(
        &self,
        url: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<Vec<u8>, HttpError> {
        let secs = self.timeout.as_secs();
        let map = |e: reqwest::Error| classify(e, secs, url);
        let mut response = request.send().await.map_err(map)?;
        let status = response.status();
        if status != reqwest::StatusCode::OK {
            return Err(HttpError::Status {
                status: status.as_u16(),
                url: url.to_string(),
            });
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY_BYTES as u64)
        {
            return Err(HttpError::TooLarge {
                limit: MAX_BODY_BYTES,
                url: url.to_string(),
            });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(map)? {
            if body.len().saturating_add(chunk.len()) > MAX_BODY_BYTES {
                return Err(HttpError::TooLarge {
                    limit: MAX_BODY_BYTES,
                    url: url.to_string(),
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

fn parse(url: &str) -> Result<reqwest::Url, HttpError> {
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(u),
        _ => Err(HttpError::UnsupportedUrl {
            url: url.to_string(),
        }),
    }
}

fn classify(e: reqwest::Error, secs: u64, url: &str) -> HttpError {
    let url = url.to_string();
    if e.is_timeout() {
        HttpError::Timeout { secs, url }
    } else if e.is_redirect() {
        HttpError::Redirect {
            detail: source_text(&e),
            url,
        }
    } else if e.is_connect() {
        HttpError::Connect {
            error: source_text(&e),
            url,
        }
    } else {
        HttpError::Body {
            error: source_text(&e),
            url,
        }
    }
}

/// The innermost cause, which says what happened ("Connection refused").
fn source_text(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cause {
        text = c.to_string();
        cause = c.source();
    }
    text
}
