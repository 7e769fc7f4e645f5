//! `show perf ...` and `show process ...`: the words of the line turned into the engine's
//! query (lists split on commas, quotes kept together), the work done by the node.

use super::{Ctx, Outcome};
use crate::catalog::Invocation;
use crate::engine::perf::process::Resource;
use crate::engine::perf::{split_list, ListWhat, Query};

fn text<'i>(inv: &'i Invocation, name: &str) -> &'i str {
    inv.text(name).unwrap_or_default()
}

pub(crate) fn list_categories(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.perf_list(&ListWhat::Categories, false)?))
}

pub(crate) fn list_classes(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let category = inv.list("cat").and_then(|v| v.first()).cloned();
    Ok(Box::new(ctx.node.perf_list(&ListWhat::Classes { category }, inv.flag("detail"))?))
}

pub(crate) fn list_counters(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let class = text(inv, "class").to_string();
    Ok(Box::new(ctx.node.perf_list(&ListWhat::Counters { class }, inv.flag("detail"))?))
}

pub(crate) fn list_instances(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let class = text(inv, "class").to_string();
    Ok(Box::new(ctx.node.perf_list(&ListWhat::Instances { class }, inv.flag("detail"))?))
}

pub(crate) fn query_class(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let q = Query::Class(split_list(text(inv, "classes"))?);
    Ok(Box::new(ctx.node.perf_query(&q)?))
}

pub(crate) fn query_counter(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let q = Query::Counter {
        class: text(inv, "class").to_string(),
        counters: split_list(text(inv, "counters"))?,
    };
    Ok(Box::new(ctx.node.perf_query(&q)?))
}

pub(crate) fn query_instance(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let q = Query::Instance {
        class: text(inv, "class").to_string(),
        instances: split_list(text(inv, "instances"))?,
    };
    Ok(Box::new(ctx.node.perf_query(&q)?))
}

pub(crate) fn query_path(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let q = Query::Path(split_list(text(inv, "paths"))?);
    Ok(Box::new(ctx.node.perf_query(&q)?))
}

pub(crate) fn counterhelp(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let counter = text(inv, "counter").trim().trim_matches('"');
    Ok(Box::new(ctx.node.perf_counterhelp(text(inv, "class"), counter)?))
}

pub(crate) fn process_list(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.process_list(inv.flag("detail"))?))
}

fn count(inv: &Invocation) -> Option<usize> {
    inv.int("number").and_then(|n| usize::try_from(n).ok())
}

pub(crate) fn using_most_cpu(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.process_using_most(Resource::Cpu, count(inv))?))
}

pub(crate) fn using_most_memory(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.process_using_most(Resource::Memory, count(inv))?))
}

pub(crate) fn process_load(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.process_load()?))
}
