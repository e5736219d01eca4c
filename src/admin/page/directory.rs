//! What the admin page asks the host's directory: names for ids, whether an id is a user or a
//! group, objects by name, and a user's facts for what-if.

use crate::admin::WhatIfRequest;
use crate::policy::TargetType;

/// A user or group the host's directory knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryObject {
    /// User or group.
    pub target_type: TargetType,
    /// The object id (a GUID).
    pub id: String,
    /// The name people know it by ("Alice", "Sales").
    pub display_name: String,
    /// A user's sign-in name (`alice@contoso.com`); `None` for groups.
    pub sign_in_name: Option<String>,
}

/// Names for user and group ids, from the host's directory, so that admins can type names and
/// bare ids on the admin page and read names in its tables.
///
/// Only [`display_name`](Self::display_name) is required. The other methods have defaults, so
/// a directory written for an older version keeps working: [`kind_of`](Self::kind_of) asks
/// `display_name`, and without [`find_by_name`](Self::find_by_name) and
/// [`what_if_user`](Self::what_if_user) the page takes ids only and what-if needs the user's
/// groups and methods typed in.
///
/// A complete directory over an in-memory list:
///
/// ```
/// use std::sync::Arc;
/// use registration_campaign::admin::{Directory, DirectoryObject, WhatIfRequest, admin_page};
/// use registration_campaign::policy::TargetType;
/// use registration_campaign::{AuthMethod, Campaign, store::MemoryStore};
///
/// struct Contoso(Vec<(DirectoryObject, Vec<String>)>); // each object, and a user's groups
///
/// impl Directory for Contoso {
///     fn display_name(&self, target_type: TargetType, id: &str) -> Option<String> {
///         self.0.iter()
///             .find(|(o, _)| o.target_type == target_type && o.id.eq_ignore_ascii_case(id))
///             .map(|(o, _)| o.display_name.clone())
///     }
///
///     fn find_by_name(&self, name: &str) -> Vec<DirectoryObject> {
///         self.0.iter()
///             .map(|(o, _)| o)
///             .filter(|o| o.display_name.eq_ignore_ascii_case(name)
///                 || o.sign_in_name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)))
///             .cloned()
///             .collect()
///     }
///
///     fn what_if_user(&self, id: &str) -> Option<WhatIfRequest> {
///         let (user, groups) = self.0.iter()
///             .find(|(o, _)| o.target_type == TargetType::User && o.id.eq_ignore_ascii_case(id))?;
///         Some(WhatIfRequest {
///             id: user.id.clone(),
///             user_principal_name: user.sign_in_name.clone(),
///             display_name: Some(user.display_name.clone()),
///             groups: groups.clone(),
///             methods: vec![AuthMethod::Sms],
///             ..WhatIfRequest::default()
///         })
///     }
/// }
///
/// let staff = "5a1e5000-0000-4000-8000-0000000000a1";
/// let directory = Contoso(vec![
///     (DirectoryObject { target_type: TargetType::Group, id: staff.into(),
///                        display_name: "Staff".into(), sign_in_name: None }, vec![]),
///     (DirectoryObject { target_type: TargetType::User,
///                        id: "a11ce000-0000-4000-8000-000000000001".into(),
///                        display_name: "Alice".into(),
///                        sign_in_name: Some("alice@contoso.com".into()) }, vec![staff.into()]),
/// ]);
/// assert_eq!(directory.kind_of(staff), Some(TargetType::Group));
/// assert_eq!(directory.find_by_name("ALICE@contoso.com")[0].display_name, "Alice");
///
/// let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
/// let page: axum::Router = admin_page(campaign, Some(Arc::new(directory)));
/// # let _ = page;
/// ```
pub trait Directory: Send + Sync + 'static {
    /// The display name of a user or group, if known.
    fn display_name(&self, target_type: TargetType, id: &str) -> Option<String>;

    /// Whether `id` is a user or a group, so that the page can take a bare id. The default
    /// asks [`display_name`](Self::display_name) for a group, then for a user.
    fn kind_of(&self, id: &str) -> Option<TargetType> {
        [TargetType::Group, TargetType::User]
            .into_iter()
            .find(|&kind| self.display_name(kind, id).is_some())
    }

    /// The users whose sign-in name or display name, and the groups whose display name, is
    /// `name` (ignoring case), so that the page can take names. The default knows no names.
    fn find_by_name(&self, name: &str) -> Vec<DirectoryObject> {
        let _ = name;
        Vec::new()
    }

    /// A user as a what-if describes them (groups, methods, user type, Conditional Access
    /// signals), so that the page's what-if needs only their id or sign-in name. The default
    /// knows no user.
    fn what_if_user(&self, id: &str) -> Option<WhatIfRequest> {
        let _ = id;
        None
    }
}
