-- Keys and portal origins per authority. A key without an authority is the server's
-- own, used for forms whose authority has none yet.
ALTER TABLE authority_keys ADD COLUMN authority_id BIGINT REFERENCES authorities (id);

CREATE TABLE authority_origins (
    authority_id BIGINT NOT NULL REFERENCES authorities (id),
    -- https://www.kiel.de: scheme, host and port, as browsers send it in Origin.
    origin TEXT NOT NULL,
    PRIMARY KEY (authority_id, origin)
);
