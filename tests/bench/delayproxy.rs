//! A TCP proxy on 127.0.0.1 that delays every byte by a fixed time in each direction, for
//! benchmarking transfers over a link with a round trip (PERF-NOTES: bare loopback hides
//! how a client pipelines). Bytes are read as soon as they arrive and written `delay` later,
//! so the proxy adds latency but no bandwidth limit and no buffering limit of its own.
//!
//! Usage: `delayproxy <listen-port> <target-port> <one-way-delay-ms>`; prints `ready` once
//! listening, serves until killed. Run with `cargo run --release --example delayproxy`.

// A small command-line tool of the benchmarks: it talks on its standard streams.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let parsed = (|| -> Option<(u16, u16, u64)> {
        Some((args.get(1)?.parse().ok()?, args.get(2)?.parse().ok()?, args.get(3)?.parse().ok()?))
    })();
    let Some((listen, target, delay_ms)) = parsed else {
        eprintln!("usage: delayproxy <listen-port> <target-port> <one-way-delay-ms>");
        std::process::exit(2);
    };
    let delay = Duration::from_millis(delay_ms);
    let listener = match TcpListener::bind(("127.0.0.1", listen)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("delayproxy: cannot listen on 127.0.0.1:{listen}: {e}");
            std::process::exit(1);
        }
    };
    println!("ready");
    for client in listener.incoming() {
        let Ok(client) = client else { continue };
        let server = match TcpStream::connect(("127.0.0.1", target)) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("delayproxy: cannot reach 127.0.0.1:{target}: {e}");
                continue;
            }
        };
        for s in [&client, &server] {
            let _ = s.set_nodelay(true);
        }
        let (Ok(c2), Ok(s2)) = (client.try_clone(), server.try_clone()) else { continue };
        pipe(client, s2, delay);
        pipe(server, c2, delay);
    }
}

/// Forwards `from` to `to`, each chunk written `delay` after it was read.
fn pipe(mut from: TcpStream, mut to: TcpStream, delay: Duration) {
    let (tx, rx) = mpsc::channel::<(Instant, Vec<u8>)>();
    thread::spawn(move || {
        let mut buf = vec![0u8; 256 << 10];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.send((Instant::now() + delay, buf[..n].to_vec())).is_err() {
                        break;
                    }
                }
            }
        }
    });
    thread::spawn(move || {
        for (due, bytes) in rx {
            let now = Instant::now();
            if due > now {
                thread::sleep(due - now);
            }
            if to.write_all(&bytes).is_err() {
                return;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}
