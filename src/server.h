/*
 * The serving process's shared state, set up before the workers start and
 * read-only afterwards: the configuration, the migration set /readyz
 * compares against, the static files, and each module's settings.
 */
#ifndef HL_SERVER_H
#define HL_SERVER_H

struct hl_conf;
struct hl_err;
struct hl_migrate_set;

/* Set every module up from c (borrowed; must outlive the server). */
int hl_server_init(const struct hl_conf *c, struct hl_err *err);
void hl_server_release(void);

/* Borrowed views of the shared state. */
const struct hl_conf *hl_server_conf(void);
const struct hl_migrate_set *hl_server_migrations(void);

#endif /* HL_SERVER_H */
