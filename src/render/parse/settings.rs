//! Reads back `show cli session timeout` (render/settings.rs).

use super::ParseCtx;
use crate::engine::settings::SessionTimeout;
use crate::render::Report;

pub fn session_timeout(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_session_timeout(text)?))
}

pub fn parse_session_timeout(text: &str) -> Result<SessionTimeout, String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).ok_or("no output")?;
    let minutes = line
        .strip_prefix("CLI session timeout is ")
        .and_then(|r| r.strip_suffix(" minutes"))
        .ok_or_else(|| format!("not a session timeout: {line:?}"))?;
    Ok(SessionTimeout { minutes: super::number(minutes, "minutes")?, previous: None })
}
