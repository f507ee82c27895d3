/*
 * The command-line subcommands that change data: `seed --demo`,
 * `seed --scale N` and `user add|passwd|disable`.  Each returns the
 * process exit status.
 */
#ifndef HL_CLI_H
#define HL_CLI_H

struct hl_conf;

int hl_cli_seed(const struct hl_conf *c, int argc, char **argv);
int hl_cli_user(const struct hl_conf *c, int argc, char **argv);

#endif /* HL_CLI_H */
