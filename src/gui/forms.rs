//! Small pieces of the window's state that panels show and edit: the theme choice, the
//! network options form, a recent source and a toast. They live apart from `App` so that the
//! panels that take them need not know the application.

use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::load::NetSettings;

/// Light, dark, or whatever the desktop uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the desktop.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ThemeChoice {
    /// Words for the theme menu.
    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow system",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }

    pub(super) fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// The network options as typed (strings, so a half-typed value is kept as typed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetForm {
    /// TCP port overriding the address's; empty for the address's (or 443).
    pub port: String,
    /// SNI to send instead of the host; empty for the host.
    pub sni: String,
    /// Send no SNI at all.
    pub no_sni: bool,
    /// ALPN protocols, comma separated.
    pub alpn: String,
    /// Timeout in seconds; empty for the default.
    pub timeout_secs: String,
    /// AWS IoT preset: port 443 with ALPN `x-amzn-mqtt-ca`.
    pub aws_iot: bool,
    /// curl-style `--connect-to` rules, separated by spaces (`::127.0.0.1:8443`).
    pub connect_to: String,
}

impl NetForm {
    /// The library's settings, or what is wrong with the form.
    pub fn settings(&self) -> Result<NetSettings, String> {
        let timeout_secs = match self.timeout_secs.trim() {
            "" => 0,
            text => text.parse::<u64>().ok().filter(|s| *s > 0).ok_or_else(|| {
                format!("timeout must be a whole number of seconds, not \"{text}\"")
            })?,
        };
        let sni = Some(self.sni.trim().to_string()).filter(|s| !s.is_empty());
        for rule in self.connect_to.split_whitespace() {
            crate::fetch::ConnectRule::parse(rule).map_err(|e| e.to_string())?;
        }
        Ok(NetSettings {
            sni,
            no_sni: self.no_sni,
            alpn: self
                .alpn
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
            timeout_secs,
            connect_to: self
                .connect_to
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            aws_iot: self.aws_iot,
            // The address field names a STARTTLS protocol by its scheme (smtp://host).
            starttls: None,
        })
    }

    /// The port override, or what is wrong with it.
    pub fn port(&self) -> Result<Option<u16>, String> {
        match self.port.trim() {
            "" => Ok(None),
            text => text
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .map(Some)
                .ok_or_else(|| format!("port must be between 1 and 65535, not \"{text}\"")),
        }
    }
}

/// A source the user opened, to open again from the Recent menu.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentSource {
    /// What the menu shows.
    pub label: String,
    /// Each part as `NetSettings::classify` reads it (file paths, host[:port], `sample`).
    pub items: Vec<String>,
}

impl RecentSource {
    /// The entry for these items: files by their name, the rest as typed. Asks the disk
    /// whether each item is a file: call it off the window's thread (the load job does).
    pub fn new(items: Vec<String>) -> Self {
        let label = items
            .iter()
            .map(|i| {
                let path = std::path::Path::new(i);
                path.file_name()
                    .filter(|_| path.exists())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| i.clone())
            })
            .collect::<Vec<_>>()
            .join(" + ");
        Self { label, items }
    }
}

/// A short message that disappears by itself.
#[derive(Clone, Debug)]
pub struct Toast {
    /// The message.
    pub text: String,
    /// When it appeared.
    pub shown: Instant,
}
