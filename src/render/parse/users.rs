//! Reads back `utils users validate all|userid|uri|mailid` (render/users.rs): the guide's
//! sections, each a heading, a dash line and its groups (or ` No users found`), then the
//! clusters that could not be checked. What the text does not show stays empty: the
//! clusters checked, the number of users examined, and a duplicate's value as each holder
//! has it (the group's lower-case value is given instead).

use super::ParseCtx;
use crate::engine::users::{
    ClusterNotChecked, DuplicateUserId, DuplicateValue, Holder, InvalidUris, MissingUris, Scope, UserUri,
    Validation,
};
use crate::render::{wording, Report};

const SECTIONS: [&str; 5] = [
    "Users with Duplicate User IDs",
    "Users with No Directory URI Configured",
    "Users with Invalid Directory URI Configured",
    "Users with Duplicate Directory URIs",
    "Users with Duplicate Mail IDs",
];

pub fn validate(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let scope =
        Scope::parse(ctx.invocation.text("scope").unwrap_or_default()).ok_or("the command names no scope")?;
    Ok(Box::new(parse_validate(text, scope)?))
}

/// The lines of one section's body, split into its groups (an empty line between groups).
fn groups<'t>(body: &[&'t str]) -> Vec<Vec<&'t str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    for l in body {
        if l.trim().is_empty() {
            out.push(Vec::new());
        } else if let Some(g) = out.last_mut() {
            g.push(l);
        }
    }
    out.retain(|g| !g.is_empty());
    out
}

/// ` <a><padding><b>`: the two columns of a table row whose first column is `width` wide.
fn columns(line: &str, width: usize) -> Result<(String, String), String> {
    let row = line.strip_prefix(' ').ok_or_else(|| format!("not a table row: {line:?}"))?;
    let split = row.char_indices().nth(width).map_or(row.len(), |(i, _)| i);
    let (a, b) = row.split_at(split);
    Ok((a.trim_end().to_string(), b.to_string()))
}

/// The first column's width: where the second heading starts.
fn width_of(heading: &str, second: &str) -> Result<usize, String> {
    heading
        .strip_prefix(' ')
        .and_then(|h| h.find(second))
        .ok_or_else(|| format!("not a table heading: {heading:?}"))
}

fn holders(group: &[&str], label: &str) -> Result<DuplicateValue, String> {
    let value = group
        .first()
        .and_then(|l| l.strip_prefix(&format!("{label}: ")))
        .ok_or_else(|| format!("no {label} line"))?;
    let w = width_of(group.get(1).ok_or("no table heading")?, "User ID")?;
    let users = group[2..]
        .iter()
        .map(|l| columns(l, w).map(|(node, userid)| Holder { node, userid, value: value.to_string() }))
        .collect::<Result<_, _>>()?;
    Ok(DuplicateValue { value: value.to_string(), users })
}

pub fn parse_validate(text: &str, scope: Scope) -> Result<Validation, String> {
    let mut v = Validation {
        scope,
        clusters: Vec::new(),
        users_checked: 0,
        duplicate_userids: None,
        missing_uris: None,
        invalid_uris: None,
        duplicate_uris: None,
        duplicate_mailids: None,
        not_checked: Vec::new(),
    };
    let lines: Vec<&str> = text.lines().collect();
    // Where each section starts, in order; the rest up to the next is its body.
    let starts: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| SECTIONS.iter().position(|s| s == l).map(|k| (i, k)))
        .collect();
    let tail_at = lines.iter().position(|l| l.starts_with("Users of cluster ")).unwrap_or(lines.len());
    for (n, &(at, kind)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(tail_at, |(i, _)| *i).max(at + 2);
        if !lines.get(at + 1).is_some_and(|l| l.trim_start().starts_with("---")) {
            return Err(format!("no dash line under {:?}", SECTIONS[kind]));
        }
        let mut body: Vec<&str> = lines.get(at + 2..end).unwrap_or_default().to_vec();
        // The separator line before the next section (empty, or one space).
        while body.last().is_some_and(|l| l.trim().is_empty()) {
            body.pop();
        }
        let none = body.len() == 1 && body[0] == wording::USERS_NONE_FOUND;
        let gs = if none { Vec::new() } else { groups(&body) };
        match kind {
            0 => {
                let mut out = Vec::new();
                for g in &gs {
                    let userid = g[0]
                        .strip_prefix(" User ID: ")
                        .ok_or_else(|| format!("not a user ID line: {:?}", g[0]))?;
                    if g.get(1).map(|l| l.trim()) != Some("Node Name") {
                        return Err("no Node Name heading".into());
                    }
                    let nodes = g[2..].iter().map(|l| l.trim_start().to_string()).collect();
                    out.push(DuplicateUserId { userid: userid.to_string(), nodes });
                }
                v.duplicate_userids = Some(out);
            }
            1 => {
                let mut out = Vec::new();
                for g in &gs {
                    let node = g[0]
                        .strip_prefix(" Node Name: ")
                        .ok_or_else(|| format!("not a node line: {:?}", g[0]))?;
                    if g.get(1).map(|l| l.trim()) != Some("User ID") {
                        return Err("no User ID heading".into());
                    }
                    let userids =
                        g[2..].iter().map(|l| l.strip_prefix(' ').unwrap_or(l).to_string()).collect();
                    out.push(MissingUris { node: node.to_string(), userids });
                }
                v.missing_uris = Some(out);
            }
            2 => {
                let mut out = Vec::new();
                for g in &gs {
                    let node = g[0]
                        .strip_prefix(" Node Name: ")
                        .ok_or_else(|| format!("not a node line: {:?}", g[0]))?;
                    let w = width_of(g.get(1).ok_or("no table heading")?, "Directory URI")?;
                    let users = g[2..]
                        .iter()
                        .map(|l| columns(l, w).map(|(userid, uri)| UserUri { userid, uri }))
                        .collect::<Result<_, _>>()?;
                    out.push(InvalidUris { node: node.to_string(), users });
                }
                v.invalid_uris = Some(out);
            }
            3 => {
                v.duplicate_uris =
                    Some(gs.iter().map(|g| holders(g, "Directory URI")).collect::<Result<_, _>>()?)
            }
            _ => {
                v.duplicate_mailids =
                    Some(gs.iter().map(|g| holders(g, "Mail ID")).collect::<Result<_, _>>()?)
            }
        }
    }
    for l in &lines[tail_at..] {
        if l.trim().is_empty() {
            continue;
        }
        let rest = l.strip_prefix("Users of cluster ").ok_or_else(|| format!("unexpected line: {l:?}"))?;
        let (cluster, node) = rest
            .strip_suffix(" is not reachable")
            .and_then(|r| r.split_once(" were not checked: "))
            .ok_or_else(|| format!("unexpected line: {l:?}"))?;
        v.not_checked.push(ClusterNotChecked { cluster: cluster.to_string(), node: node.to_string() });
    }
    if starts.is_empty() && v.not_checked.is_empty() {
        return Err("no section of a users validation".into());
    }
    Ok(v)
}
