//! The node's activity counters (`perf/counters.toml` in the node's folder): what the
//! engine has really done, counted where it does it, for the perf counters that count
//! events rather than read a state (sessions, processes and disk space are derived each
//! time and never stored here).
//!
//! [`add`] is the one way in: it changes the file under the node lock and replaces it
//! atomically, so two commands counting at once lose nothing and a killed process leaves
//! the old or the new file. A counter that was never counted reads 0. At most
//! [`MAX_COUNTERS`] counters are kept per node (a counter beyond that is refused, so the
//! file cannot grow without bound).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::engine::error::{EngineError, Result};
use crate::engine::node::NodeHandle;
use crate::engine::store;

/// The most counters (class, instance, counter) one node keeps.
pub const MAX_COUNTERS: usize = 10_000;

/// `perf/counters.toml`: class -> "instance\counter" (instance empty for a singleton) -> value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CounterStore {
    #[serde(default)]
    pub class: BTreeMap<String, BTreeMap<String, u64>>,
}

impl CounterStore {
    /// A counter's value (0 when never counted).
    pub fn get(&self, class: &str, instance: &str, counter: &str) -> u64 {
        self.class.get(class).and_then(|c| c.get(&key(instance, counter))).copied().unwrap_or(0)
    }

    fn len(&self) -> usize {
        self.class.values().map(BTreeMap::len).sum()
    }
}

fn key(instance: &str, counter: &str) -> String {
    format!("{instance}\\{counter}")
}

fn path(node: &NodeHandle) -> PathBuf {
    node.dir().join("perf").join("counters.toml")
}

/// The node's counters as stored.
pub fn load(node: &NodeHandle) -> Result<CounterStore> {
    store::read_toml(&path(node))
}

/// Adds `n` to a counter of `class` (`instance` empty for a singleton class); returns the
/// new value. The class and counter must be in the registry ([`super::classes::CLASSES`]).
pub fn add(node: &NodeHandle, class: &str, instance: &str, counter: &str, n: u64) -> Result<u64> {
    let def =
        super::find_class(class).ok_or_else(|| EngineError::PerfUnknownClass { class: class.to_string() })?;
    let counter_def = def.counter(counter).ok_or_else(|| EngineError::PerfUnknownCounter {
        class: def.name.to_string(),
        counter: counter.to_string(),
    })?;
    let path = path(node);
    store::update_toml(node.dir(), &path, |s: &mut CounterStore| {
        let k = key(instance, counter_def.name);
        let exists = s.class.get(def.name).is_some_and(|c| c.contains_key(&k));
        if !exists && s.len() >= MAX_COUNTERS {
            return Err(EngineError::PerfStoreFull { max: MAX_COUNTERS });
        }
        let v = s.class.entry(def.name.to_string()).or_default().entry(k).or_insert(0);
        *v = v.saturating_add(n);
        Ok(*v)
    })
}
