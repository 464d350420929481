/// One page, two rooms: the clerks' inbox at `/posteingang`, the designer elsewhere.
fn main() {
    let path = web_sys_path();
    if path.trim_end_matches('/') == designer::INBOX_PATH {
        leptos::mount::mount_to_body(designer::Inbox);
    } else {
        leptos::mount::mount_to_body(designer::App);
    }
}

fn web_sys_path() -> String {
    leptos::prelude::window()
        .location()
        .pathname()
        .unwrap_or_default()
}
