use tower_layer::Layer;

use super::RegistrationCampaignService;
use crate::campaign::Campaign;

/// Applies the registration campaign to a sign-in service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct RegistrationCampaignLayer {
    campaign: Campaign,
}

impl RegistrationCampaignLayer {
    /// A layer for `campaign` (also available as [`Campaign::layer`]).
    pub fn new(campaign: Campaign) -> Self {
        Self { campaign }
    }
}

impl<S> Layer<S> for RegistrationCampaignLayer {
    type Service = RegistrationCampaignService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RegistrationCampaignService::new(inner, self.campaign.clone())
    }
}
