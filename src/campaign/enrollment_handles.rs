//! Enrollment handles sealed into the flow record with the campaign's secret key, bound to
//! the user they were made for.

use super::Campaign;

impl Campaign {
    fn handle_context(user: &str) -> String {
        format!("flow-enrollment:{user}")
    }

    /// Seals an enrollment handle for the flow record.
    pub(crate) fn seal_enrollment_handle(
        &self,
        user: &str,
        handle: &str,
    ) -> Result<String, crate::enroll::SealError> {
        self.inner
            .enroll
            .secret_key
            .seal(handle.as_bytes(), &Self::handle_context(user))
    }

    /// Opens a sealed enrollment handle.
    pub(crate) fn open_enrollment_handle(&self, user: &str, sealed: &str) -> Option<String> {
        let plain = self
            .inner
            .enroll
            .secret_key
            .open(sealed, &Self::handle_context(user))?;
        String::from_utf8(plain).ok()
    }
}
