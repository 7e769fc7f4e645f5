//! `utils ntp status | config | restart | server add | delete | list`: the servers are kept
//! in `engine::ntp`, the text is in `render::platform` and `render::ntp`.

use crate::catalog::Invocation;
use crate::handlers::{CliError, Ctx, Outcome};
use crate::render::dbreplication::{Cancelled, CONTINUE_YN};
use crate::render::ntp::{self as words, NtpList};

pub(crate) fn status(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.ntp_status()?))
}

pub(crate) fn config(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.ntp_config()?))
}

pub(crate) fn restart(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.ntp_restart()?))
}

pub(crate) fn server_list(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(NtpList(ctx.node.ntp_configured()?)))
}

pub(crate) fn server_add(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    // `s1 [s2 s3 s4 s5] [norestart]`: norestart only as the last word.
    let mut words: Vec<&str> = inv.text("servers").unwrap_or_default().split_whitespace().collect();
    let restart = words.last() != Some(&"norestart");
    if !restart {
        words.pop();
    }
    if words.is_empty() || words.len() > crate::engine::ntp::MAX_SERVERS {
        return Err(CliError::Failed(words::ADD_USAGE.trim_end().to_string()));
    }
    Ok(Box::new(ctx.node.ntp_add(&words, restart)?))
}

pub(crate) fn server_delete(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    if inv.text("extra").is_some() {
        return Err(CliError::Failed(words::DELETE_USAGE.trim_end().to_string()));
    }
    let servers = ctx.node.ntp_delete_ready()?;
    if servers.is_empty() {
        return Err(CliError::Failed(words::NONE_TO_DELETE.to_string()));
    }
    ctx.prompt.say(&words::choices(&servers));
    let choice = ctx.prompt.line(words::CHOICE)?;
    let choice = choice.trim();
    let chosen: Vec<String> = match choice {
        "q" | "Q" => return Ok(Box::new(Cancelled)),
        "a" | "A" => servers.clone(),
        n => match n.parse::<usize>().ok().and_then(|i| i.checked_sub(1)).and_then(|i| servers.get(i)) {
            Some(s) => vec![s.clone()],
            None => return Err(CliError::Failed(format!("Invalid choice: {n}"))),
        },
    };
    ctx.prompt.say("\n");
    let restart = ctx.prompt.confirm(words::RESTART_YN, "y")?;
    ctx.prompt.say("\n");
    ctx.prompt.say(&words::will_delete(&chosen, chosen.len() == servers.len() && servers.len() > 1));
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    ctx.prompt.say("\n");
    Ok(Box::new(ctx.node.ntp_delete(&chosen, restart)?))
}
