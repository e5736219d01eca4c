//! Where the user goes after the flow: only a same-origin relative path is accepted.

/// Returns `url` if it is a safe same-origin relative path, else `None`.
///
/// Accepted: a path starting with a single `/`, made of printable ASCII, with no backslash, in
/// raw or percent-decoded form. Rejected: absolute URLs and schemes (`https:`, `javascript:`),
/// protocol-relative `//host`, `/\host` (browsers read `\` as `/`), control characters, and the
/// same tricks percent-encoded (`/%2F%2Fhost`, `/%5Chost`, `%0d%0a`).
///
/// ```
/// use registration_campaign::safe_continue_url;
/// assert_eq!(safe_continue_url("/inbox?folder=1"), Some("/inbox?folder=1"));
/// assert_eq!(safe_continue_url("//evil.example"), None);
/// assert_eq!(safe_continue_url("https://evil.example/"), None);
/// assert_eq!(safe_continue_url("/%2F%2Fevil.example"), None);
/// ```
pub fn safe_continue_url(url: &str) -> Option<&str> {
    let bytes = url.as_bytes();
    if bytes.first() != Some(&b'/') || bytes.len() > 2048 {
        return None;
    }
    if !bytes.iter().all(|b| (0x21..0x7f).contains(b)) || bytes.contains(&b'\\') {
        return None;
    }
    let decoded = percent_decode(bytes)?;
    if decoded.starts_with(b"//") || decoded.contains(&b'\\') {
        return None;
    }
    if decoded.iter().any(|b| *b < 0x20 || *b == 0x7f) {
        return None;
    }
    // A second decoding round catches double-encoded tricks (`%252F`).
    let twice = percent_decode(&decoded)?;
    if twice.starts_with(b"//") || twice.contains(&b'\\') || twice.iter().any(|b| *b < 0x20) {
        return None;
    }
    Some(url)
}

fn percent_decode(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let text = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(text, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::safe_continue_url;

    #[test]
    fn relative_paths_are_kept() {
        for ok in ["/", "/app", "/a/b?c=d&e=%20f#frag", "/search?q=%2Fdocs"] {
            assert_eq!(safe_continue_url(ok), Some(ok), "{ok}");
        }
    }

    #[test]
    fn open_redirect_tricks_are_rejected() {
        for bad in [
            "",
            "app",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            " /app",
            "/app\r\nSet-Cookie: x=1",
            "/app\t",
            "/%2F%2Fevil.example",
            "/%2f/evil.example",
            "/%5Cevil.example",
            "/%252F%252Fevil.example",
            "/a%0d%0aSet-Cookie:x",
            "/caf\u{e9}",
            "/%zz",
            "/%4",
        ] {
            assert_eq!(safe_continue_url(bad), None, "{bad:?}");
        }
    }
}
