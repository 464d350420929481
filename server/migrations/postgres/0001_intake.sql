-- Applications as received: ciphertext only (JWE compact), with what the server may
-- know in the clear to check and route them.
CREATE TABLE applications (
    id BIGSERIAL PRIMARY KEY,
    reference TEXT UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    body_hash TEXT NOT NULL,
    form_file TEXT NOT NULL,
    form_id TEXT NOT NULL,
    form_version TEXT NOT NULL,
    form_hash TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'neu'
);

CREATE TABLE attachments (
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    attachment_id TEXT NOT NULL,
    field TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (application_id, attachment_id)
);

-- The last number given per reference prefix and year: HUN-2026-000123.
CREATE TABLE reference_counters (
    prefix TEXT NOT NULL,
    year BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (prefix, year)
);

-- The authority's public keys (JWK, RSA-OAEP-256); the newest is the one to encrypt for.
CREATE TABLE authority_keys (
    kid TEXT PRIMARY KEY,
    jwk TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
