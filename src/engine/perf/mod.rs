//! Performance counters (`show perf ...`) and the node's processes (`show process ...`).
//!
//! Every value is computed from the node's state when it is asked for: the processes and
//! resources of [`model`] (from the services that run and the files in the partitions),
//! the IM and Presence sessions from the users assigned to the node in its replica, and
//! the activity counters of [`store`] (what the engine has counted as it did the work).
//! Nothing is cached between commands and nothing is made up: a counter the lab has no
//! activity for is not offered.
//!
//! The classes are a registry ([`classes::CLASSES`]): one [`ClassDef`] per class, with its
//! name as the platform spells it, its category, the products that have it, its counters
//! with their help text and the function that gives its instances and values. A feature
//! adds a class with one entry there.

pub mod classes;
pub mod model;
pub mod process;
pub mod store;

use std::cell::OnceCell;

use serde::Serialize;

use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, Result};
use crate::engine::node::NodeHandle;
use crate::engine::op::Op;

pub use classes::CLASSES;

/// At most this many classes, counters, instances or paths in one query (the platform's).
pub const MAX_ITEMS: usize = 5;

/// One counter of a class.
#[derive(Debug, Clone, Copy)]
pub struct CounterDef {
    pub name: &'static str,
    pub help: &'static str,
}

/// One instance of a class and its counters' values, in the class's counter order.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Empty for a singleton class.
    pub name: String,
    pub values: Vec<i64>,
}

/// One perf class: see the module documentation.
#[derive(Debug, Clone, Copy)]
pub struct ClassDef {
    pub name: &'static str,
    pub category: &'static str,
    pub help: &'static str,
    pub products: &'static [Product],
    /// One unnamed instance (Memory) rather than named ones (Process).
    pub singleton: bool,
    pub counters: &'static [CounterDef],
    /// The instances and their values, one value per counter in `counters`' order.
    pub instances: fn(&Sampler<'_>) -> Result<Vec<Instance>>,
}

impl ClassDef {
    pub fn counter(&self, typed: &str) -> Option<&'static CounterDef> {
        let wanted = normalise(typed);
        self.counters.iter().find(|c| normalise(c.name) == wanted)
    }

    fn on(&self, product: Product) -> bool {
        self.products.contains(&product)
    }
}

/// Class and counter names match whatever the case and runs of blanks.
fn normalise(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase()
}

/// A class of the registry by name (whatever the node).
pub fn find_class(typed: &str) -> Option<&'static ClassDef> {
    let wanted = normalise(typed);
    CLASSES.iter().find(|c| normalise(c.name) == wanted)
}

/// The class as this node has it, or the platform's refusal.
fn class_on(node: &NodeHandle, typed: &str) -> Result<&'static ClassDef> {
    find_class(typed)
        .filter(|c| c.on(node.product()))
        .ok_or_else(|| EngineError::PerfUnknownClass { class: typed.trim().to_string() })
}

/// What the instance functions read, each part computed once per command and only when a
/// class asks for it.
pub struct Sampler<'a> {
    pub node: &'a NodeHandle,
    machine: OnceCell<model::Machine>,
    presence: OnceCell<classes::Presence>,
    store: OnceCell<store::CounterStore>,
}

impl<'a> Sampler<'a> {
    pub fn new(node: &'a NodeHandle) -> Self {
        Sampler { node, machine: OnceCell::new(), presence: OnceCell::new(), store: OnceCell::new() }
    }

    pub fn machine(&self) -> Result<&model::Machine> {
        if let Some(m) = self.machine.get() {
            return Ok(m);
        }
        let m = model::machine(self.node)?;
        Ok(self.machine.get_or_init(|| m))
    }

    pub fn presence(&self) -> Result<&classes::Presence> {
        if let Some(p) = self.presence.get() {
            return Ok(p);
        }
        let p = classes::Presence::read(self.node)?;
        Ok(self.presence.get_or_init(|| p))
    }

    pub fn store(&self) -> Result<&store::CounterStore> {
        if let Some(s) = self.store.get() {
            return Ok(s);
        }
        let s = store::load(self.node)?;
        Ok(self.store.get_or_init(|| s))
    }
}

// ---------------------------------------------------------------------------------------
// Results

/// One row of a query: `<instance> -> <counter> = <value>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CounterValue {
    /// Empty for a singleton class.
    pub instance: String,
    pub counter: String,
    pub value: i64,
}

/// The values of one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassValues {
    pub class: String,
    pub values: Vec<CounterValue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QueryKind {
    Class,
    Counter,
    Instance,
    Path,
}

impl QueryKind {
    pub fn word(self) -> &'static str {
        match self {
            QueryKind::Class => "class",
            QueryKind::Counter => "counter",
            QueryKind::Instance => "instance",
            QueryKind::Path => "path",
        }
    }
}

/// `show perf query ...`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PerfQuery {
    pub kind: QueryKind,
    pub classes: Vec<ClassValues>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    Categories,
    Classes,
    Counters,
    Instances,
}

impl ListKind {
    pub fn word(self) -> &'static str {
        match self {
            ListKind::Categories => "categories",
            ListKind::Classes => "classes",
            ListKind::Counters => "counters",
            ListKind::Instances => "instances",
        }
    }
}

/// One entry of a list: a category, class, counter or instance; with `detail`, a class's
/// or counter's help, or an instance's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListEntry {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<CounterValue>,
}

/// `show perf list ...`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PerfList {
    pub kind: ListKind,
    /// The class listed (counters, instances) or the category asked for (classes).
    pub of: Option<String>,
    pub detail: bool,
    pub entries: Vec<ListEntry>,
}

/// `show perf counterhelp <class> <counter>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CounterHelp {
    pub class: String,
    pub counter: String,
    pub help: String,
}

// ---------------------------------------------------------------------------------------
// Parameters

/// Splits `a,"b c", d` into its items: commas separate, double quotes group (and are
/// removed), blanks around an item are dropped. Empty items are refused.
pub fn split_list(text: &str) -> Result<Vec<String>> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for ch in text.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => items.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    items.push(cur);
    let items: Vec<String> = items.into_iter().map(|s| s.trim().to_string()).collect();
    if items.iter().any(String::is_empty) {
        return Err(EngineError::PerfBadList { list: text.trim().to_string() });
    }
    Ok(items)
}

fn check_count(what: &'static str, items: &[String]) -> Result<()> {
    if items.len() > MAX_ITEMS {
        return Err(EngineError::PerfTooMany { what, max: MAX_ITEMS });
    }
    Ok(())
}

/// A path: `class(instance)\counter` or `class\counter`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathSpec {
    pub class: String,
    pub instance: Option<String>,
    pub counter: String,
}

pub fn parse_path(spec: &str) -> Result<PathSpec> {
    let bad = || EngineError::PerfBadPath { spec: spec.to_string() };
    let (head, counter) = spec.rsplit_once('\\').ok_or_else(bad)?;
    let (class, instance) = match head.strip_suffix(')') {
        Some(h) => {
            let (c, i) = h.split_once('(').ok_or_else(bad)?;
            (c, Some(i.trim().to_string()))
        }
        None => (head, None),
    };
    if class.trim().is_empty() || counter.trim().is_empty() || instance.as_deref() == Some("") {
        return Err(bad());
    }
    Ok(PathSpec { class: class.trim().to_string(), instance, counter: counter.trim().to_string() })
}

/// What `show perf query` asks for, parsed from the command's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    Class(Vec<String>),
    Counter { class: String, counters: Vec<String> },
    Instance { class: String, instances: Vec<String> },
    Path(Vec<String>),
}

impl Query {
    pub fn kind(&self) -> QueryKind {
        match self {
            Query::Class(_) => QueryKind::Class,
            Query::Counter { .. } => QueryKind::Counter,
            Query::Instance { .. } => QueryKind::Instance,
            Query::Path(_) => QueryKind::Path,
        }
    }
}

/// What `show perf list` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListWhat {
    Categories,
    Classes { category: Option<String> },
    Counters { class: String },
    Instances { class: String },
}

// ---------------------------------------------------------------------------------------
// Entry points

fn rows(def: &ClassDef, inst: &Instance, only: Option<&[&'static CounterDef]>) -> Vec<CounterValue> {
    let mut out: Vec<CounterValue> = def
        .counters
        .iter()
        .zip(&inst.values)
        .filter(|(c, _)| only.is_none_or(|o| o.iter().any(|x| x.name == c.name)))
        .map(|(c, v)| CounterValue { instance: inst.name.clone(), counter: c.name.to_string(), value: *v })
        .collect();
    out.sort_by(|a, b| a.counter.cmp(&b.counter));
    out
}

fn push_values(out: &mut Vec<ClassValues>, class: &str, mut values: Vec<CounterValue>) {
    match out.iter_mut().find(|c| c.class == class) {
        Some(c) => c.values.append(&mut values),
        None => out.push(ClassValues { class: class.to_string(), values }),
    }
}

fn find_instance<'i>(def: &ClassDef, all: &'i [Instance], typed: &str) -> Result<&'i Instance> {
    all.iter().find(|i| i.name == typed.trim()).ok_or_else(|| EngineError::PerfUnknownInstance {
        class: def.name.to_string(),
        instance: typed.trim().to_string(),
    })
}

fn counter_of(def: &ClassDef, typed: &str) -> Result<&'static CounterDef> {
    def.counter(typed).ok_or_else(|| EngineError::PerfUnknownCounter {
        class: def.name.to_string(),
        counter: typed.trim().to_string(),
    })
}

/// `show perf query class|counter|instance|path ...`.
pub fn query(op: &Op, q: &Query) -> Result<PerfQuery> {
    let node = op.node();
    let sampler = Sampler::new(node);
    let mut out = Vec::new();
    match q {
        Query::Class(names) => {
            check_count("classes", names)?;
            for n in names {
                let def = class_on(node, n)?;
                let all = (def.instances)(&sampler)?;
                let values = all.iter().flat_map(|i| rows(def, i, None)).collect();
                push_values(&mut out, def.name, values);
            }
        }
        Query::Counter { class, counters } => {
            check_count("counters", counters)?;
            let def = class_on(node, class)?;
            let wanted = counters.iter().map(|c| counter_of(def, c)).collect::<Result<Vec<_>>>()?;
            let all = (def.instances)(&sampler)?;
            let values = all.iter().flat_map(|i| rows(def, i, Some(&wanted))).collect();
            push_values(&mut out, def.name, values);
        }
        Query::Instance { class, instances } => {
            check_count("instances", instances)?;
            let def = class_on(node, class)?;
            if def.singleton {
                return Err(EngineError::PerfSingleton { class: def.name.to_string() });
            }
            let all = (def.instances)(&sampler)?;
            let mut values = Vec::new();
            for i in instances {
                values.extend(rows(def, find_instance(def, &all, i)?, None));
            }
            push_values(&mut out, def.name, values);
        }
        Query::Path(specs) => {
            check_count("paths", specs)?;
            for s in specs {
                let p = parse_path(s)?;
                let def = class_on(node, &p.class)?;
                let counter = counter_of(def, &p.counter)?;
                let all = (def.instances)(&sampler)?;
                let picked: Vec<&Instance> = match (&p.instance, def.singleton) {
                    (Some(_), true) => {
                        return Err(EngineError::PerfSingleton { class: def.name.to_string() })
                    }
                    (Some(i), false) => vec![find_instance(def, &all, i)?],
                    (None, _) => all.iter().collect(),
                };
                let values = picked.into_iter().flat_map(|i| rows(def, i, Some(&[counter]))).collect();
                push_values(&mut out, def.name, values);
            }
        }
    }
    Ok(PerfQuery { kind: q.kind(), classes: out })
}

/// The categories of the classes this node has, sorted.
fn categories(product: Product) -> Vec<&'static str> {
    let mut c: Vec<&str> = CLASSES.iter().filter(|c| c.on(product)).map(|c| c.category).collect();
    c.sort_unstable();
    c.dedup();
    c
}

/// `show perf list categories | classes [cat <c>] [detail] | counters <class> [detail] |
/// instances <class> [detail]`.
pub fn list(op: &Op, what: &ListWhat, detail: bool) -> Result<PerfList> {
    let node = op.node();
    let product = node.product();
    let entry = |name: &str, help: Option<&str>| ListEntry {
        name: name.to_string(),
        help: help.filter(|_| detail).map(str::to_string),
        values: Vec::new(),
    };
    Ok(match what {
        ListWhat::Categories => PerfList {
            kind: ListKind::Categories,
            of: None,
            detail: false,
            entries: categories(product).into_iter().map(|c| entry(c, None)).collect(),
        },
        ListWhat::Classes { category } => {
            let cat = match category {
                Some(typed) => Some(
                    categories(product).into_iter().find(|c| normalise(c) == normalise(typed)).ok_or_else(
                        || EngineError::PerfUnknownCategory { category: typed.trim().to_string() },
                    )?,
                ),
                None => None,
            };
            let mut defs: Vec<&ClassDef> =
                CLASSES.iter().filter(|c| c.on(product) && cat.is_none_or(|k| c.category == k)).collect();
            defs.sort_by_key(|c| c.name);
            PerfList {
                kind: ListKind::Classes,
                of: cat.map(str::to_string),
                detail,
                entries: defs.into_iter().map(|c| entry(c.name, Some(c.help))).collect(),
            }
        }
        ListWhat::Counters { class } => {
            let def = class_on(node, class)?;
            let mut counters: Vec<&CounterDef> = def.counters.iter().collect();
            counters.sort_by_key(|c| c.name);
            PerfList {
                kind: ListKind::Counters,
                of: Some(def.name.to_string()),
                detail,
                entries: counters.into_iter().map(|c| entry(c.name, Some(c.help))).collect(),
            }
        }
        ListWhat::Instances { class } => {
            let def = class_on(node, class)?;
            if def.singleton {
                return Err(EngineError::PerfSingleton { class: def.name.to_string() });
            }
            let sampler = Sampler::new(node);
            let all = (def.instances)(&sampler)?;
            PerfList {
                kind: ListKind::Instances,
                of: Some(def.name.to_string()),
                detail,
                entries: all
                    .iter()
                    .map(|i| ListEntry {
                        name: i.name.clone(),
                        help: None,
                        values: if detail { rows(def, i, None) } else { Vec::new() },
                    })
                    .collect(),
            }
        }
    })
}

/// `show perf counterhelp <class> <counter>`.
pub fn counterhelp(op: &Op, class: &str, counter: &str) -> Result<CounterHelp> {
    let def = class_on(op.node(), class)?;
    let c = counter_of(def, counter)?;
    Ok(CounterHelp { class: def.name.to_string(), counter: c.name.to_string(), help: c.help.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_commas_outside_quotes() {
        assert_eq!(split_list("a").ok(), Some(vec!["a".to_string()]));
        assert_eq!(
            split_list("\"Cisco Presence Engine\", Memory").ok(),
            Some(vec!["Cisco Presence Engine".to_string(), "Memory".to_string()])
        );
        assert_eq!(split_list("\"a,b\",c").ok(), Some(vec!["a,b".to_string(), "c".to_string()]));
        assert!(split_list("a,,b").is_err());
        assert!(split_list(" ").is_err());
    }

    #[test]
    fn paths_name_class_instance_and_counter() {
        assert_eq!(
            parse_path("Process(ccm)\\VmRSS").ok(),
            Some(PathSpec { class: "Process".into(), instance: Some("ccm".into()), counter: "VmRSS".into() })
        );
        assert_eq!(
            parse_path("Memory\\% Mem Used").ok(),
            Some(PathSpec { class: "Memory".into(), instance: None, counter: "% Mem Used".into() })
        );
        assert!(parse_path("Memory").is_err());
        assert!(parse_path("Process()\\VmRSS").is_err());
        assert!(parse_path("\\VmRSS").is_err());
    }

    #[test]
    fn every_class_is_well_formed() {
        for c in CLASSES {
            assert!(!c.counters.is_empty(), "{}", c.name);
            assert!(!c.products.is_empty(), "{}", c.name);
            let mut names: Vec<&str> = c.counters.iter().map(|x| x.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), c.counters.len(), "{}: duplicate counters", c.name);
            assert!(c.counters.iter().all(|x| x.name.len() <= 30 && !x.help.is_empty()), "{}", c.name);
        }
        let mut names: Vec<String> = CLASSES.iter().map(|c| normalise(c.name)).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CLASSES.len(), "duplicate classes");
    }
}
