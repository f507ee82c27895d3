-- 0018: the four ones as living data.  Admins add, edit and retire
-- experts, account managers, financing products, law firms and lawyers;
-- routing rules name which responders answer which case category of a
-- chain, and the default responder reads them first.
--
-- Retiring is active = false, never a DELETE: old cases keep pointing at
-- the users who answered them, and a retired person's binding stays so
-- that the history still says whom they answered for.  Only active
-- resources are suggested for new cases.

-- A firm can be retired like the people in it.
ALTER TABLE law_firms ADD COLUMN active boolean NOT NULL DEFAULT true;

-- Financing products: an amount range and the conditions of the offer.
ALTER TABLE financing_products
    ADD COLUMN min_amount_yuan bigint CHECK (min_amount_yuan > 0),
    ADD COLUMN conditions text NOT NULL DEFAULT '' CHECK (char_length(conditions) <= 2000),
    ADD CONSTRAINT financing_products_amount_range
	CHECK (min_amount_yuan IS NULL OR max_amount_yuan IS NULL
	    OR min_amount_yuan <= max_amount_yuan);

-- No two active records of the same person or product under one parent
-- (23505: 409 conflict).  Names compare trimmed and case-insensitively,
-- so "张三" and " 张三" are the same expert; a retired namesake does not
-- block a new one.
CREATE UNIQUE INDEX experts_active_name_uniq
    ON experts (chain_id, lower(btrim(name)), lower(btrim(organisation))) WHERE active;
CREATE UNIQUE INDEX bank_account_managers_active_name_uniq
    ON bank_account_managers (bank_id, lower(btrim(name))) WHERE active;
CREATE UNIQUE INDEX financing_products_active_name_uniq
    ON financing_products (bank_id, lower(btrim(name))) WHERE active;
CREATE UNIQUE INDEX lawyers_active_name_uniq
    ON lawyers (firm_id, lower(btrim(name))) WHERE active;
CREATE UNIQUE INDEX chain_committee_members_name_uniq
    ON chain_committee_members (chain_id, lower(btrim(name)));

-- The responder bindings with whether the resource is still active (a
-- lawyer of a retired firm is not).  The new column comes last, as
-- CREATE OR REPLACE VIEW requires.
CREATE OR REPLACE VIEW responder_bindings AS
	SELECT u.id AS user_id, 'expert'::text AS resource, e.chain_id, e.id AS resource_id,
	    e.active
	FROM users u JOIN experts e ON e.id = u.expert_id
	UNION ALL
	SELECT u.id, 'account_manager', b.chain_id, m.id, m.active
	FROM users u JOIN bank_account_managers m ON m.id = u.account_manager_id
	    JOIN lead_banks b ON b.id = m.bank_id
	UNION ALL
	SELECT u.id, 'lawyer', f.chain_id, l.id, l.active AND f.active
	FROM users u JOIN lawyers l ON l.id = u.lawyer_id JOIN law_firms f ON f.id = l.firm_id
	UNION ALL
	SELECT u.id, 'policy_contact', p.chain_id, p.id, true
	FROM users u JOIN policy_packs p ON p.id = u.policy_pack_id;

-- Routing rules: for a chain and a case category, the responders who
-- answer it.  When a pair has rules, the suggested assignee is one of
-- them; without rules it is the chain's resource for the category
-- (0006's mapping).  Rules may name any responder: a department desk
-- with no four-ones binding as well as a bank's account manager.
CREATE TABLE routing_rules (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chain_id	bigint NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
	category	text NOT NULL REFERENCES sla_limits (category) ON DELETE RESTRICT,
	user_id		bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	sort_order	integer NOT NULL DEFAULT 0,
	created_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	UNIQUE (chain_id, category, user_id)
);
CREATE INDEX routing_rules_user_idx ON routing_rules (user_id);

-- Safety net under routing.c's friendlier checks: a rule names an
-- enabled responder when it is written (a later disabling is reported by
-- the completeness check, and the rule is then skipped).
CREATE FUNCTION hl_routing_rules_check_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id
	    AND role = 'responder' AND disabled_at IS NULL) THEN
		PERFORM hl_raise('422', 'validation_failed',
		    '承办人须为启用的承办人员账号', 'user_ids');
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER routing_rules_check_user BEFORE INSERT OR UPDATE ON routing_rules
    FOR EACH ROW EXECUTE FUNCTION hl_routing_rules_check_user();

-- Who may answer a case of this category on this chain, best first:
-- the enabled responders of the pair's rules when any is usable,
-- otherwise the enabled responders bound to the chain's active resource
-- for the category (policy, approvals -> policy pack contact; financing
-- -> account manager; legal -> lawyer; technology, talent -> expert;
-- other -> nobody).  Within either set the one with the fewest assigned
-- and in-progress cases comes first, then the rule's order, then the
-- lowest id.  source is 'rule' or 'default'.  PL/pgSQL rather than SQL
-- so that the plan is kept for the session: the completeness check asks
-- for every chain and category (140 calls) in one statement, and a SQL
-- function would plan its body again on each.  ROWS 3: a pair has a few
-- candidates, and the default estimate (1000) inflates the check's cost
-- past the JIT threshold.
CREATE FUNCTION hl_routing_candidates(p_chain_id bigint, p_category text)
RETURNS TABLE (user_id bigint, source text, n_open bigint)
LANGUAGE plpgsql STABLE STRICT ROWS 3 AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY WITH ruled AS (
		SELECT r.user_id, r.sort_order
		FROM routing_rules r JOIN users u ON u.id = r.user_id
		WHERE r.chain_id = p_chain_id AND r.category = p_category
		  AND u.role = 'responder' AND u.disabled_at IS NULL
	), bound AS (
		SELECT DISTINCT rb.user_id, 0 AS sort_order
		FROM responder_bindings rb JOIN users u ON u.id = rb.user_id
		WHERE rb.chain_id = p_chain_id AND rb.active
		  AND u.role = 'responder' AND u.disabled_at IS NULL
		  AND rb.resource = CASE p_category
			WHEN 'financing' THEN 'account_manager'
			WHEN 'legal' THEN 'lawyer'
			WHEN 'technology' THEN 'expert'
			WHEN 'talent' THEN 'expert'
			WHEN 'policy' THEN 'policy_contact'
			WHEN 'approvals' THEN 'policy_contact' END
		  AND NOT EXISTS (SELECT 1 FROM ruled)
	), pick AS (
		SELECT user_id, 'rule'::text AS source, sort_order FROM ruled
		UNION ALL
		SELECT user_id, 'default', sort_order FROM bound
	)
	SELECT p.user_id, p.source, (SELECT count(*) FROM cases c
		WHERE c.assignee_user_id = p.user_id
		AND c.status IN ('assigned', 'in_progress')) AS n_open
	FROM pick p
	ORDER BY n_open, p.sort_order, p.user_id;
END
$$;

-- The suggested assignee of a new case: the first candidate, NULL when
-- there is none (assign by hand).  Replaces 0006's version, which knew
-- only the resource mapping.
CREATE OR REPLACE FUNCTION hl_case_default_responder(p_chain_id bigint, p_category text)
RETURNS bigint
LANGUAGE sql STABLE STRICT AS $$
	SELECT user_id FROM hl_routing_candidates(p_chain_id, p_category) LIMIT 1
$$;
