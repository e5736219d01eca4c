//! The builder's settings for what users see: where the pages live, their names, branding and
//! languages.

use super::CampaignBuilder;
use crate::locale::{LocaleError, Locales};

impl CampaignBuilder {
    /// The origin devices reach the server at (`https://login.example.com`), for the
    /// registration URL in enrollment QR codes. Default: the request's `Host`, with `https`
    /// unless cookies are insecure (plain-http development).
    pub fn public_origin(mut self, origin: impl Into<String>) -> Self {
        self.public_origin = Some(origin.into().trim_end_matches('/').to_owned());
        self
    }

    /// Where the flow's pages live (default `/registration-campaign`).
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        let prefix = prefix.into();
        self.prefix = format!("/{}", prefix.trim_matches('/'));
        self
    }

    /// The authenticator app the pages name ("set up the Contoso Authenticator app"). Without
    /// one they name no product: "set up an authenticator app", and any app that shows codes
    /// will do. A push method names its own app.
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.app_name = Some(name.into());
        self
    }

    /// Whether the last page says the new method "is now your default sign-in method"
    /// (Entra's wording; default `false`): only a host that makes it so should say it.
    pub fn announce_default_method(mut self, announce: bool) -> Self {
        self.announce_default_method = announce;
        self
    }

    /// The organization's name, logo, accent colour and extra stylesheet on the flow's pages
    /// (see [`Branding`](crate::Branding)).
    pub fn branding(mut self, branding: crate::branding::Branding) -> Self {
        self.branding = branding;
        self
    }

    /// The issuer shown in authenticator apps for TOTP accounts (default "Registration Campaign").
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = issuer.into();
        self
    }

    /// The App Store and Google Play pages of the [named app](Self::app_name), linked from
    /// the download page (default: no links). A push method links its own app.
    pub fn store_links(mut self, ios: impl Into<String>, android: impl Into<String>) -> Self {
        self.store_links = Some((ios.into(), android.into()));
        self
    }

    /// The languages of the pages and their messages (default: the built-in languages, see
    /// [`Locales`]).
    pub fn locales(mut self, locales: Locales) -> Self {
        self.locales = locales;
        self
    }

    /// Adds languages or overrides messages with the `.ftl` files of `dir`, one folder per
    /// language (`dir/de/campaign.ftl`, `dir/it/campaign.ftl`); see [`Locales::with_dir`]. A
    /// file that does not parse is an error naming it.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, store::MemoryStore};
    /// let dir = std::env::temp_dir().join(format!("campaign-locales-{}", std::process::id()));
    /// std::fs::create_dir_all(dir.join("it"))?;
    /// std::fs::write(dir.join("it/campaign.ftl"), "next = Avanti\nskip-for-now = Salta per ora\n")?;
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .locales_dir(&dir)?
    ///     .default_language("it")?
    ///     .build();
    /// let it = campaign.locales().texts(campaign.locales().default_language());
    /// assert_eq!(it.text("next"), "Avanti");
    /// assert_eq!(it.text("back"), "Back"); // not translated: English, and counted
    /// # std::fs::remove_dir_all(dir)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn locales_dir(mut self, dir: impl AsRef<std::path::Path>) -> Result<Self, LocaleError> {
        self.locales = self.locales.with_dir(dir)?;
        Ok(self)
    }

    /// The language shown when neither the host nor the browser names an available one
    /// (default English). An error if the campaign has no messages in it.
    pub fn default_language(mut self, tag: &str) -> Result<Self, LocaleError> {
        self.locales = self.locales.with_default_language(tag)?;
        Ok(self)
    }
}
