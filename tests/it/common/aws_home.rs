//! A throw-away home directory with its own AWS shared config files, and `chainlens` run in
//! it with nothing of the real environment: no credentials, no profile, and the instance
//! metadata service disabled, so nothing can leave 127.0.0.1.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use super::moto::Moto;

/// Dummy credentials moto accepts.
pub const ACCESS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
/// Dummy secret; tests check it never appears in any output.
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";

/// A home directory for one test.
pub struct AwsHome {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

/// What a run printed, and how long it took.
pub struct Run {
    /// The process's output.
    pub output: Output,
    /// Wall time from spawn to exit.
    pub elapsed: Duration,
}

impl Run {
    /// The exit code.
    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Standard error as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Both, for assertion messages.
    pub fn both(&self) -> String {
        format!("stdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr())
    }

    /// Asserts a failure: exit 2 and exactly one line on stderr that contains every part.
    pub fn assert_one_line_error(&self, parts: &[&str]) {
        assert_eq!(self.code(), Some(2), "{}", self.both());
        let stderr = self.stderr();
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one line expected: {}", self.both());
        for part in parts {
            assert!(stderr.contains(part), "{part:?} missing: {}", self.both());
        }
        assert!(!stderr.contains(SECRET_ACCESS_KEY), "{}", self.both());
        assert!(!stderr.contains("SdkBody"), "{}", self.both());
    }
}

impl AwsHome {
    /// An empty home: no config files, no credentials.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".aws")).unwrap();
        Self {
            dir,
            env: Vec::new(),
        }
    }

    /// The same, with the dummy keys in the environment.
    pub fn with_keys() -> Self {
        let mut home = Self::new();
        home.set_env("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        home.set_env("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        home
    }

    /// The home directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Sets an environment variable for the runs.
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.push((key.to_string(), value.to_string()));
    }

    /// Writes `~/.aws/config`.
    pub fn config(&self, text: &str) {
        fs::write(self.path().join(".aws/config"), text).unwrap();
    }

    /// Writes `~/.aws/credentials`.
    pub fn credentials(&self, text: &str) {
        fs::write(self.path().join(".aws/credentials"), text).unwrap();
    }

    /// Writes an executable `credential_process` script that logs each call to the returned
    /// file and prints the dummy keys.
    pub fn credential_process(&self) -> (PathBuf, PathBuf) {
        let script = self.path().join("credentials.sh");
        let log = self.path().join("credential-calls.log");
        fs::write(
            &script,
            format!(
                "#!/bin/sh\necho call >> '{}'\nprintf '%s' '{{\"Version\": 1, \"AccessKeyId\": \"{ACCESS_KEY_ID}\", \"SecretAccessKey\": \"{SECRET_ACCESS_KEY}\"}}'\n",
                log.display()
            ),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
        }
        (script, log)
    }

    /// Runs `chainlens aws endpoints --region eu-west-1 --endpoint-url MOTO ARGS` in this
    /// home: the discovery tests' usual question.
    pub fn endpoints(&self, moto: &Moto, args: &[&str]) -> Run {
        let url = moto.url();
        let mut all = vec![
            "aws",
            "endpoints",
            "--region",
            "eu-west-1",
            "--endpoint-url",
            &url,
        ];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Runs `chainlens ARGS` in this home.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_chainlens"));
        command
            .args(args)
            .env_clear()
            .env("HOME", self.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", self.path().join(".aws/config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.path().join(".aws/credentials"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true");
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let started = Instant::now();
        let output = command.output().unwrap();
        Run {
            output,
            elapsed: started.elapsed(),
        }
    }
}
