-- 0005: the working-day calendar and the per-category deadlines (SLA).
--
-- calendar_days lists only the exceptions: public holidays (holiday) and
-- make-up working days on weekends (调休, workday).  Any day not listed
-- is a working day Monday to Friday and a rest day on Saturday and
-- Sunday.  A year whose official schedule has not been loaded therefore
-- counts plain weekdays: load each year's State Council notice as a new
-- migration (0011 holds 2026).  calendar.c mirrors these functions for
-- pure-logic tests; the SQL ones are what deadlines are computed with.

CREATE TABLE calendar_days (
	day	date PRIMARY KEY,
	kind	text NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name	text NOT NULL DEFAULT '' CHECK (char_length(name) <= 40),
	-- A make-up working day is a weekend day, a holiday a weekday or
	-- weekend day; listing a plain weekday as workday would be a no-op.
	CHECK (kind = 'holiday' OR extract(isodow FROM day) >= 6)
);

-- Working days allowed per case category, counted from acceptance.
-- Editable by admins; a category row cannot be deleted while cases use it.
CREATE TABLE sla_limits (
	category	text PRIMARY KEY CHECK (category IN ('policy', 'financing', 'legal',
			    'technology', 'talent', 'approvals', 'other')),
	working_days	integer NOT NULL CHECK (working_days > 0 AND working_days <= 250),
	updated_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_by	bigint REFERENCES users (id) ON DELETE SET NULL
);
INSERT INTO sla_limits (category, working_days) VALUES
	('policy', 3),
	('legal', 5),
	('financing', 10),
	('talent', 10),
	('technology', 15),
	('approvals', 15),
	('other', 10);
CREATE TRIGGER sla_limits_updated_at BEFORE UPDATE ON sla_limits
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

-- Is d a working day?
CREATE FUNCTION hl_is_workday(d date) RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
	SELECT coalesce((SELECT c.kind = 'workday' FROM calendar_days c WHERE c.day = d),
	    extract(isodow FROM d) < 6)
$$;

-- The n-th working day after d (n > 0), or before d (n < 0); d itself
-- for n = 0, whether or not it is a working day.  Examples (2026):
-- hl_add_workdays('2026-02-13', 1) = '2026-02-14' (make-up Saturday),
-- hl_add_workdays('2026-02-14', 1) = '2026-02-24' (after Spring Festival).
-- The search window of 2|n| + 40 calendar days is wider than any run of
-- rest days the official calendar has ever had (at most 9 in a row).
CREATE FUNCTION hl_add_workdays(d date, n integer) RETURNS date
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
	SELECT CASE
	WHEN n = 0 THEN d
	WHEN n > 0 THEN (
		SELECT g.day FROM (
			SELECT (d + i) AS day FROM generate_series(1, 2 * n + 40) AS i
		) g
		LEFT JOIN calendar_days c ON c.day = g.day
		WHERE coalesce(c.kind = 'workday', extract(isodow FROM g.day) < 6)
		ORDER BY g.day
		OFFSET n - 1 LIMIT 1)
	ELSE (
		SELECT g.day FROM (
			SELECT (d - i) AS day FROM generate_series(1, -2 * n + 40) AS i
		) g
		LEFT JOIN calendar_days c ON c.day = g.day
		WHERE coalesce(c.kind = 'workday', extract(isodow FROM g.day) < 6)
		ORDER BY g.day DESC
		OFFSET -n - 1 LIMIT 1)
	END
$$;

-- Working days in (a, b]: after a, up to and including b; negative when
-- b < a.  hl_workdays_between(d, hl_add_workdays(d, n)) = n for n >= 0,
-- so "overdue by N working days" is hl_workdays_between(due_on, hl_today()).
CREATE FUNCTION hl_workdays_between(a date, b date) RETURNS integer
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
	SELECT CASE WHEN b >= a THEN 1 ELSE -1 END * (
		SELECT count(*)::integer
		FROM (SELECT least(a, b) + i AS day
		    FROM generate_series(1, abs(b - a)) AS i) g
		LEFT JOIN calendar_days c ON c.day = g.day
		WHERE coalesce(c.kind = 'workday', extract(isodow FROM g.day) < 6))
$$;

-- A deadline date as an instant: the end of that day in Zibo
-- (23:59:59 Asia/Shanghai).  A case is overdue when hl_now() > due_at.
CREATE FUNCTION hl_end_of_day(d date) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT (d + time '23:59:59') AT TIME ZONE 'Asia/Shanghai'
$$;

-- The due date of a case of this category accepted on day d: the
-- N-th working day after d, N from sla_limits.  NULL for an unknown
-- category.
CREATE FUNCTION hl_due_on(category text, d date) RETURNS date
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
	SELECT hl_add_workdays(d, s.working_days) FROM sla_limits s WHERE s.category = $1
$$;
