/*
 * The floor for the Data sheet: writes the same cells as Tandem's workbook exporter, with the same
 * library and options, from the review's flat CSV (tandem-P.csv). Only the writing is timed.
 * Past Excel's 1,048,576 rows the rows go on in "Data 2", "Data 3", … under the same header, as
 * Tandem's do (libxlsxwriter refuses a row beyond the limit: writing on would drop them).
 *
 * usage: data_sheet FLAT.csv OUT.xlsx table|constant   -> prints "seconds rows"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

/* The number columns, by position in the flat data (schema 3). */
enum { NNUM = 10 };
static const int number_columns[NNUM] = {7, 8, 9, 10, 11, 12, 16, 17, 18, 19};

typedef struct {
    int year, month;
    char *metric_id, *metric, *team, *segment, *unit, *currency, *rollup, *direction, *owner_team, *row_kind;
    double v[NNUM];
    int has[NNUM];
} row_t;

static char *field(char **p) {
    char *start = *p;
    char *end = strpbrk(start, ",\r\n");
    if (!end) end = start + strlen(start);
    char c = *end;
    *end = '\0';
    *p = (c == '\0') ? end : end + 1;
    return start;
}

static double serial(int y, int m) {
    /* Days since 1899-12-30 of the first day of a month (Howard Hinnant's days_from_civil). */
    int yy = m <= 2 ? y - 1 : y;
    int era = (yy >= 0 ? yy : yy - 399) / 400;
    int yoe = yy - era * 400;
    int mp = (m + 9) % 12;
    int doy = (153 * mp + 2) / 5;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468 + 25569;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: data_sheet FLAT.csv OUT.xlsx table|constant\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc(size + 1);
    if (fread(text, 1, size, f) != (size_t)size) { perror("read"); return 1; }
    text[size] = '\0';
    fclose(f);
    size_t cap = 1024, n = 0;
    row_t *rows = malloc(cap * sizeof(row_t));
    char *p = strchr(text, '\n') + 1;
    while (*p) {
        if (*p == '\r' || *p == '\n') { p++; continue; }
        if (n == cap) { cap *= 2; rows = realloc(rows, cap * sizeof(row_t)); }
        row_t *r = &rows[n++];
        char *period = field(&p);
        r->year = atoi(period);
        r->month = atoi(period + 5);
        r->metric_id = field(&p);
        r->metric = field(&p);
        r->team = field(&p);
        r->segment = field(&p);
        r->unit = field(&p);
        r->currency = field(&p);
        /* actual, numerator, denominator, target, variance, variance_pct */
        for (int i = 0; i < 6; i++) {
            char *v = field(&p);
            r->has[i] = *v != '\0';
            r->v[i] = r->has[i] ? strtod(v, NULL) : 0;
        }
        r->rollup = field(&p);
        r->direction = field(&p);
        r->owner_team = field(&p);
        /* forecast, forecast_low, forecast_high, forecast_level */
        for (int i = 6; i < NNUM; i++) {
            char *v = field(&p);
            r->has[i] = *v != '\0';
            r->v[i] = r->has[i] ? strtod(v, NULL) : 0;
        }
        r->row_kind = field(&p);
    }
    int constant = strcmp(argv[3], "constant") == 0;

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    lxw_workbook_options options = {.constant_memory = constant, .tmpdir = NULL, .use_zip64 = 1};
    lxw_workbook *wb = workbook_new_opt(argv[2], &options);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Data");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    /* The number formats Tandem gives a row's values by unit (plan currency USD), the share and
       the level as percents; each made once, looked up by the row's unit as Tandem does. */
    const char *unit_names[] = {"count", "currency", "percent", "hours", "days"};
    const char *unit_formats[] = {"#,##0", "\"$\"#,##0.00", "0.0%", "0.0\" h\"", "0.0\" d\""};
    lxw_format *by_unit[6];
    for (int i = 0; i < 5; i++) {
        by_unit[i] = workbook_add_format(wb);
        format_set_num_format(by_unit[i], unit_formats[i]);
    }
    by_unit[5] = workbook_add_format(wb);
    format_set_num_format(by_unit[5], "#,##0.00");
    lxw_format *share = by_unit[2];
    lxw_format *level = workbook_add_format(wb);
    format_set_num_format(level, "0%");
    const char *headers[] = {"period", "metric_id", "metric", "team", "segment", "unit", "currency",
                             "actual", "numerator", "denominator", "target", "variance", "variance_pct",
                             "rollup", "direction", "owner_team", "forecast", "forecast_low", "forecast_high",
                             "forecast_level", "row_kind"};
    enum { NCOL = 21 };
    const size_t per_sheet = LXW_ROW_MAX - 1;
    lxw_table_column columns[NCOL];
    lxw_table_column *list[NCOL + 1];
    for (int i = 0; i < NCOL; i++) {
        memset(&columns[i], 0, sizeof columns[i]);
        columns[i].header = (char *)headers[i];
        columns[i].format = i == 0 ? date : NULL;
        list[i] = &columns[i];
    }
    list[NCOL] = NULL;
    if (constant) workbook_define_name(wb, "TandemData", "='Data'!$A$1:$U$2");
    /* Each sheet's table (TandemData, TandemData_2, …) over its own rows, at least one, as Tandem's. */
    for (size_t start = 0, sheet = 1; start < n || sheet == 1; start += per_sheet, sheet++) {
        if (constant) break;
        size_t here = n - start < per_sheet ? n - start : per_sheet;
        char name[32];
        if (sheet == 1) snprintf(name, sizeof name, "TandemData");
        else snprintf(name, sizeof name, "TandemData_%zu", sheet);
        lxw_table_options table = {.name = name, .columns = list};
        lxw_worksheet *target = ws;
        if (sheet > 1) {
            char title[32];
            snprintf(title, sizeof title, "Data %zu", sheet);
            target = workbook_get_worksheet_by_name(wb, title);
            if (!target) target = workbook_add_worksheet(wb, title);
        }
        if (worksheet_add_table(target, 0, 0, here > 0 ? here : 1, NCOL - 1, &table) != LXW_NO_ERROR) {
            fprintf(stderr, "cannot add table %s\n", name);
            return 1;
        }
    }
    for (int i = 0; i < NCOL; i++) worksheet_write_string(ws, 0, i, headers[i], NULL);
    const char *last_metric = NULL;
    lxw_format *unit = NULL;
    for (size_t i = 0; i < n; i++) {
        row_t *r = &rows[i];
        if (i > 0 && i % per_sheet == 0) {
            /* The rows so far fill the sheet: its filter, then the next sheet under the header. */
            if (constant) worksheet_autofilter(ws, 0, 0, per_sheet, NCOL - 1);
            char name[32];
            snprintf(name, sizeof name, "Data %zu", i / per_sheet + 1);
            ws = workbook_get_worksheet_by_name(wb, name);
            if (!ws) ws = workbook_add_worksheet(wb, name);
            for (int k = 0; k < NCOL; k++) worksheet_write_string(ws, 0, k, headers[k], NULL);
        }
        lxw_row_t row = i % per_sheet + 1;
        if (!last_metric || strcmp(last_metric, r->metric_id) != 0) {
            int u = 0;
            while (u < 5 && strcmp(unit_names[u], r->unit) != 0) u++;
            unit = by_unit[u];
            last_metric = r->metric_id;
        }
        worksheet_write_number(ws, row, 0, serial(r->year, r->month), date);
        worksheet_write_string(ws, row, 1, r->metric_id, NULL);
        worksheet_write_string(ws, row, 2, r->metric, NULL);
        if (*r->team) worksheet_write_string(ws, row, 3, r->team, NULL);
        if (*r->segment) worksheet_write_string(ws, row, 4, r->segment, NULL);
        worksheet_write_string(ws, row, 5, r->unit, NULL);
        if (*r->currency) worksheet_write_string(ws, row, 6, r->currency, NULL);
        for (int k = 0; k < NNUM; k++) {
            if (!r->has[k]) continue;
            int c = number_columns[k];
            lxw_format *f = (c == 8 || c == 9) ? NULL : c == 12 ? share : c == 19 ? level : unit;
            worksheet_write_number(ws, row, c, r->v[k], f);
        }
        worksheet_write_string(ws, row, 13, r->rollup, NULL);
        worksheet_write_string(ws, row, 14, r->direction, NULL);
        if (*r->owner_team) worksheet_write_string(ws, row, 15, r->owner_team, NULL);
        worksheet_write_string(ws, row, 20, r->row_kind, NULL);
    }
    if (constant) worksheet_autofilter(ws, 0, 0, n == 0 ? 1 : (n - 1) % per_sheet + 1, NCOL - 1);
    lxw_error error = workbook_close(wb);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (error) { fprintf(stderr, "%s\n", lxw_strerror(error)); return 1; }
    printf("%.6f %zu\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, n);
    return 0;
}
