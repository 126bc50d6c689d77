//! The window, driven by egui_kittest.

mod async_verify;
#[cfg(feature = "aws")]
mod aws;
mod batch;
mod devices;
mod dialogs;
mod main_window;
mod panels;
mod pkcs12;
mod policies;
mod revocation;
mod snapshots;
mod starttls;
