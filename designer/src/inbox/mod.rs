//! The clerks' inbox ("Posteingang", at `/posteingang`): signing in, the authority's
//! key (made in this browser, kept non-extractable, backed up encrypted), the
//! applications of one's own authority, and one application opened, decrypted and
//! checked here, never on the server.

mod api;
mod application;
mod clerk;
mod font;
mod key_setup;
mod keys;
mod list;
pub mod open;
pub mod pdf;
pub mod pdf_worker;

use leptos::prelude::*;
use leptos::task::spawn_local;
use server_api::Role;

use crate::i18n::{self, tr};
use clerk::Clerk;

#[component]
pub fn Inbox() -> impl IntoView {
    i18n::init();
    let clerk = Clerk {
        session: RwSignal::new(None),
        message: RwSignal::new(String::new()),
        opened: RwSignal::new(None),
        authority_kid: RwSignal::new(None),
        browser_kids: RwSignal::new(Vec::new()),
    };
    provide_context(clerk);
    api::on_expired(move || {
        if clerk.session.with_untracked(Option::is_some) {
            clerk.session.set(None);
            clerk.opened.set(None);
            clerk.say(tr(
                "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
                "Your session has ended. Please sign in again.",
            ));
        }
    });
    let checked = RwSignal::new(false);
    spawn_local(async move {
        match api::session().await {
            Ok(session) => {
                let signed_in = session.is_some();
                clerk.session.set(session);
                if signed_in {
                    clerk.refresh_keys();
                }
            }
            Err(e) => clerk.say(e),
        }
        checked.set(true);
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title("Formfabrik – Posteingang");
    }
    let language = i18n::language();
    let sign_out = move |_| {
        let csrf = clerk.csrf();
        spawn_local(async move {
            match api::sign_out(&csrf).await {
                Ok(()) => {
                    clerk.session.set(None);
                    clerk.opened.set(None);
                    clerk.say(tr("Sie sind abgemeldet.", "You are signed out."));
                }
                Err(e) => clerk.say(e),
            }
        });
    };
    view! {
        <header class="topbar">
            <h1>{t!("Formfabrik · Posteingang", "Formfabrik · Inbox")}</h1>
            <div class="topbar-actions">
                {move || clerk.session.get().map(|s| view! {
                    <span class="who">{format!("{} · {}", s.user.name, s.user.authority)}</span>
                })}
                <button type="button" lang=move || if i18n::en() { "de" } else { "en" }
                    on:click=move |_| language.update(|l| *l = if *l == engine::Lang::De { engine::Lang::En } else { engine::Lang::De })>
                    {move || if i18n::en() { "Deutsch" } else { "English" }}
                </button>
                <Show when=move || clerk.session.with(Option::is_some)>
                    <button type="button" on:click=sign_out>{t!("Abmelden", "Sign out")}</button>
                </Show>
            </div>
        </header>
        <main class="inbox" id="inhalt">
            <p class="inbox-message" role="status" aria-live="polite">{move || clerk.message.get()}</p>
            {move || {
                if !checked.get() {
                    return view! { <p>{t!("Einen Moment …", "One moment …")}</p> }.into_any();
                }
                match clerk.session.get() {
                    None => view! { <SignInForm/> }.into_any(),
                    Some(s) if !s.user.has(Role::Sachbearbeitung) => view! {
                        <p class="panel">{t!(
                            "Der Posteingang ist für die Sachbearbeitung. Ihr Konto hat diese Rolle nicht.",
                            "The inbox is for clerks. Your account does not have this role.")}</p>
                    }.into_any(),
                    Some(_) => match clerk.opened.get() {
                        None => view! { <key_setup::KeySetup/> <list::List/> }.into_any(),
                        Some(reference) => view! { <application::Opened reference/> }.into_any(),
                    },
                }
            }}
        </main>
    }
}

#[component]
fn SignInForm() -> impl IntoView {
    let clerk = expect_context::<Clerk>();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        spawn_local(async move {
            match api::sign_in(&email.get_untracked(), &password.get_untracked()).await {
                Ok(session) => {
                    error.set(None);
                    password.set(String::new());
                    clerk.session.set(Some(session));
                    clerk.say(tr("Sie sind angemeldet.", "You are signed in."));
                    clerk.refresh_keys();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="panel sign-in" on:submit=submit>
            <h2>{t!("Anmelden", "Sign in")}</h2>
            <p>{t!("Melden Sie sich mit dem Konto Ihrer Behörde an.", "Sign in with your authority's account.")}</p>
            <label for="inbox-email">{t!("E-Mail-Adresse", "E-mail address")}</label>
            <input id="inbox-email" type="email" autocomplete="username" required
                prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
            <label for="inbox-password">{t!("Passwort", "Password")}</label>
            <input id="inbox-password" type="password" autocomplete="current-password" required
                prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <div class="button-row">
                <button type="submit" class="primary" disabled=move || busy.get()>{t!("Anmelden", "Sign in")}</button>
            </div>
        </form>
    }
}
