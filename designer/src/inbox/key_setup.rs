//! The authority's key: made in this browser on first set-up (its public half
//! registered at the server, its backup downloaded), restored from the backup in
//! another browser, or replaced.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::clerk::Clerk;
use super::{api, keys};
use crate::files;
use crate::i18n::tr;

/// Passphrases for the backup are at least this long.
const MIN_PASSPHRASE: usize = 12;

fn backup_name(kid: &str) -> String {
    format!("schluesselsicherung-{kid}.json")
}

#[component]
pub fn KeySetup() -> impl IntoView {
    let clerk = expect_context::<Clerk>();
    let state = move || {
        let authority = clerk.authority_kid.get();
        let held = clerk.browser_kids.get();
        (authority, held)
    };
    view! {
        <section class="panel key-setup" aria-labelledby="key-heading">
            <h2 id="key-heading">{t!("Schlüssel der Behörde", "The authority's key")}</h2>
            {move || match state() {
                (None, _) => view! { <p>{t!("Einen Moment …", "One moment …")}</p> }.into_any(),
                (Some(kid), _) if kid.is_empty() => view! {
                    <p>{t!(
                        "Ihre Behörde hat noch keinen Schlüssel. Anträge werden auf dem Gerät der Bürgerinnen und Bürger für diesen Schlüssel verschlüsselt und nur hier im Browser geöffnet. Erzeugen Sie ihn jetzt; die Sicherungsdatei wird dabei heruntergeladen.",
                        "Your authority has no key yet. Applications are encrypted on the citizen's device for this key and opened only here in the browser. Create it now; its backup file is downloaded as you do.")}</p>
                    <CreateKey replace=false/>
                }.into_any(),
                (Some(kid), held) if held.contains(&kid) => {
                    let for_backup = kid.clone();
                    view! {
                        <p>{move || format!("{} „{kid}“ {}", tr("Der Schlüssel", "The key"),
                            tr("ist in diesem Browser eingerichtet.", "is set up in this browser."))}</p>
                        <div class="button-row">
                            <button type="button" class="secondary" on:click=move |_| {
                                let kid = for_backup.clone();
                                spawn_local(async move {
                                    match keys::backup(&kid).await {
                                        Some(backup) => files::download(&backup_name(&kid), &backup),
                                        None => clerk.say(tr("Zu diesem Schlüssel gibt es hier keine Sicherung.", "There is no backup of this key here.")),
                                    }
                                });
                            }>{t!("Sicherung erneut herunterladen", "Download the backup again")}</button>
                        </div>
                    }.into_any()
                }
                (Some(kid), _) => view! {
                    <p>{move || format!("{} „{kid}“. {}", tr("Ihre Behörde hat den Schlüssel", "Your authority has the key"),
                        tr("Dieser Browser hat ihn noch nicht: Stellen Sie ihn aus der Sicherungsdatei wieder her.",
                           "This browser does not hold it yet: restore it from the backup file."))}</p>
                    <RestoreKey/>
                    <details>
                        <summary>{t!("Neuen Schlüssel erzeugen", "Create a new key")}</summary>
                        <p>{t!(
                            "Neue Anträge werden dann für den neuen Schlüssel verschlüsselt. Bereits eingegangene Anträge lassen sich weiter nur mit dem bisherigen Schlüssel öffnen.",
                            "New applications are then encrypted for the new key. Applications already received still open only with the previous key.")}</p>
                        <CreateKey replace=true/>
                    </details>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn CreateKey(replace: bool) -> impl IntoView {
    let clerk = expect_context::<Clerk>();
    let passphrase = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = if replace { "new-key" } else { "first-key" };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (words, repeated) = (passphrase.get_untracked(), again.get_untracked());
        if words.chars().count() < MIN_PASSPHRASE {
            error.set(Some(
                tr(
                    "Die Passphrase für die Sicherung muss mindestens 12 Zeichen lang sein.",
                    "The backup's passphrase must be at least 12 characters long.",
                )
                .into(),
            ));
            return;
        }
        if words != repeated {
            error.set(Some(
                tr(
                    "Die beiden Passphrasen sind verschieden.",
                    "The two passphrases differ.",
                )
                .into(),
            ));
            return;
        }
        let kid = keys::new_kid();
        if kid.is_empty() {
            error.set(Some(
                tr(
                    "Dieser Browser bietet keine Web Crypto API.",
                    "This browser offers no Web Crypto API.",
                )
                .into(),
            ));
            return;
        }
        busy.set(true);
        clerk.say(tr("Der Schlüssel wird erzeugt …", "Creating the key …"));
        spawn_local(async move {
            let made = match keys::create(&kid, &words).await {
                Ok((jwk, backup)) => match api::register_key(&clerk.csrf(), &jwk).await {
                    Ok(()) => {
                        files::download(&backup_name(&kid), &backup);
                        Ok(())
                    }
                    Err(e) => Err(e),
                },
                Err(e) => Err(format!(
                    "{} ({e})",
                    tr(
                        "Der Schlüssel ließ sich nicht erzeugen.",
                        "The key could not be created."
                    )
                )),
            };
            busy.set(false);
            match made {
                Ok(()) => {
                    passphrase.set(String::new());
                    again.set(String::new());
                    error.set(None);
                    clerk.say(tr(
                        "Der Schlüssel ist eingerichtet, die Sicherungsdatei heruntergeladen. Bewahren Sie sie und die Passphrase getrennt und sicher auf.",
                        "The key is set up and its backup file downloaded. Keep it and the passphrase apart and safe.",
                    ));
                    clerk.refresh_keys();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="key-form" on:submit=create>
            <label for=format!("{id}-pass")>{t!("Passphrase für die Sicherungsdatei (mindestens 12 Zeichen)", "Passphrase for the backup file (at least 12 characters)")}</label>
            <input id=format!("{id}-pass") type="password" autocomplete="new-password"
                prop:value=move || passphrase.get() on:input=move |ev| passphrase.set(event_target_value(&ev))/>
            <label for=format!("{id}-again")>{t!("Passphrase wiederholen", "Repeat the passphrase")}</label>
            <input id=format!("{id}-again") type="password" autocomplete="new-password"
                prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev))/>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <div class="button-row">
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {t!("Schlüssel erzeugen", "Create the key")}</button>
            </div>
        </form>
    }
}

#[component]
fn RestoreKey() -> impl IntoView {
    let clerk = expect_context::<Clerk>();
    let passphrase = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let file: NodeRef<leptos::html::Input> = NodeRef::new();
    let restore = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = file
            .get()
            .and_then(|input| input.files())
            .and_then(|list| list.get(0));
        let Some(chosen) = chosen else {
            error.set(Some(
                tr(
                    "Bitte wählen Sie die Sicherungsdatei.",
                    "Please choose the backup file.",
                )
                .into(),
            ));
            return;
        };
        busy.set(true);
        // Read now: the form may be gone when the file has been read.
        let words = passphrase.get_untracked();
        spawn_local(async move {
            let restored = match files::read_text(&chosen).await {
                Ok(text) => keys::restore(&text, &words).await.map_err(|e| match e {
                    keys::RestoreError::Passphrase => tr(
                        "Die Passphrase passt nicht zu dieser Sicherung.",
                        "The passphrase does not fit this backup.",
                    )
                    .to_string(),
                    keys::RestoreError::NotABackup => tr(
                        "Die Datei ist keine Schlüsselsicherung von Formfabrik.",
                        "The file is not a Formfabrik key backup.",
                    )
                    .to_string(),
                    keys::RestoreError::Other(why) => format!(
                        "{} ({why})",
                        tr(
                            "Die Sicherung ließ sich nicht einlesen.",
                            "The backup could not be read."
                        )
                    ),
                }),
                Err(e) => Err(e),
            };
            busy.set(false);
            match restored {
                Ok(kid) => {
                    error.set(None);
                    passphrase.set(String::new());
                    clerk.say(format!(
                        "{} „{kid}“ {}",
                        tr("Der Schlüssel", "The key"),
                        tr("ist wiederhergestellt.", "is restored.")
                    ));
                    clerk.refresh_keys();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="key-form" on:submit=restore>
            <label for="restore-file">{t!("Sicherungsdatei", "Backup file")}</label>
            <input id="restore-file" type="file" accept="application/json,.json" node_ref=file/>
            <label for="restore-pass">{t!("Passphrase der Sicherung", "The backup's passphrase")}</label>
            <input id="restore-pass" type="password" autocomplete="off"
                prop:value=move || passphrase.get() on:input=move |ev| passphrase.set(event_target_value(&ev))/>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <div class="button-row">
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {t!("Schlüssel wiederherstellen", "Restore the key")}</button>
            </div>
        </form>
    }
}
