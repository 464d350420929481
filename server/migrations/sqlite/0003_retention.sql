-- When an application got its status: erledigt and abgelehnt ones are deleted once
-- their authority's retention period has passed since.
ALTER TABLE applications ADD COLUMN status_at BIGINT;
