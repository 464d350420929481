//! What formfabrik-server and the clerks' inbox in the browser say to each other: the
//! bodies of `/api/session`, `/api/clerk/…` and `/api/admin/…`, one definition for
//! both sides. A refusal is always `{"error": …}` ([`Refusal`]).

use serde::{Deserialize, Serialize};

/// A person's role at their authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages the authority's people.
    Admin,
    /// Builds forms.
    Formularbau,
    /// Publishes forms.
    Veroeffentlichung,
    /// Reads and handles applications.
    Sachbearbeitung,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::Formularbau,
        Role::Veroeffentlichung,
        Role::Sachbearbeitung,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Formularbau => "formularbau",
            Role::Veroeffentlichung => "veroeffentlichung",
            Role::Sachbearbeitung => "sachbearbeitung",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code.trim())
    }
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Neu,
    InBearbeitung,
    Erledigt,
    Abgelehnt,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Neu,
        Status::InBearbeitung,
        Status::Erledigt,
        Status::Abgelehnt,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Neu => "neu",
            Status::InBearbeitung => "in_bearbeitung",
            Status::Erledigt => "erledigt",
            Status::Abgelehnt => "abgelehnt",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The status as clerks read it: German, English.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Status::Neu => ("neu", "new"),
            Status::InBearbeitung => ("in Bearbeitung", "in progress"),
            Status::Erledigt => ("erledigt", "done"),
            Status::Abgelehnt => ("abgelehnt", "rejected"),
        }
    }
}

/// A signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub authority_id: i64,
    /// The authority's name.
    pub authority: String,
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
}

impl User {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// `POST /api/session`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

/// What the page learns of its session (`POST` and `GET /api/session`); `csrf` goes
/// into `X-CSRF-Token` on every change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: User,
    pub csrf: String,
}

/// The most applications one list answer holds (the newest).
pub const LIST_LIMIT: usize = 500;

/// One line of the inbox (`GET /api/clerk/applications?status=…&reference=…`), at most
/// [`LIST_LIMIT`] of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub reference: String,
    pub form_id: String,
    pub form_version: String,
    pub form_hash: String,
    /// The published form's file name, under the portal's `forms/`.
    pub form_file: String,
    /// Seconds since 1970.
    pub received_at: i64,
    pub status: Status,
}

/// One application (`GET /api/clerk/applications/REFERENCE`): ciphertexts only.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Application {
    pub summary: Summary,
    /// A compact JWE of the sealed envelope.
    pub payload: String,
    pub attachments: Vec<StoredFile>,
}

/// One file of an application, as the citizen's browser encrypted it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredFile {
    pub id: String,
    /// The field's path, e.g. `hunde[0].impfpass`.
    pub field: String,
    pub media_type: String,
    pub size: i64,
    /// A compact JWE of the file's bytes.
    pub content: String,
}

/// `POST /api/clerk/applications/REFERENCE/status`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetStatus {
    pub status: Status,
}

/// `POST /api/admin/users`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password: String,
    pub roles: Vec<Role>,
}

/// The authority's public key (`GET` and `POST /api/clerk/key`): a JWK as text (RSA,
/// `alg` RSA-OAEP-256, `key_ops` wrapKey, with its `kid`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorityKey {
    pub jwk: String,
}

/// A line of the audit log (`GET /api/admin/audit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: i64,
    pub user: Option<String>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// Every refusal's body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Refusal {
    pub error: String,
}
