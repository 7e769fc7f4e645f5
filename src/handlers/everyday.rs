//! The everyday `show`, `set` and `utils` commands of issue 16 (item 6): `set timezone`,
//! `show timezone list`, `show logins`, `show open ports|files`, `show network
//! status|ipprefs`, `show tech ...`, `show smtp`, `show registry`, `utils service
//! auto-restart`, `utils system shutdown|switch-version`. The engine is in
//! `engine::{everyday, ports, showtech, system, services}`, the text in `render::everyday`.

use crate::catalog::Invocation;
use crate::engine::ports::{FileSelection, IpprefsFilter, StatusOptions};
use crate::engine::services::AutoRestartAction;
use crate::engine::showtech::{NetworkPart, SystemPart};
use crate::handlers::{CliError, Ctx, Outcome};
use crate::render::dbreplication::{Cancelled, CONTINUE_YN};
use crate::render::everyday::{self as words, SystemDeclined, ZoneList};

/// The first value of a keyword that takes one (`regexp <re>`, `search <text>`).
fn keyword_value(inv: &Invocation, name: &str) -> Option<String> {
    inv.list(name).and_then(|v| v.first().cloned())
}

pub(crate) fn set_timezone(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let zone = ctx.node.timezone_check(inv.text("zone").unwrap_or_default())?;
    ctx.prompt.say(words::TIMEZONE_WARNING);
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(ctx.node.set_timezone(&zone)?))
}

pub(crate) fn timezone_list(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ZoneList { zones: ctx.node.timezone_list()? }))
}

fn count(n: Option<i64>) -> Option<usize> {
    n.and_then(|n| usize::try_from(n).ok())
}

pub(crate) fn logins_successful(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let last = inv.list("last").and_then(|v| v.first()).and_then(|n| n.parse::<i64>().ok());
    Ok(Box::new(ctx.node.logins(true, count(last))?))
}

pub(crate) fn logins_unsuccessful(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.logins(false, count(inv.int("number")))?))
}

pub(crate) fn open_ports(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.open_ports(keyword_value(inv, "regexp").as_deref())?))
}

pub(crate) fn open_files(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let selection = if let Some(re) = keyword_value(inv, "regexp") {
        FileSelection::Regexp(re)
    } else if let Some(pids) = keyword_value(inv, "process") {
        let parsed: Result<Vec<u32>, _> =
            pids.split(',').filter(|p| !p.trim().is_empty()).map(|p| p.trim().parse::<u32>()).collect();
        match parsed {
            Ok(list) if !list.is_empty() => FileSelection::Processes(list),
            _ => {
                return Err(CliError::Failed(format!(
                    "Invalid process id list: {}. Give process ids separated by commas.",
                    crate::engine::text::printable(&pids)
                )))
            }
        }
    } else {
        FileSelection::All
    };
    Ok(Box::new(ctx.node.open_files(&selection)?))
}

pub(crate) fn network_status(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let opts = StatusOptions {
        detail: inv.flag("detail"),
        listen: inv.flag("listen"),
        process: inv.flag("process"),
        all: inv.flag("all"),
        nodns: inv.flag("nodns"),
        search: keyword_value(inv, "search"),
    };
    Ok(Box::new(ctx.node.network_status(&opts)?))
}

pub(crate) fn ipprefs(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let filter = match inv.text("which").unwrap_or_default() {
        "enabled" => IpprefsFilter::Enabled,
        "public" => IpprefsFilter::Public,
        _ => IpprefsFilter::All,
    };
    Ok(Box::new(ctx.node.ipprefs(filter)?))
}

pub(crate) fn tech_repltimeout(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.tech_repltimeout()?))
}

pub(crate) fn tech_ccm_service(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.tech_ccm_service()?))
}

pub(crate) fn tech_dbstateinfo(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.tech_dbstateinfo()?))
}

pub(crate) fn tech_network(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    use NetworkPart::*;
    let parts: &[NetworkPart] = match inv.text("part").unwrap_or_default() {
        "hosts" => &[Hosts],
        "interfaces" => &[Interfaces],
        "resolv" => &[Resolv],
        "routes" => &[Routes],
        _ => &[Hosts, Interfaces, Resolv, Routes],
    };
    Ok(Box::new(ctx.node.tech_network(parts, keyword_value(inv, "search").as_deref())?))
}

pub(crate) fn tech_system(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    use SystemPart::*;
    let parts: &[SystemPart] = match inv.text("part").unwrap_or_default() {
        "host" => &[Host],
        "hardware" => &[Hardware],
        "software" => &[Software],
        _ => &[Host, Hardware, Software],
    };
    Ok(Box::new(ctx.node.tech_system(parts)?))
}

pub(crate) fn smtp(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.smtp()?))
}

pub(crate) fn registry(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let system = inv.text("system").unwrap_or_default();
    let component = inv.text("component").unwrap_or_default();
    Ok(Box::new(ctx.node.registry(system, component, inv.text("name"))?))
}

fn auto_restart(ctx: &mut Ctx, inv: &Invocation, action: AutoRestartAction) -> Outcome {
    Ok(Box::new(ctx.node.service_auto_restart(action, inv.text("service").unwrap_or_default())?))
}

pub(crate) fn auto_restart_enable(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    auto_restart(ctx, inv, AutoRestartAction::Enable)
}

pub(crate) fn auto_restart_disable(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    auto_restart(ctx, inv, AutoRestartAction::Disable)
}

pub(crate) fn auto_restart_show(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    auto_restart(ctx, inv, AutoRestartAction::Show)
}

pub(crate) fn shutdown(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    ctx.prompt.say(words::SHUTDOWN_WARNING);
    if !ctx.prompt.confirm("Enter (yes/no)? ", "yes")? {
        return Ok(Box::new(SystemDeclined { command: "shutdown" }));
    }
    Ok(Box::new(ctx.node.shutdown()?))
}

pub(crate) fn switch_version(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let versions = ctx.node.switch_versions()?;
    ctx.prompt.say(&words::switch_warning(&versions));
    if !ctx.prompt.confirm("Enter (yes/no)? ", "yes")? {
        return Ok(Box::new(SystemDeclined { command: "switch-version" }));
    }
    // Once confirmed, the switch runs to its end: Ctrl-C exits the command, not the switch.
    Ok(Box::new(ctx.node.switch_version()?))
}
