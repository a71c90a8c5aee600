//! The Prism mock server (`node_modules/.bin/prism mock --errors`), which answers a request
//! that breaks the spec with a 4xx and its `sl-violations` header.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A Prism mock server on a free loopback port, stopped when dropped (also when a test panics).
pub struct Prism {
    child: Child,
    pub base_url: String,
}

impl Prism {
    /// Starts Prism with `--errors` on `spec`, a path relative to the workspace.
    pub fn start(spec: &str) -> Prism {
        let workspace = super::workspace();
        let binary = workspace.join("node_modules/.bin/prism");
        assert!(
            binary.exists(),
            "Prism is not installed: run `npm ci` in the workspace (bash .ci/run does)"
        );
        let port = free_port();
        let child = Command::new(&binary)
            .args([
                "mock",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "--errors",
            ])
            .arg(workspace.join(spec))
            .env("SCARF_ANALYTICS", "false")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Prism starts");
        let prism = Prism {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
        };
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            assert!(
                Instant::now() < deadline,
                "Prism did not listen on {address} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        prism
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("bound address").port()
}
