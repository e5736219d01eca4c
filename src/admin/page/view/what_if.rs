//! The what-if section: the form, and a what-if's answer in words.

use crate::admin::WhatIfAnswer;
use crate::admin::page::forms::WhatIfForm;
use crate::admin::page::words::{When, decision_in_words, reason_in_words, registration_in_words};
use crate::locale::Texts;

/// What the section shows.
pub(super) struct WhatIfSection {
    pub(super) form: WhatIfForm,
    pub(super) answer: Option<WhatIfView>,
}

/// A what-if's answer in words.
pub(super) struct WhatIfView {
    /// "Nudged: ...", or why no answer could be given.
    pub(super) headline: String,
    pub(super) reason: Option<String>,
    pub(super) code: Option<&'static str>,
    pub(super) details: Vec<String>,
}

/// A what-if's answer (with what the directory added), or why there is none.
pub(super) fn answer_view(
    answer: Result<(WhatIfAnswer, Vec<String>), String>,
    t: &Texts,
) -> WhatIfView {
    match answer {
        Ok((answer, details)) => what_if_view(&answer, details, t),
        Err(problem) => WhatIfView {
            headline: problem,
            reason: None,
            code: None,
            details: Vec::new(),
        },
    }
}

fn what_if_view(answer: &WhatIfAnswer, details: Vec<String>, t: &Texts) -> WhatIfView {
    let e = &answer.explanation;
    let mut details = details;
    let state = &answer.state;
    details.push(match e.skips_left.filter(|_| e.decision == "nudge") {
        Some(left) => t
            .fmt("admin-snoozed-so-far-left")
            .num("count", state.snooze_count)
            .num("left", left)
            .plain(),
        None => t
            .fmt("admin-snoozed-so-far")
            .num("count", state.snooze_count)
            .plain(),
    });
    if e.decision == "nudge"
        && let Some(until) = e.snooze_until
    {
        details.push(
            t.fmt("admin-skip-lasts-until")
                .arg("when", When::at(until, t).text)
                .plain(),
        );
    }
    details.push(
        t.fmt("admin-decided-with")
            .num("version", answer.policy_version)
            .plain(),
    );
    WhatIfView {
        headline: decision_in_words(e.decision, t),
        // "Already registered" says which registration: the campaign's, or the directory's.
        reason: Some(registration_in_words(answer, t).unwrap_or_else(|| reason_in_words(e, t))),
        code: Some(e.reason),
        details,
    }
}
