//! Verification: the chosen stores, when to verify again, the job that verifies off the
//! window's thread, and taking its result into the session.

use std::sync::Arc;

use egui::Context;
use time::OffsetDateTime;

use crate::gui::tasks::{Job, JobId, StoreKey, VerifyOutcome, load_store};
use crate::gui::trust_form::TimeMode;
use crate::model::{CertId, Inspection, Policy};
use crate::verify::TrustStore;

use super::App;
use super::state::{Notice, VerifyKey};

impl App {
    /// The stores chosen and already loaded, in order.
    pub(crate) fn chosen_stores(&self) -> Vec<(StoreKey, &TrustStore)> {
        self.state
            .trust
            .store_keys()
            .into_iter()
            .filter_map(|k| self.session.stores.get(&k).map(|s| (k, s)))
            .collect()
    }

    /// Loads chosen stores that are not loaded yet: embedded ones now, the others as a job.
    /// One such job at a time: stores chosen while it runs are loaded when it ends.
    pub(super) fn load_missing_stores(&mut self, ctx: &Context) {
        let mut from_disk = Vec::new();
        for key in self.state.trust.store_keys() {
            if self.session.stores.contains_key(&key) || self.session.stores_loading.contains(&key)
            {
                continue;
            }
            if key.reads_disk() {
                if !self.session.stores_job.is_running() {
                    from_disk.push(key);
                }
            } else if let Ok(store) = load_store(&key) {
                self.session.stores.insert(key, store);
            }
        }
        if !from_disk.is_empty() {
            self.session
                .stores_loading
                .extend(from_disk.iter().cloned());
            self.session.stores_job = self.tasks.load_stores(ctx, from_disk);
        }
    }

    /// Verifies the loaded certificates again when the stores or the policy changed.
    pub fn verify_if_needed(&mut self, ctx: &Context) {
        self.load_missing_stores(ctx);
        let Some(loaded) = &self.session.loaded else {
            return;
        };
        // An unreadable typed time keeps the last verification; the field shows the error.
        let Ok(time) = self.state.trust.fixed_time() else {
            return;
        };
        // Likewise unreadable policy OIDs: the policy field shows the error.
        let Ok(policies) = self.state.trust.policy_inputs() else {
            return;
        };
        // Likewise an unreadable device clock: the Devices section shows the error.
        let Ok(devices) = self.state.trust.devices.choice() else {
            return;
        };
        let chosen = self.chosen_stores();
        let focus = self
            .session
            .bundle
            .as_ref()
            .and_then(|b| b.focus)
            .filter(|&i| i < loaded.certificates.len());
        let key = VerifyKey {
            loaded_generation: self.session.loaded_generation,
            stores: chosen.iter().map(|(k, _)| k.clone()).collect(),
            time,
            host: self.state.trust.host.trim().to_string(),
            usage: self.state.trust.usage,
            profile: self.state.trust.profile,
            pins: self.state.trust.pins(),
            policies,
            devices,
            focus,
            online: (
                self.state.trust.check_revocation,
                self.state.trust.fetch_issuers,
                self.state.trust.crls.clone(),
            ),
        };
        if self.session.verified_with.as_ref() == Some(&key) {
            // The verdict shown is for these settings again (a change was undone): a job for
            // other settings, or the note about a cancelled one, no longer applies.
            if self.session.verify.cancel() {
                self.session.verify_key = None;
            }
            self.forget_cancelled_verification();
            return;
        }
        let waiting = self.session.verify.is_running()
            || self.session.verify.outcome() == Some(&VerifyOutcome::Cancelled);
        if waiting && self.session.verify_key.as_ref() == Some(&key) {
            return;
        }
        let at = time.unwrap_or_else(OffsetDateTime::now_utc);
        let stores: Vec<TrustStore> = chosen.into_iter().map(|(_, s)| s.clone()).collect();
        let previous = self.session.verified_with.as_ref();
        let policy_changed = previous.map(|k| (&k.stores, k.time, k.loaded_generation))
            != Some((&key.stores, key.time, key.loaded_generation));
        if let Some(bundle) = self.session.bundle.as_mut()
            && policy_changed
        {
            // Roles follow the stores, days left the validation time.
            let held: Vec<&TrustStore> = stores.iter().collect();
            bundle.update(&loaded.certificates, &held, at);
        }
        let mut policy = Policy {
            host: Some(key.host.clone())
                .filter(|h| !h.is_empty())
                .or_else(|| loaded.host.clone()),
            purpose: key.usage,
            profile: key.profile,
            max_depth: None,
            pins: key.pins.clone(),
            devices: key.devices.clone(),
            ..Policy::at(at)
        };
        key.policies.apply(&mut policy);
        // The certificates are shared with the jobs, which build their input: copying a big
        // bundle's certificates takes tens of milliseconds, too long for this thread.
        let request = crate::gui::tasks::VerifyRequest {
            loaded: Arc::clone(loaded),
            focus,
            stores,
            policy,
        };
        // Verifying again: the note about a cancelled verification no longer holds.
        self.forget_cancelled_verification();
        self.session.online_job.cancel();
        let (revocation, aia, crl_files) = key.online.clone();
        if revocation || aia || !crl_files.is_empty() {
            self.session.online_job = self.tasks.inspect_online(
                ctx,
                crate::gui::tasks::OnlineJob {
                    request: request.clone(),
                    options: crate::fetch::evidence::OnlineOptions {
                        revocation,
                        strict: false,
                        aia,
                        timeout_secs: 0,
                    },
                    crl_files,
                },
            );
        }
        // Off the window's thread always; a job started earlier is dropped with its result.
        self.session.verify.cancel();
        self.session.verify = self.tasks.verify(ctx, request);
        self.session.verify_key = Some(key);
        let Job::Running { id, .. } = self.session.verify else {
            return;
        };
        if let Some(result) = self.tasks.wait_verified(id, self.session.verify_wait) {
            self.verified(id, result);
        }
    }

    /// Takes a verification's report, if it is the running one's: the inspection, or the
    /// reason it stopped.
    pub(super) fn verified(&mut self, job: JobId, result: Result<Box<Inspection>, String>) {
        if !self.session.verify.is(job) {
            // Cancelled, or replaced by a verification for other settings.
            return;
        }
        let key = self.session.verify_key.take();
        match (result, key) {
            (Ok(inspection), Some(key)) => {
                self.session.verify = Job::Done(VerifyOutcome::Verified);
                self.set_inspection(*inspection, key);
            }
            (Ok(_), None) => self.session.verify = Job::Done(VerifyOutcome::Failed),
            (Err(e), _) => {
                self.session.verify = Job::Done(VerifyOutcome::Failed);
                self.session.error = Some(Notice::Error(e));
            }
        }
    }

    /// Stops waiting for the running verification. The verdict shown stays the one for the
    /// settings before the change, and says so, until something changes again.
    pub fn cancel_verification(&mut self) {
        if self.session.verify.cancel() {
            // The key stays: the same settings are not verified again behind the user's back.
            self.session.verify = Job::Done(VerifyOutcome::Cancelled);
            self.session.error = Some(Notice::VerificationCancelled);
        }
    }

    /// Forgets a cancelled verification, and its note if the window still shows it.
    pub(super) fn forget_cancelled_verification(&mut self) {
        if self.session.verify.outcome() == Some(&VerifyOutcome::Cancelled) {
            self.session.verify = Job::Idle;
            self.session.verify_key = None;
            if self.session.error == Some(Notice::VerificationCancelled) {
                self.session.error = None;
            }
        }
    }

    /// Takes a verification's result into the session.
    pub(super) fn set_inspection(&mut self, inspection: Inspection, key: VerifyKey) {
        let count = inspection.certificates.len();
        self.session.selected = self.session.selected.filter(|&id| id.index() < count);
        if self.session.store_index >= inspection.verdicts.len() {
            self.session.store_index = 0;
        }
        let previous = self.session.verified_with.as_ref();
        if previous.map(|k| (&k.stores, k.loaded_generation, k.focus))
            != Some((&key.stores, key.loaded_generation, key.focus))
        {
            // Another store set may draw another path: show the first trusted one, else the
            // first that reaches an anchor at all, which tells more than a missing issuer.
            self.session.store_index = inspection
                .verdicts
                .iter()
                .position(|v| v.trusted)
                .or_else(|| inspection.verdicts.iter().position(|v| !v.paths.is_empty()))
                .unwrap_or(0);
        }
        let opened = previous.map(|k| k.loaded_generation) != Some(key.loaded_generation);
        if opened && self.session.bundle.is_none() {
            // The first inspection of a newly opened chain: the whole of it shows at once,
            // even in a small window.
            self.session.view.request_fit_on_open();
        }
        let focus_changed = previous.map(|k| k.focus) != Some(key.focus);
        if focus_changed && key.focus.is_some() {
            // The chosen certificate of a bundle is the first of its own inspection.
            self.session.selected = Some(CertId::new(0));
            self.session.view.request_fit();
        } else if focus_changed && self.session.bundle.is_some() {
            // Back to the whole file: nothing is chosen in it.
            self.session.selected = None;
            self.session.view.request_fit();
        } else if self.session.selected.is_none() && opened {
            // A new chain opens on its leaf, so the details panel has something to say at once.
            self.session.selected = inspection
                .groups
                .first()
                .and_then(|g| g.certificates.first())
                .copied();
        }
        self.session.inspection = Some(inspection);
        self.session.inspection_generation += 1;
        self.session.verified_with = Some(key);
    }

    /// Sets the validation time to a date (the timeline's handle): the chain is verified again
    /// on the next frame, as when the date is typed.
    pub fn set_validation_date(&mut self, time: OffsetDateTime) {
        self.state.trust.time_mode = TimeMode::At;
        self.state.trust.time_text = crate::verify::human_date(time);
    }

    /// Whether a verification runs off the window's thread.
    pub fn is_verifying(&self) -> bool {
        self.session.verify.is_running()
    }

    /// Brings the values derived from the inspection up to date (after the logic and after
    /// the commands: a new inspection, theme, store drawn or selection).
    pub(super) fn refresh_derived(&mut self, ctx: &Context) {
        let session = &mut self.session;
        super::derived::refresh(
            &mut session.derived,
            &mut session.derived_builds,
            session.inspection.as_ref(),
            session.inspection_generation,
            crate::gui::palette::scene_theme_of(ctx),
            session.store_index,
            session.selected,
        );
    }
}
