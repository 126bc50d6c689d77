//! `chainlens devices`: every device profile and preset, its version, options and what it is
//! proven against.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use chainlens::model::{Preset, PresetStore, Stack};

/// List the device profiles `--device` takes: each TLS stack with its version, build options
/// and the library build its rules were proven against, then the presets.
///
/// Example:
///   chainlens devices
///   chainlens verify leaf.pem --trust root.pem --device mbedtls-2.28:no-time --device esp-idf
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Devices {}

impl Devices {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        out!("{}", listing());
        Ok(ExitCode::SUCCESS)
    }
}

/// The listing, as printed.
pub fn listing() -> String {
    let mut out = String::from("Device profiles (--device NAME[:OPTION,…]):\n");
    for stack in Stack::ALL {
        out.push_str(&format!(
            "  {:<20} {}; options: {}\n  {:<20} proven against {}\n",
            stack.profile_name(),
            stack.library(),
            stack.option_names().join(", "),
            "",
            stack.proven_against(),
        ));
        if stack == Stack::WolfSsl {
            out.push_str(&format!(
                "  {:<20} Debian's build defines WOLFSSL_ALT_CERT_CHAINS: that build is \
                 wolfssl-5.5:alt-cert-chains\n",
                ""
            ));
        }
    }
    out.push_str("\nPresets:\n");
    for preset in Preset::ALL {
        let store = match preset.store() {
            PresetStore::AmazonRootCa1 => "trusts Amazon Root CA 1 only (the SDK's default root)",
            PresetStore::EspIdfBundle => {
                "trusts an ESP-IDF certificate bundle (names and keys): a --trust bundle of \
                 yours, else ESP-IDF's default bundle (121 Mozilla roots)"
            }
        };
        out.push_str(&format!(
            "  {:<20} {} ({}); {store}\n",
            preset.name(),
            preset.stack().library(),
            preset.stack().profile_name(),
        ));
    }
    out.push_str(
        "\nClock (--device-clock): none (no RTC: validity unchecked, shown as a warning), \
         build:DATE (at least the build date), skew:±Nd.\n",
    );
    out
}
