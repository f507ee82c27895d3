/*
 * Process-wide setup for `serve`.  Everything here is written once by the
 * main thread before the HTTP workers start, so workers read it without
 * locks.
 */
#include "server.h"

#include <stddef.h>

#include "auth.h"
#include "bulletin_api.h"
#include "case_job.h"
#include "conf.h"
#include "err.h"
#include "health_api.h"
#include "meeting_api.h"
#include "migrate.h"
#include "notify.h"
#include "policy.h"
#include "router.h"
#include "static.h"
#include "token.h"

static struct hl_migrate_set migrations_;

/* Each module takes its settings here rather than asking for them
 * later: modules below this one must not call up into it. */
int
hl_server_init(const struct hl_conf *c, struct hl_err *err)
{
	hl_router_setup(c);
	hl_auth_setup(c);
	hl_token_setup(c);
	hl_bulletin_api_setup(c);
	hl_meeting_api_setup(c);
	hl_case_job_setup(c);
	hl_policy_setup(c);
	hl_health_api_setup(&migrations_);
	if (hl_notify_setup(c, err) == -1 ||
	    hl_migrate_load(&migrations_, c->sql_dir, err) == -1 ||
	    hl_static_load(c->assets_dir, err) == -1 ||
	    hl_static_add_file(c->openapi_file, "/api/v1/openapi.json", err) ==
	        -1)
		return -1;
	return 0;
}

void
hl_server_release(void)
{
	hl_static_release();
	hl_health_api_setup(NULL);
	hl_migrate_set_release(&migrations_);
	hl_notify_release();
}
