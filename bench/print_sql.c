/*
 * Prints the SQL of GET /api/v1/chains/{code} exactly as the server runs
 * it, so that pgbench measures the same statement.  It includes chain.c
 * to reach its static statement text rather than keeping a copy here.
 */
#include "../src/chain.c"

#include <stdio.h>

int main(void);

int
main(void)
{
	fputs(SQL_GET, stdout);
	putchar('\n');
	return 0;
}
