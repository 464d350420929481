-- Authorities (tenants), their people, sessions, sign-in failures and the audit log.
-- Applications belong to the authority their form is assigned to.
CREATE TABLE authorities (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    -- Amtlicher Regionalschlüssel, 12 digits.
    ars TEXT NOT NULL UNIQUE,
    contact TEXT NOT NULL,
    retention_days BIGINT NOT NULL DEFAULT 90
);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    authority_id BIGINT NOT NULL REFERENCES authorities (id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- Argon2id, as a PHC string.
    password_hash TEXT NOT NULL,
    -- Comma-separated: admin, formularbau, veroeffentlichung, sachbearbeitung.
    roles TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's token: a copy of the database opens no session.
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Failed sign-ins per e-mail address, shared by all instances.
CREATE TABLE sign_in_failures (
    email TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    authority_id BIGINT,
    user_id BIGINT,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);

-- Which authority receives a form's applications.
CREATE TABLE form_routes (
    form_id TEXT PRIMARY KEY,
    authority_id BIGINT NOT NULL REFERENCES authorities (id)
);

ALTER TABLE applications ADD COLUMN authority_id BIGINT REFERENCES authorities (id);
