//! The host's user directory: the one trait a host implements, asked with the tenant every time.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use crate::BoxError;
use crate::known_passkeys::KnownPasskey;
use crate::registration::{Authenticator, Registration};
use crate::sign_in::{AuthMethod, UserType};
use crate::tenant::TenantId;

/// A user as the host's directory knows them: what the campaign decides with and greets with.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryUser {
    /// The user's id (an object id GUID to be targetable by user in the policy).
    pub id: String,
    /// The name to greet the user with ("Alice").
    pub display_name: String,
    /// The name the user signs in with (`alice@contoso.com`), shown under the display name and
    /// used as the account name in authenticator apps.
    pub sign_in_name: Option<String>,
    /// Member or guest.
    pub user_type: UserType,
    /// Ids of the groups the user belongs to (transitively).
    pub groups: Vec<String>,
    /// The sign-in methods the user has (a host's own TOTP factor is
    /// [`AuthMethod::SoftwareOath`]).
    pub registered_methods: Vec<AuthMethod>,
    /// The passkeys the user has: a passkey campaign does not nudge a user with one that works
    /// in this browser.
    pub passkeys: Vec<KnownPasskey>,
    /// The credential ids (base64url, no padding) of the user's passkeys, whether or not
    /// [`passkeys`](Self::passkeys) describes them: the browser is told not to create them again.
    pub passkey_ids: Vec<String>,
    /// The language the user chose (a BCP 47 tag such as `de` or `pt-BR`).
    pub locale: Option<String>,
    /// The user's offset from UTC, for the dates the prompt shows (`None`: UTC).
    pub utc_offset: Option<time::UtcOffset>,
    /// Where messages to the user go (an email address), if the host has one.
    pub mail: Option<String>,
}

impl DirectoryUser {
    /// A member with no groups, methods or passkeys; set the rest with the `with_` methods.
    ///
    /// ```
    /// use registration_campaign::{AuthMethod, DirectoryUser};
    /// let alice = DirectoryUser::new("a11ce", "Alice")
    ///     .with_sign_in_name("alice@contoso.com")
    ///     .with_methods([AuthMethod::Email]);
    /// assert_eq!(alice.registered_methods, [AuthMethod::Email]);
    /// ```
    pub fn new(id: impl Into<String>, display_name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            display_name: display_name.into(),
            ..Self::default()
        }
    }

    /// The name the user signs in with.
    pub fn with_sign_in_name(mut self, name: impl Into<String>) -> Self {
        self.sign_in_name = Some(name.into());
        self
    }

    /// The sign-in methods the user has.
    pub fn with_methods(mut self, methods: impl IntoIterator<Item = AuthMethod>) -> Self {
        self.registered_methods = methods.into_iter().collect();
        self
    }

    /// Whether the user already has an authenticator app with codes (a host's own TOTP
    /// factor): adds [`AuthMethod::SoftwareOath`] to their methods. With
    /// [`any_authenticator_app`](crate::CampaignBuilder::any_authenticator_app) such a user is
    /// not nudged.
    pub fn with_totp_app(mut self, has_one: bool) -> Self {
        if has_one && !self.registered_methods.contains(&AuthMethod::SoftwareOath) {
            self.registered_methods.push(AuthMethod::SoftwareOath);
        }
        self
    }

    /// The ids of the groups the user belongs to.
    pub fn with_groups<G: Into<String>>(mut self, groups: impl IntoIterator<Item = G>) -> Self {
        self.groups = groups.into_iter().map(Into::into).collect();
        self
    }

    /// Member or guest.
    pub fn with_user_type(mut self, user_type: UserType) -> Self {
        self.user_type = user_type;
        self
    }

    /// The user's language (a BCP 47 tag).
    pub fn with_locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    /// The user's offset from UTC.
    pub fn with_utc_offset(mut self, offset: time::UtcOffset) -> Self {
        self.utc_offset = Some(offset);
        self
    }

    /// The user's email address.
    pub fn with_mail(mut self, mail: impl Into<String>) -> Self {
        self.mail = Some(mail.into());
        self
    }

    /// One passkey the user has: its credential id and what the host knows of it.
    pub fn with_passkey(mut self, credential_id: impl Into<String>, passkey: KnownPasskey) -> Self {
        self.passkey_ids.push(credential_id.into());
        self.passkeys.push(passkey);
        self
    }
}

/// One page of a tenant's users, from [`UserDirectory::list_users`].
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserPage {
    /// The users of this page.
    pub users: Vec<DirectoryUser>,
    /// The token for the next page (`None`: this was the last).
    pub next: Option<String>,
}

impl UserPage {
    /// A page of `users`, followed by the page `next` names.
    pub fn new(users: Vec<DirectoryUser>, next: Option<String>) -> Self {
        Self { users, next }
    }
}

/// The host's user directory, as the campaign needs it: the one trait a host implements, in
/// the style of axum-login's `AuthnBackend`. Every method is asked with the tenant: one user id
/// in two tenants is two users.
///
/// Two methods are required: [`user`](Self::user), for a user's facts at sign-in, and
/// [`save_registration`](Self::save_registration), to keep what the user registered. The others
/// have defaults, for passkeys (who owns a credential id), the admin page (users by name) and
/// the report and reminders (a tenant's users, page by page).
///
/// A complete directory over an in-memory map (see also [`MemoryDirectory`]):
///
/// ```
/// use std::collections::HashMap;
/// use std::sync::Mutex;
/// use registration_campaign::{
///     async_trait, AuthMethod, BoxError, DirectoryUser, Registration, TenantId, UserDirectory,
/// };
///
/// /// The host's users by (tenant, id), and their TOTP secrets.
/// #[derive(Default)]
/// struct Users {
///     users: HashMap<(TenantId, String), DirectoryUser>,
///     totp_secrets: Mutex<HashMap<(TenantId, String), String>>,
/// }
///
/// #[async_trait]
/// impl UserDirectory for Users {
///     async fn user(&self, tenant: &TenantId, id: &str) -> Result<Option<DirectoryUser>, BoxError> {
///         Ok(self.users.get(&(tenant.clone(), id.to_owned())).cloned())
///     }
///
///     async fn save_registration(&self, tenant: &TenantId, registration: &Registration) -> Result<(), BoxError> {
///         if let Some(secret) = registration.totp_secret() {
///             let key = (tenant.clone(), registration.user_id.clone());
///             self.totp_secrets.lock().unwrap().insert(key, secret.to_owned());
///         }
///         Ok(())
///     }
/// }
///
/// # tokio_test_block_on(async {
/// let mut users = Users::default();
/// let alice = DirectoryUser::new("a11ce", "Alice").with_methods([AuthMethod::Email]);
/// users.users.insert((TenantId::default_tenant(), "a11ce".into()), alice);
/// let found = users.user(&TenantId::default_tenant(), "a11ce").await.unwrap();
/// assert_eq!(found.unwrap().display_name, "Alice");
/// let elsewhere = TenantId::new("fabrikam").unwrap();
/// assert!(users.user(&elsewhere, "a11ce").await.unwrap().is_none());
/// # });
/// # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
#[async_trait]
pub trait UserDirectory: Send + Sync + 'static {
    /// The user `id` of `tenant`, or `None` for a user the directory does not know (such a
    /// sign-in passes through).
    async fn user(&self, tenant: &TenantId, id: &str) -> Result<Option<DirectoryUser>, BoxError>;

    /// Keeps what a user registered, *before* the campaign counts it. An error shows the user
    /// "We couldn't save your new sign-in method" with **Try again**, and the registration is
    /// not counted. It can be called again for the same registration (a retry after a later
    /// step failed): make saving idempotent, for example keyed by user and device id.
    async fn save_registration(
        &self,
        tenant: &TenantId,
        registration: &Registration,
    ) -> Result<(), BoxError>;

    /// The user a passkey credential id (base64url, no padding) is registered to in `tenant`,
    /// if any: a credential registered to anyone is refused, so one passkey never signs in two
    /// accounts. Needed for passkey campaigns; the default knows no credential.
    async fn passkey_owner(
        &self,
        tenant: &TenantId,
        credential_id: &str,
    ) -> Result<Option<String>, BoxError> {
        let _ = (tenant, credential_id);
        Ok(None)
    }

    /// The users of `tenant` whose sign-in name or display name is `name` (ignoring case). The
    /// default knows no names.
    async fn find_users(
        &self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<Vec<DirectoryUser>, BoxError> {
        let _ = (tenant, name);
        Ok(Vec::new())
    }

    /// One page of `tenant`'s users: the first with `page = None`, then the page each
    /// [`UserPage::next`] names. The default lists no users.
    async fn list_users(
        &self,
        tenant: &TenantId,
        page: Option<&str>,
    ) -> Result<UserPage, BoxError> {
        let _ = (tenant, page);
        Ok(UserPage::default())
    }
}

/// A [`UserDirectory`] in memory, for tests, examples and demos: users added with
/// [`add`](Self::add), and what they register kept (TOTP secrets, passkeys, methods).
#[derive(Debug, Default)]
pub struct MemoryDirectory {
    inner: Mutex<Users>,
}

/// Users and passkey owners by (tenant, id).
#[derive(Debug, Default)]
struct Users {
    users: HashMap<(TenantId, String), DirectoryUser>,
    /// Credential id to owner, per tenant.
    passkey_owners: HashMap<(TenantId, String), String>,
    /// TOTP secrets from registrations.
    totp_secrets: HashMap<(TenantId, String), String>,
    /// Every registration saved, in order.
    saved: Vec<(TenantId, Registration)>,
}

impl MemoryDirectory {
    /// An empty directory.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Users> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds (or replaces) `user` in `tenant`.
    pub fn add(&self, tenant: &TenantId, user: DirectoryUser) {
        self.lock()
            .users
            .insert((tenant.clone(), user.id.clone()), user);
    }

    /// Records that `user_id` of `tenant` owns the passkey `credential_id` (adding the user,
    /// named by their id, if the directory does not know them); `false`, changing nothing, if
    /// the credential id is already registered there (to anyone).
    pub fn add_passkey_id(&self, tenant: &TenantId, user_id: &str, credential_id: &str) -> bool {
        let mut users = self.lock();
        let key = (tenant.clone(), credential_id.to_owned());
        if users.passkey_owners.contains_key(&key) {
            return false;
        }
        users.passkey_owners.insert(key, user_id.to_owned());
        users
            .users
            .entry((tenant.clone(), user_id.to_owned()))
            .or_insert_with(|| DirectoryUser::new(user_id, user_id))
            .passkey_ids
            .push(credential_id.to_owned());
        true
    }

    /// The TOTP secret `user_id` of `tenant` registered, if any.
    pub fn totp_secret(&self, tenant: &TenantId, user_id: &str) -> Option<String> {
        self.lock()
            .totp_secrets
            .get(&(tenant.clone(), user_id.to_owned()))
            .cloned()
    }

    /// Every registration saved so far, in order, with its tenant.
    pub fn saved(&self) -> Vec<(TenantId, Registration)> {
        self.lock().saved.clone()
    }

    /// How many passkeys are registered, in all tenants.
    pub fn passkey_count(&self) -> usize {
        self.lock().passkey_owners.len()
    }
}

#[async_trait]
impl UserDirectory for MemoryDirectory {
    async fn user(&self, tenant: &TenantId, id: &str) -> Result<Option<DirectoryUser>, BoxError> {
        Ok(self
            .lock()
            .users
            .get(&(tenant.clone(), id.to_owned()))
            .cloned())
    }

    async fn save_registration(
        &self,
        tenant: &TenantId,
        registration: &Registration,
    ) -> Result<(), BoxError> {
        let user_key = (tenant.clone(), registration.user_id.clone());
        let mut users = self.lock();
        match &registration.authenticator {
            Authenticator::Totp { secret } => {
                users.totp_secrets.insert(user_key.clone(), secret.clone());
            }
            Authenticator::Passkey(passkey) => {
                let owner = (tenant.clone(), passkey.credential_id.clone());
                users
                    .passkey_owners
                    .entry(owner)
                    .or_insert_with(|| registration.user_id.clone());
                if let Some(user) = users.users.get_mut(&user_key)
                    && !user.passkey_ids.contains(&passkey.credential_id)
                {
                    user.passkey_ids.push(passkey.credential_id.clone());
                    user.passkeys.push(passkey.known());
                }
            }
            Authenticator::Push { .. } | Authenticator::Custom { .. } => {}
        }
        let method = registration.auth_method();
        if let (Some(method), Some(user)) = (method, users.users.get_mut(&user_key))
            && !user.registered_methods.contains(&method)
        {
            user.registered_methods.insert(0, method);
        }
        if !users
            .saved
            .iter()
            .any(|(t, saved)| t == tenant && saved == registration)
        {
            users.saved.push((tenant.clone(), registration.clone()));
        }
        Ok(())
    }

    async fn passkey_owner(
        &self,
        tenant: &TenantId,
        credential_id: &str,
    ) -> Result<Option<String>, BoxError> {
        Ok(self
            .lock()
            .passkey_owners
            .get(&(tenant.clone(), credential_id.to_owned()))
            .cloned())
    }

    async fn find_users(
        &self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<Vec<DirectoryUser>, BoxError> {
        let users = self.lock();
        let mut found: Vec<DirectoryUser> = users
            .users
            .iter()
            .filter(|((t, _), u)| {
                t == tenant
                    && (u.display_name.eq_ignore_ascii_case(name)
                        || u.sign_in_name
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(name)))
            })
            .map(|(_, u)| u.clone())
            .collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(found)
    }

    async fn list_users(
        &self,
        tenant: &TenantId,
        page: Option<&str>,
    ) -> Result<UserPage, BoxError> {
        const PAGE: usize = 100;
        let users = self.lock();
        let mut ids: Vec<&String> = users
            .users
            .keys()
            .filter(|(t, _)| t == tenant)
            .map(|(_, id)| id)
            .filter(|id| page.is_none_or(|after| id.as_str() > after))
            .collect();
        ids.sort();
        let more = ids.len() > PAGE;
        ids.truncate(PAGE);
        let next = more.then(|| ids.last().map(|id| (*id).clone())).flatten();
        let listed = ids
            .into_iter()
            .filter_map(|id| users.users.get(&(tenant.clone(), id.clone())).cloned())
            .collect();
        Ok(UserPage::new(listed, next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(id: &str) -> TenantId {
        TenantId::new(id).unwrap()
    }

    #[tokio::test]
    async fn one_user_id_in_two_tenants_is_two_users() {
        let directory = MemoryDirectory::new();
        let (a, b) = (tenant("contoso"), tenant("fabrikam"));
        directory.add(&a, DirectoryUser::new("u1", "Alice of Contoso"));
        directory.add(&b, DirectoryUser::new("u1", "Bob of Fabrikam"));
        let of_a = directory.user(&a, "u1").await.unwrap().unwrap();
        let of_b = directory.user(&b, "u1").await.unwrap().unwrap();
        assert_eq!(of_a.display_name, "Alice of Contoso");
        assert_eq!(of_b.display_name, "Bob of Fabrikam");
        assert!(directory.add_passkey_id(&a, "u1", "cred"));
        assert!(
            !directory.add_passkey_id(&a, "u2", "cred"),
            "taken in tenant a"
        );
        assert_eq!(
            directory.passkey_owner(&b, "cred").await.unwrap(),
            None,
            "tenant b does not see tenant a's passkeys"
        );
    }

    #[tokio::test]
    async fn users_are_listed_page_by_page_in_id_order() {
        let directory = MemoryDirectory::new();
        let t = tenant("contoso");
        for n in (0..150).rev() {
            directory.add(&t, DirectoryUser::new(format!("user-{n:03}"), "User"));
        }
        directory.add(&tenant("other"), DirectoryUser::new("user-999", "Other"));
        let first = directory.list_users(&t, None).await.unwrap();
        assert_eq!(first.users.len(), 100);
        assert_eq!(first.users[0].id, "user-000");
        let second = directory
            .list_users(&t, first.next.as_deref())
            .await
            .unwrap();
        assert_eq!(second.users.len(), 50);
        assert_eq!(second.users[49].id, "user-149");
        assert_eq!(second.next, None);
    }
}
