//! The pseudo-locale's letters: English with every letter accented, for tests that look for
//! text that did not go through the messages.

use std::borrow::Cow;

/// English with accented letters (`Next` → `Ñéxţ`), leaving markup alone.
pub(super) fn pseudo_text(text: &str) -> Cow<'_, str> {
    const FROM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const TO: &str = "àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀßÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ";
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        let mapped = (!in_tag)
            .then(|| FROM.find(c).and_then(|i| TO.chars().nth(i)))
            .flatten();
        out.push(mapped.unwrap_or(c));
    }
    Cow::Owned(out)
}
