//! The AWS IoT dialog's job: discover the account's endpoint, then fetch it as a device does.

use egui::Context;

use crate::gui::tasks::Job;

use super::App;

impl App {
    /// Opens the AWS IoT dialog, reading the profile names the first time.
    pub fn open_aws_dialog(&mut self, ctx: &Context) {
        self.session.aws_dialog.open = true;
        self.session.aws_dialog.error = None;
        let dialog = &mut self.session.aws_dialog;
        if dialog.profiles.is_none() && !dialog.profiles_job.is_running() {
            dialog.profiles_job = self.tasks.list_aws_profiles(ctx);
        }
    }

    /// Takes a discovery's result: fills the address and fetches the first endpoint, or
    /// shows the error in the dialog.
    pub(super) fn aws_discovered(
        &mut self,
        ctx: &Context,
        job: crate::gui::tasks::JobId,
        result: Result<crate::aws::Discovery, String>,
    ) {
        let dialog = &mut self.session.aws_dialog;
        if !dialog.job.is(job) {
            return;
        }
        dialog.job = Job::Done(());
        match result {
            Ok(discovery) => {
                let first = discovery.endpoints.first().map(|e| e.address.clone());
                let both = discovery.endpoints.len() > 1;
                dialog.found = Some((discovery.region, discovery.endpoints));
                if let Some(address) = first {
                    // With both, the dialog stays open to offer the legacy endpoint too.
                    dialog.open = both;
                    self.fetch_aws_endpoint(ctx, address);
                }
            }
            Err(e) => dialog.error = Some(e),
        }
    }

    /// Fetches a discovered data endpoint as a device does: port 443, ALPN x-amzn-mqtt-ca,
    /// verified against the AWS IoT device roots.
    pub(super) fn fetch_aws_endpoint(&mut self, ctx: &Context, address: String) {
        self.state.address = address.clone();
        self.state.net.aws_iot = true;
        self.state.trust.aws_iot = true;
        if self.state.aws.kind != crate::gui::aws_dialog::AwsKind::Ats {
            // The legacy endpoint's own root, so its verdict can be read beside the preset's.
            self.state.trust.aws_iot_legacy = true;
        }
        self.open_items(ctx, vec![address]);
    }
}
