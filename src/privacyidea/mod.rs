//! Push that staff can install today: the privacyIDEA Authenticator app's push token, in poll
//! mode (feature `privacyidea`). The app is free and open source in both stores; it enrolls
//! from a QR code, then polls the server for challenges and answers them, each message signed
//! with RSA keys the two sides exchange at enrollment. No Firebase account is needed: the server
//! only answers polls.
//!
//! This module is written as a third party would write a method: against the crate's public
//! API only (`EnrollmentMethod`, the store's typed records). `docs/privacyidea-push.md` says
//! which app versions and protocol options are supported, and which sources were read.

mod endpoint;
mod method;
pub mod protocol;
mod records;
mod sign_in;

pub use method::{APP_NAME, APP_STORE, GOOGLE_PLAY, PrivacyIdeaPush};
pub use sign_in::{PrivacyIdeaSignIn, PrivacyIdeaSignInState};
