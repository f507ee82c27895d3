/*
 * Common problems (共性问题): within a chain, open cases of one category
 * whose titles, and titles with the start of the description, are similar
 * (pg_trgm similarity over a threshold) and that come from at least a
 * minimum number of enterprises: "a problem many enterprises share is a chain
 * problem". One query over the trigram index of 0015; meeting.c drafts agenda
 * items from the same CTEs.
 */
#ifndef HL_COMMON_PROBLEM_H
#define HL_COMMON_PROBLEM_H

#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_db_conn;
struct hl_err;

/* The settings of [meetings] (conf.h), passed down by the api layer. */
struct hl_common_problem_opts {
	int64_t similarity_percent; /* 5..100 */
	int64_t min_enterprises;    /* 2..50 */
};

/* The most recent open cases of a chain the grouping looks at (each is
 * one probe of the trigram index), as SQL text. */
#define HL_COMMON_PROBLEM_CASES_MAX "500"

/*
 * The CTEs of the grouping, to follow "WITH RECURSIVE", for the open
 * cases of the chain whose id is the SQL expression CHAIN (NULL: none),
 * MIN the least number of enterprises: cp_open (id, category,
 * enterprise_id, title, t: the HL_COMMON_PROBLEM_CASES_MAX most recent
 * open cases), cp_half (a < b: similar pairs of one category, each
 * compared once), cp_edge (both ways), cp_start, cp_reach, cp_member (id, root:
 * the smallest case id of its group) and cp_group (root, n_cases,
 * n_enterprises) for the groups that qualify.  Similar: titles alike by
 * pg_trgm's % operator (a trigram index on titles, probed once per case: the
 * LATERAL subquery with OFFSET 0 is not flattened, which keeps the planner from
 * comparing every pair instead), and title with the start of the description
 * (hl_case_similar_text()) at least as similar.  Run
 * hl_common_problem_threshold() in the same transaction first.  A group
 * is a connected part of the similarity graph (A~B and B~C put A, B and C
 * together).  The walk starts only from cases with no smaller similar
 * neighbour and steps only to larger ids, so a dense group is walked
 * about once, not once per member; the smallest id still reaches every
 * member of its group.
 */
#define HL_COMMON_PROBLEM_SQL_CTES(CHAIN, MIN)                                 \
	" cp_open AS MATERIALIZED (SELECT c.id, c.category, c.enterprise_id,"  \
	"  c.title, hl_case_similar_text(c.title, c.description) AS t"         \
	"  FROM cases c WHERE c.chain_id = " CHAIN " AND c.status IN"          \
	"  ('submitted', 'accepted', 'assigned', 'in_progress')"               \
	"  ORDER BY c.created_at DESC, c.id DESC"                              \
	"  LIMIT " HL_COMMON_PROBLEM_CASES_MAX "),"                            \
	" cp_half AS (SELECT a.id AS a, b.id AS b FROM cp_open a"              \
	"  CROSS JOIN LATERAL (SELECT c.id FROM cases c"                       \
	"  WHERE c.status IN ('submitted', 'accepted', 'assigned',"            \
	"  'in_progress') AND c.title % a.title"                               \
	"  AND c.chain_id = " CHAIN " AND c.category = a.category"             \
	"  AND c.id > a.id AND similarity(hl_case_similar_text(c.title,"       \
	"  c.description), a.t) >="                                            \
	"  current_setting('pg_trgm.similarity_threshold')::real"              \
	"  OFFSET 0) b JOIN cp_open y ON y.id = b.id),"                        \
	" cp_edge AS (SELECT h.a, h.b FROM cp_half h"                          \
	"  UNION ALL SELECT h.b, h.a FROM cp_half h),"                         \
	" cp_start AS (SELECT o.id FROM cp_open o WHERE NOT EXISTS (SELECT 1"  \
	"  FROM cp_edge e WHERE e.a = o.id AND e.b < o.id)),"                  \
	" cp_reach (root, id) AS (SELECT s.id, s.id FROM cp_start s"           \
	"  UNION SELECT r.root, e.b FROM cp_reach r JOIN cp_edge e"            \
	"  ON e.a = r.id AND e.b > r.root),"                                   \
	" cp_member AS (SELECT r.id, min(r.root) AS root FROM cp_reach r"      \
	"  GROUP BY r.id),"                                                    \
	" cp_group AS (SELECT m.root, count(*) AS n_cases,"                    \
	"  count(DISTINCT o.enterprise_id) AS n_enterprises"                   \
	"  FROM cp_member m JOIN cp_open o ON o.id = m.id GROUP BY m.root"     \
	"  HAVING count(DISTINCT o.enterprise_id) >= " MIN ")"

/* Set pg_trgm's similarity threshold for the rest of the transaction on
 * db (o's percent), and a statement limit of 30 s for the grouping.
 * Returns 0 or -1. */
int hl_common_problem_threshold(struct hl_db_conn *db,
    const struct hl_common_problem_opts *o, struct hl_err *err);

/*
 * Append {"chain":{"code","name"},"similarity_percent","min_enterprises",
 * "items":[{"key","category","title","n_cases","n_enterprises",
 * "cases":[{"id","number","enterprise_id","enterprise_name","title",
 * "status","created_at","overdue","escalated","on_agenda":{"id","title"}
 * |null}]}]}: the common problems of chain code, most enterprises first;
 * key and title are those of the group's first case.  For the chain's
 * committee members and admins; anyone else, and an unknown code, 404.
 */
int hl_common_problem_json(struct hl_ctx *ctx, const char *code,
    const struct hl_common_problem_opts *o, struct hl_buf *out,
    struct hl_err *err);

#endif /* HL_COMMON_PROBLEM_H */
