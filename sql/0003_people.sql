-- 0003: enterprises and the people who use the system: users, their
-- chain and enterprise scoping (user_chains, assignments), sessions,
-- API tokens, login rate limiting and idempotency keys.

-- Zibo's counties and districts plus the three functional zones (功能区)
-- that run their own enterprise services.  A lookup table rather than a
-- CHECK so that the front end can list them (GET them ordered).
CREATE TABLE districts (
	name		text PRIMARY KEY CHECK (char_length(name) BETWEEN 2 AND 20),
	kind		text NOT NULL CHECK (kind IN ('district', 'county', 'zone')),
	division_code	char(6) CHECK (division_code ~ '^[0-9]{6}$'),
	sort_order	integer NOT NULL DEFAULT 0
);
COMMENT ON COLUMN districts.division_code IS
    'GB/T 2260 code; functional zones have none and borrow their host district''s.';
INSERT INTO districts (name, kind, division_code, sort_order) VALUES
	('张店区', 'district', '370303', 1),
	('淄川区', 'district', '370302', 2),
	('博山区', 'district', '370304', 3),
	('临淄区', 'district', '370305', 4),
	('周村区', 'district', '370306', 5),
	('桓台县', 'county', '370321', 6),
	('高青县', 'county', '370322', 7),
	('沂源县', 'county', '370323', 8),
	('高新区', 'zone', NULL, 9),
	('经济开发区', 'zone', NULL, 10),
	('文昌湖区', 'zone', NULL, 11);

-- Enterprise tag vocabulary.  enterprises.tags and the policy tag lists
-- may hold only these names (checked by trigger: arrays cannot carry FKs).
CREATE TABLE tags (
	name		text PRIMARY KEY CHECK (char_length(btrim(name)) BETWEEN 1 AND 30
			    AND name = btrim(name)),
	description	text NOT NULL DEFAULT '' CHECK (char_length(description) <= 400),
	sort_order	integer NOT NULL DEFAULT 0,
	created_at	timestamptz NOT NULL DEFAULT hl_now()
);
INSERT INTO tags (name, description, sort_order) VALUES
	('专精特新', '省级及以上专精特新中小企业', 1),
	('专精特新小巨人', '国家级专精特新“小巨人”企业', 2),
	('高新技术企业', '经认定的高新技术企业', 3),
	('科技型中小企业', '入库的科技型中小企业', 4),
	('绿色工厂', '省级及以上绿色工厂', 5),
	('瞪羚企业', '省级瞪羚企业', 6),
	('单项冠军', '制造业单项冠军企业（产品）', 7),
	('独角兽企业', '独角兽或准独角兽企业', 8),
	('规上企业', '规模以上工业企业', 9),
	('上市企业', '境内外上市或新三板挂牌企业', 10),
	('外贸企业', '有进出口实绩的企业', 11),
	('技术创新示范企业', '省级及以上技术创新示范企业', 12);

-- Names in a that are not in the tag vocabulary (empty when all known).
CREATE FUNCTION hl_unknown_tags(a text[]) RETURNS text[]
LANGUAGE sql STABLE AS $$
	SELECT coalesce(array_agg(x), '{}') FROM unnest(a) AS x
	WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE t.name = x)
$$;

CREATE FUNCTION hl_unknown_districts(a text[]) RETURNS text[]
LANGUAGE sql STABLE AS $$
	SELECT coalesce(array_agg(x), '{}') FROM unnest(a) AS x
	WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE d.name = x)
$$;

CREATE TABLE enterprises (
	id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name			text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 200),
	-- text, not char(18): no blank padding, and trigram indexes apply as is.
	credit_code		text NOT NULL UNIQUE CHECK (hl_credit_code_valid(credit_code)),
	district		text NOT NULL REFERENCES districts (name) ON UPDATE CASCADE,
	size_class		text NOT NULL CHECK (size_class IN ('large', 'medium', 'small', 'micro')),
	tags			text[] NOT NULL DEFAULT '{}' CHECK (hl_text_array_clean(tags)),
	key_enterprise		boolean NOT NULL DEFAULT false,
	party_org_status	text NOT NULL DEFAULT 'none'
				CHECK (party_org_status IN ('established', 'joint', 'instructor', 'none')),
	address			text NOT NULL DEFAULT '' CHECK (char_length(address) <= 200),
	main_products		text NOT NULL DEFAULT '' CHECK (char_length(main_products) <= 1000),
	employee_count		integer CHECK (employee_count >= 0),
	note			text NOT NULL DEFAULT '' CHECK (char_length(note) <= 4000),
	created_by		bigint, -- FK added below, after users
	demo			boolean NOT NULL DEFAULT false,
	created_at		timestamptz NOT NULL DEFAULT hl_now(),
	updated_at		timestamptz NOT NULL DEFAULT hl_now()
);
COMMENT ON COLUMN enterprises.party_org_status IS
    'established: own party organisation (单独建立); joint: 联合建立; instructor: 党建指导员 only; none.';
CREATE INDEX enterprises_name_trgm ON enterprises USING gin (name gin_trgm_ops);
CREATE INDEX enterprises_credit_code_trgm ON enterprises USING gin (credit_code gin_trgm_ops);
CREATE INDEX enterprises_tags_gin ON enterprises USING gin (tags);
CREATE INDEX enterprises_district_idx ON enterprises (district, id);
CREATE INDEX enterprises_key_idx ON enterprises (id) WHERE key_enterprise;
CREATE TRIGGER enterprises_updated_at BEFORE UPDATE ON enterprises
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

CREATE FUNCTION hl_enterprises_check_tags() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	bad text[] := hl_unknown_tags(NEW.tags);
BEGIN
	IF cardinality(bad) > 0 THEN
		PERFORM hl_raise('422', 'validation_failed',
		    '未知的企业标签：' || array_to_string(bad, '、'), 'tags');
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER enterprises_check_tags BEFORE INSERT OR UPDATE OF tags ON enterprises
    FOR EACH ROW EXECUTE FUNCTION hl_enterprises_check_tags();

CREATE TABLE enterprise_contacts (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	enterprise_id	bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	name		text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 40),
	title		text NOT NULL DEFAULT '' CHECK (char_length(title) <= 100),
	phone		text CHECK (char_length(phone) BETWEEN 5 AND 40),
	email		text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254),
	is_primary	boolean NOT NULL DEFAULT false,
	sort_order	integer NOT NULL DEFAULT 0,
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE INDEX enterprise_contacts_enterprise_idx ON enterprise_contacts (enterprise_id, sort_order, id);
CREATE UNIQUE INDEX enterprise_contacts_one_primary
    ON enterprise_contacts (enterprise_id) WHERE is_primary;

-- An enterprise belongs to one or more chains; is_primary marks the one
-- a case is filed under by default.
CREATE TABLE enterprise_chains (
	enterprise_id	bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	chain_id	bigint NOT NULL REFERENCES chains (id) ON DELETE RESTRICT,
	is_primary	boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	PRIMARY KEY (enterprise_id, chain_id)
);
CREATE INDEX enterprise_chains_chain_idx ON enterprise_chains (chain_id, enterprise_id);
CREATE UNIQUE INDEX enterprise_chains_one_primary
    ON enterprise_chains (enterprise_id) WHERE is_primary;

-- Users.  Roles: enterprise (bound to one enterprise), commissioner
-- (服务专员, scoped by assignments), responder (bound to at most one
-- four-ones resource, scoped to the cases assigned to them), committee
-- (scoped by user_chains), admin (everything).
CREATE TABLE users (
	id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	login			text NOT NULL CHECK (login ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$'),
	name			text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 40),
	role			text NOT NULL
				CHECK (role IN ('enterprise', 'commissioner', 'responder', 'committee', 'admin')),
	-- argon2id PHC string from libsodium (crypto_pwhash_str).
	password_hash		text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
	enterprise_id		bigint REFERENCES enterprises (id) ON DELETE RESTRICT,
	expert_id		bigint REFERENCES experts (id) ON DELETE SET NULL,
	account_manager_id	bigint REFERENCES bank_account_managers (id) ON DELETE SET NULL,
	lawyer_id		bigint REFERENCES lawyers (id) ON DELETE SET NULL,
	policy_pack_id		bigint REFERENCES policy_packs (id) ON DELETE SET NULL,
	department		text NOT NULL DEFAULT '' CHECK (char_length(department) <= 100),
	phone			text CHECK (char_length(phone) BETWEEN 5 AND 40),
	email			text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254),
	disabled_at		timestamptz,
	password_changed_at	timestamptz NOT NULL DEFAULT hl_now(),
	last_login_at		timestamptz,
	demo			boolean NOT NULL DEFAULT false,
	created_at		timestamptz NOT NULL DEFAULT hl_now(),
	updated_at		timestamptz NOT NULL DEFAULT hl_now(),
	-- An enterprise user has exactly its enterprise; nobody else has one.
	CONSTRAINT users_enterprise_iff_role
	    CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL)),
	-- A responder speaks for at most one resource; only responders bind.
	CONSTRAINT users_one_binding
	    CHECK (num_nonnulls(expert_id, account_manager_id, lawyer_id, policy_pack_id) <= 1),
	CONSTRAINT users_binding_only_responder
	    CHECK (role = 'responder'
	        OR num_nonnulls(expert_id, account_manager_id, lawyer_id, policy_pack_id) = 0)
);
-- Logins are case-insensitive: look them up with lower(login) = lower($1).
CREATE UNIQUE INDEX users_login_lower ON users (lower(login));
CREATE INDEX users_role_idx ON users (role, id);
CREATE INDEX users_enterprise_idx ON users (enterprise_id) WHERE enterprise_id IS NOT NULL;
CREATE INDEX users_expert_idx ON users (expert_id) WHERE expert_id IS NOT NULL;
CREATE INDEX users_account_manager_idx ON users (account_manager_id) WHERE account_manager_id IS NOT NULL;
CREATE INDEX users_lawyer_idx ON users (lawyer_id) WHERE lawyer_id IS NOT NULL;
CREATE INDEX users_policy_pack_idx ON users (policy_pack_id) WHERE policy_pack_id IS NOT NULL;
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

ALTER TABLE enterprises ADD CONSTRAINT enterprises_created_by_fkey
    FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE chain_committee_members ADD COLUMN user_id bigint
    REFERENCES users (id) ON DELETE SET NULL;

-- The chain a responder's binding belongs to, one row per bound responder.
-- Case routing and "which chain does this responder serve" read it.
CREATE VIEW responder_bindings AS
	SELECT u.id AS user_id, 'expert'::text AS resource, e.chain_id, e.id AS resource_id
	FROM users u JOIN experts e ON e.id = u.expert_id
	UNION ALL
	SELECT u.id, 'account_manager', b.chain_id, m.id
	FROM users u JOIN bank_account_managers m ON m.id = u.account_manager_id
	    JOIN lead_banks b ON b.id = m.bank_id
	UNION ALL
	SELECT u.id, 'lawyer', f.chain_id, l.id
	FROM users u JOIN lawyers l ON l.id = u.lawyer_id JOIN law_firms f ON f.id = l.firm_id
	UNION ALL
	SELECT u.id, 'policy_contact', p.chain_id, p.id
	FROM users u JOIN policy_packs p ON p.id = u.policy_pack_id;

-- Chains a committee member acts for (GET /me chain_codes).  Other
-- staff roles may be given chains too, e.g. to default list filters;
-- only the committee role is scoped by it.
CREATE TABLE user_chains (
	user_id		bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	chain_id	bigint NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	PRIMARY KEY (user_id, chain_id)
);
CREATE INDEX user_chains_chain_idx ON user_chains (chain_id, user_id);

-- 包联: a commissioner serves these enterprises.
CREATE TABLE assignments (
	id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	commissioner_id		bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	enterprise_id		bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	created_by		bigint REFERENCES users (id) ON DELETE SET NULL,
	created_at		timestamptz NOT NULL DEFAULT hl_now(),
	UNIQUE (commissioner_id, enterprise_id)
);
CREATE INDEX assignments_enterprise_idx ON assignments (enterprise_id, commissioner_id);

CREATE FUNCTION hl_assignments_check_role() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM users WHERE id = NEW.commissioner_id
	    AND role = 'commissioner') THEN
		PERFORM hl_raise('422', 'validation_failed',
		    '只能为服务专员分配包联企业', 'commissioner_id');
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER assignments_check_role BEFORE INSERT OR UPDATE ON assignments
    FOR EACH ROW EXECUTE FUNCTION hl_assignments_check_role();

-- Browser sessions.  Only hashes are stored: token_hash = SHA-256 of the
-- cookie value, csrf_token_hash = SHA-256 of the CSRF token handed out at
-- login.  A session is live when ended_at IS NULL, expires_at > hl_now()
-- (absolute limit) and last_seen_at > hl_now() - idle limit (config).
CREATE TABLE sessions (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	token_hash	bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
	csrf_token_hash	bytea NOT NULL CHECK (octet_length(csrf_token_hash) = 32),
	user_id		bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	last_seen_at	timestamptz NOT NULL DEFAULT hl_now(),
	expires_at	timestamptz NOT NULL,
	ended_at	timestamptz,
	client_ip	inet,
	user_agent	text CHECK (octet_length(user_agent) <= 512),
	CHECK (expires_at > created_at)
);
CREATE INDEX sessions_user_live_idx ON sessions (user_id) WHERE ended_at IS NULL;
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Bearer tokens for integrations.  The token acts as user_id; role is
-- the role it was issued for, and authentication must refuse a token
-- whose role no longer equals its user's (a role change revokes it).
CREATE TABLE api_tokens (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name		text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
	token_hash	bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
	role		text NOT NULL
			CHECK (role IN ('enterprise', 'commissioner', 'responder', 'committee', 'admin')),
	user_id		bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	expires_at	timestamptz,
	revoked_at	timestamptz,
	last_used_at	timestamptz,
	CHECK (expires_at IS NULL OR expires_at > created_at)
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Every login attempt, for the per-account and per-address hourly limits:
--   SELECT count(*) FROM login_attempts
--   WHERE login = lower($1) AND NOT ok AND at > hl_now() - interval '1 hour'
-- login is stored lower-cased (the attempted name, which may not exist).
CREATE TABLE login_attempts (
	id	bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	login	text NOT NULL CHECK (login = lower(login) AND octet_length(login) <= 256),
	ip	inet,
	at	timestamptz NOT NULL DEFAULT hl_now(),
	ok	boolean NOT NULL
);
CREATE INDEX login_attempts_login_at_idx ON login_attempts (login, at);
CREATE INDEX login_attempts_ip_at_idx ON login_attempts (ip, at);
CREATE INDEX login_attempts_at_idx ON login_attempts (at);

-- Idempotency-Key on creating POSTs.  Insert the row FIRST inside the
-- creating transaction (status NULL), ON CONFLICT DO NOTHING: a
-- concurrent request with the same key then waits on the row lock and,
-- once the first commits, finds the stored response; if 0 rows were
-- inserted, answer the stored status and body instead of creating.  Fill
-- status and response_body before COMMIT.  request_sha256 lets a reuse
-- of the key with a different body be refused (422).
CREATE TABLE idempotency_keys (
	user_id		bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	key		text NOT NULL CHECK (octet_length(key) BETWEEN 1 AND 255),
	method		text NOT NULL CHECK (method IN ('POST', 'PUT', 'PATCH', 'DELETE')),
	path		text NOT NULL CHECK (octet_length(path) BETWEEN 1 AND 2048),
	request_sha256	bytea CHECK (octet_length(request_sha256) = 32),
	status		integer CHECK (status BETWEEN 100 AND 599),
	response_body	text,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
