//! The inbox's PDF/A writer as a web worker (app/posteingang.html, `data-type="worker"`):
//! a bundle of its own, fetched only when a clerk asks for a PDF.

fn main() {
    designer::serve_pdf_worker();
}
