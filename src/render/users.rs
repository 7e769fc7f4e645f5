//! `utils users validate`: the admin guide's report layout.
//!
//! The sections, their dash lines (45 dashes under the user ID heading, 53 under the URI
//! headings), the one-space indents, the "Directory URI:" group line without one, and the
//! column widths are the guide's example output. So are two oddities that scripts parsing
//! the platform's output may have learnt: the line between the invalid-URI section and the
//! duplicate-URI section holds a single space, and the duplicate-URI dash line ends with a
//! space. Groups inside a section are separated by an empty line, sections by an empty line.
//!
//! An empty section keeps its heading and says so (ucsh's wording: the platform's is not
//! public), so a script always finds every section it asked for.
//!
//! JSON is the engine's `Validation` as it is (fields listed in docs/JSON.md).

use super::{to_json, wording, Report};
use crate::engine::users::{DuplicateValue, Validation};

const USER_DASHES: &str = "---------------------------------------------";
const URI_DASHES: &str = "-----------------------------------------------------";

/// Column width: the heading plus three spaces, or the widest value plus two.
fn width<'a>(heading: &str, values: impl Iterator<Item = &'a str>) -> usize {
    let widest = values.map(|v| v.chars().count()).max().unwrap_or(0);
    (heading.chars().count() + 3).max(widest + 2)
}

fn pad(out: &mut String, text: &str, width: usize) {
    out.push_str(text);
    for _ in text.chars().count()..width {
        out.push(' ');
    }
}

/// Runs `each` for every group, with an empty line between groups, or writes the
/// "nothing found" line when there is none.
fn groups<T>(out: &mut String, items: &[T], mut each: impl FnMut(&mut String, &T)) {
    if items.is_empty() {
        out.push_str(wording::USERS_NONE_FOUND);
        out.push('\n');
        return;
    }
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        each(out, item);
    }
}

/// A value from the database as it may be shown: control characters escaped, so a user ID
/// with a newline cannot forge a heading of its own.
fn shown(v: &str) -> std::borrow::Cow<'_, str> {
    crate::engine::text::printable(v)
}

/// A duplicate URI or mail ID group: the value, then a node / user ID table.
fn holders(out: &mut String, label: &str, group: &DuplicateValue) {
    out.push_str(&format!("{label}: {}\n", shown(&group.value)));
    let w = width("Node Name", group.users.iter().map(|u| u.node.as_str()));
    out.push(' ');
    pad(out, "Node Name", w);
    out.push_str("User ID\n");
    for u in &group.users {
        out.push(' ');
        pad(out, &shown(&u.node), w);
        out.push_str(&shown(&u.userid));
        out.push('\n');
    }
}

impl Report for Validation {
    fn text(&self, out: &mut String) {
        // The separator written before the next section.
        let mut separator: Option<&str> = None;
        let mut start = |out: &mut String, heading: &str, dashes: &str, next_separator: &'static str| {
            if let Some(s) = separator {
                out.push_str(s);
                out.push('\n');
            }
            out.push_str(heading);
            out.push('\n');
            out.push_str(dashes);
            out.push('\n');
            separator = Some(next_separator);
        };
        if let Some(dups) = &self.duplicate_userids {
            start(out, "Users with Duplicate User IDs", USER_DASHES, "");
            groups(out, dups, |out, g| {
                out.push_str(&format!(" User ID: {}\n", shown(&g.userid)));
                out.push_str("  Node Name\n");
                for node in &g.nodes {
                    out.push_str(&format!("  {}\n", shown(node)));
                }
            });
        }
        if let Some(missing) = &self.missing_uris {
            start(out, "Users with No Directory URI Configured", URI_DASHES, "");
            groups(out, missing, |out, g| {
                out.push_str(&format!(" Node Name: {}\n", shown(&g.node)));
                out.push_str(" User ID\n");
                for u in &g.userids {
                    out.push_str(&format!(" {}\n", shown(u)));
                }
            });
        }
        if let Some(invalid) = &self.invalid_uris {
            start(out, "Users with Invalid Directory URI Configured", URI_DASHES, " ");
            groups(out, invalid, |out, g| {
                out.push_str(&format!(" Node Name: {}\n", shown(&g.node)));
                let w = width("User ID", g.users.iter().map(|u| u.userid.as_str()));
                out.push(' ');
                pad(out, "User ID", w);
                out.push_str("Directory URI\n");
                for u in &g.users {
                    out.push(' ');
                    pad(out, &shown(&u.userid), w);
                    out.push_str(&shown(&u.uri));
                    out.push('\n');
                }
            });
        }
        if let Some(dups) = &self.duplicate_uris {
            start(out, "Users with Duplicate Directory URIs", &format!("{URI_DASHES} "), "");
            groups(out, dups, |out, g| holders(out, "Directory URI", g));
        }
        if let Some(dups) = &self.duplicate_mailids {
            start(out, "Users with Duplicate Mail IDs", URI_DASHES, "");
            groups(out, dups, |out, g| holders(out, "Mail ID", g));
        }
        // What could not be reached is named after the sections (ucsh's wording: the
        // platform's is not public); the check then exits 3.
        if !self.not_checked.is_empty() {
            out.push('\n');
        }
        for n in &self.not_checked {
            out.push_str(&format!(
                "Users of cluster {} were not checked: {} is not reachable\n",
                n.cluster, n.node
            ));
        }
    }

    fn json(&self) -> serde_json::Value {
        to_json(self)
    }

    fn findings(&self) -> bool {
        self.has_findings()
    }
}
