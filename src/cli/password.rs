//! The PKCS#12 password on the command line: from a file or the environment, never an
//! argument (arguments show in `ps` and shell history).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use chainlens::ingest::Password;
use chainlens::load::{LoadError, LoadOptions};

/// The environment variable read when --password-file is not given.
pub const PASSWORD_ENV: &str = "CHAINLENS_PASSWORD";

/// How to read encrypted (PKCS#12) sources.
#[derive(Args, Clone, Debug, Default)]
pub struct PasswordArgs {
    /// Read the password of a PKCS#12 (.p12/.pfx) source from the first line of FILE.
    /// Without it, the CHAINLENS_PASSWORD environment variable is used; without both, only
    /// unencrypted PKCS#12 files open. Only certificates are read: keys are never shown.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
}

impl PasswordArgs {
    /// The load options these arguments (and the environment) describe.
    pub fn options(&self) -> Result<LoadOptions> {
        let password = match &self.password_file {
            Some(path) => {
                let text =
                    zeroize::Zeroizing::new(std::fs::read_to_string(path).with_context(|| {
                        format!("cannot read the password file {}", path.display())
                    })?);
                let line = text.lines().next().unwrap_or_default();
                Some(Password::new(line))
            }
            None => std::env::var(PASSWORD_ENV).ok().map(Password::new),
        };
        Ok(LoadOptions { password })
    }
}

/// A load error, with how to give the password when that is what it lacks.
pub fn explain(err: LoadError) -> anyhow::Error {
    if err.needs_password() {
        anyhow::anyhow!(
            "{err} (give it with --password-file FILE or the {PASSWORD_ENV} environment variable)"
        )
    } else {
        err.into()
    }
}
