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
            shared: Arc::new(Shared {
                campaign,
                flow,
                in_requests: true,
            }),
        }
    }

    /// Does not put the [`Campaign`] into each request's extensions. That insertion is what
    /// lets handlers take a `Campaign` argument; it costs about 350 instructions a request
    /// (BENCHMARKS.md, "The campaign in request extensions"). A host that hands its handlers the campaign
    /// through its own state can save them.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, store::MemoryStore};
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
    /// let layer = campaign.layer().without_campaign_in_requests();
    /// # let _ = layer;
    /// ```
    pub fn without_campaign_in_requests(self) -> Self {
        let Shared { campaign, flow, .. } = &*self.shared;
        Self {
            shared: Arc::new(Shared {
                campaign: campaign.clone(),
                flow: flow.clone(),
                in_requests: false,
            }),
        }
    }
}

impl<S> Layer<S> for RegistrationCampaignLayer {
    type Service = RegistrationCampaignService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RegistrationCampaignService::new(inner, self.shared.clone())
    }
}
