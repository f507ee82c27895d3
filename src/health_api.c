/*
 * Health probes for load balancers and orchestrators.  /healthz never
 * touches the database, so a database outage does not get healthy
 * processes restarted; /readyz says whether this process can serve.
 */
#include "health_api.h"

#include "buf.h"
#include "db.h"
#include "err.h"
#include "http.h"
#include "migrate.h"

static const char OK[] = "{\"status\":\"ok\"}";

/* Set once by hl_health_api_setup() before the workers start. */
static const struct hl_migrate_set *migrations_;

void
hl_health_api_setup(const struct hl_migrate_set *m)
{
	migrations_ = m;
}

int
hl_health_api_live(struct hl_req *req)
{
	return hl_http_reply_static(req, 200, "application/json; charset=utf-8",
	    OK, sizeof(OK) - 1);
}

int
hl_health_api_ready(struct hl_req *req)
{
	struct hl_err err = { 0 };

	if (!hl_db_ping(req->ctx.db)) {
		hl_err_set(&err, 503, "unavailable", "数据库暂时不可用");
		err.retry_after_s = 5;
		return hl_http_reply_err(req, &err);
	}
	if (migrations_ == NULL ||
	    hl_migrate_check(req->ctx.db, migrations_, &err) == -1) {
		/* Whatever went wrong, this process cannot serve yet. */
		if (err.status != 503)
			hl_err_set(&err, 503, "unavailable",
			    "数据库结构未就绪");
		err.retry_after_s = 5;
		return hl_http_reply_err(req, &err);
	}
	return hl_http_reply_static(req, 200, "application/json; charset=utf-8",
	    OK, sizeof(OK) - 1);
}
