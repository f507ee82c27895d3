-- 0016: hardening.  Login throttling that slows instead of locking out,
-- API tokens that expire, and the privileges of the role the server
-- connects as.

-- The attempt that took an account's slot for clients without failures on
-- it (an account past its failure ceiling lets those through one at a
-- time; see auth.c).
ALTER TABLE login_attempts ADD COLUMN clean boolean NOT NULL DEFAULT false;

-- Tokens made without an expiry now get one (token_expiry_days); those
-- made before expire 90 days from this migration rather than never.
UPDATE api_tokens SET expires_at = hl_now() + interval '90 days'
	WHERE expires_at IS NULL AND revoked_at IS NULL;

-- Two roles.  Migrations (this file) run as the database's owner, who
-- owns every table.  The server connects as honglian_app, created by
-- whoever set the database up (scripts/pg.sh, or the DBA as the README
-- shows), which may read and write rows and nothing else: no DDL (it owns
-- nothing, and PostgreSQL 15 gives PUBLIC no CREATE on schema public), no
-- TRUNCATE, and on audit_log only SELECT and INSERT, so that not even the
-- server can rewrite the log or drop its append-only trigger.  Tables of
-- later migrations get the same rights by default privileges; honglian
-- migrate calls hl_grant_app_role() after every run, so a role created
-- after the migrations is brought up to date by migrating again.
CREATE FUNCTION hl_grant_app_role() RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'honglian_app') THEN
		RETURN false;
	END IF;
	EXECUTE format('GRANT CONNECT ON DATABASE %I TO honglian_app',
	    current_database());
	EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC',
	    current_database());
	GRANT USAGE ON SCHEMA public TO honglian_app;
	GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public
	    TO honglian_app;
	GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO honglian_app;
	REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM honglian_app;
	REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations
	    FROM honglian_app;
	ALTER DEFAULT PRIVILEGES IN SCHEMA public
	    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO honglian_app;
	ALTER DEFAULT PRIVILEGES IN SCHEMA public
	    GRANT USAGE, SELECT ON SEQUENCES TO honglian_app;
	GRANT EXECUTE ON FUNCTION hl_analyze_outbox() TO honglian_app;
	RETURN true;
END
$$;
COMMENT ON FUNCTION hl_grant_app_role() IS
    'Give the role honglian_app (when it exists) the rights the server needs and no more; run by honglian migrate.';
REVOKE EXECUTE ON FUNCTION hl_grant_app_role() FROM PUBLIC;

-- The notification worker refreshes the outbox's planner statistics when
-- a backlog appears (notify.c).  ANALYZE is for the table's owner (for
-- anyone else PostgreSQL skips the table with a warning), so the worker
-- calls this, which runs as the owner and does that one thing.
CREATE FUNCTION hl_analyze_outbox() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
	ANALYZE public.outbox;
END
$$;
REVOKE EXECUTE ON FUNCTION hl_analyze_outbox() FROM PUBLIC;

SELECT hl_grant_app_role();
