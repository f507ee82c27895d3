/*
 * The serving process's shared state, set up before the workers start and
 * read-only afterwards: the migration set /readyz compares against, the
 * static files, and each module's settings (handed to the module's
 * hl_<module>_setup(), so that no module reaches up here for them).
 */
#ifndef HL_SERVER_H
#define HL_SERVER_H

struct hl_conf;
struct hl_err;

/* Set every module up from c (borrowed; must outlive the server). */
int hl_server_init(const struct hl_conf *c, struct hl_err *err);
void hl_server_release(void);

#endif /* HL_SERVER_H */
