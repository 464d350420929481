//! A throwaway PostgreSQL cluster for the server's tests: made in the system's temp
//! folder (which the `postgres` user can reach, unlike a checkout under /root) on a
//! free port of 127.0.0.1, trusted local access, stopped and removed when the guard
//! is dropped. Run as the `postgres` user when we are root (initdb refuses root).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use crate::Result;

/// The folder of Debian's PostgreSQL binaries (the newest installed), if any.
pub fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

/// A running cluster; stopped when dropped.
pub struct Cluster {
    pub url: String,
    pg_ctl: PathBuf,
    data: PathBuf,
    dir: PathBuf,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs `program args…`, as `postgres` when we are root.
fn run(program: &std::path::Path, args: &[&str]) -> Result {
    let status = if is_root() {
        let line = std::iter::once(program.display().to_string())
            .chain(args.iter().map(|a| format!("'{a}'")))
            .collect::<Vec<_>>()
            .join(" ");
        Command::new("su").args(["postgres", "-c", &line]).status()
    } else {
        Command::new(program).args(args).status()
    }
    .map_err(|e| format!("{} could not be started: {e}", program.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", program.display()))
    }
}

pub fn start() -> Result<Cluster> {
    let bin = bin_dir().ok_or("PostgreSQL is not installed (cargo xtask setup installs it)")?;
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let dir = std::env::temp_dir().join(format!("formfabrik-postgres-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if is_root() {
        let status = Command::new("chown")
            .args(["-R", "postgres", &dir.display().to_string()])
            .status()
            .map_err(|e| format!("chown: {e}"))?;
        if !status.success() {
            return Err(format!(
                "could not give {} to the postgres user",
                dir.display()
            ));
        }
    }
    let data = dir.join("data");
    let (data_s, dir_s) = (data.display().to_string(), dir.display().to_string());
    run(
        &bin.join("initdb"),
        &["-D", &data_s, "-A", "trust", "-U", "postgres", "--no-sync"],
    )?;
    let options = format!("-k {dir_s} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off");
    let log = dir.join("log").display().to_string();
    run(
        &bin.join("pg_ctl"),
        &["-D", &data_s, "-o", &options, "-l", &log, "-w", "start"],
    )?;
    println!("xtask: PostgreSQL for the tests on 127.0.0.1:{port}");
    Ok(Cluster {
        url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        pg_ctl: bin.join("pg_ctl"),
        data,
        dir,
    })
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data.display().to_string();
        let _ = run(&self.pg_ctl, &["-D", &data, "-m", "immediate", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
