-- 0004: the audit log.  Every change the application makes appends one
-- row here in the same transaction as the change.  Append-only: a
-- trigger refuses UPDATE, DELETE and TRUNCATE for everyone, the owner
-- included (privileges alone do not bind the owner, who is who the app
-- connects as in development).
--
-- actor_user_id has no foreign key on purpose: the log must outlive
-- whatever it describes, and an FK action (SET NULL) would be an UPDATE.
-- actor_login is the login at the time, kept for the same reason.

CREATE TABLE audit_log (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at		timestamptz NOT NULL DEFAULT hl_now(),
	actor_user_id	bigint,
	actor_login	text,
	action		text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
	object_type	text NOT NULL CHECK (object_type ~ '^[a-z_]+$'),
	object_id	text,
	request_id	text CHECK (octet_length(request_id) <= 100),
	client_ip	inet,
	before		jsonb,
	after		jsonb
);
COMMENT ON TABLE audit_log IS
    'Append-only.  action like case.transition, object_type like case; actor NULL = system job.';
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, id) WHERE actor_user_id IS NOT NULL;
CREATE INDEX audit_log_at_idx ON audit_log (at, id);

CREATE FUNCTION hl_audit_log_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
	    USING ERRCODE = 'insufficient_privilege';
END
$$;
-- Statement level, so that it also fires for TRUNCATE and for an UPDATE
-- or DELETE that matches no row.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION hl_audit_log_immutable();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
