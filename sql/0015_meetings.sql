-- 0015: chain committee meetings (产业链党委会议) in use: a meeting moves
-- draft -> scheduled -> held -> minutes_approved (or is cancelled before
-- it is held); its agenda links cases (one open agenda per case at a
-- time); approved minutes are frozen, every later change a new version;
-- decisions become action items (督办事项) with an owner, a deadline in
-- working days and the cases they concern, and an open action item holds
-- its cases open (case.c asks action.c before closing).  Common problems
-- (共性问题): open cases of one chain and category with similar text, found
-- with pg_trgm over the index below.  The tables come from 0009.

-- ---- meetings ----

-- draft: being prepared, not announced; scheduled: announced (attendees
-- are told), in the future when announced; held: took place, decisions
-- are recorded; minutes_approved: the minutes are frozen (later changes
-- are new versions); cancelled: called off before it was held.
ALTER TABLE meetings DROP CONSTRAINT meetings_status_check;
UPDATE meetings SET status = 'scheduled' WHERE status = 'planned';
ALTER TABLE meetings
	ALTER COLUMN status SET DEFAULT 'draft',
	ADD CONSTRAINT meetings_status_check CHECK (status IN ('draft', 'scheduled',
	    'held', 'minutes_approved', 'cancelled')),
	-- 例会 (regular) or 专题会 (special, on one problem).
	ADD COLUMN kind text NOT NULL DEFAULT 'regular' CHECK (kind IN ('regular', 'special')),
	-- The approved minutes' version (0 before the first approval); every
	-- version is a row of meeting_minutes_versions.
	ADD COLUMN minutes_version integer NOT NULL DEFAULT 0 CHECK (minutes_version >= 0),
	ADD COLUMN minutes_approved_at timestamptz,
	ADD COLUMN minutes_approved_by bigint REFERENCES users (id) ON DELETE SET NULL,
	-- Who made the last change: the author of a minutes version the
	-- trigger below writes.
	ADD COLUMN updated_by bigint REFERENCES users (id) ON DELETE SET NULL,
	ADD CONSTRAINT meetings_approved_fields CHECK ((status = 'minutes_approved')
	    = (minutes_approved_at IS NOT NULL)),
	ADD CONSTRAINT meetings_approved_has_minutes CHECK (status <> 'minutes_approved'
	    OR (btrim(minutes_md) <> '' AND minutes_version > 0));
CREATE INDEX meetings_chain_status_idx ON meetings (chain_id, status, starts_at DESC, id DESC);

-- Each approved text of the minutes, kept for good: the trigger on
-- meetings writes a row when the minutes are approved and again whenever
-- approved minutes change.  Rows never change.
CREATE TABLE meeting_minutes_versions (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	meeting_id	bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	version		integer NOT NULL CHECK (version > 0),
	minutes_md	text NOT NULL CHECK (octet_length(minutes_md) <= 65536),
	minutes_html	text NOT NULL,
	created_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	UNIQUE (meeting_id, version)
);

-- Frozen: no UPDATE, and no DELETE while the meeting exists (a cascade
-- from a deleted meeting finds the meeting gone and may go on).
CREATE FUNCTION hl_meeting_minutes_versions_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM meetings WHERE id = OLD.meeting_id) THEN
		PERFORM hl_raise('409', 'conflict', '已审定的会议纪要不能修改或删除');
	END IF;
	RETURN OLD;
END
$$;
CREATE TRIGGER meeting_minutes_versions_frozen BEFORE UPDATE OR DELETE ON meeting_minutes_versions
    FOR EACH ROW EXECUTE FUNCTION hl_meeting_minutes_versions_frozen();

-- The status machine's safety net (meeting.c decides, with friendlier
-- messages), the freeze of what a closed meeting records, and the version
-- counter of approved minutes.
CREATE FUNCTION hl_meetings_before_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
	    (OLD.status = 'draft' AND NEW.status IN ('scheduled', 'held', 'cancelled')) OR
	    (OLD.status = 'scheduled' AND NEW.status IN ('draft', 'held', 'cancelled')) OR
	    (OLD.status = 'held' AND NEW.status = 'minutes_approved')) THEN
		PERFORM hl_raise('409', 'invalid_transition', '会议当前状态不允许此操作');
	END IF;
	IF OLD.status IN ('minutes_approved', 'cancelled') AND
	    (NEW.chain_id, NEW.title, NEW.kind, NEW.starts_at, NEW.ends_at, NEW.place)
	    IS DISTINCT FROM
	    (OLD.chain_id, OLD.title, OLD.kind, OLD.starts_at, OLD.ends_at, OLD.place) THEN
		PERFORM hl_raise('409', 'conflict', '会议已结束，会议信息不能再修改');
	END IF;
	IF OLD.status = 'cancelled' AND NEW.minutes_md IS DISTINCT FROM OLD.minutes_md THEN
		PERFORM hl_raise('409', 'conflict', '会议已取消，不能编写纪要');
	END IF;
	IF NEW.status = 'minutes_approved' AND (OLD.status <> 'minutes_approved'
	    OR NEW.minutes_md IS DISTINCT FROM OLD.minutes_md) THEN
		NEW.minutes_version := OLD.minutes_version + 1;
		IF OLD.status <> 'minutes_approved' THEN
			NEW.minutes_approved_at := hl_now();
			NEW.minutes_approved_by := NEW.updated_by;
		END IF;
	ELSE
		NEW.minutes_version := OLD.minutes_version;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER meetings_before_update BEFORE UPDATE ON meetings
    FOR EACH ROW EXECUTE FUNCTION hl_meetings_before_update();

CREATE FUNCTION hl_meetings_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.minutes_version > OLD.minutes_version THEN
		INSERT INTO meeting_minutes_versions (meeting_id, version, minutes_md,
		    minutes_html, created_by)
		VALUES (NEW.id, NEW.minutes_version, NEW.minutes_md, NEW.minutes_html,
		    NEW.updated_by);
	END IF;
	IF NEW.status IS DISTINCT FROM OLD.status THEN
		UPDATE meeting_agenda_cases SET meeting_open = NEW.status IN ('draft', 'scheduled')
		WHERE meeting_id = NEW.id;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER meetings_after_update AFTER UPDATE ON meetings
    FOR EACH ROW EXECUTE FUNCTION hl_meetings_after_update();

CREATE UNIQUE INDEX meeting_attendees_member_uniq ON meeting_attendees (meeting_id, committee_member_id)
    WHERE committee_member_id IS NOT NULL;

-- ---- the agenda ----

-- What put an item on the agenda: drafted from an escalated case (书记突破
-- 项目), an overdue case, a common problem (several cases), or added by
-- hand with a case or as free text.  facts: what the item was about when
-- it was drafted (a common problem's category and counts).
ALTER TABLE meeting_agenda_items
	ADD COLUMN kind text NOT NULL DEFAULT 'text'
	    CHECK (kind IN ('escalated', 'overdue', 'common_problem', 'case', 'text')),
	ADD COLUMN facts jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(facts) = 'object'),
	ADD COLUMN created_by bigint REFERENCES users (id) ON DELETE SET NULL;

-- The cases of an agenda item (a common problem has several).  A case is
-- on one open agenda (a draft or scheduled meeting) at a time:
-- meeting_open mirrors the meeting's status (kept by the triggers) so
-- that a unique index can say so, race-free.  facts: the case as it stood
-- when it went on the agenda, for the printed record.
CREATE TABLE meeting_agenda_cases (
	agenda_item_id	bigint NOT NULL REFERENCES meeting_agenda_items (id) ON DELETE CASCADE,
	case_id		bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	meeting_id	bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	meeting_open	boolean NOT NULL,
	facts		jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(facts) = 'object'),
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	PRIMARY KEY (agenda_item_id, case_id)
);
CREATE UNIQUE INDEX meeting_agenda_cases_one_open ON meeting_agenda_cases (case_id)
    WHERE meeting_open;
CREATE INDEX meeting_agenda_cases_case_idx ON meeting_agenda_cases (case_id, meeting_id);
CREATE INDEX meeting_agenda_cases_meeting_idx ON meeting_agenda_cases (meeting_id);

-- meeting_id and meeting_open follow from the item; a case of another
-- chain never goes on a chain's agenda (meeting.c answers 404 first).
CREATE FUNCTION hl_meeting_agenda_cases_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	m meetings%ROWTYPE;
BEGIN
	SELECT mt.* INTO m FROM meetings mt JOIN meeting_agenda_items i ON i.meeting_id = mt.id
	WHERE i.id = NEW.agenda_item_id;
	IF NOT FOUND THEN
		RETURN NEW; -- the foreign key reports it
	END IF;
	IF NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = NEW.case_id AND c.chain_id = m.chain_id) THEN
		PERFORM hl_raise('404', 'not_found', '诉求不存在或不属于本产业链', 'case_id');
	END IF;
	NEW.meeting_id := m.id;
	NEW.meeting_open := m.status IN ('draft', 'scheduled');
	RETURN NEW;
END
$$;
CREATE TRIGGER meeting_agenda_cases_fill BEFORE INSERT ON meeting_agenda_cases
    FOR EACH ROW EXECUTE FUNCTION hl_meeting_agenda_cases_fill();

INSERT INTO meeting_agenda_cases (agenda_item_id, case_id, meeting_id, meeting_open)
SELECT i.id, i.case_id, i.meeting_id, false FROM meeting_agenda_items i WHERE i.case_id IS NOT NULL;
UPDATE meeting_agenda_items SET kind = 'case' WHERE case_id IS NOT NULL;
ALTER TABLE meeting_agenda_items DROP COLUMN case_id;

-- ---- decisions and action items ----

-- An action item concerns any number of cases (action_item_cases); the
-- single case_id of 0009 moves there.  due_on is set from due_workdays
-- (working days after the meeting's day, on the 调休 calendar) or given
-- as a date; it is never before the meeting's day.
CREATE TABLE action_item_cases (
	action_item_id	bigint NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
	case_id		bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	PRIMARY KEY (action_item_id, case_id)
);
-- The close guard: open action items of a case.
CREATE INDEX action_item_cases_case_idx ON action_item_cases (case_id, action_item_id);
INSERT INTO action_item_cases (action_item_id, case_id)
SELECT id, case_id FROM action_items WHERE case_id IS NOT NULL;
ALTER TABLE action_items DROP COLUMN case_id;

UPDATE action_items a SET due_on = (SELECT (m.starts_at AT TIME ZONE 'Asia/Shanghai')::date
    FROM meetings m WHERE m.id = a.meeting_id) WHERE a.due_on IS NULL;
ALTER TABLE action_items
	ALTER COLUMN due_on SET NOT NULL,
	ADD COLUMN due_workdays integer CHECK (due_workdays BETWEEN 1 AND 250),
	ADD COLUMN completed_by bigint REFERENCES users (id) ON DELETE SET NULL,
	ADD COLUMN completion_note text NOT NULL DEFAULT '' CHECK (char_length(completion_note) <= 2000),
	-- Set once by the overdue sweep (jobs.c), so each owner is told once.
	ADD COLUMN overdue_notified_at timestamptz;
-- "My actions" and the desk's lists, by deadline.
CREATE INDEX action_items_owner_due_idx ON action_items (owner_user_id, due_on, id);
CREATE INDEX action_items_due_idx ON action_items (due_on, id);
-- The overdue sweep.
CREATE INDEX action_items_overdue_sweep_idx ON action_items (due_on, id)
    WHERE status = 'open' AND overdue_notified_at IS NULL;

-- ---- common problems (共性问题) ----

-- The text two cases are compared by once their titles are alike: the
-- title and the gist of the description, its first 100 characters (a long
-- description would drown a short title's trigrams).
CREATE FUNCTION hl_case_similar_text(title text, description text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT title || ' ' || left(description, 100)
$$;

-- The common-problem query probes it once per open case of a chain with
-- the % operator on titles (pg_trgm.similarity_threshold, set from
-- [meetings] similarity_percent in the query's transaction); only the few
-- title-alike candidates are then compared with hl_case_similar_text().
-- Titles, because descriptions open with the same phrases (我公司近期……)
-- and make every case a candidate of every other.  Open cases only: a
-- chain's probes then read the posting lists of the few cases that count,
-- not of every case ever filed.  No pending list (fastupdate off): with
-- one, the planner prices the index too high and compares every pair of a
-- chain's cases instead (pg_trgm's % is cheap to its eyes); the price is
-- paid on writes, about a second more for 10 000 cases in one statement.
CREATE INDEX cases_open_title_trgm ON cases USING gin (title gin_trgm_ops)
    WITH (fastupdate = off)
    WHERE status IN ('submitted', 'accepted', 'assigned', 'in_progress');

-- ---- notifications ----

INSERT INTO notification_types (name, label, sort_order) VALUES
	('meeting.scheduled', '产业链党委会议已安排', 200),
	('meeting.cancelled', '产业链党委会议已取消', 205),
	('meeting.minutes_approved', '会议纪要已审定', 210),
	('action.assigned', '会议督办事项已交办', 220),
	('action.completed', '会议督办事项已完成', 230),
	('action.overdue', '会议督办事项已逾期', 240);
