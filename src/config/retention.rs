//! Retention settings: how long relais keep what residents said unless they set their own
//! periods (`conversation_days`, 90; `request_days`, 365; per relais in `[[relais]]`, with
//! `passerelle relais set` or the console), and `retention_days = 0` turning the job off.

use super::{ConfigError, Settings, bad};
use crate::domain::retention::{OwnPeriods, Periods, parse_days};

/// A period in days, within what a relais may set.
fn days(setting: &str, v: &str) -> Result<u32, ConfigError> {
    parse_days(v).map_err(|e| bad(setting, e))
}

/// `retention_days`: 0 turns the retention job off; 365, its old default, leaves it on. Any
/// other number was a single period that is now two: refused, saying where they are set.
fn switch(setting: &str, v: u32) -> Result<u32, ConfigError> {
    match v {
        0 | 365 => Ok(v),
        _ => Err(bad(
            setting,
            format!(
                "{v} days: only 0 (retention off) or 365 (on) now; the periods are \
                 conversation_days and request_days (or each relais's own)"
            ),
        )),
    }
}

/// A relais's own periods from the file (`at` names the setting).
pub(super) fn own(
    at: &dyn Fn(&str) -> String,
    conversation_days: Option<u32>,
    request_days: Option<u32>,
) -> Result<OwnPeriods, ConfigError> {
    Ok(OwnPeriods {
        conversation_days: conversation_days
            .map(|d| days(&at("conversation_days"), &d.to_string()))
            .transpose()?,
        request_days: request_days
            .map(|d| days(&at("request_days"), &d.to_string()))
            .transpose()?,
    })
}

impl Settings {
    /// How long relais keep what residents said, unless they set their own periods.
    pub fn retention(&self) -> Periods {
        Periods {
            conversation_days: self.conversation_days,
            request_days: self.request_days,
        }
    }

    pub(super) fn apply_retention_file(
        &mut self,
        retention_days: Option<u32>,
        conversation_days: Option<u32>,
        request_days: Option<u32>,
    ) -> Result<(), ConfigError> {
        if let Some(v) = retention_days {
            self.retention_days = switch("retention_days", v)?;
        }
        if let Some(v) = conversation_days {
            self.conversation_days = days("conversation_days", &v.to_string())?;
        }
        if let Some(v) = request_days {
            self.request_days = days("request_days", &v.to_string())?;
        }
        Ok(())
    }

    pub(super) fn apply_retention_env(
        &mut self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        if let Some(v) = env("PASSERELLE_RETENTION_DAYS") {
            let n = v.trim().parse().map_err(|_| {
                bad(
                    "PASSERELLE_RETENTION_DAYS",
                    format!("\"{v}\" is not 0 (retention off) or 365 (on)"),
                )
            })?;
            self.retention_days = switch("PASSERELLE_RETENTION_DAYS", n)?;
        }
        if let Some(v) = env("PASSERELLE_CONVERSATION_DAYS") {
            self.conversation_days = days("PASSERELLE_CONVERSATION_DAYS", &v)?;
        }
        if let Some(v) = env("PASSERELLE_REQUEST_DAYS") {
            self.request_days = days("PASSERELLE_REQUEST_DAYS", &v)?;
        }
        Ok(())
    }
}
