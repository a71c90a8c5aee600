//! Prism, the spec-validating mock server, started on one spec for the time of one driver run.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The seed of Prism's dynamic answers, so every run sees the same generated data.
pub const SEED: &str = "1";

/// A Prism mock server on a free loopback port, stopped when dropped.
pub struct Prism {
    child: Child,
    pub base_url: String,
}

impl Prism {
    /// Starts `prism mock --errors -d --seed 1` on `spec` and waits until it listens. Requests
    /// that break the spec are answered 4xx with `sl-violations`; answers are generated from the
    /// schemas unless the request asks `Prefer: dynamic=false` (the spec's examples).
    pub fn start(workspace: &Path, spec: &Path, log: &Path) -> Result<Prism, String> {
        let binary = workspace.join("node_modules/.bin/prism");
        if !binary.exists() {
            return Err(format!(
                "{} is missing: run `npm ci --no-audit --no-fund` in the workspace",
                binary.display()
            ));
        }
        let port = free_port().map_err(|error| format!("no free port: {error}"))?;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|error| format!("cannot log: {error}"))?;
        let log_err = log
            .try_clone()
            .map_err(|error| format!("cannot log: {error}"))?;
        let mut child = Command::new(&binary)
            .args([
                "mock",
                "--errors",
                "-d",
                "--seed",
                SEED,
                "-h",
                "127.0.0.1",
                "-p",
            ])
            .arg(port.to_string())
            .arg(spec)
            .env("SCARF_ANALYTICS", "false")
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|error| format!("cannot start Prism: {error}"))?;
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(180);
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("Prism stopped ({status}) before it listened"));
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("Prism did not listen on {address} within 180 s"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(Prism {
            child,
            base_url: format!("http://{address}"),
        })
    }
}

impl Prism {
    /// Whether the Prism process has ended (it should run until dropped).
    pub fn has_stopped(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }
}

/// The last error line of Prism's log (`TypeError: …`), to say why it stopped.
pub fn crash_message(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .rev()
        .find(|line| !line.starts_with(' ') && !line.starts_with('[') && line.contains("Error"))
        .unwrap_or("no error in its log")
        .trim()
        .to_string()
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
