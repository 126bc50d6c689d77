//! Fetch failures as a table: each case a peer on 127.0.0.1 and the error its fetch must end
//! in, run by one loop that names every case that went wrong.

use std::time::{Duration, Instant};

use chainlens::fetch::{FetchError, FetchOptions, FetchedChain, Target, fetch_chain};

use super::tls_servers::TestServer;

/// One case: a server that misbehaves in one way, and what the fetch from it must give.
pub struct Case {
    /// Named in the failure message.
    pub name: String,
    /// The peer, already listening.
    pub server: TestServer,
    /// The outcome.
    pub expected: Expected,
}

/// An error variant (or a few), by its pattern's text and a test for it.
pub struct Variant {
    /// The pattern, for the failure message.
    pub name: &'static str,
    /// Whether an error is of it.
    pub is: fn(&FetchError) -> bool,
}

/// A [`Variant`] from a pattern over [`FetchError`].
macro_rules! variant {
    ($pattern:pat) => {
        $crate::common::fetch_cases::Variant {
            name: stringify!($pattern),
            is: |error| matches!(error, $pattern),
        }
    };
}
pub(crate) use variant;

/// What a case's fetch must end in.
pub enum Expected {
    /// This variant, whose whole message is this text, `{address}` standing for the server's.
    Says(Variant, String),
    /// This variant, whose message ends with the server's address.
    EndsWithAddress(Variant),
    /// This variant, whatever its message.
    Is(Variant),
    /// `NotTls` for the server's address, with this description and first bytes.
    NotTls(&'static str, FirstBytes),
}

/// How the quoted first bytes of a `NotTls` are checked.
pub enum FirstBytes {
    /// Not at all.
    Any,
    /// They are exactly these.
    Are(&'static str),
    /// They start with these.
    StartWith(&'static str),
    /// They start with these and end with an ellipsis (cut).
    StartWithAndAreCut(&'static str),
}

impl Expected {
    /// `Ok`, or why `result` (of a fetch from `address`) is not what was expected.
    fn check(
        &self,
        result: &Result<FetchedChain, FetchError>,
        address: &str,
    ) -> Result<(), String> {
        let error = match result {
            Ok(chain) => return Err(format!("expected an error, fetched {chain:?}")),
            Err(error) => error,
        };
        let of = |variant: &Variant| {
            if (variant.is)(error) {
                Ok(())
            } else {
                Err(format!("expected {}, got {error:?}", variant.name))
            }
        };
        match self {
            Self::Says(variant, text) => {
                of(variant)?;
                let text = text.replace("{address}", address);
                if error.to_string() != text {
                    return Err(format!(
                        "message {:?}, expected {text:?}",
                        error.to_string()
                    ));
                }
            }
            Self::EndsWithAddress(variant) => {
                of(variant)?;
                if !error.to_string().ends_with(address) {
                    return Err(format!(
                        "message {:?} does not end with {address}",
                        error.to_string()
                    ));
                }
            }
            Self::Is(variant) => of(variant)?,
            Self::NotTls(description, first) => {
                let FetchError::NotTls {
                    looks_like,
                    first_bytes,
                    address: named,
                } = error
                else {
                    return Err(format!("expected NotTls, got {error:?}"));
                };
                if looks_like != description {
                    return Err(format!(
                        "looks like {looks_like:?}, expected {description:?}"
                    ));
                }
                if named != address {
                    return Err(format!("names {named}, expected {address}"));
                }
                let bytes_fit = match first {
                    FirstBytes::Any => true,
                    FirstBytes::Are(text) => first_bytes == text,
                    FirstBytes::StartWith(text) => first_bytes.starts_with(text),
                    FirstBytes::StartWithAndAreCut(text) => {
                        first_bytes.starts_with(text) && first_bytes.ends_with('…')
                    }
                };
                if !bytes_fit {
                    return Err(format!("first bytes {first_bytes:?}"));
                }
            }
        }
        Ok(())
    }
}

/// Fetches from every case's server with `options`, one after the other, and panics naming
/// each case whose fetch did not end in its expected error within the timeout plus a second.
pub async fn run(cases: &[Case], options: &FetchOptions) {
    let limit = Duration::from_secs(options.timeout_secs + 1);
    let mut failures = Vec::new();
    for case in cases {
        let address = case.server.address();
        let target = Target::parse(&address, 443).unwrap();
        let started = Instant::now();
        let result = fetch_chain(&target, options).await;
        let elapsed = started.elapsed();
        if elapsed >= limit {
            failures.push(format!(
                "{}: answered after {elapsed:?}: {result:?}",
                case.name
            ));
        } else if let Err(why) = case.expected.check(&result, &address) {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
