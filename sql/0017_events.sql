-- 0017: "政策直通车" policy sessions in use (the tables are from 0009).
-- A session has a Markdown topic rendered by md.c (source and HTML both
-- stored, like bulletins), linked policies and bulletins, a capacity in
-- seats (people) and a per-enterprise limit of attendees.  Registrations
-- are either given seats (registered) or queued (waitlisted, in id
-- order); each has a short check-in code, and attendance is recorded
-- once.  Questions raised at a session become cases with channel event
-- and cases.event_id set (0009 made the foreign key).
--
-- Rules live in event.c; the triggers here are the safety net that keeps
-- a bug from writing an impossible state (more seats than capacity, an
-- illegal status change).

-- ---- sessions ----

-- Plain text as safe HTML: the stand-in for rows written without md.c
-- (the demo seed, SQL by hand).  Escapes the five HTML specials and makes
-- a paragraph of each blank-line-separated block, as cmark would for text
-- without Markdown syntax.
CREATE FUNCTION hl_text_html(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT coalesce(string_agg('<p>' || p || '</p>', E'\n' ORDER BY i)
	    || E'\n', '')
	FROM regexp_split_to_table(replace(replace(replace(replace(replace(
	    btrim(t, E' \t\r\n'), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
	    '"', '&quot;'), '''', '&#39;'), E'\\s*\\n\\s*\\n\\s*')
	    WITH ORDINALITY AS x(p, i)
	WHERE p <> ''
$$;

ALTER TABLE events DROP CONSTRAINT events_topic_check;
ALTER TABLE events ADD CONSTRAINT events_topic_len CHECK (octet_length(topic) <= 20000);
COMMENT ON COLUMN events.topic IS 'Markdown source (the API''s topic_md); topic_html is its rendering.';
ALTER TABLE events ADD COLUMN topic_html text;
UPDATE events SET topic_html = hl_text_html(topic);
ALTER TABLE events ALTER COLUMN topic_html SET NOT NULL;
-- How many people one enterprise may bring (the registrations' CHECK
-- allows 20 at most).
ALTER TABLE events ADD COLUMN max_attendees integer NOT NULL DEFAULT 5
    CHECK (max_attendees BETWEEN 1 AND 20);
ALTER TABLE events ADD COLUMN cancel_reason text
    CHECK (char_length(cancel_reason) <= 500);
ALTER TABLE events ADD COLUMN cancelled_at timestamptz;
ALTER TABLE events ADD CONSTRAINT events_cancelled_at
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL));
CREATE INDEX events_status_starts_idx ON events (status, starts_at, id);

-- Rows written without HTML get the plain-text rendering; event.c always
-- writes both.
CREATE FUNCTION hl_events_before_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	taken integer;
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.topic_html IS NULL THEN
			NEW.topic_html := hl_text_html(NEW.topic);
		END IF;
		RETURN NEW;
	END IF;
	IF NEW.topic IS DISTINCT FROM OLD.topic
	    AND NEW.topic_html IS NOT DISTINCT FROM OLD.topic_html THEN
		NEW.topic_html := hl_text_html(NEW.topic);
	END IF;
	IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
	    (OLD.status = 'draft' AND NEW.status IN ('open', 'cancelled')) OR
	    (OLD.status = 'open' AND NEW.status IN ('closed', 'done', 'cancelled')) OR
	    (OLD.status = 'closed' AND NEW.status IN ('open', 'done', 'cancelled'))) THEN
		PERFORM hl_raise('409', 'invalid_transition', '活动当前状态不允许此操作');
	END IF;
	IF NEW.capacity IS DISTINCT FROM OLD.capacity AND NEW.capacity IS NOT NULL THEN
		SELECT coalesce(sum(r.attendee_count), 0) INTO taken
		FROM event_registrations r
		WHERE r.event_id = NEW.id AND r.status = 'registered';
		IF taken > NEW.capacity THEN
			PERFORM hl_raise('409', 'capacity_below_seats',
			    '名额不能少于已报名占用的 ' || taken || ' 个座位', 'capacity');
		END IF;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER events_before_write BEFORE INSERT OR UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION hl_events_before_write();

-- Policies and bulletins handed out at a session, in the order given.
CREATE TABLE event_policies (
	event_id	bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	policy_id	bigint NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
	position	integer NOT NULL CHECK (position > 0),
	PRIMARY KEY (event_id, policy_id)
);
CREATE INDEX event_policies_policy_idx ON event_policies (policy_id);

CREATE TABLE event_bulletins (
	event_id	bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	bulletin_id	bigint NOT NULL REFERENCES bulletins (id) ON DELETE CASCADE,
	position	integer NOT NULL CHECK (position > 0),
	PRIMARY KEY (event_id, bulletin_id)
);
CREATE INDEX event_bulletins_bulletin_idx ON event_bulletins (bulletin_id);

-- ---- registrations ----

-- 0009 refused a registration once the event was full; now a full event
-- puts it on the waitlist, decided by event.c under the event's row lock.
DROP TRIGGER event_registrations_check ON event_registrations;
DROP FUNCTION hl_event_registrations_check();

-- A check-in code: 6 characters without the look-alikes 0 O 1 I, from
-- gen_random_uuid()'s strong random bytes (256 is a multiple of 32, so
-- every character is equally likely).  Uniqueness within an event is the
-- inserting statement's business (see event.c) and the index's.
CREATE FUNCTION hl_event_code() RETURNS text
LANGUAGE sql VOLATILE AS $$
	SELECT string_agg(substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ',
	    get_byte(x.b, g.i) % 32 + 1, 1), '' ORDER BY g.i)
	FROM (SELECT decode(replace(gen_random_uuid()::text, '-', ''), 'hex') AS b) x,
	    generate_series(0, 5) AS g(i)
$$;

-- registered: holds attendee_count seats.  waitlisted: queued; the
-- smallest id is first and is promoted as soon as its seats are free.
-- Cancelling deletes the row (the audit log keeps it).  Attendance is
-- recorded once: checked_in_at with attended = true.
ALTER TABLE event_registrations
    ADD COLUMN status text NOT NULL DEFAULT 'registered'
	CHECK (status IN ('registered', 'waitlisted')),
    ADD COLUMN code text,
    ADD COLUMN checked_in_at timestamptz,
    ADD COLUMN checked_in_by bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN promoted_at timestamptz,
    ADD COLUMN reminded_at timestamptz;
UPDATE event_registrations SET code = hl_event_code() WHERE code IS NULL;
ALTER TABLE event_registrations ALTER COLUMN code SET NOT NULL;
ALTER TABLE event_registrations ADD CONSTRAINT event_registrations_code_form
    CHECK (code ~ '^[2-9A-HJ-NP-Z]{6}$');
ALTER TABLE event_registrations ADD CONSTRAINT event_registrations_checkin
    CHECK ((checked_in_at IS NOT NULL) = (attended IS TRUE)
	AND (checked_in_at IS NULL OR status = 'registered'));
CREATE UNIQUE INDEX event_registrations_code_uniq ON event_registrations (event_id, code);
CREATE INDEX event_registrations_event_idx ON event_registrations (event_id, status, id);
-- The reminder job's candidates.
CREATE INDEX event_registrations_unreminded_idx ON event_registrations (event_id)
    WHERE status = 'registered' AND reminded_at IS NULL;

-- Never more seats than capacity, whatever the concurrency: the event row
-- is locked, so registrations of one event are decided one at a time.
CREATE FUNCTION hl_event_registrations_seats() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	cap integer;
	taken integer;
BEGIN
	IF NEW.status <> 'registered' OR (TG_OP = 'UPDATE'
	    AND OLD.status = 'registered'
	    AND NEW.attendee_count <= OLD.attendee_count) THEN
		RETURN NEW;
	END IF;
	SELECT e.capacity INTO cap FROM events e WHERE e.id = NEW.event_id FOR UPDATE;
	IF cap IS NULL THEN
		RETURN NEW;
	END IF;
	SELECT coalesce(sum(r.attendee_count), 0) INTO taken
	FROM event_registrations r
	WHERE r.event_id = NEW.event_id AND r.status = 'registered'
	  AND r.id <> NEW.id;
	IF taken + NEW.attendee_count > cap THEN
		PERFORM hl_raise('409', 'event_full', '该活动名额已满');
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER event_registrations_seats BEFORE INSERT OR UPDATE ON event_registrations
    FOR EACH ROW EXECUTE FUNCTION hl_event_registrations_seats();

-- ---- notifications ----

INSERT INTO notification_types (name, label, sort_order) VALUES
	('event.opened', '政策直通车开放报名', 200),
	('event.reminder', '政策直通车明日举行', 210),
	('event.promoted', '候补转为正式报名', 220),
	('event.cancelled', '政策直通车已取消', 230);
