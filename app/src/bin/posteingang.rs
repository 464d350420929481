//! The clerks' inbox at `/posteingang`: a bundle of its own (app/posteingang.html), so
//! the designer carries none of its code and the inbox none of the designer's.

fn main() {
    leptos::mount::mount_to_body(designer::Inbox);
}
