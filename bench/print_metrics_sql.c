/*
 * Prints the SQL of GET /api/v1/metrics (the dashboard) or of
 * GET /api/v1/metrics/chains (the ranking) exactly as the server runs it,
 * so that pgbench measures the same statement (bench/metrics.sh).  It
 * includes metrics.c to reach its static statement text rather than keeping
 * a copy here.
 */
#include "../src/metrics.c"

#include <stdio.h>

int main(int argc, char **argv);

int
main(int argc, char **argv)
{
	fputs(argc > 1 && strcmp(argv[1], "chains") == 0 ? SQL_TABLE_CHAINS
	                                                 : SQL_DASHBOARD,
	    stdout);
	putchar('\n');
	return 0;
}
