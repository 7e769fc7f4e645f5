//! The client side of tests/bench/serve.sh: libssh2 (the `ssh2` crate) timing what
//! expect-style automation does, so `ucsh cluster serve` and OpenSSH's sshd are measured
//! through the same client library.
//!
//! ```text
//! serveclient login     PORT USER PASSWORD RUNS        connect -> first admin: (PTY shell)
//! serveclient exec      PORT USER PASSWORD RUNS CMD    connect -> exec CMD -> closed
//! serveclient roundtrip PORT USER PASSWORD RUNS CMD    in one open session: send CMD, read to admin:
//! ```
//! Prints `median_ms min_ms max_ms runs` on one line.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn session(port: u16, user: &str, password: &str) -> Result<ssh2::Session> {
    let tcp = TcpStream::connect(("127.0.0.1", port))?;
    tcp.set_nodelay(true)?;
    let mut s = ssh2::Session::new()?;
    s.set_tcp_stream(tcp);
    s.set_timeout(20_000);
    s.handshake()?;
    s.userauth_password(user, password)?;
    Ok(s)
}

/// The prompt ends the stream (rustyline's redraw after it is accepted too, so the figure
/// means "time to the prompt" before and after the echo-as-typed editor).
fn at_prompt(b: &[u8]) -> bool {
    b.ends_with(b"admin:") || b.ends_with(b"admin:\r\x1b[6C")
}

fn read_to_prompt(ch: &mut ssh2::Channel, wire: &mut Vec<u8>, from: usize) -> Result<()> {
    let mut buf = [0u8; 16384];
    let deadline = Instant::now() + Duration::from_secs(20);
    while !at_prompt(&wire[from..]) {
        if Instant::now() > deadline {
            return Err(format!("no prompt; got {:?}", String::from_utf8_lossy(&wire[from..])).into());
        }
        let n = ch.read(&mut buf)?;
        if n == 0 && ch.eof() {
            return Err("the session ended".into());
        }
        wire.extend_from_slice(&buf[..n]);
    }
    Ok(())
}

fn open_shell(port: u16, user: &str, password: &str) -> Result<(ssh2::Session, ssh2::Channel, Vec<u8>)> {
    let s = session(port, user, password)?;
    let mut ch = s.channel_session()?;
    ch.request_pty("xterm", None, Some((200, 50, 0, 0)))?;
    ch.shell()?;
    let mut wire = Vec::new();
    read_to_prompt(&mut ch, &mut wire, 0)?;
    Ok((s, ch, wire))
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, mode, port, user, password, runs, rest @ ..] = args.as_slice() else {
        return Err("usage: serveclient login|exec|roundtrip PORT USER PASSWORD RUNS [CMD]".into());
    };
    let port: u16 = port.parse()?;
    let runs: usize = runs.parse()?;
    let cmd = rest.first().cloned().unwrap_or_default();
    let mut times = Vec::with_capacity(runs);
    match mode.as_str() {
        "login" => {
            for _ in 0..runs {
                let t = Instant::now();
                let (_s, mut ch, _) = open_shell(port, user, password)?;
                times.push(t.elapsed());
                ch.write_all(b"quit\r")?;
                let _ = ch.close();
            }
        }
        "exec" => {
            for _ in 0..runs {
                let t = Instant::now();
                let s = session(port, user, password)?;
                let mut ch = s.channel_session()?;
                ch.exec(&cmd)?;
                let mut sink = Vec::new();
                ch.read_to_end(&mut sink)?;
                ch.wait_close()?;
                times.push(t.elapsed());
            }
        }
        "roundtrip" => {
            let (_s, mut ch, mut wire) = open_shell(port, user, password)?;
            for _ in 0..runs {
                let from = wire.len();
                let t = Instant::now();
                ch.write_all(format!("{cmd}\r").as_bytes())?;
                ch.flush()?;
                read_to_prompt(&mut ch, &mut wire, from)?;
                times.push(t.elapsed());
            }
        }
        other => return Err(format!("unknown mode {other}").into()),
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let (min, max) = (times.first().copied().unwrap_or_default(), times.last().copied().unwrap_or_default());
    let mut out = std::io::stdout().lock();
    writeln!(out, "{:.3} {:.3} {:.3} {}", ms(median), ms(min), ms(max), times.len())?;
    Ok(())
}
