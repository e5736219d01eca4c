use std::sync::Arc;

use tower_layer::Layer;

use super::RegistrationCampaignService;
use super::service::Shared;
use crate::campaign::Campaign;

/// Applies the registration campaign to a sign-in service. Cheap to clone.
#[derive(Clone)]
pub struct RegistrationCampaignLayer {
    // The flow router is built once here: axum may call `layer` for every request of a router
    // it has not finalized.
    shared: Arc<Shared>,
}

impl std::fmt::Debug for RegistrationCampaignLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistrationCampaignLayer")
            .field("campaign", &self.shared.campaign)
            .finish_non_exhaustive()
    }
}

impl RegistrationCampaignLayer {
    /// A layer for `campaign` (also available as [`Campaign::layer`]).
    pub fn new(campaign: Campaign) -> Self {
        let flow = crate::flow::router(campaign.clone());
        Self {
            shared: Arc::new(Shared { campaign, flow }),
        }
    }
}

impl<S> Layer<S> for RegistrationCampaignLayer {
    type Service = RegistrationCampaignService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RegistrationCampaignService::new(inner, self.shared.clone())
    }
}
