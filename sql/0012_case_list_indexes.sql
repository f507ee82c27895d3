-- Case list support found missing once lists were measured.
--
-- sort=due_at pages on (due_at, id) ascending, NULLs last, over every
-- status; cases_open_due_idx only holds open cases.
CREATE INDEX cases_due_id_idx ON cases (due_at, id);

-- q also matches the case number ("HL-2026-000123", or part of it); with
-- a trigram index on all three columns the planner can OR three bitmap
-- scans instead of reading the table.
CREATE INDEX cases_number_trgm ON cases USING gin (number gin_trgm_ops);
