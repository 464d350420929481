//! formfabrik-server
//!
//!   formfabrik-server                 serves (settings from the environment, see README)
//!   formfabrik-server add-key KEY.jwk [ARS]  registers a public key (the authority's, or
//!                                             without ARS the server's own)
//!   formfabrik-server add-origin ARS ORIGIN   a portal that may send for the authority
//!   formfabrik-server add-authority NAME ARS CONTACT
//!   formfabrik-server add-user ARS EMAIL NAME ROLE[,ROLE…]   (the first: role admin)
//!   formfabrik-server route-form FORM-ID ARS  sends the form's applications there
//!   formfabrik-server set-retention ARS DAYS  keeps handled applications that long
//!   formfabrik-server retain                  deletes what is due now (serving does it hourly)
//!
//! A new person's password is read from standard input (one line), never from the
//! command line, where other users of the machine could see it.
//!
//! Exit codes: 0 done, 1 refused, 2 could not start.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use server::accounts::{self, Role};
use server::{db, forms::Forms, router, system_now, AppState, Config, Limiter};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => return fail(2, &e),
    };
    if let Some(at) = config.clock_at {
        server::start_clock_at(at);
    }
    let pool = match db::connect(&config.database_url).await {
        Ok(pool) => pool,
        Err(e) => return fail(2, &e),
    };
    match args.first().map(String::as_str) {
        None => serve(config, pool).await,
        Some("add-key") => match &args[1..] {
            [file] => add_key(&pool, file, None).await,
            [file, ars] => add_key(&pool, file, Some(ars)).await,
            _ => fail(2, "usage: formfabrik-server add-key KEY.jwk [ARS]"),
        },
        Some("add-origin") => match &args[1..] {
            [ars, origin] => match accounts::add_origin(&pool, ars, origin).await {
                Ok(()) => done(&format!("{origin} may send applications for {ars}")),
                Err(e) => fail(1, &e),
            },
            _ => fail(2, "usage: formfabrik-server add-origin ARS ORIGIN"),
        },
        Some("add-authority") => match &args[1..] {
            [name, ars, contact] => match accounts::add_authority(&pool, name, ars, contact).await {
                Ok(_) => done(&format!("authority {ars} \"{name}\" added")),
                Err(e) => fail(1, &e),
            },
            _ => fail(2, "usage: formfabrik-server add-authority NAME ARS CONTACT"),
        },
        Some("add-user") => match &args[1..] {
            [ars, email, name, roles] => add_user(&pool, ars, email, name, roles).await,
            _ => fail(
                2,
                "usage: formfabrik-server add-user ARS EMAIL NAME ROLE[,ROLE…] (password on standard input)",
            ),
        },
        Some("route-form") => match &args[1..] {
            [form, ars] => match accounts::route_form(&pool, form, ars).await {
                Ok(waiting) => done(&format!(
                    "applications for \"{form}\" go to {ars} ({waiting} received before)"
                )),
                Err(e) => fail(1, &e),
            },
            _ => fail(2, "usage: formfabrik-server route-form FORM-ID ARS"),
        },
        Some("set-retention") => match &args[1..] {
            [ars, days] => match days.parse::<i64>() {
                Ok(days) => match accounts::set_retention(&pool, ars, days).await {
                    Ok(()) => done(&format!("{ars} keeps handled applications {days} days")),
                    Err(e) => fail(1, &e),
                },
                Err(_) => fail(2, &format!("\"{days}\" is not a number of days")),
            },
            _ => fail(2, "usage: formfabrik-server set-retention ARS DAYS"),
        },
        Some("retain") => match accounts::retain(&pool, system_now().unix).await {
            Ok(n) => done(&format!("{n} handled applications past their retention deleted")),
            Err(e) => fail(1, &format!("retention: {e}")),
        },
        Some(other) => fail(
            2,
            &format!("unknown command \"{other}\"; commands: add-key, add-origin, add-authority, add-user, route-form, set-retention, retain"),
        ),
    }
}

fn done(message: &str) -> ExitCode {
    println!("formfabrik-server: {message}");
    ExitCode::SUCCESS
}

/// A person of the authority; the password comes as one line on standard input.
async fn add_user(
    pool: &sqlx::AnyPool,
    ars: &str,
    email: &str,
    name: &str,
    roles: &str,
) -> ExitCode {
    let mut parsed = Vec::new();
    for code in roles.split(',') {
        match Role::parse(code) {
            Some(role) => parsed.push(role),
            None => {
                let known: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
                return fail(
                    1,
                    &format!("no role \"{code}\"; roles: {}", known.join(", ")),
                );
            }
        }
    }
    let mut password = String::new();
    if std::io::stdin().read_line(&mut password).is_err() {
        return fail(2, "cannot read the password from standard input");
    }
    let password = password.trim_end_matches(['\r', '\n']);
    match accounts::add_user(pool, ars, email, name, password, &parsed, system_now().unix).await {
        Ok(_) => done(&format!("{email} added to {ars} ({roles})")),
        Err(e) => fail(1, &e),
    }
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("formfabrik-server: {message}");
    ExitCode::from(code)
}

async fn serve(config: Config, pool: sqlx::AnyPool) -> ExitCode {
    let state = Arc::new(AppState {
        pool,
        forms: Forms::new(config.forms.clone()),
        limiter: Limiter::new(config.per_minute),
        sign_ins: Limiter::new(server::SIGN_INS_PER_MINUTE),
        clock: system_now,
    });
    // Retention, hourly: any instance may run it; a deletion happens and is logged once.
    let pool = state.pool.clone();
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            match accounts::retain(&pool, system_now().unix).await {
                Ok(0) => {}
                Ok(n) => println!(
                    "formfabrik-server: {n} handled applications past their retention deleted"
                ),
                Err(e) => eprintln!("formfabrik-server: retention: {e}"),
            }
        }
    });
    let app = router(state, &config.origins);
    let listener = match tokio::net::TcpListener::bind(&config.listen).await {
        Ok(listener) => listener,
        Err(e) => return fail(2, &format!("cannot listen on {}: {e}", config.listen)),
    };
    println!(
        "formfabrik-server: listening on http://{} (database {}, forms from {})",
        config.listen,
        db::redacted(&config.database_url),
        config.forms.display()
    );
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(2, &format!("stopped: {e}")),
    }
}

/// Registers a public key: a JWK (RSA, `alg` RSA-OAEP-256) with its `kid`.
async fn add_key(pool: &sqlx::AnyPool, file: &str, ars: Option<&String>) -> ExitCode {
    let authority = match ars {
        Some(ars) => match accounts::authority_id(pool, ars).await {
            Ok(id) => Some(id),
            Err(e) => return fail(1, &e),
        },
        None => None,
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => return fail(2, &format!("cannot read {file}: {e}")),
    };
    let (kid, jwk) = match server::jwe::public_key(&text) {
        Ok(key) => key,
        Err(why) => return fail(1, &format!("{file}: {why}")),
    };
    match db::add_key(pool, &kid, &jwk, system_now().unix, authority).await {
        Ok(()) => {
            println!("formfabrik-server: key \"{kid}\" registered");
            ExitCode::SUCCESS
        }
        Err(e) => fail(1, &format!("key \"{kid}\" not registered: {e}")),
    }
}
