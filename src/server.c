/*
 * Process-wide setup for `serve`.  Everything here is written once by the
 * main thread before the HTTP workers start, so workers read it without
 * locks.
 */
#include "server.h"

#include <stddef.h>

#include "auth.h"
#include "conf.h"
#include "err.h"
#include "migrate.h"
#include "notify.h"
#include "router.h"
#include "static.h"

static const struct hl_conf *conf_;
static struct hl_migrate_set migrations_;

int
hl_server_init(const struct hl_conf *c, struct hl_err *err)
{
	conf_ = c;
	hl_router_setup(c);
	hl_auth_setup(c);
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
	hl_migrate_set_release(&migrations_);
	hl_notify_release();
	conf_ = NULL;
}

const struct hl_conf *
hl_server_conf(void)
{
	return conf_;
}

const struct hl_migrate_set *
hl_server_migrations(void)
{
	return &migrations_;
}
