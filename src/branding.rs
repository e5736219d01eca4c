//! [`Branding`]: the organization's name, logo, accent colour and one extra stylesheet on the
//! flow's pages, within the flow's strict CSP.
//!
//! The CSP allows styles and images from the host's own origin only, and no inline styles, so:
//! the logo is a same-origin path (or a `data:image/` URL), and the accent colour and the extra
//! stylesheet are served as one stylesheet under the campaign's prefix
//! (`{prefix}/assets/brand.css`), after the built-in one.

use sha2::{Digest, Sha256};

/// How the flow's pages look for one organization. Build it, then pass it to
/// [`CampaignBuilder::branding`](crate::CampaignBuilder::branding):
///
/// ```
/// use registration_campaign::Branding;
/// let branding = Branding::builder()
///     .organization_name("Contoso")
///     .logo_url("/static/contoso.svg")
///     .accent_color("#8A2BE2")
///     .stylesheet("body { font-family: Georgia, serif; }")
///     .build()
///     .expect("valid branding");
/// # let _ = branding;
/// ```
#[derive(Debug, Clone, Default)]
pub struct Branding {
    organization: Option<String>,
    support_contact: Option<String>,
    logo_url: Option<String>,
    css: Option<String>,
    css_version: String,
}

/// A [`Branding`] under construction; [`build`](Self::build) checks it.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct BrandingBuilder {
    organization: Option<String>,
    support_contact: Option<String>,
    logo_url: Option<String>,
    accent: Option<String>,
    stylesheet: Option<String>,
}

/// Why a [`BrandingBuilder`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrandingError {
    /// The accent colour is not `#RRGGBB`.
    #[error("the accent colour must be #RRGGBB, not {0:?}")]
    AccentColor(String),
    /// The logo URL is not a same-origin path or a `data:image/` URL (the CSP would block it).
    #[error("the logo URL must be a path on this site (/...) or a data:image/ URL, not {0:?}")]
    LogoUrl(String),
    /// The stylesheet is too large.
    #[error("the stylesheet must be under 64 KiB of CSS")]
    Stylesheet,
}

/// Extra stylesheets larger than this are refused.
const MAX_STYLESHEET: usize = 64 * 1024;

impl Branding {
    /// Starts building a branding; everything is optional.
    pub fn builder() -> BrandingBuilder {
        BrandingBuilder::default()
    }

    /// The organization's name, if set ("Contoso").
    pub(crate) fn organization(&self) -> Option<&str> {
        self.organization.as_deref()
    }

    /// Who users contact for help ("the Contoso help desk, +49 30 1234 5678"), if set.
    pub(crate) fn support_contact(&self) -> Option<&str> {
        self.support_contact.as_deref()
    }

    /// The logo's URL, if set.
    pub(crate) fn logo_url(&self) -> Option<&str> {
        self.logo_url.as_deref()
    }

    /// The brand stylesheet (accent colour, then the host's CSS), if there is one.
    pub(crate) fn css(&self) -> Option<&str> {
        self.css.as_deref()
    }

    /// A short hash of the stylesheet, for its URL (a changed sheet is fetched again).
    pub(crate) fn css_version(&self) -> &str {
        &self.css_version
    }
}

impl BrandingBuilder {
    /// The organization's name, shown in the pages' text and the logo's alternative text
    /// (default "Your organization").
    pub fn organization_name(mut self, name: impl Into<String>) -> Self {
        self.organization = Some(name.into());
        self
    }

    /// Who users contact for help, in words ("the Contoso help desk, +49 30 1234 5678, or
    /// help@contoso.com"): binding notices tell a user who did not add a sign-in method to
    /// contact them.
    pub fn support_contact(mut self, contact: impl Into<String>) -> Self {
        self.support_contact = Some(contact.into());
        self
    }

    /// The logo at the top of every page: a path on the host's site (`/static/logo.svg`) or a
    /// `data:image/` URL.
    pub fn logo_url(mut self, url: impl Into<String>) -> Self {
        self.logo_url = Some(url.into());
        self
    }

    /// The accent colour of buttons, links and the progress bar, as `#RRGGBB`. Buttons keep
    /// white text on it, so choose a colour with at least 4.5:1 contrast against white.
    pub fn accent_color(mut self, color: impl Into<String>) -> Self {
        self.accent = Some(color.into());
        self
    }

    /// One extra stylesheet, served after the built-in one under the campaign's prefix.
    pub fn stylesheet(mut self, css: impl Into<String>) -> Self {
        self.stylesheet = Some(css.into());
        self
    }

    /// Checks every setting and finishes the branding.
    pub fn build(self) -> Result<Branding, BrandingError> {
        let logo_url = match self.logo_url {
            Some(url) if is_allowed_logo(&url) => Some(url),
            Some(url) => return Err(BrandingError::LogoUrl(url)),
            None => None,
        };
        let mut css = String::new();
        if let Some(color) = self.accent {
            let rgb = parse_hex(&color).ok_or(BrandingError::AccentColor(color))?;
            let hover = rgb.map(|c| (u16::from(c) * 85 / 100) as u8);
            css.push_str(&format!(
                ":root {{\n  --accent: {};\n  --accent-hover: {};\n  --accent-text: #ffffff;\n}}\n",
                hex(rgb),
                hex(hover)
            ));
        }
        if let Some(sheet) = self.stylesheet {
            if sheet.len() > MAX_STYLESHEET {
                return Err(BrandingError::Stylesheet);
            }
            css.push_str(&sheet);
            css.push('\n');
        }
        let css_version = hex_prefix(&Sha256::digest(css.as_bytes()));
        Ok(Branding {
            organization: self.organization.filter(|o| !o.trim().is_empty()),
            support_contact: self.support_contact.filter(|c| !c.trim().is_empty()),
            logo_url,
            css: (!css.is_empty()).then_some(css),
            css_version,
        })
    }
}

fn is_allowed_logo(url: &str) -> bool {
    let same_origin_path = url.starts_with('/') && !url.starts_with("//") && !url.contains('\\');
    let inline_image = url.starts_with("data:image/");
    (same_origin_path || inline_image) && !url.chars().any(|c| c.is_control() || c == '"')
}

fn parse_hex(color: &str) -> Option<[u8; 3]> {
    let digits = color.strip_prefix('#')?;
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

fn hex_prefix(digest: &[u8]) -> String {
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accent_colour_becomes_the_stylesheets_custom_properties() {
        let branding = Branding::builder()
            .accent_color("#8A2BE2")
            .stylesheet("h1 { letter-spacing: 0; }")
            .build()
            .unwrap();
        let css = branding.css().unwrap();
        assert!(css.contains("--accent: #8a2be2;"), "{css}");
        assert!(css.contains("--accent-hover: #7524c0;"), "{css}");
        assert!(css.ends_with("h1 { letter-spacing: 0; }\n"));
        assert_eq!(branding.css_version().len(), 8);
    }

    #[test]
    fn values_that_would_escape_the_csp_or_the_stylesheet_are_refused() {
        for color in ["red", "#12345", "#1234567", "#12345g", "#123456;}body{"] {
            assert!(
                Branding::builder().accent_color(color).build().is_err(),
                "{color}"
            );
        }
        for url in [
            "https://cdn.example/logo.svg",
            "//cdn.example/logo.svg",
            "javascript:x",
            "/a\"b",
        ] {
            assert!(Branding::builder().logo_url(url).build().is_err(), "{url}");
        }
        assert!(
            Branding::builder()
                .logo_url("/static/logo.svg")
                .build()
                .is_ok()
        );
        assert!(
            Branding::builder()
                .stylesheet("x".repeat(MAX_STYLESHEET + 1))
                .build()
                .is_err()
        );
    }

    #[test]
    fn no_settings_no_stylesheet() {
        let branding = Branding::builder().build().unwrap();
        assert!(branding.css().is_none());
        assert!(branding.organization().is_none());
    }
}
