/*
 * table.c: aligned text tables: a header line and rows of cells, columns
 * as wide as their widest cell (in UTF-8 characters), two spaces apart,
 * left- or right-aligned, no trailing spaces.
 */
#include <errno.h>
#include <string.h>
#include "table.h"

enum {
	TABLE_MAXCOLS = 16,
	TABLE_GAP = 2,          /* [chars] between columns */
};

struct row {
	struct le le;
	char *cell[TABLE_MAXCOLS];      /* mem strings, NULL = "" */
	unsigned n;                     /* cells filled */
};

struct cctl_table {
	struct list rows;
	const char *const *headers;
	char align[TABLE_MAXCOLS];      /* 'l' or 'r' per column */
	unsigned ncols;
	struct row *cur;                /* row being filled */
};


static void row_destructor(void *arg)
{
	struct row *r = arg;
	unsigned i;

	list_unlink(&r->le);
	for (i = 0; i < r->n; i++)
		mem_deref(r->cell[i]);
}


static void table_destructor(void *arg)
{
	struct cctl_table *t = arg;

	list_flush(&t->rows);
}


/*
 * Allocates a table whose columns are the NULL-terminated HEADERS (kept
 * by reference: static strings), ALIGN one 'l' or 'r' per column (NULL:
 * all left). Returns 0, EINVAL (no or too many columns) or ENOMEM.
 */
int cctl_table_alloc(struct cctl_table **tp, const char *const *headers,
		     const char *align)
{
	struct cctl_table *t;
	unsigned n = 0, i;

	if (!tp || !headers)
		return EINVAL;

	while (headers[n])
		++n;
	if (n == 0 || n > TABLE_MAXCOLS)
		return EINVAL;

	t = mem_zalloc(sizeof(*t), table_destructor);
	if (!t)
		return ENOMEM;

	t->headers = headers;
	t->ncols = n;
	for (i = 0; i < n; i++)
		t->align[i] = align && align[i] == 'r' ? 'r' : 'l';

	*tp = t;
	return 0;
}


/* Starts a new row (cells not filled stay empty). Returns 0 or ENOMEM. */
int cctl_table_row(struct cctl_table *t)
{
	struct row *r;

	if (!t)
		return EINVAL;

	r = mem_zalloc(sizeof(*r), row_destructor);
	if (!r)
		return ENOMEM;

	list_append(&t->rows, &r->le, r);
	t->cur = r;

	return 0;
}


/*
 * Appends a cell (re_printf format) to the current row. Returns 0,
 * EINVAL (no row started), E2BIG (row full) or ENOMEM.
 */
int cctl_table_cell(struct cctl_table *t, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int err;

	if (!t || !t->cur || !fmt)
		return EINVAL;

	if (t->cur->n >= t->ncols)
		return E2BIG;

	va_start(ap, fmt);
	err = re_vsdprintf(&s, fmt, ap);
	va_end(ap);
	if (err)
		return err;

	t->cur->cell[t->cur->n++] = s;

	return 0;
}


/* Number of rows added so far. */
unsigned cctl_table_rows(const struct cctl_table *t)
{
	return t ? list_count(&t->rows) : 0;
}


/* Display width of S: UTF-8 characters, not bytes. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; s && *s; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			++w;
	}

	return w;
}


/* Prints N spaces (libre's printf has no '*' width). */
static int pad(struct re_printf *pf, size_t n)
{
	static const char sp[] = "                                ";
	int err = 0;

	while (n > 0 && !err) {
		size_t k = min(n, sizeof(sp) - 1);

		err = pf->vph(sp, k, pf->arg);
		n -= k;
	}

	return err;
}


static int print_line(struct re_printf *pf, const struct cctl_table *t,
		      const char *const *cells, const size_t *wid)
{
	unsigned i, last = t->ncols - 1;
	int err = 0;

	/* no padding after the last column (nor after trailing empties) */
	while (last > 0 && t->align[last] == 'l' &&
	       (!cells[last] || !*cells[last]))
		--last;

	for (i = 0; i <= last; i++) {
		const char *c = cells[i] ? cells[i] : "";
		size_t fill = wid[i] - width(c);
		size_t gap = i < last ? TABLE_GAP : 0;

		if (t->align[i] == 'r')
			err |= pad(pf, fill);
		err |= re_hprintf(pf, "%s", c);
		if (t->align[i] == 'l' && i < last)
			err |= pad(pf, fill);
		err |= pad(pf, gap);
	}

	return err | re_hprintf(pf, "\n");
}


/* Prints the header line and every row. Returns 0 or a printer error. */
int cctl_table_print(struct re_printf *pf, const struct cctl_table *t)
{
	size_t wid[TABLE_MAXCOLS];
	struct le *le;
	unsigned i;
	int err;

	if (!pf || !t)
		return EINVAL;

	for (i = 0; i < t->ncols; i++)
		wid[i] = width(t->headers[i]);

	LIST_FOREACH(&t->rows, le) {
		const struct row *r = le->data;

		for (i = 0; i < r->n; i++)
			wid[i] = max(wid[i], width(r->cell[i]));
	}

	err = print_line(pf, t, (const char *const *)t->headers, wid);

	LIST_FOREACH(&t->rows, le) {
		const struct row *r = le->data;

		err |= print_line(pf, t, (const char *const *)r->cell, wid);
	}

	return err;
}
