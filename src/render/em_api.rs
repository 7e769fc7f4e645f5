//! `ucsh cluster em api`: the EM API's response document, as the service returns it to
//! the application (plain XML, indented two spaces), or the HTTP-level answer when there is
//! none. Values are XML-escaped, then made printable for the terminal.

use std::fmt::Write as _;

use crate::engine::em::api::{ApiReport, ApiResponse, DeviceState};
use crate::engine::text::{printable, xml_escape};
use crate::render::{to_json, Report};

/// XML text and attribute escaping (controls as character references), then printable.
fn esc(text: &str) -> String {
    printable(&xml_escape(text)).into_owned()
}

impl Report for ApiReport {
    fn text(&self, out: &mut String) {
        let r = &self.response;
        if let ApiResponse::Unavailable { status } = r {
            let _ = writeln!(out, "{status} ({})", self.node);
            return;
        }
        out.push_str("<response>\n");
        match r {
            ApiResponse::Success => out.push_str("  <success/>\n"),
            ApiResponse::Failure { code, reason } => {
                let _ = writeln!(
                    out,
                    "  <failure>\n    <error code=\"{code}\">{}</error>\n  </failure>",
                    esc(reason)
                );
            }
            ApiResponse::DeviceUserResults { devices } => {
                out.push_str("  <deviceUserResults>\n");
                for d in devices {
                    let _ = writeln!(out, "    <device name=\"{}\">", esc(&d.device));
                    match &d.state {
                        DeviceState::LoggedIn(u) => {
                            let _ = writeln!(out, "      <userID>{}</userID>", esc(u));
                        }
                        DeviceState::NotLoggedIn => out.push_str("      <notLoggedIn/>\n"),
                        DeviceState::DoesNotExist => out.push_str("      <doesNotExist/>\n"),
                        DeviceState::DeviceLoginDisabled => out.push_str("      <deviceLoginDisabled/>\n"),
                    }
                    out.push_str("    </device>\n");
                }
                out.push_str("  </deviceUserResults>\n");
            }
            ApiResponse::UserDevicesResults { users } => {
                out.push_str("  <userDevicesResults>\n");
                for u in users {
                    let _ = writeln!(out, "    <user id=\"{}\">", esc(&u.user));
                    if !u.exists {
                        out.push_str("      <doesNotExist/>\n");
                    } else if u.devices.is_empty() {
                        out.push_str("      <none/>\n");
                    }
                    for d in &u.devices {
                        let _ = writeln!(out, "      <deviceName>{}</deviceName>", esc(d));
                    }
                    out.push_str("    </user>\n");
                }
                out.push_str("  </userDevicesResults>\n");
            }
            ApiResponse::Unavailable { .. } => {}
        }
        out.push_str("</response>\n");
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    /// A failure (or no answer) exits 3, as `cluster em login` does.
    fn findings(&self) -> bool {
        matches!(self.response, ApiResponse::Failure { .. } | ApiResponse::Unavailable { .. })
    }
}
