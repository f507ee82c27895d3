-- 0008: policies (the policy pack's content, with eligibility for
-- matching) and bulletins (政策简报).
--
-- Eligibility lists are "any of" lists and an empty list means "no
-- restriction": no policy_chains row = citywide, districts '{}' = every
-- district, size_classes '{}' = every size.  required_tags: the
-- enterprise needs ALL of them; excluded_tags: NONE of them.  Matching
-- and its reasons (matched / missing) are computed by policy.c from
-- these columns; the database keeps the vocabulary honest.
--
-- Markdown bodies are rendered by md.c (cmark-gfm, raw HTML off) on
-- every write; *_html is that rendering, served as is.

CREATE TABLE policies (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	title		text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
	issuer		text NOT NULL CHECK (char_length(btrim(issuer)) BETWEEN 1 AND 200),
	ref_number	text CHECK (char_length(ref_number) BETWEEN 1 AND 100), -- 文号
	effective_on	date NOT NULL,
	expires_on	date,
	-- Application window, when the policy takes applications.
	apply_from	date,
	apply_until	date,
	districts	text[] NOT NULL DEFAULT '{}' CHECK (hl_text_array_clean(districts)),
	size_classes	text[] NOT NULL DEFAULT '{}' CHECK (hl_text_array_clean(size_classes)
			    AND size_classes <@ ARRAY['large', 'medium', 'small', 'micro']),
	required_tags	text[] NOT NULL DEFAULT '{}' CHECK (hl_text_array_clean(required_tags)),
	excluded_tags	text[] NOT NULL DEFAULT '{}' CHECK (hl_text_array_clean(excluded_tags)),
	key_enterprise_only boolean NOT NULL DEFAULT false,
	benefit_summary	text NOT NULL DEFAULT '' CHECK (char_length(benefit_summary) <= 2000),
	body_md		text NOT NULL DEFAULT '' CHECK (octet_length(body_md) <= 65536),
	body_html	text NOT NULL DEFAULT '',
	source_url	text CHECK (source_url ~ '^https?://' AND length(source_url) <= 2000),
	archived_at	timestamptz,
	created_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now(),
	CHECK (expires_on IS NULL OR expires_on >= effective_on),
	CHECK (apply_until IS NULL OR apply_from IS NULL OR apply_until >= apply_from),
	CHECK (NOT (required_tags && excluded_tags))
);
COMMENT ON TABLE policies IS
    'Active = archived_at IS NULL AND effective_on <= hl_today() AND (expires_on IS NULL OR expires_on >= hl_today()).';
CREATE INDEX policies_active_idx ON policies (effective_on, expires_on) WHERE archived_at IS NULL;
CREATE INDEX policies_title_trgm ON policies USING gin (title gin_trgm_ops);
CREATE TRIGGER policies_updated_at BEFORE UPDATE ON policies
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

CREATE FUNCTION hl_policies_check_vocab() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	bad text[];
BEGIN
	bad := hl_unknown_districts(NEW.districts);
	IF cardinality(bad) > 0 THEN
		PERFORM hl_raise('422', 'validation_failed',
		    '未知的区县：' || array_to_string(bad, '、'), 'districts');
	END IF;
	bad := hl_unknown_tags(NEW.required_tags);
	IF cardinality(bad) > 0 THEN
		PERFORM hl_raise('422', 'validation_failed',
		    '未知的企业标签：' || array_to_string(bad, '、'), 'required_tags');
	END IF;
	bad := hl_unknown_tags(NEW.excluded_tags);
	IF cardinality(bad) > 0 THEN
		PERFORM hl_raise('422', 'validation_failed',
		    '未知的企业标签：' || array_to_string(bad, '、'), 'excluded_tags');
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER policies_check_vocab
    BEFORE INSERT OR UPDATE OF districts, required_tags, excluded_tags ON policies
    FOR EACH ROW EXECUTE FUNCTION hl_policies_check_vocab();

CREATE TABLE policy_chains (
	policy_id	bigint NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
	chain_id	bigint NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
	PRIMARY KEY (policy_id, chain_id)
);
CREATE INDEX policy_chains_chain_idx ON policy_chains (chain_id, policy_id);

CREATE TABLE bulletins (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	title		text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
	body_md		text NOT NULL CHECK (octet_length(body_md) <= 65536),
	body_html	text NOT NULL DEFAULT '',
	status		text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
	published_at	timestamptz,
	published_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	created_by	bigint REFERENCES users (id) ON DELETE SET NULL,
	demo		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT hl_now(),
	updated_at	timestamptz NOT NULL DEFAULT hl_now(),
	CHECK ((status = 'published') = (published_at IS NOT NULL))
);
-- Public list: published, newest first, keyset on (published_at, id).
CREATE INDEX bulletins_published_idx ON bulletins (published_at DESC, id DESC)
    WHERE status = 'published';
CREATE INDEX bulletins_created_idx ON bulletins (created_at DESC, id DESC);
CREATE INDEX bulletins_title_trgm ON bulletins USING gin (title gin_trgm_ops);
CREATE TRIGGER bulletins_updated_at BEFORE UPDATE ON bulletins
    FOR EACH ROW EXECUTE FUNCTION hl_set_updated_at();

-- No rows = citywide.
CREATE TABLE bulletin_chains (
	bulletin_id	bigint NOT NULL REFERENCES bulletins (id) ON DELETE CASCADE,
	chain_id	bigint NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
	PRIMARY KEY (bulletin_id, chain_id)
);
CREATE INDEX bulletin_chains_chain_idx ON bulletin_chains (chain_id, bulletin_id);
