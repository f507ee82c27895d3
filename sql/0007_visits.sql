-- 0007: "解链" research visits.  A visit covers one or more of the five
-- levels (产业、企业、项目、技术、人才) with a finding per level; each
-- problem found becomes a case whose visit_id points back here (created in
-- the same transaction as the visit).

-- findings must be a JSON object whose keys are covered levels and whose
-- values are strings.
CREATE FUNCTION hl_visit_findings_ok(findings jsonb, levels text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT jsonb_typeof(findings) = 'object'
	   AND NOT EXISTS (
		SELECT 1 FROM jsonb_each(findings) AS f(k, v)
		WHERE NOT (f.k = ANY (levels)) OR jsonb_typeof(f.v) <> 'string'
		   OR char_length(f.v #>> '{}') > 10000)
$$;

CREATE TABLE visits (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	enterprise_id	bigint NOT NULL REFERENCES enterprises (id) ON DELETE RESTRICT,
	-- The chain the visit was made for (one of the enterprise's chains).
	chain_id	bigint NOT NULL REFERENCES chains (id) ON DELETE RESTRICT,
	visited_on	date NOT NULL CHECK (visited_on >= date '2020-01-01'),
	recorded_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	levels		text[] NOT NULL CHECK (cardinality(levels) > 0
			    AND levels <@ ARRAY['industry', 'enterprise', 'project', 'technology', 'talent']
			    AND hl_text_array_clean(levels)),
	findings	jsonb NOT NULL DEFAULT '{}' CHECK (hl_visit_findings_ok(findings, levels)),
	-- Names of visitors as typed (retired officials, bank staff, ...);
	-- visitors with accounts are also in visit_visitors.
	visitors	text[] NOT NULL DEFAULT '{}' CHECK (hl_text_array_clean(visitors)
			    AND cardinality(visitors) <= 50),
	summary		text NOT NULL DEFAULT '' CHECK (char_length(summary) <= 10000),
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now()
);
CREATE INDEX visits_visited_idx ON visits (visited_on DESC, id DESC);
CREATE INDEX visits_enterprise_idx ON visits (enterprise_id, visited_on DESC, id DESC);
CREATE INDEX visits_chain_idx ON visits (chain_id, visited_on DESC, id DESC);
CREATE INDEX visits_recorded_by_idx ON visits (recorded_by, visited_on DESC, id DESC);
CREATE INDEX visits_levels_gin ON visits USING gin (levels);
CREATE TRIGGER visits_updated_at BEFORE UPDATE ON visits
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

CREATE TABLE visit_visitors (
	visit_id	bigint NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	PRIMARY KEY (visit_id, user_id)
);
CREATE INDEX visit_visitors_user_idx ON visit_visitors (user_id, visit_id);

ALTER TABLE cases ADD CONSTRAINT cases_visit_id_fkey
    FOREIGN KEY (visit_id) REFERENCES visits (id) ON DELETE SET NULL;
