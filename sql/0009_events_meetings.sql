-- 0009: "政策直通车" policy sessions with registrations and attendance,
-- and chain committee meetings (产业链党委会议) with attendees, agenda
-- items (linked cases, e.g. escalated 书记突破项目), minutes, decisions
-- and the action items that follow them up.

-- Event status: draft (not shown to enterprises), open (registration
-- open), closed (registration closed), done (held; attendance recorded),
-- cancelled.
CREATE TABLE events (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chain_id	bigint REFERENCES chains (id) ON DELETE SET NULL, -- NULL: citywide
	title		text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
	topic		text NOT NULL DEFAULT '' CHECK (char_length(topic) <= 2000),
	organizer	text NOT NULL DEFAULT '' CHECK (char_length(organizer) <= 200),
	starts_at	timestamptz NOT NULL,
	ends_at		timestamptz NOT NULL,
	place		text NOT NULL DEFAULT '' CHECK (char_length(place) <= 200),
	capacity	integer CHECK (capacity > 0), -- NULL: unlimited
	status		text NOT NULL DEFAULT 'draft'
			CHECK (status IN ('draft', 'open', 'closed', 'done', 'cancelled')),
	created_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now(),
	CHECK (ends_at > starts_at)
);
CREATE INDEX events_starts_idx ON events (starts_at DESC, id DESC);
CREATE INDEX events_chain_starts_idx ON events (chain_id, starts_at DESC, id DESC);
CREATE INDEX events_title_trgm ON events USING gin (title gin_trgm_ops);
CREATE TRIGGER events_updated_at BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

-- One registration per enterprise per event; cancelling deletes the row.
CREATE TABLE event_registrations (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	event_id	bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	enterprise_id	bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	user_id		bigint REFERENCES users (id) ON DELETE SET NULL, -- who registered
	attendee_count	integer NOT NULL DEFAULT 1 CHECK (attendee_count BETWEEN 1 AND 20),
	note		text NOT NULL DEFAULT '' CHECK (char_length(note) <= 1000),
	registered_at	timestamptz NOT NULL DEFAULT hl_now(),
	attended	boolean, -- NULL: not recorded yet
	UNIQUE (event_id, enterprise_id)
);
CREATE INDEX event_registrations_enterprise_idx ON event_registrations (enterprise_id, event_id);

-- Capacity counts registrations (enterprises), and registration needs an
-- open event.  The event row is locked first, so two concurrent
-- registrations for the last place cannot both succeed.
CREATE FUNCTION hl_event_registrations_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	ev events%ROWTYPE;
	taken integer;
BEGIN
	SELECT * INTO ev FROM events WHERE id = NEW.event_id FOR UPDATE;
	IF NOT FOUND THEN
		RETURN NEW; -- the foreign key reports it
	END IF;
	IF ev.status <> 'open' THEN
		PERFORM hl_raise('409', 'event_closed', '该活动当前不接受报名');
	END IF;
	IF ev.capacity IS NOT NULL THEN
		SELECT count(*) INTO taken FROM event_registrations WHERE event_id = NEW.event_id;
		IF taken >= ev.capacity THEN
			PERFORM hl_raise('409', 'event_full', '该活动报名人数已满');
		END IF;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER event_registrations_check BEFORE INSERT ON event_registrations
    FOR EACH ROW EXECUTE FUNCTION hl_event_registrations_check();

ALTER TABLE cases ADD CONSTRAINT cases_event_id_fkey
    FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE SET NULL;

-- Meetings: planned -> held (minutes written) or cancelled.
CREATE TABLE meetings (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chain_id	bigint NOT NULL REFERENCES chains (id) ON DELETE RESTRICT,
	title		text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
	starts_at	timestamptz NOT NULL,
	ends_at		timestamptz,
	place		text NOT NULL DEFAULT '' CHECK (char_length(place) <= 200),
	status		text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
	minutes_md	text NOT NULL DEFAULT '' CHECK (octet_length(minutes_md) <= 65536),
	minutes_html	text NOT NULL DEFAULT '',
	created_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now(),
	CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX meetings_chain_starts_idx ON meetings (chain_id, starts_at DESC, id DESC);
CREATE INDEX meetings_starts_idx ON meetings (starts_at DESC, id DESC);
CREATE TRIGGER meetings_updated_at BEFORE UPDATE ON meetings
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

-- Attendees: a user, a committee member without an account, or a guest
-- by name; name is always filled (as printed in the minutes).
CREATE TABLE meeting_attendees (
	id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	meeting_id		bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	user_id			bigint REFERENCES users (id) ON DELETE SET NULL,
	committee_member_id	bigint REFERENCES chain_committee_members (id) ON DELETE SET NULL,
	name			text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 40),
	title			text NOT NULL DEFAULT '' CHECK (char_length(title) <= 100),
	attended		boolean, -- NULL: not recorded yet
	sort_order		integer NOT NULL DEFAULT 0
);
CREATE INDEX meeting_attendees_meeting_idx ON meeting_attendees (meeting_id, sort_order, id);
CREATE UNIQUE INDEX meeting_attendees_user_uniq ON meeting_attendees (meeting_id, user_id)
    WHERE user_id IS NOT NULL;
CREATE INDEX meeting_attendees_user_idx ON meeting_attendees (user_id) WHERE user_id IS NOT NULL;

-- Agenda items in order; a case appears at most once per meeting.
-- The position constraint is deferrable so a reorder can swap positions
-- inside one transaction.
CREATE TABLE meeting_agenda_items (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	meeting_id	bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	position	integer NOT NULL CHECK (position > 0),
	title		text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
	case_id		bigint REFERENCES cases (id) ON DELETE SET NULL,
	notes		text NOT NULL DEFAULT '' CHECK (char_length(notes) <= 10000),
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	CONSTRAINT meeting_agenda_items_position_uniq UNIQUE (meeting_id, position)
	    DEFERRABLE INITIALLY IMMEDIATE
);
CREATE UNIQUE INDEX meeting_agenda_items_case_uniq ON meeting_agenda_items (meeting_id, case_id)
    WHERE case_id IS NOT NULL;
CREATE INDEX meeting_agenda_items_case_idx ON meeting_agenda_items (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE meeting_decisions (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	meeting_id	bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	agenda_item_id	bigint REFERENCES meeting_agenda_items (id) ON DELETE SET NULL,
	position	integer NOT NULL DEFAULT 1 CHECK (position > 0),
	body		text NOT NULL CHECK (char_length(btrim(body)) BETWEEN 1 AND 4000),
	created_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE INDEX meeting_decisions_meeting_idx ON meeting_decisions (meeting_id, position, id);

-- Follow-ups of decisions: owner, deadline, status, optional linked case.
CREATE TABLE action_items (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	meeting_id	bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	decision_id	bigint REFERENCES meeting_decisions (id) ON DELETE SET NULL,
	body		text NOT NULL CHECK (char_length(btrim(body)) BETWEEN 1 AND 4000),
	owner_user_id	bigint REFERENCES users (id) ON DELETE SET NULL,
	owner_name	text NOT NULL DEFAULT '' CHECK (char_length(owner_name) <= 40),
	due_on		date,
	status		text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
	done_at		timestamptz,
	case_id		bigint REFERENCES cases (id) ON DELETE SET NULL,
	created_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now(),
	CHECK ((status = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX action_items_meeting_idx ON action_items (meeting_id, id);
CREATE INDEX action_items_owner_open_idx ON action_items (owner_user_id, due_on)
    WHERE status = 'open' AND owner_user_id IS NOT NULL;
CREATE INDEX action_items_open_due_idx ON action_items (due_on) WHERE status = 'open';
CREATE INDEX action_items_case_idx ON action_items (case_id) WHERE case_id IS NOT NULL;
CREATE TRIGGER action_items_updated_at BEFORE UPDATE ON action_items
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();
