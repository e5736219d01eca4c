//! Saving the policy and settings forms: the same validation, `If-Match` and audit as the
//! admin API, a preview and a confirmation before a change that stops nudges, and what a
//! change does (or would do) to the users met so far.

use super::*;

/// Saves the policy form, or shows it again: with every error (the form's own reading and the
/// policy's validation together), as a preview, or asking to confirm a change that stops nudges.
pub(super) async fn save(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    let mount = mount_of(&original, "/policy");
    let admin = SignedIn::from(request.extensions());
    let (headers, form) = match read_form(&state, &admin, request, |f: &PolicyForm| &f.csrf).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let page = Render::new(&state, &headers, &admin, mount);
    let t = page.texts().clone();
    let view = match state.campaign.policy_for_admin().await {
        Ok(view) => view,
        Err(e) => return store_unavailable(&e, &t),
    };
    let stored = view.policy.campaign();
    let read = form.read(state.directory.as_deref(), &stored.include_targets, &t);
    let mut errors = read.errors;
    let proposed = match view.policy.apply_patch(&read.patch) {
        Ok(proposed) => Some(proposed),
        Err(e) => {
            errors.add_violations(&e, PolicyField::of_graph_path);
            None
        }
    };
    let lines = (read.include, read.exclude);
    let (Some(proposed), true) = (proposed, errors.is_empty()) else {
        return page.refused(form, lines, errors).page().await;
    };
    let before = match state.campaign.active_policy().await {
        Ok(before) => before,
        Err(e) => return store_unavailable(&e, &t),
    };
    if form.wants_preview() {
        // What saving would do to the users met so far, before anything is saved.
        let shift = state.campaign.shift_to_policy(&before, &proposed).await;
        let notice = with_shift(
            t.text("admin-preview-notice"),
            shift,
            &t,
            "admin-shift-would",
        );
        return page
            .notice(Section::Policy, notice)
            .preview(form, lines)
            .page()
            .await;
    }
    if let Some(confirmation) = needs_confirmation(stored, &form, &lines.0, &t)
        && !form.confirms(&confirmation.kinds)
    {
        return page.confirm(form, lines, confirmation).page().await;
    }
    let if_match = form.version.parse().ok();
    let request_id = uuid::Uuid::new_v4().to_string();
    let changed = state
        .campaign
        .change_policy(
            PolicyTarget::Policy(&read.patch),
            if_match,
            &admin.actor,
            &request_id,
        )
        .await;
    match changed {
        Ok(stored) => {
            let shift = state
                .campaign
                .shift_to_policy(&before, &stored.policy)
                .await;
            let notice = saved_notice(&t, "admin-policy-saved", stored.version, shift);
            page.notice(Section::Policy, notice).page().await
        }
        Err(ChangeError::Invalid(e)) => {
            page.refused(form, lines, FieldErrors::from_policy_error(&e))
                .page()
                .await
        }
        Err(ChangeError::Stale { .. }) => {
            page.notice(Section::Policy, t.text("admin-policy-stale"))
                .status(StatusCode::CONFLICT)
                .page()
                .await
        }
        Err(ChangeError::Store(e)) => store_unavailable(&e, &t),
    }
}

/// "Saved, version N" (`message`), then what the save did to the users met so far.
fn saved_notice(
    t: &crate::locale::Texts,
    message: &str,
    version: u64,
    shift: Option<crate::campaign::StatusShift>,
) -> String {
    let saved = t.fmt(message).num("version", version).plain();
    with_shift(saved, shift, t, "admin-shift-did")
}

/// `notice`, then what the change does (`admin-shift-did`) or would do (`admin-shift-would`)
/// to the users met so far, when it moves anyone into or out of required registration.
fn with_shift(
    notice: String,
    shift: Option<crate::campaign::StatusShift>,
    t: &crate::locale::Texts,
    tense: &str,
) -> String {
    let Some(shift) = shift.filter(|s| s.moves_anyone()) else {
        return notice;
    };
    let mut out = notice;
    out.push(' ');
    out.push_str(
        t.fmt(tense)
            .num("unrequired", shift.no_longer_required)
            .num("required", shift.now_required)
            .plain()
            .trim(),
    );
    if !shift.complete {
        out.push(' ');
        out.push_str(
            &t.fmt("admin-shift-partial")
                .num("count", crate::campaign::StatusShift::scan_limit())
                .plain(),
        );
    }
    out
}

/// A form read as its name-value pairs (the settings form has a field set per rule).
#[derive(serde::Deserialize)]
#[serde(transparent)]
struct FormPairs(Vec<(String, String)>);

impl FormPairs {
    fn csrf(&self) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == "csrf")
            .map_or("", |(_, value)| value.as_str())
    }
}

/// Saves the deadline and group rules with the same validation, `If-Match` and audit as the
/// settings API, or shows the form again with every error.
pub(super) async fn save_settings(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    let mount = mount_of(&original, "/settings");
    let admin = SignedIn::from(request.extensions());
    let (headers, pairs) = match read_form(&state, &admin, request, FormPairs::csrf).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let form = SettingsForm::from_pairs(pairs.0);
    let page = Render::new(&state, &headers, &admin, mount);
    let t = page.texts().clone();
    let current = match state.campaign.settings().await {
        Ok(current) => current,
        Err(e) => return store_unavailable(&e, &t),
    };
    let mut read = form.read(state.directory.as_deref());
    let mut errors = std::mem::take(&mut read.errors);
    if let Err(e) = current.settings.apply_patch(&read.patch) {
        errors.add_violations(&e, |path| read.field_of(path));
    }
    if !errors.is_empty() {
        return page.refused_settings(form, errors).page().await;
    }
    let before = match state.campaign.active_policy().await {
        Ok(before) => before,
        Err(e) => return store_unavailable(&e, &t),
    };
    let request_id = uuid::Uuid::new_v4().to_string();
    let changed = state
        .campaign
        .change_settings(
            &read.patch,
            form.version.parse().ok(),
            &admin.actor,
            &request_id,
        )
        .await;
    match changed {
        Ok(stored) => {
            let shift = state
                .campaign
                .shift_to_settings(&before, &stored.settings)
                .await;
            let notice = saved_notice(&t, "admin-settings-saved", stored.version, shift);
            page.notice(Section::Settings, notice).page().await
        }
        Err(ChangeError::Invalid(e)) => {
            let mut errors = FieldErrors::default();
            errors.add_violations(&e, |path| read.field_of(path));
            page.refused_settings(form, errors).page().await
        }
        Err(ChangeError::Stale { .. }) => {
            page.notice(Section::Settings, t.text("admin-settings-stale"))
                .status(StatusCode::CONFLICT)
                .page()
                .await
        }
        Err(ChangeError::Store(e)) => store_unavailable(&e, &t),
    }
}
