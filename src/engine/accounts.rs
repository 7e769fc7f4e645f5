//! CLI accounts of a node (`accounts.toml`): salted argon2 password hashes, privilege
//! levels, and lockout after repeated failures. Passwords never leave this module in any
//! form but a hash, and are never logged.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::error::{EngineError, PasswordRule, Result};
use super::events::{self, Event};
use super::node::NodeHandle;
use super::session::{Session, LEVEL_MASTER, LEVEL_STANDARD};
use super::store;
use crate::engine::op::Op;

pub const PRIMARY_ADMIN: &str = "admin";
pub const MIN_PASSWORD_LEN: usize = 6;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub level: u8,
    /// The node's primary administrator: created by `cluster init`, cannot be deleted.
    #[serde(default)]
    pub primary: bool,
    /// PHC string of a salted argon2id hash; `None` until a password is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
    #[serde(default)]
    pub failed_attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Accounts {
    #[serde(rename = "account", default)]
    pub accounts: Vec<Account>,
}

/// What `show account` lists about one account (never the hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountInfo {
    pub name: String,
    pub level: u8,
    pub primary: bool,
    pub has_password: bool,
    pub locked: bool,
}

pub fn hash_password(password: &str) -> Result<String> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes)
        .map_err(|e| EngineError::Internal { what: format!("cannot make a salt: {e}") })?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| EngineError::Internal { what: format!("cannot hash the password: {e}") })
}

/// An argon2id hash with a given salt: the same text wherever it is computed, for a
/// secret that every replica of a database must hold alike (an application user's
/// password, seeded in each replica by `cluster init`).
pub fn hash_password_salted(password: &str, salt_bytes: &[u8; 16]) -> Result<String> {
    let salt = SaltString::encode_b64(salt_bytes)
        .map_err(|e| EngineError::Internal { what: format!("cannot make a salt: {e}") })?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| EngineError::Internal { what: format!("cannot hash the password: {e}") })
}

/// Whether `password` is the one of an argon2 PHC `hash` (a hash that is not one never
/// matches).
pub fn verify_password(hash: &str, password: &str) -> bool {
    verify(hash, password)
}

fn verify(hash: &str, password: &str) -> bool {
    #[cfg(test)]
    VERIFICATIONS.with(|n| n.set(n.get() + 1));
    if verified::seen(hash, password) {
        return true;
    }
    #[cfg(test)]
    ARGON2_RUNS.with(|n| n.set(n.get() + 1));
    let ok = PasswordHash::new(hash)
        .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false);
    if ok && hash != DECOY_HASH {
        verified::remember(hash, password);
    }
    ok
}

/// The logins this process has already checked with argon2, so a long-lived process (the
/// lab served over SSH: one login per connection, 50 at once from `ucsh --hosts-file`)
/// pays the deliberately slow hash once per password, not once per connection.
///
/// What is kept: for each stored hash (a PHC string, unique by its salt) that a password
/// matched, an HMAC-SHA-256 tag of that password under a key drawn at random when the
/// process starts and never written anywhere. Only a matching password finds its tag, so a
/// wrong password always costs the full argon2 check (no faster answer for guesses), and a
/// changed password has a new hash that nothing matches. The password itself is not kept.
/// Bounded: at most [`verified::MAX`] tags; when full, the table starts again empty.
mod verified {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};

    use hmac::{KeyInit, Mac};

    type Tag = hmac::Hmac<sha2::Sha256>;

    /// Most tags kept (one per account whose login succeeded since the process started).
    pub const MAX: usize = 4096;

    struct Table {
        key: [u8; 32],
        tags: HashMap<String, Vec<u8>>,
    }

    fn table() -> &'static Mutex<Table> {
        static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
        TABLE.get_or_init(|| Mutex::new(Table { key: rand::random(), tags: HashMap::new() }))
    }

    fn tag(key: &[u8; 32], hash: &str, password: &str) -> Option<Tag> {
        let mut mac = <Tag as KeyInit>::new_from_slice(key).ok()?;
        mac.update(hash.as_bytes());
        mac.update(&[0]);
        mac.update(password.as_bytes());
        Some(mac)
    }

    /// Whether `password` already matched `hash` in this process (compared in constant time).
    pub fn seen(hash: &str, password: &str) -> bool {
        let Ok(t) = table().lock() else { return false };
        let Some(stored) = t.tags.get(hash) else { return false };
        tag(&t.key, hash, password).is_some_and(|mac| mac.verify_slice(stored).is_ok())
    }

    pub fn remember(hash: &str, password: &str) {
        let Ok(mut t) = table().lock() else { return };
        if t.tags.len() >= MAX {
            t.tags.clear();
        }
        if let Some(mac) = tag(&t.key, hash, password) {
            let bytes = mac.finalize().into_bytes().to_vec();
            t.tags.insert(hash.to_string(), bytes);
        }
    }
}

#[cfg(test)]
thread_local! {
    static VERIFICATIONS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static ARGON2_RUNS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// A hash of no account's password, with the parameters `hash_password` uses: checked
/// against when the account does not exist or has no password, so a wrong password costs
/// the same time whether or not the account exists (27 ms against 3 ms told names apart).
const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$ykM5MpuVUlkpiBUlkTHRhA$n4jse5v81cgV+hIsoCVK6WogJRrXq0aomlOdEI1ktCY";

/// The time lockout is judged by: the wall clock, never the engine's pinnable clock, which
/// anyone who can set `UCSH_NOW` moves (a later time cleared the lock for good).
fn lockout_now() -> DateTime<Utc> {
    super::clock::Clock::system().now()
}

pub fn validate_name(name: &str) -> Result<()> {
    if name.is_empty() || name.len() > 32 || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(EngineError::AccountName { name: name.to_string() });
    }
    Ok(())
}

pub fn validate_password(name: &str, password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(EngineError::Password(PasswordRule::TooShort { min: MIN_PASSWORD_LEN }));
    }
    if password == name {
        return Err(EngineError::Password(PasswordRule::IsName));
    }
    if password.chars().any(|c| c.is_control()) {
        return Err(EngineError::Password(PasswordRule::Control));
    }
    Ok(())
}

pub fn load(node: &NodeHandle) -> Result<Accounts> {
    store::read_toml(&node.accounts_path())
}

fn update<R>(node: &NodeHandle, change: impl FnOnce(&mut Accounts) -> Result<R>) -> Result<R> {
    store::update_toml(node.dir(), &node.accounts_path(), change)
}

impl Accounts {
    pub fn get(&self, name: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.name == name)
    }

    fn get_mut(&mut self, name: &str) -> Result<&mut Account> {
        self.accounts
            .iter_mut()
            .find(|a| a.name == name)
            .ok_or_else(|| EngineError::UnknownAccount(name.to_string()))
    }
}

/// Writes the primary administrator at `cluster init`.
pub fn init_primary(node: &NodeHandle, password_hash: Option<String>, now: DateTime<Utc>) -> Result<()> {
    let accounts = Accounts {
        accounts: vec![Account {
            name: PRIMARY_ADMIN.to_string(),
            level: LEVEL_MASTER,
            primary: true,
            password_hash,
            failed_attempts: 0,
            locked_until: None,
            created_at: now,
        }],
    };
    store::write_toml(&node.accounts_path(), &accounts)
}

/// The session of the local owner of the lab: the primary administrator, no password asked.
pub fn local_owner_session(node: &NodeHandle) -> Result<Session> {
    let accounts = load(node)?;
    let primary = accounts
        .accounts
        .iter()
        .find(|a| a.primary)
        .ok_or_else(|| EngineError::UnknownAccount(PRIMARY_ADMIN.to_string()))?;
    Ok(Session::new(&primary.name, primary.level, true))
}

/// The session of an account whose login was checked elsewhere: by `ucsh cluster serve`
/// (which ran [`authenticate`] before starting the login shell), or by the system's sshd
/// for a Unix user whose login shell is ucsh. Not an escalation: whoever can start this
/// owns the lab's files anyway, as [`local_owner_session`] already assumes.
pub fn login_session(node: &NodeHandle, name: &str) -> Result<Session> {
    let accounts = load(node)?;
    let account = accounts.get(name).ok_or_else(|| EngineError::UnknownAccount(name.to_string()))?;
    Ok(Session::new(&account.name, account.level, account.primary))
}

/// Checks a password; counts failures and locks the account after too many. Lockout goes
/// by the wall clock (`now`, the engine clock, is not used for it), and an unknown account
/// costs the same work as a wrong password: one hash check and one write.
pub fn authenticate(node: &NodeHandle, name: &str, password: &str, now: DateTime<Utc>) -> Result<Session> {
    let _ = now;
    let now = lockout_now();
    let locking = node.platform()?.accountlocking;
    update(node, |accounts| {
        let Ok(account) = accounts.get_mut(name) else {
            let _ = verify(DECOY_HASH, password);
            return Ok(Session::new("", 0, false));
        };
        if let Some(until) = account.locked_until {
            if until > now {
                return Err(EngineError::AccountLocked {
                    account: name.to_string(),
                    seconds: (until - now).num_seconds().max(1),
                });
            }
            account.locked_until = None;
            account.failed_attempts = 0;
        }
        let ok = verify(account.password_hash.as_deref().unwrap_or(DECOY_HASH), password)
            && account.password_hash.is_some();
        if ok {
            account.failed_attempts = 0;
            return Ok(Session::new(&account.name, account.level, account.primary));
        }
        account.failed_attempts += 1;
        if locking.enabled && account.failed_attempts >= locking.count {
            account.locked_until = Some(now + Duration::seconds(i64::from(locking.unlock_seconds)));
        }
        Ok(Session::new("", 0, false))
    })
    .and_then(|s| if s.account.is_empty() { Err(EngineError::AuthFailed(name.to_string())) } else { Ok(s) })
}

/// A CLI login (`ucsh --account`): checks the password and records the login, or the
/// failed attempt, in the node's audit log. A failure is delivered to remote syslog at once:
/// no command follows to deliver it.
pub fn login(node: &NodeHandle, name: &str, password: &str) -> Result<Session> {
    login_from(node, name, password, &super::everyday::LoginSource::console())
}

/// [`login`] from `from`, which the login records (`show logins`) keep.
pub fn login_from(
    node: &NodeHandle,
    name: &str,
    password: &str,
    from: &super::everyday::LoginSource,
) -> Result<Session> {
    let result = authenticate(node, name, password, node.now());
    super::everyday::record_login(node, name, result.is_ok(), from);
    match result {
        Ok(session) => {
            events::emit(node, &Event::audit("LoginSuccessful", format!("CLI login successful for {name}")));
            Ok(session)
        }
        Err(e) => {
            events::emit(node, &Event::audit("LoginFailed", format!("CLI login failed for {name}")));
            let _ = super::syslog::flush(node);
            Err(e)
        }
    }
}

/// `set account name <name>`: a new account of level 0 or 1.
pub fn create(op: &Op, name: &str, level: u8, password: &str, now: DateTime<Utc>) -> Result<()> {
    let node = op.node();
    validate_name(name)?;
    if level > LEVEL_STANDARD {
        return Err(EngineError::AccountLevel { level });
    }
    validate_password(name, password)?;
    let hash = hash_password(password)?;
    update(node, |accounts| {
        if accounts.get(name).is_some() {
            return Err(EngineError::AccountExists(name.to_string()));
        }
        accounts.accounts.push(Account {
            name: name.to_string(),
            level,
            primary: false,
            password_hash: Some(hash),
            failed_attempts: 0,
            locked_until: None,
            created_at: now,
        });
        Ok(())
    })?;
    op.record(Event::audit(
        "AccountCreated",
        format!("CLI account {name} created with privilege level {level} by {}", op.session().account),
    ));
    Ok(())
}

/// `delete account <name>`. Level 4 (the catalog's), as creating and listing accounts are:
/// at level 1 an account could remove every other standard account.
pub fn delete(op: &Op, name: &str) -> Result<()> {
    let (node, session) = (op.node(), op.session());
    update(node, |accounts| {
        let account = accounts.get(name).ok_or_else(|| EngineError::UnknownAccount(name.to_string()))?;
        if account.primary {
            return Err(EngineError::PrimaryUndeletable { name: name.to_string() });
        }
        if account.name == session.account {
            return Err(EngineError::DeleteSelf);
        }
        if account.level > session.level {
            return Err(EngineError::PrivilegeDenied { required: account.level, have: session.level });
        }
        accounts.accounts.retain(|a| a.name != name);
        Ok(())
    })?;
    op.record(Event::audit(
        "AccountDeleted",
        format!("CLI account {name} deleted by {}", op.session().account),
    ));
    Ok(())
}

/// Whether `set password user <name>` asks for the old password; refuses, before any
/// question, another account's password below level 4.
pub fn needs_old_password(op: &Op, name: &str) -> Result<bool> {
    if name != op.session().account {
        op.session().require(LEVEL_MASTER)?;
    }
    let accounts = load(op.node())?;
    let account = accounts.get(name).ok_or_else(|| EngineError::UnknownAccount(name.to_string()))?;
    Ok(account.password_hash.is_some())
}

/// `set password user <name>`. Changing another account's password needs level 4.
pub fn set_password(op: &Op, name: &str, old: Option<&str>, new: &str) -> Result<()> {
    let (node, session) = (op.node(), op.session());
    if name != session.account {
        session.require(LEVEL_MASTER)?;
    }
    validate_password(name, new)?;
    let hash = hash_password(new)?;
    update(node, |accounts| {
        let account = accounts.get_mut(name)?;
        if let Some(current) = &account.password_hash {
            if !old.is_some_and(|o| verify(current, o)) {
                return Err(EngineError::OldPasswordWrong);
            }
        }
        account.password_hash = Some(hash);
        account.failed_attempts = 0;
        account.locked_until = None;
        Ok(())
    })?;
    op.record(Event::audit(
        "PasswordChanged",
        format!("Password of CLI account {name} changed by {}", op.session().account),
    ));
    Ok(())
}

/// `show account`.
pub fn list(op: &Op, now: DateTime<Utc>) -> Result<Vec<AccountInfo>> {
    let node = op.node();
    let _ = now;
    let now = lockout_now();
    Ok(load(node)?
        .accounts
        .iter()
        .map(|a| AccountInfo {
            name: a.name.clone(),
            level: a.level,
            primary: a.primary,
            has_password: a.password_hash.is_some(),
            locked: a.locked_until.is_some_and(|u| u > now),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decoy_hash_has_the_parameters_of_real_ones() {
        let real = hash_password("whatever1").expect("hash");
        let params = |h: &str| h.rsplitn(3, '$').nth(2).map(str::to_string);
        assert_eq!(params(&real), params(DECOY_HASH));
    }

    /// A wrong password costs one hash check whether or not the account exists (the time
    /// of that check is what told existing names from unknown ones).
    #[test]
    fn unknown_accounts_cost_one_hash_check_like_known_ones() {
        let t = tempfile::tempdir().expect("tempdir");
        let opts =
            crate::engine::deployment::InitOptions { cm_subscribers: 1, sample_data: false, population: 0 };
        let clock = crate::engine::Clock::system();
        let (lab, _) = crate::engine::Lab::init(
            &t.path().join("lab"),
            &opts,
            None,
            crate::engine::lab::Existing::Refuse,
            clock,
        )
        .expect("lab");
        let op = crate::engine::Op::owner(&lab, "cucm-pub", crate::engine::NodeState::Up).expect("op");
        create(&op, "ops", 1, "opspass1", clock.now()).expect("ops");
        let node = lab.node("cucm-pub").expect("node");
        for name in ["ops", "nosuchaccount", "admin"] {
            let before = VERIFICATIONS.with(std::cell::Cell::get);
            let err = authenticate(&node, name, "wrong-password", clock.now()).expect_err("wrong password");
            assert!(matches!(err, EngineError::AuthFailed(_)), "{err}");
            assert_eq!(VERIFICATIONS.with(std::cell::Cell::get) - before, 1, "{name}");
        }
    }

    #[test]
    fn a_password_already_checked_skips_argon2_and_a_wrong_one_never_does() {
        let runs = || ARGON2_RUNS.with(std::cell::Cell::get);
        let hash = hash_password("first-secret").expect("hash");
        let start = runs();
        assert!(verify(&hash, "first-secret"));
        assert_eq!(runs() - start, 1, "the first login pays argon2");
        assert!(verify(&hash, "first-secret"));
        assert_eq!(runs() - start, 1, "the second is found in the table");
        assert!(!verify(&hash, "first-secreT"));
        assert!(!verify(&hash, "first-secreT"));
        assert_eq!(runs() - start, 3, "a wrong password always pays argon2");
        // A new password is a new hash: the old password matches nothing.
        let changed = hash_password("second-secret").expect("hash");
        assert!(!verify(&changed, "first-secret"));
        assert!(verify(&changed, "second-secret"));
        assert_eq!(runs() - start, 5);
        // The decoy is never remembered.
        let decoy_runs = runs();
        let _ = verify(DECOY_HASH, "anything");
        let _ = verify(DECOY_HASH, "anything");
        assert_eq!(runs() - decoy_runs, 2);
    }
}
