-- 0001: extensions, the injectable application clock and shared helpers.
--
-- Every timestamp the application writes comes from hl_now(), never from
-- now() directly, so that tests can move time (deadlines, reminders,
-- session expiry, rate-limit windows) by updating app_clock:
--     UPDATE app_clock SET clock_offset = interval '3 days';
-- Production leaves the offset at zero.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row, enforced by a boolean primary key that can only be true.
CREATE TABLE app_clock (
	id		boolean PRIMARY KEY DEFAULT true CHECK (id),
	clock_offset	interval NOT NULL DEFAULT interval '0'
);
INSERT INTO app_clock (id, clock_offset) VALUES (true, interval '0');

COMMENT ON TABLE app_clock IS
    'Single row: offset added to now() by hl_now(); tests shift time here, production keeps 0.';

-- The application's "now": the transaction start time plus the offset.
-- STABLE (not IMMUTABLE): it reads a table and is constant within a
-- statement, so it may appear in index conditions and column defaults.
CREATE FUNCTION hl_now() RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT now() + coalesce((SELECT clock_offset FROM app_clock WHERE id), interval '0')
$$;

-- Today's date in Zibo (Asia/Shanghai, UTC+8, no DST), by the app clock.
CREATE FUNCTION hl_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT (hl_now() AT TIME ZONE 'Asia/Shanghai')::date
$$;

-- Trigger function: keep updated_at current on every UPDATE, so no
-- caller can forget it.  Attached to each table that has updated_at.
CREATE FUNCTION hl_set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.updated_at := hl_now();
	RETURN NEW;
END
$$;

-- True when a text[] has no NULL element and no duplicate.  Used by
-- CHECK constraints on tag, district and level arrays.
CREATE FUNCTION hl_text_array_clean(a text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT a IS NOT NULL
	   AND array_position(a, NULL) IS NULL
	   AND cardinality(a) = (SELECT count(DISTINCT x) FROM unnest(a) AS x)
$$;

-- GB 32100-2015 unified social credit code (统一社会信用代码): 18 characters
-- from 0-9 A-H J-N P-R T-U W-Y (no I O S V Z); the 18th is a check
-- character: weights 3^i mod 31 over the first 17 values, check value
-- 31 - (sum mod 31), 31 meaning 0.  Mirrors valid.c; the database is the
-- last line of defence, valid.c gives the friendly per-field message.
CREATE FUNCTION hl_credit_code_valid(code text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	alphabet constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
	weights constant int[] := ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
	    25, 13, 8, 24, 10, 30, 28];
	total int := 0;
	v int;
	i int;
BEGIN
	IF code !~ '^[0-9A-HJ-NPQRTUW-Y]{18}$' THEN
		RETURN false;
	END IF;
	FOR i IN 1..17 LOOP
		v := strpos(alphabet, substr(code, i, 1)) - 1;
		total := total + v * weights[i];
	END LOOP;
	v := 31 - total % 31;
	IF v = 31 THEN
		v := 0;
	END IF;
	RETURN substr(code, 18, 1) = substr(alphabet, v + 1, 1);
END
$$;

-- Raise an application error that db.c maps to an API error (see db.h):
-- SQLSTATE 'HL' || status, HINT = the stable API code, DETAIL
-- 'field=<name>' when one field is at fault, MESSAGE in Chinese.
CREATE FUNCTION hl_raise(status text, code text, msg text, field text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF field IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'HL' || status, MESSAGE = msg,
		    HINT = code;
	ELSE
		RAISE EXCEPTION USING ERRCODE = 'HL' || status, MESSAGE = msg,
		    HINT = code, DETAIL = 'field=' || field;
	END IF;
END
$$;
