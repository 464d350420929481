//! `cargo xtask <command>`: everything beyond plain cargo, in Rust.
//!
//! - `run`   installs what is missing, builds designer and runtime, serves on :8080
//! - `test`  installs what is missing, runs every check and test (what CI runs)
//! - `setup` only installs; `build` only builds; `bench` prints benchmark figures
//! - `e2e`   builds and runs only the browser tests
//! - `size`  builds only the runtime and checks its size budget
//! - `serve` serves an existing `dist/`

mod dead_shims;
mod dom_constants;
mod postgres;
mod server;
mod setup;
mod size_map;
mod wasm;
mod wasm_names;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Runtime JS + wasm + CSS, gzip -9: the runtime's budget (docs/dev/performance.md says what
/// each part costs and how it got under).
const RUNTIME_BUDGET_BYTES: u64 = 88 * 1024;
/// How long each fuzz target runs in `test`.
const FUZZ_SECONDS: u32 = 20;
/// The most one fuzz input may take: linear work on inputs of a few KB takes
/// milliseconds even in the fuzzer's instrumented debug build.
const FUZZ_INPUT_SECONDS: u32 = 10;
/// The most memory a fuzz target may use.
const FUZZ_MEMORY_MB: u32 = 2048;

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(),
        Some("test") => test(),
        Some("setup") => setup::all(setup::Need::Run).and_then(|_| setup::all(setup::Need::Test)),
        Some("build") => setup::all(setup::Need::Run).and_then(|_| build()),
        Some("size") => setup::all(setup::Need::Run)
            .and_then(|_| build_runtime())
            .and_then(|_| publish_examples())
            .and_then(|_| size_budget()),
        Some("bench") => bench(),
        Some("bench-forms") => bench_forms(),
        Some("e2e") => setup::all(setup::Need::Test)
            .and_then(|_| build())
            .and_then(|_| end_to_end()),
        Some("serve") => {
            // A formfabrik-server already running, e.g. for the browser tests by hand.
            if let Some(port) = std::env::var("FORMFABRIK_SERVER_PORT")
                .ok()
                .and_then(|p| p.parse().ok())
            {
                server::pass_to_server(port);
            }
            server::serve(&root().join("dist"), port())
        }
        _ => {
            Err("usage: cargo xtask run | test | setup | build | size | bench | e2e | serve".into())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn port() -> u16 {
    std::env::var("FORMFABRIK_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080)
}

/// Runs a command in the repository, with the installed tools on PATH.
pub fn cmd(program: &str, args: &[&str]) -> Result {
    cmd_with_env(program, args, &[])
}

/// `cmd` with extra environment variables.
fn cmd_with_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> Result {
    println!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .env("PATH", setup::path_with_tools())
        .envs(env.iter().copied())
        .status()
        .map_err(|e| format!("{program} could not be started: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

fn run() -> Result {
    setup::all(setup::Need::Run)?;
    build()?;
    cmd(
        "cargo",
        // The server's own profile: optimized, and a panic ends one request only.
        &[
            "build",
            "--profile",
            "server",
            "-p",
            "server",
            "--bin",
            "formfabrik-server",
        ],
    )?;
    let database = root().join("target/formfabrik-dev.db");
    let _server = start_formfabrik_server(
        &root().join("target/server/formfabrik-server"),
        &database,
        free_port()?,
        None,
    )?;
    println!(
        "  Antragsannahme:  http://127.0.0.1:{}/api/intake/ (formfabrik-server, {})",
        port(),
        database.display()
    );
    server::serve(&root().join("dist"), port())
}

fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// formfabrik-server (`binary`) started on `port` with the SQLite file `database`, the
/// published example forms and, for tests, its clock started at `clock_at`; reached
/// through the one origin at its paths. Stopped when the guard is dropped.
fn start_formfabrik_server(
    binary: &Path,
    database: &Path,
    port: u16,
    clock_at: Option<i64>,
) -> Result<ChildGuard> {
    let mut command = Command::new(binary);
    if let Some(at) = clock_at {
        command.env("FORMFABRIK_CLOCK_AT", at.to_string());
    }
    let child = command
        .current_dir(root())
        .env("DATABASE_URL", sqlite_url(database))
        .env("FORMFABRIK_LISTEN", format!("127.0.0.1:{port}"))
        .env("FORMFABRIK_FORMS", root().join("dist/forms"))
        .spawn()
        .map_err(|e| format!("formfabrik-server could not be started: {e}"))?;
    let guard = ChildGuard(child);
    // Listening before the first request is passed to it.
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            server::pass_to_server(port);
            return Ok(guard);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Err("formfabrik-server did not start listening".into())
}

fn sqlite_url(database: &Path) -> String {
    format!("sqlite://{}?mode=rwc", database.display())
}

/// Stops a child process when dropped.
struct ChildGuard(std::process::Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Release builds of the three bundles: the designer into dist/, the clerks' inbox into
/// dist/posteingang/, the runtime into dist/runtime/ with stable file names for
/// embedding.
fn build() -> Result {
    cmd("cargo", &["fetch"])?;
    cmd(
        "trunk",
        &[
            "build",
            "--release",
            "--offline=true",
            "index.html",
            "--dist",
            "dist",
        ],
    )?;
    cmd(
        "trunk",
        &[
            "build",
            "--release",
            "--offline=true",
            "--public-url",
            "/posteingang/",
            "app/posteingang.html",
            "--dist",
            "dist/posteingang",
        ],
    )?;
    build_runtime()?;
    publish_examples()
}

/// Publishes the example forms into dist/forms/ (beside their definitions, which the
/// designer opens), lists them in dist/forms/published.json (example → file, e.g.
/// `hundesteuer-anmeldung` → `hundesteuer-anmeldung_1.0.0_p2_….ffp`), and puts their
/// names into the pages that embed them (`{{published:EXAMPLE}}`).
fn publish_examples() -> Result {
    let forms = root().join("dist/forms");
    std::fs::create_dir_all(&forms).map_err(|e| format!("{}: {e}", forms.display()))?;
    for stale in files_under(&forms, "ffp") {
        std::fs::remove_file(&stale).map_err(|e| format!("{}: {e}", stale.display()))?;
    }
    let mut catalog = Vec::new();
    for path in files_under(&root().join("public/forms"), "json") {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let form = authoring::load::load_form(&text)
            .map_err(|e| format!("{}: {}", path.display(), e.message().de))?;
        let publication = authoring::publish::publish(form.clone(), &[]).map_err(|problems| {
            format!(
                "{}: not published: {}",
                path.display(),
                problems
                    .iter()
                    .map(|p| p.render(engine::Lang::En))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })?;
        let name = publication.file_name(&form);
        let file = forms.join(&name);
        std::fs::write(&file, &publication.bytes)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let example = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        catalog.push((example, name));
    }
    let index = serde_json::Value::Object(
        catalog
            .iter()
            .map(|(id, name)| (id.clone(), serde_json::Value::from(name.as_str())))
            .collect(),
    );
    let index_file = forms.join("published.json");
    std::fs::write(&index_file, index.to_string())
        .map_err(|e| format!("{}: {e}", index_file.display()))?;
    // The demo from its source (Trunk only copies it); the runtime's page as Trunk built it.
    for (source, page) in [
        ("public/embed-demo.html", "dist/embed-demo.html"),
        ("dist/runtime/index.html", "dist/runtime/index.html"),
    ] {
        let path = root().join(page);
        let source = root().join(source);
        let mut html =
            std::fs::read_to_string(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        for (id, name) in &catalog {
            html = html.replace(&format!("{{{{published:{id}}}}}"), name);
        }
        if let Some(at) = html.find("{{published:") {
            return Err(format!(
                "{page}: no published form for {}",
                &html[at..html.len().min(at + 60)]
            ));
        }
        std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Nightly settings for the runtime: std built from source with panics as plain
/// aborts, so no panic messages, source locations or their formatting are in the
/// bundle (8 KB gzip less; `location-detail=none` drops the file names still left,
/// 0.4 KB), and std's `optimize_for_size` picks its smaller variants of sorting and
/// number printing (0.7 KB). LLVM inlines only what costs nothing (threshold 0 instead
/// of `opt-level = "z"`'s 5): 0.4 KB. For the citizen nothing changes:
/// `panic = "abort"` ends the instance either way, and the code must not panic at
/// all. Its own target directory keeps the stable builds' caches intact.
const NIGHTLY: (&str, &str) = ("RUSTUP_TOOLCHAIN", "nightly");
const RUNTIME_NIGHTLY_ENV: [(&str, &str); 5] = [
    NIGHTLY,
    ("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort"),
    ("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size"),
    (
        "RUSTFLAGS",
        "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Cllvm-args=-inline-threshold=0",
    ),
    ("CARGO_TARGET_DIR", "target/runtime-nightly"),
];

fn build_runtime() -> Result {
    let args = [
        "build",
        "--release",
        "--offline=true",
        "--filehash=false",
        // Trunk's own loader in runtime/index.html must find the files under /runtime/.
        "--public-url",
        "/runtime/",
        "runtime/index.html",
        "--dist",
        "dist/runtime",
    ];
    // Trunk builds offline, so std's own dependencies are fetched first.
    let fetch_std = [
        "fetch",
        "-Zbuild-std=std,panic_abort",
        "--target",
        "wasm32-unknown-unknown",
    ];
    cmd_with_env("cargo", &fetch_std, &[NIGHTLY])
        .and_then(|_| cmd_with_env("trunk", &args, &RUNTIME_NIGHTLY_ENV))
        .or_else(|error| {
            // A nightly that changed these unstable flags must not stop the designer from
            // running: the stable build works, only larger (the size check then fails and says so).
            eprintln!(
                "xtask: the nightly runtime build failed ({error}); building with stable instead"
            );
            cmd("trunk", &args)
        })?;
    let dir = root().join("dist/runtime");
    finish_runtime_wasm(&dir.join("runtime_bg.wasm"))?;
    move_dom_helpers(&dir)?;
    dom_constants::fill(&dir.join("dom.js"), &root().join("runtime/style.css"))?;
    minify_runtime_js()?;
    wasm_names::shorten(&dir.join("runtime_bg.wasm"), &dir.join("runtime.js"))
}

/// Moves the runtime's JS helpers from wasm-bindgen's `snippets/runtime-<hash>/src/dom.js`
/// to `dom.js` beside the glue: a stable name, so the element can ask for it at once
/// with the glue (one round trip less on a slow line) and portals can name every file.
fn move_dom_helpers(dir: &Path) -> Result {
    let snippets = dir.join("snippets");
    let found = files_under(&snippets, "js");
    let [helpers] = found.as_slice() else {
        return Err(format!(
            "expected one JS snippet (src/dom.js) under {}, found {}",
            snippets.display(),
            found.len()
        ));
    };
    let old = helpers
        .strip_prefix(dir)
        .map_err(|e| e.to_string())?
        .to_string_lossy()
        .replace('\\', "/");
    std::fs::rename(helpers, dir.join("dom.js")).map_err(|e| format!("{old}: {e}"))?;
    std::fs::remove_dir_all(&snippets).map_err(|e| format!("{}: {e}", snippets.display()))?;
    // Functions wasm-bindgen imports straight into the wasm name the module too.
    let wasm_path = dir.join("runtime_bg.wasm");
    let wasm = std::fs::read(&wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    let wasm = wasm_names::rename_module(&wasm, &format!("./{old}"), "./dom.js")?;
    std::fs::write(&wasm_path, wasm).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    for file in ["runtime.js", "index.html"] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
        if !text.contains(&old) {
            return Err(format!("{file} does not name {old}"));
        }
        std::fs::write(&path, text.replace(&old, "dom.js")).map_err(|e| format!("{file}: {e}"))?;
    }
    Ok(())
}

/// After Trunk's wasm-opt (which keeps the names, `-g`, for this): closure shims
/// wasm-bindgen left in the function table unlinked (`dead_shims.rs`), then what no
/// longer has a caller removed, with the names and metadata sections.
fn finish_runtime_wasm(path: &Path) -> Result {
    let mut wasm = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    match dead_shims::unlink(&wasm) {
        Ok((unlinked_wasm, unlinked)) => {
            println!("xtask: {unlinked} unused closure shims unlinked from the runtime's table");
            std::fs::write(path, &unlinked_wasm).map_err(|e| format!("{}: {e}", path.display()))?;
            wasm = unlinked_wasm;
        }
        Err(why) => eprintln!("xtask: {why}; closure shims left in the runtime's table"),
    }
    // Where the bytes go, while the names are still there (printed by `size_budget`);
    // a help for engineers, so the build goes on without it.
    let map_path = size_map_path();
    let written = size_map::map(&wasm).and_then(|map| {
        if let Some(dir) = map_path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&map_path, map).map_err(|e| format!("{}: {e}", map_path.display()))
    });
    if let Err(why) = written {
        eprintln!("xtask: no size map of the runtime: {why}");
    }
    let file = path.to_string_lossy();
    let args = [
        &file,
        "--remove-unused-module-elements",
        "--strip-debug",
        "--strip-producers",
        "--strip-target-features",
        "-o",
        &file,
    ];
    cmd("wasm-opt", &args)
}

/// Minifies the runtime's JS in place (wasm-bindgen's glue, the element, the DOM
/// builder): 3 KB gzip less. The sources in runtime/ stay readable; Trunk's own
/// `--minify` cannot parse wasm-bindgen's module output.
///
/// Each file starts with V8's compile hint (`//# allFunctionsCalledOnLoad`, Chrome 136):
/// most of their functions run in the first render, so V8 compiles them while the
/// script loads instead of one by one on the main thread during the render (~2 ms of
/// the dog tax form's first render). Other browsers read a comment.
fn minify_runtime_js() -> Result {
    let dir = root().join("dist/runtime");
    for path in files_under(&dir, "js") {
        let file = path.to_string_lossy().to_string();
        cmd(
            "terser",
            &[
                &file,
                "--module",
                "--compress",
                "--mangle",
                "--format",
                "preamble=\"//# allFunctionsCalledOnLoad\"",
                "--output",
                &file,
            ],
        )?;
    }
    Ok(())
}

/// Browser benchmarks in tests/e2e; each prints its figures.
const BROWSER_BENCHMARKS: &[&str] = &[
    "bench/fim-import.mjs",
    "bench/runtime.mjs",
    "bench/designer.mjs",
];

/// Generated definitions the browser benchmarks open: (fields, steps).
const BENCH_FORMS: [(usize, usize); 4] = [(500, 1), (500, 10), (2000, 1), (2000, 10)];

/// The runtime's and the designer's component tests (wasm-bindgen-test) in headless
/// Chromium, through the runner set in .cargo/config.toml.
fn component_tests() -> Result {
    let args = [
        "test",
        "-p",
        "runtime",
        "-p",
        "designer",
        "--target",
        "wasm32-unknown-unknown",
    ];
    println!("$ cargo {}", args.join(" "));
    let status = Command::new("cargo")
        .args(args)
        .current_dir(root())
        .env("PATH", setup::path_with_tools())
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        // The driver's default of 5 s is too short on these 2-core machines.
        .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60")
        .status()
        .map_err(|e| format!("cargo could not be started: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("component tests failed ({status})"))
    }
}

/// Writes the generated definitions, and the same published, to dist/bench/, where the
/// benchmarks open them,
/// and an empty page to open them from (no assistant has run in it yet).
fn bench_forms() -> Result {
    let forms = root().join("dist/bench");
    std::fs::create_dir_all(&forms).map_err(|e| format!("{}: {e}", forms.display()))?;
    let page = forms.join("index.html");
    let blank = "<!doctype html>\n<html lang=\"de\"><meta charset=\"utf-8\"><title>Benchmark</title><main></main></html>\n";
    std::fs::write(&page, blank).map_err(|e| format!("{}: {e}", page.display()))?;
    for (fields, steps) in BENCH_FORMS {
        let path = forms.join(format!("fields-{fields}-steps-{steps}.json"));
        let json = authoring::synthetic::generate_form(fields, steps).to_compact();
        std::fs::write(&path, &json).map_err(|e| format!("{}: {e}", path.display()))?;
        let form = authoring::load::load_form(&json).map_err(|e| e.message().de)?;
        let published = authoring::publish::publish(form, &[])
            .map_err(|problems| format!("{}: {} problems", path.display(), problems.len()))?;
        let path = path.with_extension("ffp");
        std::fs::write(&path, &published.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn bench() -> Result {
    cmd("cargo", &["bench", "-p", "authoring"])?;
    // The intake under load, on SQLite and on a throwaway PostgreSQL.
    setup::all(setup::Need::Test)?;
    let postgres = postgres::start()?;
    cmd_with_env(
        "cargo",
        &["bench", "-p", "server", "--bench", "load"],
        &[("FORMFABRIK_TEST_POSTGRES", postgres.url.as_str())],
    )?;
    drop(postgres);
    setup::all(setup::Need::Test)?;
    build()?;
    bench_forms()?;
    let port = server::start_background(&root().join("dist"))?;
    for script in BROWSER_BENCHMARKS {
        let status = Command::new("node")
            .arg(script)
            .current_dir(root().join("tests/e2e"))
            .env("PATH", setup::path_with_tools())
            .env("FORMFABRIK_URL", format!("http://127.0.0.1:{port}"))
            .status()
            .map_err(|e| format!("node could not be started: {e}"))?;
        if !status.success() {
            return Err(format!("benchmark {script} failed"));
        }
    }
    Ok(())
}

fn test() -> Result {
    let started = Instant::now();
    setup::all(setup::Need::Test)?;
    cmd("cargo", &["fmt", "--all", "--check"])?;
    cmd(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    cmd(
        "cargo",
        &[
            "clippy",
            "-p",
            "runtime",
            "-p",
            "app",
            "-p",
            "designer",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // The engine as the runtime builds it: without the English diagnostics.
    cmd(
        "cargo",
        &["clippy", "-p", "engine", "--lib", "--", "-D", "warnings"],
    )?;
    // The server's tests run against SQLite and a real PostgreSQL, started here.
    let postgres = postgres::start()?;
    cmd_with_env(
        "cargo",
        &["test", "--workspace", "--all-features"],
        &[
            ("FORMFABRIK_TEST_POSTGRES", postgres.url.as_str()),
            ("FORMFABRIK_REQUIRE_POSTGRES", "1"),
        ],
    )?;
    drop(postgres);
    component_tests()?;
    fuzz()?;
    build()?;
    size_budget()?;
    end_to_end()?;
    println!("xtask: all checks passed in {:.0?}", started.elapsed());
    Ok(())
}

/// Each fuzz target briefly, starting from the seeds (copied: libFuzzer writes into
/// its corpus directory).
fn fuzz() -> Result {
    for target in [
        "load_definition",
        "parse_expression",
        "import_fim",
        "fim_rules",
        "match_pattern",
        "fill_in",
        "edit_form",
        "read_input",
        "read_published",
        "publish_roundtrip",
        "verify_payload",
    ] {
        let corpus = root().join(format!("target/fuzz-corpus/{target}"));
        std::fs::create_dir_all(&corpus).map_err(|e| e.to_string())?;
        let seeds = root().join(format!("shared/fuzz/seeds/{target}"));
        for entry in std::fs::read_dir(&seeds).map_err(|e| format!("{}: {e}", seeds.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if let Some(name) = path.file_name() {
                std::fs::copy(&path, corpus.join(name)).map_err(|e| e.to_string())?;
            }
        }
        let corpus = corpus.to_string_lossy().to_string();
        let time = format!("-max_total_time={FUZZ_SECONDS}");
        // An input that takes longer or more memory than this is a finding: work that
        // grows faster than the input (docs/security.md).
        let limits = [
            format!("-timeout={FUZZ_INPUT_SECONDS}"),
            format!("-rss_limit_mb={FUZZ_MEMORY_MB}"),
        ];
        let status = Command::new("cargo")
            .args(["+nightly", "fuzz", "run", "--fuzz-dir", "shared/fuzz"])
            .args([target, &corpus, "--", &time])
            .args(&limits)
            .current_dir(root())
            .env("PATH", setup::path_with_tools())
            .status()
            .map_err(|e| format!("cargo fuzz could not be started: {e}"))?;
        if !status.success() {
            return Err(format!(
                "fuzz target {target} found a crash: see shared/fuzz/artifacts/{target}/"
            ));
        }
    }
    Ok(())
}

/// Gzip -9 size of what a portal loads for the assistant.
fn size_budget() -> Result {
    let dir = root().join("dist/runtime");
    let mut total = 0;
    let files = [
        dir.join("formfabrik-runtime.js"),
        dir.join("runtime.js"),
        dir.join("runtime_bg.wasm"),
        dir.join("dom.js"),
    ];
    for path in files {
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let output = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&path)
            .output()
            .map_err(|e| format!("gzip: {e}"))?;
        if !output.status.success() {
            return Err(format!("{} is missing", path.display()));
        }
        let size = output.stdout.len() as u64;
        println!("  {name:<48} {:>7.1} KB gzip", size as f64 / 1024.0);
        total += size;
    }
    println!(
        "runtime size: {:.1} KB gzip (JS + wasm; the CSS is inside dom.js), budget {} KB",
        total as f64 / 1024.0,
        RUNTIME_BUDGET_BYTES / 1024
    );
    if total > RUNTIME_BUDGET_BYTES {
        return Err(format!(
            "the runtime is {:.1} KB gzip, over its budget of {} KB (docs/dev/performance.md says what costs)",
            total as f64 / 1024.0,
            RUNTIME_BUDGET_BYTES / 1024
        ));
    }
    println!(
        "within budget: {:.1} KB to spare",
        (RUNTIME_BUDGET_BYTES - total) as f64 / 1024.0
    );
    if let Ok(map) = std::fs::read_to_string(size_map_path()) {
        println!("the wasm before wasm-opt's last pass, raw bytes by module (all in target/runtime-size-map.txt):");
        for line in map.lines().take(SIZE_MAP_LINES) {
            println!("  {line}");
        }
    }
    Ok(())
}

/// How many lines of the runtime's size map `size_budget` prints.
const SIZE_MAP_LINES: usize = 16;

/// Where the runtime build writes its size map (`size_map.rs`).
fn size_map_path() -> PathBuf {
    root().join("target/runtime-size-map.txt")
}

/// Files ending in `.ext` anywhere under `dir` (none when it does not exist).
fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The clocks the browser tests run at: their own fixed default (tests/e2e/browser.mjs,
/// `NOW`), then far from it, so a test that assumes a date fails now and not on a
/// future morning. The far one is half past midnight in Germany, when the UTC date is
/// still the day before (here 29 February of a leap year). With each, the moment in
/// seconds since 1970 formfabrik-server's clock starts at, so it agrees with the pages
/// on the day an application arrives.
const E2E_CLOCKS: [(Option<&str>, i64); 2] = [
    (None, 1_795_424_400), // 2026-11-23T10:00:00+01:00, browser.mjs's NOW
    (Some("2032-03-01T00:30:00+01:00"), 1_961_710_200),
];

/// Serves dist/ on a free port, with a formfabrik-server (the debug build, on a fresh
/// SQLite file) behind it, and runs the Playwright tests in tests/e2e against it, once
/// per clock in `E2E_CLOCKS`. The tests set up the server's authorities with its CLI
/// (`FORMFABRIK_SERVER_BIN` on `FORMFABRIK_SERVER_DB`).
fn end_to_end() -> Result {
    cmd(
        "cargo",
        &["build", "-p", "server", "--bin", "formfabrik-server"],
    )?;
    let binary = root().join("target/debug/formfabrik-server");
    let database = root().join("target/e2e-server.db");
    for stale in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{stale}", database.display()));
    }
    let server_port = free_port()?;
    let port = server::start_background(&root().join("dist"))?;
    let e2e = root().join("tests/e2e");
    for (clock, clock_at) in E2E_CLOCKS {
        // Started again for each clock (on the same port and database).
        let _server = start_formfabrik_server(&binary, &database, server_port, Some(clock_at))?;
        let mut command = Command::new("node");
        command
            .args(["--test", "--test-concurrency=1"])
            .current_dir(&e2e)
            .env("PATH", setup::path_with_tools())
            .env("FORMFABRIK_URL", format!("http://127.0.0.1:{port}"))
            .env("FORMFABRIK_SERVER_BIN", &binary)
            .env("FORMFABRIK_SERVER_DB", sqlite_url(&database));
        if let Some(now) = clock {
            println!("xtask: the browser tests again, with the pages' clock at {now}");
            command.env("FORMFABRIK_E2E_NOW", now);
        }
        let status = command
            .status()
            .map_err(|e| format!("node could not be started: {e}"))?;
        if !status.success() {
            let at = clock.map_or(String::new(), |now| format!(" with the clock at {now}"));
            return Err(format!("end-to-end tests failed{at}"));
        }
    }
    Ok(())
}
