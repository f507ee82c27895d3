-- 0002: the 20 industrial chains (产业链), their party committees and the
-- "four ones" (四个一) resources: expert panel, policy pack contact, lead
-- bank (account managers, financing products), legal team (firms, lawyers).
--
-- demo = true marks fictional seed rows, so that a production database
-- can list (and remove) them.  Resource rows are deleted with their
-- chain; rows that people point at (users bound as responders) are
-- unbound (SET NULL), never silently deleted.

CREATE TABLE chains (
	id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code			text NOT NULL UNIQUE
				CHECK (code ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(code) <= 40),
	name			text NOT NULL UNIQUE
				CHECK (char_length(btrim(name)) BETWEEN 2 AND 40),
	description		text NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
	sort_order		integer NOT NULL DEFAULT 0,
	chain_leader_name	text CHECK (char_length(chain_leader_name) BETWEEN 1 AND 40),
	chain_leader_title	text CHECK (char_length(chain_leader_title) <= 100),
	demo			boolean NOT NULL DEFAULT false,
	created_at		timestamptz NOT NULL DEFAULT hl_now(),
	updated_at		timestamptz NOT NULL DEFAULT hl_now()
);
CREATE INDEX chains_sort_idx ON chains (sort_order, id);
CREATE TRIGGER chains_updated_at BEFORE UPDATE ON chains
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

COMMENT ON COLUMN chains.code IS 'Stable URL key, e.g. auto-parts; API paths use it, never the id.';
COMMENT ON COLUMN chains.chain_leader_name IS '链长 (chain leader), a city leader; shown, not a user.';

-- 产业链党委 members as shown on the chain page.  Accounts that act for the
-- committee are users with role 'committee' linked through user_chains;
-- user_id links a member to such an account when there is one.
CREATE TABLE chain_committee_members (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chain_id	bigint NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
	name		text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 40),
	title		text NOT NULL DEFAULT '' CHECK (char_length(title) <= 100),
	committee_role	text NOT NULL DEFAULT 'member'
			CHECK (committee_role IN ('secretary', 'deputy_secretary', 'member')),
	sort_order	integer NOT NULL DEFAULT 0,
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE INDEX chain_committee_members_chain_idx
    ON chain_committee_members (chain_id, sort_order, id);
-- One secretary (书记) per chain committee.
CREATE UNIQUE INDEX chain_committee_members_one_secretary
    ON chain_committee_members (chain_id) WHERE committee_role = 'secretary';

-- 专家顾问团.
CREATE TABLE experts (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chain_id	bigint NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
	name		text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 40),
	field		text NOT NULL DEFAULT '' CHECK (char_length(field) <= 200),
	organisation	text NOT NULL DEFAULT '' CHECK (char_length(organisation) <= 200),
	title		text NOT NULL DEFAULT '' CHECK (char_length(title) <= 100),
	phone		text CHECK (char_length(phone) BETWEEN 5 AND 40),
	email		text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254),
	bio		text NOT NULL DEFAULT '' CHECK (char_length(bio) <= 4000),
	active		boolean NOT NULL DEFAULT true,
	sort_order	integer NOT NULL DEFAULT 0,
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE INDEX experts_chain_idx ON experts (chain_id, sort_order, id);
CREATE TRIGGER experts_updated_at BEFORE UPDATE ON experts
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

-- 政策对接包: one per chain.  The policies themselves are in `policies`
-- (0008), linked by policy_chains; this row is the pack's contact, the
-- department desk that answers policy (and approvals) cases.
CREATE TABLE policy_packs (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chain_id	bigint NOT NULL UNIQUE REFERENCES chains (id) ON DELETE CASCADE,
	contact_name	text NOT NULL CHECK (char_length(btrim(contact_name)) BETWEEN 1 AND 40),
	contact_phone	text CHECK (char_length(contact_phone) BETWEEN 5 AND 40),
	contact_email	text CHECK (contact_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
	department	text NOT NULL DEFAULT '' CHECK (char_length(department) <= 200),
	note		text NOT NULL DEFAULT '' CHECK (char_length(note) <= 4000),
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE TRIGGER policy_packs_updated_at BEFORE UPDATE ON policy_packs
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

-- 主办银行: one per chain ("1家主办银行"); the same bank may lead several
-- chains, each with its own row, managers and products.
CREATE TABLE lead_banks (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chain_id	bigint NOT NULL UNIQUE REFERENCES chains (id) ON DELETE CASCADE,
	bank_name	text NOT NULL CHECK (char_length(btrim(bank_name)) BETWEEN 2 AND 100),
	branch		text NOT NULL DEFAULT '' CHECK (char_length(branch) <= 100),
	address		text NOT NULL DEFAULT '' CHECK (char_length(address) <= 200),
	phone		text CHECK (char_length(phone) BETWEEN 5 AND 40),
	note		text NOT NULL DEFAULT '' CHECK (char_length(note) <= 4000),
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE TRIGGER lead_banks_updated_at BEFORE UPDATE ON lead_banks
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

CREATE TABLE bank_account_managers (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	bank_id		bigint NOT NULL REFERENCES lead_banks (id) ON DELETE CASCADE,
	name		text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 40),
	title		text NOT NULL DEFAULT '' CHECK (char_length(title) <= 100),
	phone		text CHECK (char_length(phone) BETWEEN 5 AND 40),
	email		text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254),
	active		boolean NOT NULL DEFAULT true,
	sort_order	integer NOT NULL DEFAULT 0,
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE INDEX bank_account_managers_bank_idx ON bank_account_managers (bank_id, sort_order, id);
CREATE TRIGGER bank_account_managers_updated_at BEFORE UPDATE ON bank_account_managers
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

-- Financing products.  rate_text is what the bank publishes ("LPR-20BP",
-- "年化3.45%起") and is shown, not computed with; amounts in yuan.
CREATE TABLE financing_products (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	bank_id		bigint NOT NULL REFERENCES lead_banks (id) ON DELETE CASCADE,
	name		text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
	kind		text NOT NULL CHECK (kind IN ('credit_loan', 'secured_loan', 'ip_pledge',
			    'supply_chain', 'bill', 'guarantee', 'leasing', 'other')),
	rate_text	text NOT NULL DEFAULT '' CHECK (char_length(rate_text) <= 100),
	max_amount_yuan	bigint CHECK (max_amount_yuan > 0),
	term_months	integer CHECK (term_months BETWEEN 1 AND 360),
	summary		text NOT NULL DEFAULT '' CHECK (char_length(summary) <= 4000),
	active		boolean NOT NULL DEFAULT true,
	sort_order	integer NOT NULL DEFAULT 0,
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE INDEX financing_products_bank_idx ON financing_products (bank_id, sort_order, id);
CREATE TRIGGER financing_products_updated_at BEFORE UPDATE ON financing_products
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

-- 法律服务团: one or more firms per chain.
CREATE TABLE law_firms (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chain_id	bigint NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
	name		text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 100),
	address		text NOT NULL DEFAULT '' CHECK (char_length(address) <= 200),
	phone		text CHECK (char_length(phone) BETWEEN 5 AND 40),
	note		text NOT NULL DEFAULT '' CHECK (char_length(note) <= 4000),
	sort_order	integer NOT NULL DEFAULT 0,
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now(),
	UNIQUE (chain_id, name)
);
CREATE TRIGGER law_firms_updated_at BEFORE UPDATE ON law_firms
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

CREATE TABLE lawyers (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	firm_id		bigint NOT NULL REFERENCES law_firms (id) ON DELETE CASCADE,
	name		text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 40),
	speciality	text NOT NULL DEFAULT '' CHECK (char_length(speciality) <= 200),
	phone		text CHECK (char_length(phone) BETWEEN 5 AND 40),
	email		text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254),
	active		boolean NOT NULL DEFAULT true,
	sort_order	integer NOT NULL DEFAULT 0,
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE INDEX lawyers_firm_idx ON lawyers (firm_id, sort_order, id);
CREATE TRIGGER lawyers_updated_at BEFORE UPDATE ON lawyers
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();
