//! Installs what the build and the tests need, once: each step checks first and skips
//! what is already there at the right version. Only package registries are reached
//! (crates.io, npm, Debian), as on these offline machines.

use std::path::PathBuf;
use std::process::Command;

use crate::{cmd, root, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132";
pub const TERSER_VERSION: &str = "5.46.0";
pub const CARGO_FUZZ_VERSION: &str = "0.13.1";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Building and serving the bundles.
    Run,
    /// Also fuzzing and browser tests.
    Test,
}

pub fn all(need: Need) -> Result {
    wasm_target()?;
    cargo_tool(
        "trunk",
        &format!("trunk {TRUNK_VERSION}"),
        &["trunk", "--version", TRUNK_VERSION, "--locked"],
    )?;
    let bindgen = wasm_bindgen_version()?;
    // `--locked` fails for wasm-bindgen-cli on these machines (a missing dependency).
    cargo_tool(
        "wasm-bindgen",
        &format!("wasm-bindgen {bindgen}"),
        &["wasm-bindgen-cli", "--version", &bindgen],
    )?;
    binaryen()?;
    npm_tool(
        "terser",
        &format!("terser {TERSER_VERSION}"),
        &format!("terser@{TERSER_VERSION}"),
    )?;
    // The runtime's release build prefers nightly (see `build_runtime`, which falls back
    // to stable); fuzzing needs it.
    if let Err(error) = nightly() {
        if need == Need::Test {
            return Err(error);
        }
        eprintln!("xtask: nightly is not available ({error}); the runtime is built with stable");
    }
    if need == Need::Test {
        e2e_packages()?;
        cargo_tool(
            "cargo-fuzz",
            &format!("cargo-fuzz {CARGO_FUZZ_VERSION}"),
            &["cargo-fuzz", "--version", CARGO_FUZZ_VERSION, "--locked"],
        )?;
        chromium()?;
        postgresql()?;
    }
    Ok(())
}

/// PATH with npm's binaryen (wasm-opt) first: Debian's older wasm-opt breaks the bundle.
pub fn path_with_tools() -> String {
    let bin = tools_dir().join("node_modules/.bin");
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"))
        .join("bin");
    format!(
        "{}:{}:{}",
        bin.display(),
        cargo_bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn tools_dir() -> PathBuf {
    root().join("target/tools")
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .env("PATH", path_with_tools())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn wasm_target() -> Result {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l == "wasm32-unknown-unknown") {
        return Ok(());
    }
    cmd("rustup", &["target", "add", "wasm32-unknown-unknown"])
}

/// Nightly with its standard library's source (the runtime builds std itself).
fn nightly() -> Result {
    let toolchains = output("rustup", &["toolchain", "list"]).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        cmd(
            "rustup",
            &["toolchain", "install", "nightly", "--profile", "minimal"],
        )?;
    }
    let components = output(
        "rustup",
        &["component", "list", "--installed", "--toolchain", "nightly"],
    )
    .unwrap_or_default();
    let has_source = components.lines().any(|l| l.starts_with("rust-src"));
    if !has_source {
        let added = cmd(
            "rustup",
            &["component", "add", "rust-src", "--toolchain", "nightly"],
        );
        // Without it the runtime is built with stable: larger, but nothing else changes.
        if let Err(error) = added {
            eprintln!("xtask: {error}; the runtime will be built with stable");
        }
    }
    Ok(())
}

/// Installs a cargo binary unless `<binary> --version` already prints `expected`.
fn cargo_tool(binary: &str, expected: &str, install_args: &[&str]) -> Result {
    let version_args: &[&str] = if binary == "cargo-fuzz" {
        &["fuzz", "--version"]
    } else {
        &["--version"]
    };
    let program = if binary == "cargo-fuzz" {
        "cargo"
    } else {
        binary
    };
    if output(program, version_args).is_some_and(|v| v.starts_with(expected)) {
        return Ok(());
    }
    let mut args = vec!["install"];
    args.extend_from_slice(install_args);
    args.push("--force");
    cmd("cargo", &args)
}

/// The exact `wasm-bindgen` pin from the root Cargo.toml, which the CLI must equal.
fn wasm_bindgen_version() -> Result<String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).map_err(|e| e.to_string())?;
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("wasm-bindgen = \"="))
        .and_then(|rest| rest.split('"').next())
        .map(str::to_string)
        .ok_or_else(|| "Cargo.toml must pin wasm-bindgen = \"=X.Y.Z\"".to_string())
}

/// A command-line tool from npm into target/tools, unless `<binary> --version` already
/// prints `expected`.
fn npm_tool(binary: &str, expected: &str, package: &str) -> Result {
    if output(binary, &["--version"]).is_some_and(|v| v.starts_with(expected)) {
        return Ok(());
    }
    npm_install(package)
}

/// wasm-opt from npm's binaryen.
fn binaryen() -> Result {
    let wasm_opt = output("wasm-opt", &["--version"]).unwrap_or_default();
    if !wasm_opt.contains(&format!("version {BINARYEN_VERSION}"))
        && !wasm_opt.contains(&format!("version_{BINARYEN_VERSION}"))
    {
        npm_install(&format!("binaryen@{BINARYEN_VERSION}"))?;
    }
    Ok(())
}

/// `npm install` of `package` into target/tools (its binaries land in
/// target/tools/node_modules/.bin, which `path_with_tools` puts first).
fn npm_install(package: &str) -> Result {
    let dir = tools_dir();
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let prefix = dir.to_string_lossy().to_string();
    cmd(
        "npm",
        &[
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            &prefix,
            package,
        ],
    )
}

/// Playwright (playwright-core, driving Debian's Chromium) and axe-core, from the lockfile.
fn e2e_packages() -> Result {
    let e2e = root().join("tests/e2e");
    if !e2e.join("node_modules/playwright-core").exists() {
        let prefix = e2e.to_string_lossy().to_string();
        cmd(
            "npm",
            &["ci", "--no-audit", "--no-fund", "--prefix", &prefix],
        )?;
    }
    Ok(())
}

/// Debian's PostgreSQL, for the server's tests against a real one (`crate::postgres`
/// starts a throwaway cluster).
fn postgresql() -> Result {
    if crate::postgres::bin_dir().is_some() {
        return Ok(());
    }
    cmd("apt-get", &["update"])?;
    cmd(
        "apt-get",
        &["install", "-y", "--no-install-recommends", "postgresql"],
    )
}

/// Debian's Chromium and its driver (a browser download by a test tool fails here).
fn chromium() -> Result {
    if PathBuf::from("/usr/bin/chromium").exists()
        && PathBuf::from("/usr/bin/chromedriver").exists()
    {
        return Ok(());
    }
    cmd("apt-get", &["update"])?;
    cmd(
        "apt-get",
        &[
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ],
    )
}
