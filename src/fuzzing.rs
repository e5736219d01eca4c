//! Entry points for the fuzz targets in `fuzz/` (built only with `--cfg fuzzing`).

use std::sync::{Arc, OnceLock};

use crate::campaign::Campaign;
use crate::campaign::{FlowKey, FlowKeys};
use crate::enroll::protocol;
use crate::flow::token::FlowToken;
use crate::store::MemoryStore;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

/// Whether `token` passes flow-token verification with a fixed key.
pub fn flow_token_accepted(token: &str) -> bool {
    let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
    let keys = FlowKeys::new(FlowKey::new("fuzz", &[7; 32]).expect("a key"));
    FlowToken::decode(token, &keys, time::OffsetDateTime::now_utc()).is_ok()
}

/// The HTTP status a device endpoint (`register`, `poll`, `answer`) gives `body` on a campaign
/// with no enrollments.
pub fn device_message_status(endpoint: &str, body: &str) -> u16 {
    static CAMPAIGN: OnceLock<Campaign> = OnceLock::new();
    let campaign = CAMPAIGN.get_or_init(|| Campaign::builder(Arc::new(MemoryStore::new())).build());
    runtime().block_on(async {
        let api = crate::flow::device_api(campaign);
        let api = &api;
        let result = match endpoint {
            "register" => match serde_json::from_str::<protocol::RegisterRequest>(body) {
                Ok(r) => crate::enroll::push::register(api, r).await.map(|_| ()),
                Err(_) => return 400,
            },
            "poll" => match serde_json::from_str::<protocol::PollRequest>(body) {
                Ok(r) => crate::enroll::push::poll(api, r).await.map(|_| ()),
                Err(_) => return 400,
            },
            _ => match serde_json::from_str::<protocol::AnswerRequest>(body) {
                Ok(r) => crate::enroll::push::answer(api, r).await.map(|_| ()),
                Err(_) => return 400,
            },
        };
        match result {
            Ok(()) => 200,
            Err(e) => crate::flow::device_status(e.refusal).as_u16(),
        }
    })
}
