//! The Batch view's job: many sources verified with the stores and policy chosen now.

use egui::Context;
use time::OffsetDateTime;

use crate::model::Policy;
use crate::verify::TrustStore;

use super::App;

impl App {
    /// Opens the Batch view.
    pub fn open_batch_view(&mut self) {
        self.session.batch.open = true;
    }

    /// Runs the Batch view's list with the trust stores and policy chosen now.
    pub fn run_batch(&mut self, ctx: &Context) {
        let batch = &mut self.session.batch;
        batch.job.cancel();
        batch.error = None;
        let sources = crate::gui::batch_view::parse_list(&batch.list);
        let (settings, time) = match (self.state.net.settings(), self.state.trust.fixed_time()) {
            (Ok(settings), Ok(time)) => (settings, time),
            (Err(e), _) | (_, Err(e)) => {
                self.session.batch.error = Some(e);
                return;
            }
        };
        let specs = sources
            .iter()
            .map(|s| settings.classify(s).map_err(|e| format!("{e:#}")))
            .collect();
        let stores: Vec<TrustStore> = self
            .chosen_stores()
            .into_iter()
            .map(|(_, s)| s.clone())
            .collect();
        let host = self.state.trust.host.trim().to_string();
        let policy = Policy {
            time: time.unwrap_or_else(OffsetDateTime::now_utc),
            host: Some(host).filter(|h| !h.is_empty()),
            purpose: self.state.trust.usage,
            profile: self.state.trust.profile,
            max_depth: None,
            pins: self.state.trust.pins(),
            devices: Default::default(),
        };
        self.session.batch.rows = sources
            .into_iter()
            .map(|source| crate::gui::batch_view::BatchViewRow {
                source,
                result: None,
            })
            .collect();
        self.session.batch.job = self.tasks.batch(
            ctx,
            specs,
            stores,
            policy,
            crate::gui::batch_view::BATCH_JOBS,
        );
    }

    /// Stops the running batch; rows already done stay.
    pub fn cancel_batch(&mut self) {
        if self.session.batch.job.cancel() {
            self.session.toast("Batch cancelled");
        }
    }

    /// Opens a finished batch row's chain in the main view.
    pub fn open_batch_row(&mut self, index: usize) {
        let Some(Some(Ok(result))) = self
            .session
            .batch
            .rows
            .get(index)
            .map(|r| r.result.as_ref())
        else {
            return;
        };
        let loaded = result.loaded.clone();
        self.session.error = None;
        self.set_loaded(loaded);
    }
}
