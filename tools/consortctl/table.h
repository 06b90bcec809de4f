/* table.h: aligned text tables for consortctl's human output. */
#ifndef CONSORT_CCTL_TABLE_H
#define CONSORT_CCTL_TABLE_H

#include <re.h>

struct cctl_table;

int cctl_table_alloc(struct cctl_table **tp, const char *const *headers,
		     const char *align);
int cctl_table_row(struct cctl_table *t);
int cctl_table_cell(struct cctl_table *t, const char *fmt, ...);
unsigned cctl_table_rows(const struct cctl_table *t);
int cctl_table_print(struct re_printf *pf, const struct cctl_table *t);

#endif
