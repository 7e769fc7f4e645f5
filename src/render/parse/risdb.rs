//! `show risdb query phone` read back (the layout `render::em` writes).

use super::ParseCtx;
use crate::engine::em::{RisPhone, RisPhones};
use crate::render::em::{RIS_PHONE_COLUMNS, RIS_PHONE_HEADING};
use crate::render::Report;

pub fn query_phone(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_phones(text)?))
}

fn total(line: Option<&str>, key: &str) -> Result<usize, String> {
    line.and_then(|l| l.strip_prefix(key))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| format!("expected {key}N, got {line:?}"))
}

pub fn parse_phones(text: &str) -> Result<RisPhones, String> {
    let mut lines = text.lines().map(str::trim_end).skip_while(|l| l.trim().is_empty());
    if lines.next() != Some(RIS_PHONE_HEADING) {
        return Err("not a RIS phone table".into());
    }
    let registered = total(lines.next(), "#TotalPhonesRegistered:")?;
    let unregistered = total(lines.next(), "#TotalPhonesUnRegistered:")?;
    if lines.next() != Some(RIS_PHONE_COLUMNS) {
        return Err("the column line is missing".into());
    }
    let mut phones = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (device, rest) = line.split_once(", ").ok_or_else(|| format!("not a phone line: {line:?}"))?;
        let mut tail: Vec<&str> = rest.rsplitn(7, ", ").collect();
        if tail.len() != 7 {
            return Err(format!("not a phone line: {line:?}"));
        }
        tail.reverse();
        phones.push(RisPhone {
            device: device.to_string(),
            description: tail[0].to_string(),
            ip: tail[1].to_string(),
            status: tail[2].to_string(),
            changed: tail[3].parse().map_err(|_| format!("bad time stamp in {line:?}"))?,
            protocol: tail[4].to_string(),
            login_user: tail[5].to_string(),
            node: tail[6].to_string(),
        });
    }
    Ok(RisPhones { registered, unregistered, phones })
}

// ----- group "files and show": show risdb list -----

use crate::render::em::RisTables;

pub fn list(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_tables(text)?))
}

/// The heading, then one table name a line.
pub fn parse_tables(text: &str) -> Result<RisTables, String> {
    let mut lines = text.lines().map(str::trim_end).filter(|l| !l.is_empty());
    if lines.next() != Some("-------- RIS Database Tables --------") {
        return Err("not a RIS table list".into());
    }
    Ok(RisTables(lines.map(str::to_string).collect()))
}
