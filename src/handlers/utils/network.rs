//! `utils network ping | host | connectivity | arp list | traceroute`: the lab's addressing
//! is in `engine::network`, the text in `render::network`.

use crate::catalog::Invocation;
use crate::handlers::{Ctx, Outcome};
use crate::render::dbreplication::{Cancelled, CONTINUE_YN};
use crate::render::network as words;

/// ping's count when none is given.
const DEFAULT_COUNT: u32 = 4;

pub(crate) fn ping(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let dest = inv.text("destination").unwrap_or_default();
    let count = inv.int("count").and_then(|c| u32::try_from(c).ok()).unwrap_or(DEFAULT_COUNT);
    Ok(Box::new(ctx.node.net_ping(dest, count)?))
}

pub(crate) fn host(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.net_host(inv.text("name").unwrap_or_default())?))
}

pub(crate) fn connectivity(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let dest = match inv.text("node") {
        Some(d) => d.to_string(),
        None => ctx.node.net_connectivity_default()?,
    };
    ctx.prompt.say(words::CONNECTIVITY_WARNING);
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(ctx.node.net_connectivity(&dest)?))
}

pub(crate) fn arp_list(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.net_arp_list(inv.flag("numeric"))?))
}

pub(crate) fn traceroute(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.net_traceroute(inv.text("destination").unwrap_or_default())?))
}

pub(crate) fn show_route(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.net_routes()?))
}

pub(crate) fn show_timezone_config(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.timezone_config()?))
}
