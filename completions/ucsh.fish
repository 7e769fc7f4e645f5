# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ucsh_global_optspecs
    string join \n c/command= script= data-dir= node= account= format= yes keep-going generate= host= hosts-file= user= password-file= identity= agent known-hosts= accept-new parallel= connect-timeout= command-timeout= h/help V/version
end

function __fish_ucsh_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ucsh_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ucsh_using_subcommand
    set -l cmd (__fish_ucsh_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ucsh -n "__fish_ucsh_needs_command" -s c -l command -d 'Run this command line (repeatable; run in order)' -r
complete -c ucsh -n "__fish_ucsh_needs_command" -l script -d 'Run the commands of a file, one per line (`#` starts a comment)' -r -F
complete -c ucsh -n "__fish_ucsh_needs_command" -l data-dir -d 'The lab\'s data directory [default: $XDG_DATA_HOME/ucsh or ~/.local/share/ucsh]' -r -F
complete -c ucsh -n "__fish_ucsh_needs_command" -l node -d 'The node to run commands on [default: the publisher of the first cluster]' -r
complete -c ucsh -n "__fish_ucsh_needs_command" -l account -d 'Run as this CLI account (asks its password) instead of the lab\'s administrator' -r
complete -c ucsh -n "__fish_ucsh_needs_command" -l format -d 'Output: the platform\'s text, or one JSON document per command' -r -f -a "text\t''
json\t''"
complete -c ucsh -n "__fish_ucsh_needs_command" -l generate -d 'Write generated files (completions or man) into DIR and exit' -r
complete -c ucsh -n "__fish_ucsh_needs_command" -l host -d 'Run the commands on real nodes over SSH: `[user@]host[:port]`, comma-separated or repeated (see README, "Real nodes over SSH")' -r
complete -c ucsh -n "__fish_ucsh_needs_command" -l hosts-file -d 'Read the hosts from a file, one `[user@]host[:port]` a line (`#` comments)' -r -F
complete -c ucsh -n "__fish_ucsh_needs_command" -l user -d 'The CLI account for hosts that name none' -r
complete -c ucsh -n "__fish_ucsh_needs_command" -l password-file -d 'Read the password from the first line of FILE (otherwise asked once per account)' -r -F
complete -c ucsh -n "__fish_ucsh_needs_command" -l identity -d 'Log in with this private key file' -r -F
complete -c ucsh -n "__fish_ucsh_needs_command" -l known-hosts -d 'The known_hosts file host keys are checked against [default: ~/.ssh/known_hosts]' -r -F
complete -c ucsh -n "__fish_ucsh_needs_command" -l parallel -d 'At most N hosts at once' -r
complete -c ucsh -n "__fish_ucsh_needs_command" -l connect-timeout -d 'Seconds to connect, log in and reach the first admin: on a host' -r
complete -c ucsh -n "__fish_ucsh_needs_command" -l command-timeout -d 'Seconds one command may take on a host' -r
complete -c ucsh -n "__fish_ucsh_needs_command" -l yes -d 'Answer yes to every confirmation'
complete -c ucsh -n "__fish_ucsh_needs_command" -l keep-going -d 'Run every command even after one fails (the exit status is still the first failure\'s)'
complete -c ucsh -n "__fish_ucsh_needs_command" -l agent -d 'Log in with the keys of the running ssh-agent (SSH_AUTH_SOCK)'
complete -c ucsh -n "__fish_ucsh_needs_command" -l accept-new -d 'Record the key of a host not yet in known_hosts (a changed key is still refused)'
complete -c ucsh -n "__fish_ucsh_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ucsh -n "__fish_ucsh_needs_command" -s V -l version -d 'Print version'
complete -c ucsh -n "__fish_ucsh_needs_command" -a "cluster" -d 'Create, inspect and break the lab deployment (ucsh host commands)'
complete -c ucsh -n "__fish_ucsh_needs_command" -a "delete" -d 'Delete accounts and other objects'
complete -c ucsh -n "__fish_ucsh_needs_command" -a "exit" -d 'Leave the CLI session'
complete -c ucsh -n "__fish_ucsh_needs_command" -a "file" -d 'List, view, search, collect and transfer log files'
complete -c ucsh -n "__fish_ucsh_needs_command" -a "help" -d 'Show help for a command or a group of commands'
complete -c ucsh -n "__fish_ucsh_needs_command" -a "quit" -d 'Leave the CLI session'
complete -c ucsh -n "__fish_ucsh_needs_command" -a "run" -d 'Run database and other statements'
complete -c ucsh -n "__fish_ucsh_needs_command" -a "set" -d 'Change node and session settings'
complete -c ucsh -n "__fish_ucsh_needs_command" -a "show" -d 'Show node, cluster and session information'
complete -c ucsh -n "__fish_ucsh_needs_command" -a "utils" -d 'Utilities: services, replication, users, branding, syslog, system'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "branding-file" -d 'Place a branding.zip on a lab node'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "device" -d 'Register phones with the nodes'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "em" -d 'Extension Mobility logins, logouts and service parameters'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "emcc" -d 'Extension Mobility Cross Cluster logins, logouts, users and remote clusters'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "fault" -d 'Inject a fault (for tests and demonstrations)'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "grow" -d 'Grow a cluster\'s generated Extension Mobility population to N users'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "ha" -d 'Enable or disable High Availability of a presence redundancy group'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "headset" -d 'Associate headsets with users, plug them into phones'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "im-address-scheme" -d 'Change the IM address scheme of an IM and Presence cluster'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "import" -d 'Load users or devices from a CSV file'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "info" -d 'Show the lab: clusters, nodes, roles, addresses, versions, state'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "init" -d 'Create the standard lab'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "login" -d 'Try a CLI login on a node, as a client would'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "pacing" -d 'Make a node\'s logins start as slowly as the platform\'s'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "serve" -d 'Serve the lab over SSH: every node as ssh ACCOUNT@ADDRESS'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "trace-level" -d 'Set a service\'s trace level (Serviceability\'s Trace Configuration)'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and not __fish_seen_subcommand_from branding-file device em emcc fault grow ha headset im-address-scheme import info init login pacing serve trace-level traces" -f -a "traces" -d 'Generate days of trace history for the nodes\' services'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from device" -f -a "register" -d 'Register a phone with a CM node'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from device" -f -a "unregister" -d 'Unregister a phone'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from em" -f -a "login" -d 'Log users in to phones with Extension Mobility'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from em" -f -a "logout" -d 'Log users out of phones with Extension Mobility'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from em" -f -a "set-param" -d 'Set a Cisco Extension Mobility service or EMCC feature parameter'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from emcc" -f -a "disable-user" -d 'Clear Enable Extension Mobility Cross Cluster for a user'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from emcc" -f -a "enable-user" -d 'Check Enable Extension Mobility Cross Cluster for a user'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from emcc" -f -a "login" -d 'Log a user of another cluster in to a phone with EMCC'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from emcc" -f -a "logout" -d 'End an EMCC login on a phone'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from emcc" -f -a "remote-cluster" -d 'EMCC remote clusters, their services and their update'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "cert-expire" -d 'Make one of a node\'s certificates expired'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "disk-clear" -d 'Remove what disk-fill wrote'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "disk-fill" -d 'Fill a node\'s logging partition'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "diverge" -d 'Silently change rows of a table in one node\'s replica'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "imdb-break" -d 'Break the IMDB replication links of an IM and Presence node'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "node-down" -d 'Take a node down'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "node-up" -d 'Bring a node back up'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "ntp-reachable" -d 'Make an NTP server reachable again'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "ntp-unreachable" -d 'Make an NTP server unreachable from the lab'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "replication-break" -d 'Break the replication link of a node'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "replication-stop" -d 'Stop database replication to a node'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from fault" -f -a "service-crash" -d 'Make a service die on its own'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from grow" -l users -d 'generated users the cluster is to have (0-90000)' -r -f
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from grow" -l cluster -d 'the cluster (default: the first)' -r -f
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from ha" -f -a "disable" -d 'Disable High Availability for a presence redundancy group'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from ha" -f -a "enable" -d 'Enable High Availability for a presence redundancy group'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from headset" -f -a "associate" -d 'Associate a headset\'s serial number with a user'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from headset" -f -a "connect" -d 'Plug a headset into a phone (headset-based Extension Mobility)'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from headset" -f -a "disconnect" -d 'Unplug a headset from a phone'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from headset" -f -a "remove" -d 'Remove a headset\'s association with its user'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from import" -f -a "devices" -d 'Load devices from a CSV file into a cluster\'s publisher'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from import" -f -a "users" -d 'Load users from a CSV file into a cluster\'s publisher'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from init" -l cm-subscribers -d 'Communications Manager subscribers in cluster1 (1-8, default 1)' -r -f
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from init" -l admin-password-file -d 'file whose first line is the password of the administrator account admin' -r -F
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from init" -l users -d 'generated Extension Mobility users per cluster, with their profiles, phones, softphones and headsets (0-5000, default 2000; ucsh cluster grow makes more)' -r -f
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from init" -l layout -d 'build the lab of this layout (a deployment.toml: clusters, nodes, names, addresses, versions) instead of the standard one' -r -F
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from init" -l no-sample-data -d 'create the nodes without sample users, devices and headsets'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from init" -l force -d 'replace an existing lab (everything in it is lost)'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from login" -l password-file -d 'a file whose first line is the password to try' -r -F
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from login" -l from -d 'the client\'s address (default 127.0.0.1)' -r -f
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from serve" -l port-base -d 'listen on 127.0.0.1, one port per node from PORT, instead of port 22' -r -f
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from serve" -l max-sessions -d 'sessions that may run at once, over all nodes (1-1000, default 10; more are refused)' -r -f
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from serve" -l foreground -d 'stay attached (log to standard error) until interrupted'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from serve" -l stop -d 'stop the server and end its sessions'
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from traces" -l days -d 'days of history (1-365, default 7)' -r -f
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from traces" -l size -d 'bytes of trace text per node, such as 500M or 1G (default 64M)' -r -f
complete -c ucsh -n "__fish_ucsh_using_subcommand cluster; and __fish_seen_subcommand_from traces" -l node -d 'only this node' -r -f
complete -c ucsh -n "__fish_ucsh_using_subcommand delete; and not __fish_seen_subcommand_from account" -f -a "account" -d 'Delete a CLI account'
complete -c ucsh -n "__fish_ucsh_using_subcommand file; and not __fish_seen_subcommand_from build delete dump get list search tail view" -f -a "build" -d 'Build a bundle of trace files'
complete -c ucsh -n "__fish_ucsh_using_subcommand file; and not __fish_seen_subcommand_from build delete dump get list search tail view" -f -a "delete" -d 'Delete log files'
complete -c ucsh -n "__fish_ucsh_using_subcommand file; and not __fish_seen_subcommand_from build delete dump get list search tail view" -f -a "dump" -d 'Print the contents of a log file'
complete -c ucsh -n "__fish_ucsh_using_subcommand file; and not __fish_seen_subcommand_from build delete dump get list search tail view" -f -a "get" -d 'Send log files to an SFTP server'
complete -c ucsh -n "__fish_ucsh_using_subcommand file; and not __fish_seen_subcommand_from build delete dump get list search tail view" -f -a "list" -d 'List log files and folders'
complete -c ucsh -n "__fish_ucsh_using_subcommand file; and not __fish_seen_subcommand_from build delete dump get list search tail view" -f -a "search" -d 'Search log files for a regular expression'
complete -c ucsh -n "__fish_ucsh_using_subcommand file; and not __fish_seen_subcommand_from build delete dump get list search tail view" -f -a "tail" -d 'Show the last lines of a log file'
complete -c ucsh -n "__fish_ucsh_using_subcommand file; and not __fish_seen_subcommand_from build delete dump get list search tail view" -f -a "view" -d 'View a log file'
complete -c ucsh -n "__fish_ucsh_using_subcommand file; and __fish_seen_subcommand_from build" -f -a "log" -d 'Collect the traces of a service or feature into a tar.gz bundle'
complete -c ucsh -n "__fish_ucsh_using_subcommand run; and not __fish_seen_subcommand_from sql" -f -a "sql" -d 'Run an SQL statement on this node\'s database replica'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and not __fish_seen_subcommand_from account accountlocking cert cli password timezone" -f -a "account" -d 'Create CLI accounts'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and not __fish_seen_subcommand_from account accountlocking cert cli password timezone" -f -a "accountlocking" -d 'Account lockout after failed logins'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and not __fish_seen_subcommand_from account accountlocking cert cli password timezone" -f -a "cert" -d 'Regenerate the node\'s certificates, import trusted ones'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and not __fish_seen_subcommand_from account accountlocking cert cli password timezone" -f -a "cli" -d 'CLI session settings'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and not __fish_seen_subcommand_from account accountlocking cert cli password timezone" -f -a "password" -d 'Change passwords'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and not __fish_seen_subcommand_from account accountlocking cert cli password timezone" -f -a "timezone" -d 'Change the node\'s time zone'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and __fish_seen_subcommand_from account" -f -a "name" -d 'Create a CLI account'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and __fish_seen_subcommand_from accountlocking" -f -a "count" -d 'Set how many failed logins lock an account'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and __fish_seen_subcommand_from accountlocking" -f -a "disable" -d 'Stop locking CLI accounts after failed logins'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and __fish_seen_subcommand_from accountlocking" -f -a "enable" -d 'Lock CLI accounts after failed logins'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and __fish_seen_subcommand_from accountlocking" -f -a "unlocktime" -d 'Set how long a locked account stays locked'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and __fish_seen_subcommand_from cert" -f -a "import" -d 'Import a certificate'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and __fish_seen_subcommand_from cert" -f -a "regen" -d 'Regenerate one of the node\'s own certificates'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and __fish_seen_subcommand_from cli" -f -a "pagination" -d 'Turn automatic pagination of long output on or off'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and __fish_seen_subcommand_from cli" -f -a "session" -d 'CLI session timeout'
complete -c ucsh -n "__fish_ucsh_using_subcommand set; and __fish_seen_subcommand_from password" -f -a "user" -d 'Change the password of a CLI account'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "account" -d 'List the CLI accounts of this node'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "accountlocking" -d 'Show the account lockout settings'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "cert" -d 'Show the node\'s own and trusted certificates'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "cli" -d 'CLI session settings'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "date" -d 'Show the node\'s date and time'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "diskusage" -d 'Show the space the files of a log partition take'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "fileserver" -d 'External file server checks'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "hardware" -d 'Show the platform, processors, memory, BIOS, RAID and disk'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "logins" -d 'Successful and failed CLI logins'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "myself" -d 'Show the account this session runs as'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "network" -d 'Network settings and the cluster\'s nodes'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "open" -d 'Open ports and files of the node\'s services'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "perf" -d 'Performance counters computed from the node\'s state'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "process" -d 'The node\'s processes, their CPU and memory'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "registry" -d 'Show a component\'s platform registry'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "risdb" -d 'The Real-Time Information Server database'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "smtp" -d 'Show the SMTP host the node sends mail through'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "status" -d 'Show host name, time, versions, uptime, CPU, memory and disk use'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "tech" -d 'Technical dumps: services, database state, network, system'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "timezone" -d 'The node\'s time zone'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and not __fish_seen_subcommand_from account accountlocking cert cli date diskusage fileserver hardware logins myself network open perf process registry risdb smtp status tech timezone version" -f -a "version" -d 'Installed software versions'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from cert" -f -a "list" -d 'List the own or trusted certificates'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from cert" -f -a "own" -d 'Show one of the node\'s own certificates'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from cert" -f -a "trust" -d 'Show one trusted certificate'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from cli" -f -a "pagination" -d 'Show whether long output pauses after each page'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from cli" -f -a "session" -d 'CLI session timeout'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from fileserver" -f -a "transferspeed" -d 'Measure the transfer speed to an external file server'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from logins" -f -a "successful" -d 'List the latest successful logins'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from logins" -f -a "unsuccessful" -d 'List the latest failed login attempts'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from network" -f -a "cluster" -d 'List the nodes of the cluster and whether each answers'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from network" -f -a "eth0" -d 'Show the settings of the eth0 interface'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from network" -f -a "ipprefs" -d 'Show the firewall\'s port preferences'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from network" -f -a "route" -d 'Show the node\'s IP routing table'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from network" -f -a "status" -d 'Show the node\'s network connections (netstat)'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from open" -f -a "files" -d 'List the files the node\'s services have open'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from open" -f -a "ports" -d 'List the node\'s open sockets'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from perf" -f -a "counterhelp" -d 'Describe a perf counter'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from perf" -f -a "list" -d 'List perf categories, classes, counters or instances'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from perf" -f -a "query" -d 'Show perf counter values'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from process" -f -a "list" -d 'List the node\'s processes'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from process" -f -a "load" -d 'Show the node\'s load and processes as top does'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from process" -f -a "using-most" -d 'The processes using the most CPU or memory'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from risdb" -f -a "list" -d 'List the tables of the RIS database'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from risdb" -f -a "query" -d 'Query tables of the RIS database'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from tech" -f -a "ccm_service" -d 'Show the node\'s services by group'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from tech" -f -a "dbstateinfo" -d 'Write the database state report'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from tech" -f -a "network" -d 'Show the node\'s network set-up'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from tech" -f -a "repltimeout" -d 'Show the database replication timeout'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from tech" -f -a "system" -d 'Show the node\'s system set-up'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from timezone" -f -a "config" -d 'Show the node\'s time zone'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from timezone" -f -a "list" -d 'List the time zones set timezone takes'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from version" -f -a "active" -d 'Show the software version of the active partition'
complete -c ucsh -n "__fish_ucsh_using_subcommand show; and __fish_seen_subcommand_from version" -f -a "inactive" -d 'Show the software version of the inactive partition'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "branding" -d 'Custom branding of the administration pages'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "core" -d 'List and analyze core files'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "dbreplication" -d 'Database replication status and repair'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "diagnose" -d 'Run the diagnostic modules'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "disaster_recovery" -d 'Back up and restore the node (Disaster Recovery System)'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "ha" -d 'Presence redundancy: status, failover, fallback, recovery'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "imdb_replication" -d 'IMDB replication between presence redundancy group nodes'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "network" -d 'Ping, look up and trace the lab\'s addresses'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "ntp" -d 'Time synchronisation'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "remotesyslog" -d 'Remote syslog servers and protocol'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "service" -d 'Start, stop and list the node\'s services'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "system" -d 'Restart, shut down or switch the version of the node'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and not __fish_seen_subcommand_from branding core dbreplication diagnose disaster_recovery ha imdb_replication network ntp remotesyslog service system users" -f -a "users" -d 'Validate end users across clusters'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from branding" -f -a "disable" -d 'Remove custom branding from this node'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from branding" -f -a "enable" -d 'Check the uploaded branding.zip and put its branding on this node'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from branding" -f -a "preview" -d 'Write an HTML preview of the uploaded branding.zip (ucsh extension) (ucsh extension)'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from branding" -f -a "status" -d 'Show whether custom branding is enabled on this node'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from branding" -f -a "upload" -d 'Fetch branding.zip from an SFTP server onto this node (ucsh extension) (ucsh extension)'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from core" -f -a "active" -d 'Core files of the active side'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from core" -f -a "inactive" -d 'Core files of the inactive side'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "clusterreset" -d 'Reset replication of the whole cluster'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "dropadmindb" -d 'Drop this node\'s replication definitions'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "forcedatasyncsub" -d 'Restore a subscriber\'s data entirely from the publisher'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "quickaudit" -d 'Quickly check the dynamic tables of subscribers against the publisher'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "rebuild" -d 'Stop, drop and set up replication again to subscribers'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "repair" -d 'Make the rows that differ on subscribers equal to the publisher\'s'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "repairreplicate" -d 'Repair the rows of one replicate on subscribers where it is defined'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "repairtable" -d 'Make the rows of one table that differ on subscribers equal to the publisher\'s'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "reset" -d 'Set replication up again to subscribers'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "runtimestate" -d 'Show the replication state of every node of the cluster'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "setprocess" -d 'Set the replication PROCESS option'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "setrepltimeout" -d 'Set the replication set-up timeout, in seconds'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "status" -d 'Compare every table of the subscribers with the publisher, row by row'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from dbreplication" -f -a "stop" -d 'Stop replication (before a reset)'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from diagnose" -f -a "fix" -d 'Run every diagnostic module and fix what can be fixed'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from diagnose" -f -a "list" -d 'List the diagnostic modules'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from diagnose" -f -a "module" -d 'Run one diagnostic module'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from diagnose" -f -a "test" -d 'Run every diagnostic module; fix nothing'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from diagnose" -f -a "version" -d 'Show the version of the diagnostics'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from disaster_recovery" -f -a "backup" -d 'Back up the node\'s features'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from disaster_recovery" -f -a "device" -d 'Add, delete and list backup devices'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from disaster_recovery" -f -a "estimate_tar_size" -d 'Estimate the size of a backup'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from disaster_recovery" -f -a "history" -d 'Show the history of backups or restores'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from disaster_recovery" -f -a "restore" -d 'Restore a node from a backup'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from disaster_recovery" -f -a "show_backupfiles" -d 'List the backups on a server'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from disaster_recovery" -f -a "status" -d 'Show the status of the last backup or restore'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from ha" -f -a "failover" -d 'Fail a node over to its peer in its presence redundancy group'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from ha" -f -a "fallback" -d 'Fall a failed-over node back: its services started, its users moved back'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from ha" -f -a "recover" -d 'Recover a presence redundancy group: restart Cisco Server Recovery Manager'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from ha" -f -a "status" -d 'Show the high availability state of the presence redundancy groups'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from imdb_replication" -f -a "status" -d 'Check IMDB replication between the nodes of each presence redundancy group'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from network" -f -a "arp" -d 'The node\'s ARP table'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from network" -f -a "connectivity" -d 'Test the network connection to another node of the cluster'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from network" -f -a "host" -d 'Resolve a host name or an address, locally and through DNS'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from network" -f -a "ping" -d 'Send ICMP echo requests to a host'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from network" -f -a "traceroute" -d 'Trace the route to a host'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from ntp" -f -a "config" -d 'Show the NTP configuration'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from ntp" -f -a "restart" -d 'Restart NTP'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from ntp" -f -a "server" -d 'Add, delete and list the NTP servers'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from ntp" -f -a "status" -d 'Show time synchronisation with the NTP servers'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from remotesyslog" -f -a "add" -d 'Add a remote syslog server'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from remotesyslog" -f -a "delete" -d 'Delete a remote syslog server'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from remotesyslog" -f -a "import" -d 'Import a syslog server\'s CA certificate'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from remotesyslog" -f -a "set" -d 'Set the remote syslog protocol'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from remotesyslog" -f -a "show" -d 'Show the remote syslog protocol or servers'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from service" -f -a "activate" -d 'Activate a feature service and start it'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from service" -f -a "auto-restart" -d 'Restart a service automatically after a crash'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from service" -f -a "deactivate" -d 'Stop a feature service and deactivate it'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from service" -f -a "list" -d 'List the node\'s services and their state'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from service" -f -a "restart" -d 'Restart a service'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from service" -f -a "start" -d 'Start a service'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from service" -f -a "stop" -d 'Stop a service'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from system" -f -a "restart" -d 'Restart the node'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from system" -f -a "shutdown" -d 'Stop the node\'s services and power it off'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from system" -f -a "switch-version" -d 'Restart the node on its inactive version'
complete -c ucsh -n "__fish_ucsh_using_subcommand utils; and __fish_seen_subcommand_from users" -f -a "validate" -d 'Find duplicate user IDs and missing, invalid or duplicate directory URIs'
