//! Where the flow's **Sign out** sends the browser: the host's own sign-out endpoint.

/// The host's sign-out endpoint (see [`CampaignBuilder::sign_out`](crate::CampaignBuilder::sign_out)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOut {
    path: String,
    post: bool,
}

impl SignOut {
    /// The host signs out with `GET path`: the flow answers its **Sign out** with a `303` there.
    pub fn get(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            post: false,
        }
    }

    /// The host signs out with `POST path`: the flow answers its **Sign out** with a `307`, so
    /// the browser posts there from the same origin (hosts that check `Sec-Fetch-Site` or
    /// `Origin` accept it).
    pub fn post(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            post: true,
        }
    }

    /// The endpoint's path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether the host signs out with `POST`.
    pub fn is_post(&self) -> bool {
        self.post
    }
}
