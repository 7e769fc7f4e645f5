//! IM and Presence operations outside HA: the IM address scheme change (`ucsh cluster
//! im-address-scheme`, a host command: ucsh's own wording) and `utils imdb_replication
//! status`.

use super::{to_json, Report};
use crate::engine::imaddress::SchemeChange;

impl Report for SchemeChange {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "IM address scheme of {}: {} (was {})\n",
            self.cluster,
            self.scheme.describe(),
            self.previous.describe()
        ));
        for n in &self.stopped {
            let list = if n.services.is_empty() { "nothing was running".to_string() } else { n.services.join(", ") };
            out.push_str(&format!("Stopped on {}: {list}\n", n.node));
        }
        out.push_str(&format!("IM addresses updated: {}\n", self.users_updated));
        out.push_str(
            "Start the services on every node in this order: Cisco XCP Router; then Cisco SIP Proxy and \
             Cisco Presence Engine; once Cisco Presence Engine runs on every node, Cisco Client Profile Agent \
             and Cisco Sync Agent. Start the XCP services that were running again.\n",
        );
    }

    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}
