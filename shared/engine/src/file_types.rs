//! The file types a file field accepts: one table of names, media types and file name
//! endings. A field's `accept` holds media types (`application/pdf`, `image/*`); form
//! builders may type a name or an ending (`PDF`, `.jpg`), which [`resolve`] turns into
//! one when the form is compiled.

use crate::text::Lang;

pub struct FileType {
    /// What citizens and form builders call it, e.g. `PDF`.
    pub name: &'static str,
    pub media_type: &'static str,
    /// File name endings, lower case, without the dot; the first is the usual one.
    pub extensions: &'static [&'static str],
}

/// The types offered to choose from in the designer, the common ones first.
pub const FILE_TYPES: &[FileType] = &[
    FileType {
        name: "PDF",
        media_type: "application/pdf",
        extensions: &["pdf"],
    },
    FileType {
        name: "JPEG",
        media_type: "image/jpeg",
        extensions: &["jpg", "jpeg", "jpe"],
    },
    FileType {
        name: "PNG",
        media_type: "image/png",
        extensions: &["png"],
    },
    FileType {
        name: "HEIC",
        media_type: "image/heic",
        extensions: &["heic"],
    },
    FileType {
        name: "TIFF",
        media_type: "image/tiff",
        extensions: &["tif", "tiff"],
    },
    FileType {
        name: "DOCX",
        media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        extensions: &["docx"],
    },
    FileType {
        name: "DOC",
        media_type: "application/msword",
        extensions: &["doc"],
    },
    FileType {
        name: "ODT",
        media_type: "application/vnd.oasis.opendocument.text",
        extensions: &["odt"],
    },
    FileType {
        name: "XLSX",
        media_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        extensions: &["xlsx"],
    },
    FileType {
        name: "ODS",
        media_type: "application/vnd.oasis.opendocument.spreadsheet",
        extensions: &["ods"],
    },
    FileType {
        name: "TXT",
        media_type: "text/plain",
        extensions: &["txt"],
    },
    FileType {
        name: "XML",
        media_type: "application/xml",
        extensions: &["xml"],
    },
    FileType {
        name: "ZIP",
        media_type: "application/zip",
        extensions: &["zip"],
    },
];

/// Any image, whatever its format.
pub const ANY_IMAGE: &str = "image/*";

/// What a form builder typed for a type (`PDF`, `.jpg`, `*.png`, `image/png`, `Bilder`)
/// as a media type; `None` when it names no file at all.
pub fn resolve(typed: &str) -> Option<String> {
    let typed = typed.trim().to_ascii_lowercase();
    if typed.contains('/') {
        return is_media_type(&typed).then_some(typed);
    }
    let ending = typed.trim_start_matches('*').trim_start_matches('.');
    if ["bild", "bilder", "image", "images", "foto", "fotos"].contains(&ending) {
        return Some(ANY_IMAGE.to_string());
    }
    FILE_TYPES
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(ending) || t.extensions.contains(&ending))
        .map(|t| t.media_type.to_string())
}

/// `type/subtype` of token characters, the subtype possibly `*`.
fn is_media_type(text: &str) -> bool {
    let token = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
    };
    match text.split_once('/') {
        Some((kind, subtype)) => token(kind) && (subtype == "*" || token(subtype)),
        None => false,
    }
}

/// The media type of a chosen file: what the browser reports, else (browsers report
/// nothing for types the system does not know, e.g. HEIC photos on Windows) the one its
/// name's ending has in the table.
pub fn media_type_of(file_name: &str, reported: &str) -> String {
    if !reported.is_empty() && reported != "application/octet-stream" {
        return reported.to_ascii_lowercase();
    }
    let ending = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    FILE_TYPES
        .iter()
        .find(|t| t.extensions.contains(&ending.as_str()))
        .map_or(reported.to_string(), |t| t.media_type.to_string())
}

/// `image/*` accepts any image; an empty list accepts everything.
pub fn accepts(accept: &[String], media_type: &str) -> bool {
    accept.is_empty()
        || accept
            .iter()
            .any(|pattern| match pattern.strip_suffix("/*") {
                Some(prefix) => media_type
                    .split('/')
                    .next()
                    .is_some_and(|kind| kind.eq_ignore_ascii_case(prefix)),
                None => pattern.eq_ignore_ascii_case(media_type),
            })
}

/// The accepted types as citizens know them: `PDF, JPEG, Bilder`.
pub fn names(accept: &[String], lang: Lang) -> String {
    let mut out = String::new();
    for (index, media_type) in accept.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push_str(
            match FILE_TYPES.iter().find(|t| t.media_type == media_type) {
                Some(known) => known.name,
                None if media_type == ANY_IMAGE => match lang {
                    Lang::De => "Bilder",
                    Lang::En => "images",
                },
                None => media_type,
            },
        );
    }
    out
}

/// The file picker's `accept` attribute: each media type and its endings, so that
/// pickers which go by ending offer the right files too.
pub fn picker_accept(accept: &[String]) -> String {
    let mut out = String::new();
    for media_type in accept {
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(media_type);
        if let Some(known) = FILE_TYPES.iter().find(|t| t.media_type == media_type) {
            for ending in known.extensions {
                out.push_str(",.");
                out.push_str(ending);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_what_builders_type() {
        for (typed, expected) in [
            ("PDF", Some("application/pdf")),
            (" pdf ", Some("application/pdf")),
            (".jpg", Some("image/jpeg")),
            ("*.JPEG", Some("image/jpeg")),
            ("JPG", Some("image/jpeg")),
            ("Bilder", Some("image/*")),
            ("image/*", Some("image/*")),
            ("Application/PDF", Some("application/pdf")),
            ("application/vnd.ms-excel", Some("application/vnd.ms-excel")),
            ("docx", Some(FILE_TYPES[5].media_type)),
            ("PDF, JPG", None),
            ("Lageplan", None),
            ("", None),
            ("/pdf", None),
            ("application/", None),
            ("*/*", None),
        ] {
            assert_eq!(resolve(typed).as_deref(), expected, "{typed:?}");
        }
    }

    #[test]
    fn a_file_without_a_reported_type_goes_by_its_ending() {
        assert_eq!(media_type_of("IMG_0001.HEIC", ""), "image/heic");
        assert_eq!(
            media_type_of("plan.pdf", "application/octet-stream"),
            "application/pdf"
        );
        assert_eq!(
            media_type_of("plan.pdf", "Application/PDF"),
            "application/pdf"
        );
        assert_eq!(media_type_of("plan", ""), "");
        assert_eq!(media_type_of("plan.xyz", ""), "");
    }

    #[test]
    fn accepts_by_media_type_and_wildcard() {
        let accept = vec!["application/pdf".to_string(), "image/*".to_string()];
        assert!(accepts(&accept, "image/png"));
        assert!(accepts(&accept, "application/PDF"));
        assert!(accepts(&accept, "IMAGE/heic"));
        assert!(!accepts(&accept, "text/plain"));
        assert!(!accepts(&accept, ""));
        assert!(accepts(&[], "text/plain"));
    }

    #[test]
    fn names_types_as_people_do() {
        let accept = vec![
            "application/pdf".to_string(),
            "image/jpeg".to_string(),
            "image/*".to_string(),
            "application/x-gis".to_string(),
        ];
        assert_eq!(
            names(&accept, Lang::De),
            "PDF, JPEG, Bilder, application/x-gis"
        );
        assert_eq!(
            names(&accept, Lang::En),
            "PDF, JPEG, images, application/x-gis"
        );
        assert_eq!(
            picker_accept(&accept[..2]),
            "application/pdf,.pdf,image/jpeg,.jpg,.jpeg,.jpe"
        );
    }

    #[test]
    fn the_table_is_consistent() {
        for (index, file_type) in FILE_TYPES.iter().enumerate() {
            assert!(is_media_type(file_type.media_type), "{}", file_type.name);
            assert_eq!(
                resolve(file_type.name).as_deref(),
                Some(file_type.media_type)
            );
            for ending in file_type.extensions {
                assert_eq!(ending.to_ascii_lowercase(), *ending);
                let owner = FILE_TYPES
                    .iter()
                    .position(|t| t.extensions.contains(ending));
                assert_eq!(owner, Some(index), "ending {ending} listed twice");
            }
        }
    }
}
