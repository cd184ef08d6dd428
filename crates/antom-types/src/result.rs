//! Reading the outcome of a call: `resultStatus` S, F or U.

use crate::{ApiResult, NotificationAckResult, ResultStatusType};

impl ResultStatusType {
    /// `S`: the call succeeded.
    pub fn is_success(&self) -> bool {
        *self == ResultStatusType::S
    }

    /// `F`: the call failed; `resultCode` says why.
    pub fn is_failure(&self) -> bool {
        *self == ResultStatusType::F
    }

    /// `U`: the outcome is not known yet (still processing); query again or wait for the
    /// notification.
    pub fn is_pending(&self) -> bool {
        *self == ResultStatusType::U
    }
}

impl ApiResult {
    /// `resultStatus` is `S`: the call succeeded.
    pub fn is_success(&self) -> bool {
        self.result_status.is_success()
    }

    /// `resultStatus` is `F`: the call failed; [`result_code`](Self::result_code) says why.
    pub fn is_failure(&self) -> bool {
        self.result_status.is_failure()
    }

    /// `resultStatus` is `U`: the outcome is not known yet; query again or wait for the
    /// notification.
    pub fn is_pending(&self) -> bool {
        self.result_status.is_pending()
    }
}

impl NotificationAckResult {
    /// `resultStatus` is `S`.
    pub fn is_success(&self) -> bool {
        self.result_status.is_success()
    }

    /// `resultStatus` is `F`.
    pub fn is_failure(&self) -> bool {
        self.result_status.is_failure()
    }

    /// `resultStatus` is `U`.
    pub fn is_pending(&self) -> bool {
        self.result_status.is_pending()
    }
}
