//! Typed engine errors. The engine says *what* went wrong with the data needed to explain
//! it; the platform's wording for each lives in `crate::render::wording`, and the mapping
//! to exit codes in one place in the front.

use std::path::PathBuf;

pub type Result<T, E = EngineError> = std::result::Result<T, E>;

/// What is wrong with a CA certificate given to `utils remotesyslog import cacert`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateProblem {
    #[error("The certificate is not valid PEM: {0}")]
    NotPem(String),
    #[error("No certificate found: expected a PEM block starting with -----BEGIN CERTIFICATE-----")]
    NoCertificate,
    #[error("The certificate cannot be used as a CA certificate: {0}")]
    NotCa(String),
    #[error("Invalid certificate name: {0}")]
    BadName(String),
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The session's privilege level is below what the command needs.
    #[error("privilege level {required} is required; this account has level {have}")]
    PrivilegeDenied { required: u8, have: u8 },
    /// Only the node's primary administrator (the account `cluster init` created) may do this.
    #[error("only the primary administrator account may run this command")]
    PrimaryAdminOnly,
    /// The node the command is aimed at is down.
    #[error("node {node} is not reachable")]
    NodeDown { node: String },
    #[error("no node named {0}")]
    UnknownNode(String),
    #[error("no cluster named {0}")]
    UnknownCluster(String),
    #[error("unknown service name: {0}")]
    UnknownService(String),
    #[error("no account named {0}")]
    UnknownAccount(String),
    #[error("an account named {0} already exists")]
    AccountExists(String),
    #[error("authentication failed for {0}")]
    AuthFailed(String),
    #[error("account {account} is locked for {seconds} more seconds")]
    AccountLocked { account: String, seconds: i64 },
    /// The command does not exist on this node's role (e.g. an IM and Presence command on CM).
    #[error("this command is not available on a {role} node")]
    WrongRole { role: String },
    /// Input the engine refuses, with the reason in plain words.
    #[error("{0}")]
    Invalid(String),
    /// A table that is not in this node's database (Informix's -206).
    #[error("table {table} is not in the database")]
    UnknownTable { table: String },
    /// A table a lab command names that the node's database lacks.
    #[error("the {product} database has no table {table}")]
    LabTable { table: String, product: &'static str },
    /// A replicate name the cluster does not define (`<prefix><table>`).
    #[error("replicate {name} is not defined")]
    UnknownReplicate { name: String, prefix: String },
    /// A number outside the range a setting takes.
    #[error("{what} {given} is outside {min}-{max} {unit}")]
    OutOfRange { what: &'static str, given: i64, min: i64, max: i64, unit: &'static str },
    /// No core file to analyze: none at all, or not the one named.
    #[error("core file not found")]
    CoreNotFound { name: Option<String>, active: bool },
    /// A file in the core folder that is not a core this node wrote.
    #[error("{name} is not a core file")]
    NotACore { name: String },
    /// NTP servers asked of a node that follows another node's time.
    #[error("{node} takes its time from {source_node}")]
    NtpFollows { node: String, source_node: String, address: String },
    /// The NTP server list is full.
    #[error("at most {max} NTP servers")]
    NtpServerLimit { max: usize },
    /// A diagnostic module that does not exist.
    #[error("unknown diagnostic module {name}")]
    UnknownModule { name: String },
    /// Something ucsh itself failed at (a thread, the random source, a compressor), not the
    /// input: the operation stopped and changed nothing it had not finished.
    #[error("internal error: {what}")]
    Internal { what: String },
    /// A folder that could not be listed.
    #[error("cannot read {spec}: {why}")]
    ReadFolder { spec: String, why: String },
    /// `file build log` without a name.
    #[error("no service or feature name")]
    NoBuildLogName,
    /// A CA certificate that cannot be read or used.
    #[error("{problem}")]
    Certificate { problem: CertificateProblem },
    /// A cluster lacks the publisher a command needs.
    #[error("cluster {cluster} has no {product} publisher")]
    NoPublisher { cluster: String, product: &'static str },
    /// `utils users validate`: a peer cluster without an IM and Presence publisher.
    #[error("cluster {cluster} has no IM and Presence publisher")]
    PeerWithoutImp { cluster: String, local: String },
    /// More user text than `utils users validate` can hold.
    #[error("too much user text")]
    UsersTooLarge { path: Option<PathBuf> },
    /// A node named where a node of this cluster and product is wanted.
    #[error("{name} is not a {product} node of this cluster")]
    NotInCluster { name: String, product: &'static str },
    /// The publisher named where a subscriber is wanted.
    #[error("{publisher} is the publisher")]
    IsPublisher { publisher: String },
    /// A node named that is not a subscriber of the publisher's cluster.
    #[error("{name} is not a subscriber of {publisher}")]
    NotSubscriber { name: String, product: &'static str, publisher: String },
    /// A replication fault on a node with nothing to replicate to.
    #[error("{node} has no subscribers")]
    NoSubscribers { node: String },
    /// `cluster fault diverge` on a table it cannot change, or with more rows than it has.
    #[error("cannot diverge {table}")]
    DivergeTable { table: String, rows: Option<(i64, String)> },
    /// A line of an import file that cannot be imported.
    #[error("{file} line {line}: {why}")]
    ImportLine { file: PathBuf, line: u64, why: String },
    /// An import file that cannot be read.
    #[error("cannot read {file}: {why}")]
    ImportFile { file: PathBuf, why: String },
    /// The lab has no cluster to import into.
    #[error("the lab has no cluster")]
    NoCluster,
    /// `run sql`'s result past what it holds.
    #[error("result too large")]
    SqlResultTooLarge { rows: usize, megabytes: usize },
    /// A node fault that is already so (`node-down` on a node that is down).
    #[error("{node} is already {}", if *up { "up" } else { "down" })]
    AlreadyUpOrDown { node: String, up: bool },
    /// A lab layout that cannot be built.
    #[error("invalid lab layout: {why}")]
    LayoutInvalid { why: String },
    /// `set timezone` with a zone the time zone database does not have.
    #[error("unknown time zone {given}")]
    UnknownTimezone { given: String },
    /// `show registry` for a system, component or key the node's registry lacks.
    #[error("no registry entry {system} {component}")]
    RegistryNotFound { system: String, component: String, name: Option<String> },
    /// `utils system switch-version` on a node with nothing on its inactive partition.
    #[error("no inactive version")]
    NoInactiveVersion,
    /// A regular expression `show open` cannot use.
    #[error("invalid regular expression {given}")]
    BadRegexp { given: String },
    /// A Cisco Extension Mobility parameter value out of its range (issue #17).
    #[error("{name}: invalid value {value:?}: {why}")]
    EmParamInvalid { name: String, value: String, why: String },
    /// A name that is not a Cisco Extension Mobility or EMCC parameter.
    #[error("unknown Extension Mobility parameter {name}")]
    EmParamUnknown { name: String },
    /// A user ID no cluster of the lab has (or not the one named).
    #[error("no end user {user}")]
    EmUnknownUser { user: String },
    /// A device name the cluster does not have.
    #[error("no device {device}")]
    EmUnknownDevice { device: String },
    /// A headset serial number the cluster does not have.
    #[error("no headset {serial}")]
    EmUnknownHeadset { serial: String },
    /// A user with the 15 headsets seed 002 allows.
    #[error("{user} has {max} headsets")]
    EmHeadsetLimit { user: String, max: i64 },
    /// A serial number that belongs to another user (seed 002).
    #[error("{serial} belongs to {owner}")]
    EmHeadsetOwned { serial: String, owner: String },
    /// A headset serial number that is empty, too long or not printable.
    #[error("invalid serial number {serial:?}")]
    EmHeadsetSerial { serial: String },
    /// The EMCC login of a user whose home is the phone's own cluster.
    #[error("{user} is a user of {cluster}")]
    EmccSameCluster { user: String, cluster: String },
    /// `cluster emcc remote-cluster add` of a cluster ID already configured.
    #[error("{cluster} already has the remote cluster {remote}")]
    EmccRemoteExists { cluster: String, remote: String },
    /// A remote cluster ID the cluster has not configured.
    #[error("{cluster} has no remote cluster {remote}")]
    EmccRemoteUnknown { cluster: String, remote: String },
    /// A cluster's own ID given as its remote cluster.
    #[error("{cluster} cannot be its own remote cluster")]
    EmccRemoteSelf { cluster: String },
    /// A remote cluster service that is not EMCC, PSTN Access or RSVP Agent (TFTP stays off).
    #[error("invalid remote cluster service {name}")]
    EmccRemoteService { name: String },
    /// Update Remote Cluster Now on a publisher whose EM service (or database) is not running.
    #[error("{service} is not running on {node}")]
    EmServiceDown { node: String, service: String },
    /// A `--from-file` batch past its bound, or a row that cannot be read.
    #[error("{file}: {why}")]
    EmBatch { file: PathBuf, why: String },
    /// An EM API request document that cannot be read or is past its bound.
    #[error("{file}: {why}")]
    EmApiRequest { file: PathBuf, why: String },
    /// A state the operation cannot run in (e.g. a lab already exists).
    #[error("{0}")]
    Conflict(String),
    /// `cluster init` without replacing, where a lab already is.
    #[error("a lab already exists in {0}")]
    LabExists(PathBuf),
    /// A number of CM subscribers the standard lab cannot have.
    #[error("the number of CM subscribers must be between 1 and {max}")]
    SubscriberCount { max: u32 },
    /// A login pacing that is neither milliseconds nor `off`.
    #[error("invalid pacing {given:?}")]
    PacingInvalid { given: String },
    /// A size of trace history that is not a number with an optional K, M or G.
    #[error("invalid size {given:?}")]
    TraceSize { given: String },
    /// Days of trace history outside what can be generated.
    #[error("days of trace history must be between 1 and {max}")]
    TraceDays { max: u32 },
    /// A node's database replica is not where the lab keeps it.
    #[error("the database replica {path} is missing")]
    ReplicaMissing { path: PathBuf },
    /// A node's database replica lacks the tables a command reads.
    #[error("{path}: the database replica of {node} lacks the tables expected ({detail})")]
    ReplicaTables { path: PathBuf, node: String, detail: String },
    /// A service that is not activated was asked to start (or to crash).
    #[error("{service} is not activated")]
    ServiceNotActivated { service: String, crash: bool },
    /// A service that needs another one running first.
    #[error("{service} cannot start before {dependency} is running")]
    ServiceDependency { service: String, dependency: String },
    /// Activation asked of a network service (only feature services are activated).
    #[error("{service} is a network service")]
    NotAFeatureService { service: String },
    /// `show perf`: a class this node does not have.
    #[error("unknown perf class {class}")]
    PerfUnknownClass { class: String },
    /// `show perf`: a counter the class does not have.
    #[error("class {class} has no counter {counter}")]
    PerfUnknownCounter { class: String, counter: String },
    /// `show perf`: an instance the class does not have now.
    #[error("class {class} has no instance {instance}")]
    PerfUnknownInstance { class: String, instance: String },
    /// `show perf`: instances asked of a class that has none (a singleton).
    #[error("class {class} has no instances")]
    PerfSingleton { class: String },
    /// `show perf list classes cat`: a category this node does not have.
    #[error("unknown perf category {category}")]
    PerfUnknownCategory { category: String },
    /// `show perf query`: more classes, counters, instances or paths than the platform takes.
    #[error("at most {max} {what}")]
    PerfTooMany { what: &'static str, max: usize },
    /// `show perf query path`: not `class(instance)\counter` or `class\counter`.
    #[error("invalid path {spec}")]
    PerfBadPath { spec: String },
    /// `show perf query`: a list with an empty item.
    #[error("invalid list {list}")]
    PerfBadList { list: String },
    /// The node's activity counter store is full.
    #[error("the node keeps at most {max} activity counters")]
    PerfStoreFull { max: usize },
    /// A remote syslog protocol other than udp, tcp or tls.
    #[error("invalid protocol {given}")]
    SyslogProtocol { given: String },
    /// A remote syslog server that is configured already.
    #[error("remote syslog server {server} is already configured")]
    SyslogServerExists { server: String },
    /// No more remote syslog servers can be added.
    #[error("at most {max} remote syslog servers can be configured")]
    SyslogServerLimit { max: usize },
    /// A remote syslog server to delete that is not configured.
    #[error("remote syslog server {server} is not configured")]
    SyslogServerUnknown { server: String },
    /// Several remote syslog servers have the host name given without a port.
    #[error("several remote syslog servers are named {host}")]
    SyslogServerAmbiguous { host: String },
    /// A name `file build log` does not know.
    #[error("invalid service or feature name: {typed}")]
    UnknownBuildLogName { typed: String },
    /// A `file build log` duration outside the days it takes.
    #[error("invalid duration {days}")]
    BuildLogDays { days: String, min: u32, max: u32 },
    /// A regular expression that does not compile.
    #[error("invalid regular expression {pattern}: {reason}")]
    BadRegex { pattern: String, reason: String },
    /// A lock another process holds past the wait.
    #[error("{path} is locked by {holder}")]
    LockHeld { path: PathBuf, holder: String, seconds: u64 },
    /// An account name with characters other than letters and digits, or too long.
    #[error("invalid account name {name:?}")]
    AccountName { name: String },
    /// A new password that breaks a rule.
    #[error("the password breaks a rule: {0:?}")]
    Password(PasswordRule),
    /// A privilege level a new account cannot have.
    #[error("invalid privilege level {level}")]
    AccountLevel { level: u8 },
    /// The primary administrator account cannot be deleted.
    #[error("{name} is the primary administrator account")]
    PrimaryUndeletable { name: String },
    /// An account asked to delete itself.
    #[error("an account cannot delete itself")]
    DeleteSelf,
    /// The old password given to change a password is not the account's.
    #[error("the old password is incorrect")]
    OldPasswordWrong,
    /// A time that is not in a form the command takes.
    #[error("invalid time {text}")]
    BadTime { text: String },
    /// A local time the node's time zone skips (a daylight saving change).
    #[error("the time {text} does not exist in the node's time zone")]
    TimeNotInZone { text: String },
    /// A time window that ends before it starts.
    #[error("the end time {to} is before the start time {from}")]
    TimeOrder { from: String, to: String },
    /// A FIFO, socket or device where a file is read.
    #[error("{rel} is not a regular file")]
    NotRegularFile { rel: String },
    /// A file spec that matches several files where a command takes one.
    #[error("{spec} matches {count} files")]
    SeveralFiles { spec: String, count: usize },
    /// A branding file larger than any real one.
    #[error("{source_name} is {bytes} bytes, more than {max}")]
    BrandingTooLarge { source_name: String, bytes: u64, max: u64 },
    /// A remote syslog server name that is neither a host name nor an address.
    #[error("invalid server name or address: {host}")]
    SyslogHost { host: String },
    /// Port 0 for a remote syslog server.
    #[error("invalid port 0")]
    SyslogPortZero,
    /// A directory where a command takes a file (`delete`: `file delete` of a directory).
    #[error("{spec} is a directory")]
    IsDirectory { spec: String, delete: bool },
    // ----- database replication and `run sql` -----
    /// The node's own database service (A Cisco DB) is stopped.
    #[error("Cisco DB is not running")]
    DbNotRunning,
    /// A `utils dbreplication` command the platform runs only on the publisher.
    #[error("utils dbreplication {command} runs only on the publisher {publisher}")]
    PublisherOnly { command: String, publisher: String },
    /// `utils dbreplication stop <node|all>` given on a subscriber.
    #[error("a subscriber's replication stop takes no node name ({which})")]
    StopNamesNodeOnSubscriber { which: String, publisher: String },
    /// A replication runtime state asked of a cluster with one active node.
    #[error("the cluster has a single active node")]
    SingleActiveNode,
    /// Replication must be stopped on these subscribers first.
    #[error("replication is still running to {}", .nodes.join(", "))]
    ReplicationRunning { nodes: Vec<String> },
    /// A write statement given on a subscriber.
    #[error("database changes are not allowed on a subscriber")]
    SubscriberWrite { publisher: String },
    /// `run sql` with no statement.
    #[error("no SQL statement")]
    EmptySql,
    /// The lab directory holds no deployment.
    #[error("no lab deployment in {0}")]
    NoLab(PathBuf),
    /// A stored file could not be parsed.
    #[error("{path}: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    /// The user stopped a running command (Ctrl-C).
    #[error("interrupted")]
    Interrupted,
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sql(String),
    // ----- traces and files (the `file` family) -----
    /// A file spec that would leave its partition (`..`, an absolute path, a link outside).
    #[error("{path}: path refused, {reason}")]
    PathRefused { path: String, reason: String },
    /// Nothing in the partition matches the file spec.
    #[error("no such file or directory can be found: {partition} {spec}")]
    NoSuchFile { partition: String, spec: String },
    /// The SFTP server's host key differs from the one in the known-hosts file.
    #[error("the host key of {host} has changed (now {fingerprint}); refusing to connect")]
    HostKeyChanged { host: String, fingerprint: String },
    /// Connecting to or talking with an SFTP server failed.
    #[error("{0}")]
    Sftp(String),
    /// Sending one file failed; nothing of it is left under its final name.
    #[error("transfer of {file} failed: {reason}")]
    TransferFailed { file: String, reason: String },
    /// `utils branding enable` or `preview` found no uploaded branding.zip on the node.
    #[error("no branding file has been uploaded to node {node}")]
    NoBrandingFile { node: String },
    /// The uploaded branding.zip has problems; every one of them is in the validation.
    #[error("the branding file was refused: {} problem(s)", .0.errors().count())]
    BrandingRejected(Box<crate::engine::branding::Validation>),
    /// A manual HA action on a presence redundancy group whose High Availability is disabled.
    #[error("high availability is not enabled for {group}")]
    HaNotEnabled { action: &'static str, target: String, group: String },
    /// A fallback whose node's critical services did not start (the group is then Running
    /// in Failed Mode until recovery).
    #[error("the critical services of {node} did not start")]
    HaStartFailed { node: String, service: String, group: String },
    /// A manual failover or fallback refused in the group's current states (each node's
    /// name and state).
    #[error("manual {action} of {node} is not allowed now")]
    HaStateRefused { action: &'static str, node: String, group: String, states: Vec<(String, String)> },
    /// A move of users by the Server Recovery Manager (failover, fallback, recovery) did
    /// not reach the database: the group is Running in Failed Mode with `reason` until
    /// recovery.
    #[error("{reason}")]
    HaUsersNotMoved { action: &'static str, target: String, reason: &'static str, group: String },
    /// `cluster ha enable|disable` asked for the state the group is already in.
    #[error("high availability is already {} for {group}", if *enabled { "enabled" } else { "disabled" })]
    HaAlreadySet { group: String, enabled: bool },
    /// High Availability cannot be disabled while a failover is in force or the group failed.
    #[error("high availability of {group} cannot be disabled now")]
    HaBusy { group: String, states: Vec<String> },
    /// The IM address scheme cannot change while a group's High Availability is enabled.
    #[error("high availability is enabled for {group}")]
    ImAddressHaEnabled { group: String },
    /// The IM address scheme asked for is the cluster's already.
    #[error("the IM address scheme is already {scheme}")]
    ImAddressSame { scheme: &'static str },
    /// A service started out of the guide's order after an IM address scheme change.
    #[error("{service} cannot start before Cisco Presence Engine runs on every node")]
    ImAddressStartOrder { service: String, waiting: Vec<String> },
    /// A name that is not one of the node's own certificates (`show cert own`, `set cert regen`).
    #[error("no certificate named {given}")]
    UnknownCertificate { given: String, known: &'static [&'static str] },
    /// A name that is not in the node's trust stores (`show cert trust`).
    #[error("no trusted certificate named {0}")]
    UnknownTrustCertificate(String),
    /// The X.509 library could not make or read back a certificate.
    #[error("the {unit} certificate could not be made: {why}")]
    CertificateFailed { unit: String, why: String },
    /// A trust store the node does not have (`set cert import trust`).
    #[error("no trust store named {given}")]
    UnknownTrustStore { given: String, known: &'static [&'static str] },
    /// `utils disaster_recovery`: a feature that is not registered on the node.
    #[error("feature {given} is not registered")]
    DrfUnknownFeature { given: String, registered: Vec<String> },
    /// A backup folder that is not a plain path.
    #[error("invalid backup path {0}")]
    DrfBadPath(String),
    #[error("invalid device name {0}")]
    DrfBadDeviceName(String),
    #[error("device {0} already exists")]
    DrfDeviceExists(String),
    #[error("at most {max} backup devices")]
    DrfDeviceLimit { max: usize },
    #[error("no device named {0}")]
    DrfUnknownDevice(String),
    /// A backup name that is not the platform's `YYYY-MM-DD-HH-MM-SS`.
    #[error("invalid backup file name {0}")]
    DrfBadTarName(String),
    /// A restore server that is not a node of the cluster.
    #[error("{0} is not a server of this cluster")]
    DrfUnknownServer(String),
    /// An archive a restore refuses (nothing was changed).
    #[error("the backup {tar} cannot be restored: {why}")]
    DrfBadArchive { tar: String, why: String },
}

/// The rules a new password must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRule {
    /// At least this many characters.
    TooShort { min: usize },
    /// Not the account's name.
    IsName,
    /// No control characters.
    Control,
}

impl EngineError {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        EngineError::Io { context: context.into(), source }
    }
}

/// `?` on an `io::Result` inside the engine: `.ctx("reading x")?`.
pub trait IoContext<T> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| EngineError::io(context(), e))
    }
}
