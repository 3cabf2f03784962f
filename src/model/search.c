/* search.c — the queries behind /search (see search.h). */
#include "model/search.h"
#include "model/meeting.h"
#include "model/panel.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Actions and measures are searched in every wording they have had
 * (search_action_v, search_measure_v: sql/009), and a wording counts only
 * when the row, as this connection shows it, reads exactly so.  On a record
 * connection (model/record.h) `action` and `measure` are the rows as a
 * signed-off month's record holds them, so a month's search finds exactly
 * the words its record showed, never those of a later version nor fewer;
 * elsewhere they are the live rows. */
#define ACTION_MATCH                                                                               \
    " FROM search_action_v s JOIN search_action_text t ON t.id = s.rowid"                          \
    " JOIN action a ON a.id = t.action_id"                                                         \
    " WHERE search_action_v MATCH :q AND a.ref IS t.ref AND a.title IS t.title"                    \
    " AND a.description IS t.description"
#define MEASURE_MATCH                                                                              \
    " FROM search_measure_v s JOIN search_measure_text t ON t.id = s.rowid"                        \
    " JOIN measure m ON m.id = t.measure_id"                                                       \
    " WHERE search_measure_v MATCH :q AND m.ref IS t.ref AND m.title IS t.title"
/* Updates: the public rule of model/pub_scope.h in the same query as the
 * match, so counts never include a draft.  An update's narrative is searched
 * in the wording the connection shows (sql/017): its words as written
 * (search_update) while the connection shows no correction of its narrative,
 * else those of the latest one it shows (search_correction), which is what the
 * record's progress_update reads (on a record connection only the corrections
 * within the month's head, model/record.h).  Each update is found once.  So a
 * month's search finds the corrected words exactly from the sign-off that
 * made the correction public, and the months before it the original words. */
#define UPDATE_PUBLIC " AND u.state = 'accepted' AND p.status = 'signed_off' AND p.month <= :month"
#define UPDATE_AS_WRITTEN(action_join)                                                             \
    " FROM search_update JOIN progress_update u ON u.id = search_update.rowid"                     \
    " JOIN period p ON p.id = u.period_id" action_join                                             \
    " WHERE search_update MATCH :q" UPDATE_PUBLIC                                                  \
    " AND NOT EXISTS (SELECT 1 FROM update_correction c WHERE c.update_id = u.id"                  \
    " AND c.field = 'narrative')"
#define UPDATE_AS_CORRECTED(action_join)                                                           \
    " FROM search_correction JOIN update_correction c ON c.id = search_correction.rowid"           \
    " JOIN progress_update u ON u.id = c.update_id"                                                \
    " JOIN period p ON p.id = u.period_id" action_join                                             \
    " WHERE search_correction MATCH :q" UPDATE_PUBLIC                                              \
    " AND c.id = (SELECT max(c2.id) FROM update_correction c2 WHERE c2.update_id = c.update_id"    \
    " AND c2.field = 'narrative')"
#define WITH_ACTION " JOIN action a ON a.id = u.action_id"

/* Per group: how many public rows match, counted up to :cap (SEARCH_COUNT_MAX
 * + 1), so that a word in every row costs no more than a rarer one. */
static const char sql_count_action[] = "SELECT count(*) FROM (SELECT 1" ACTION_MATCH " LIMIT :cap)";
static const char sql_count_update[] = "SELECT count(*) FROM (SELECT 1" UPDATE_AS_WRITTEN(
    "") " UNION ALL SELECT 1" UPDATE_AS_CORRECTED("") " LIMIT :cap)";
static const char sql_count_measure[] =
    "SELECT count(*) FROM (SELECT 1" MEASURE_MATCH " LIMIT :cap)";

/* Per group: the candidates for a page, the first :cap matches (those
 * counted) in the index's order with their bm25 score (for actions and
 * measures the ref and title weigh more than the description); run() ranks
 * them, ties by ref, and counts them in the same pass. */
static const char sql_top_action[] =
    "SELECT s.rowid, bm25(search_action_v, 10.0, 5.0, 1.0), a.ref, ''" ACTION_MATCH " LIMIT :cap";
/* a corrected wording's candidate is the correction's id, negated */
static const char sql_top_update[] =
    "SELECT search_update.rowid, bm25(search_update), a.ref, p.month" UPDATE_AS_WRITTEN(
        WITH_ACTION) " UNION ALL SELECT -search_correction.rowid, bm25(search_correction), a.ref,"
                     " p.month" UPDATE_AS_CORRECTED(WITH_ACTION) " LIMIT :cap";
static const char sql_top_measure[] =
    "SELECT s.rowid, bm25(search_measure_v, 10.0, 5.0), m.ref, ''" MEASURE_MATCH " LIMIT :cap";

/* Per group: what a page shows of one candidate (:id), found again by its
 * rowid: the highlighted title and the snippet.  char(1) and char(2) are
 * SEARCH_MARK_OPEN and SEARCH_MARK_CLOSE. */
static const char sql_show_action[] =
    "SELECT highlight(search_action_v, 1, char(1), char(2)),"
    " snippet(search_action_v, 2, char(1), char(2), '…', 24)"
    " FROM search_action_v WHERE search_action_v MATCH :q AND rowid = :id";
static const char sql_show_update[] =
    "SELECT a.title, snippet(search_update, 0, char(1), char(2), '…', 24)"
    " FROM search_update JOIN progress_update u ON u.id = search_update.rowid"
    " JOIN action a ON a.id = u.action_id"
    " WHERE search_update MATCH :q AND search_update.rowid = :id";
/* the same for a corrected wording: :id is the correction's */
static const char sql_show_update_corrected[] =
    "SELECT a.title, snippet(search_correction, 0, char(1), char(2), '…', 24)"
    " FROM search_correction JOIN update_correction c ON c.id = search_correction.rowid"
    " JOIN progress_update u ON u.id = c.update_id JOIN action a ON a.id = u.action_id"
    " WHERE search_correction MATCH :q AND search_correction.rowid = :id";
static const char sql_show_measure[] =
    "SELECT highlight(search_measure_v, 1, char(1), char(2)), ''"
    " FROM search_measure_v WHERE search_measure_v MATCH :q AND rowid = :id";

/* The kinds found by a scan rather than the index (search.h): :terms is a
 * JSON array of the query's terms, lower-cased, and a row matches when no
 * term is missing from it. */
#define TERM_MISSING(ref, text)                                                                    \
    " NOT EXISTS (SELECT 1 FROM json_each(:terms) t WHERE lower(" ref ") <> t.value"               \
    " AND instr(lower(" text "), t.value) = 0)"
#define REC_FROM                                                                                   \
    " FROM recommendation r JOIN review v ON v.id = r.review_id WHERE" TERM_MISSING(               \
        "r.ref", "r.text || ' ' || v.ref || ' ' || v.title")
#define MILESTONE_FROM                                                                             \
    " FROM milestone ms LEFT JOIN action a ON a.id = ms.action_id"                                 \
    " WHERE ms.public = 1 AND" TERM_MISSING("ms.ref", "ms.title")
#define THEME_FROM " FROM theme t0 WHERE" TERM_MISSING("t0.ref", "t0.title")
static const char sql_count_recommendation[] = "SELECT count(*)" REC_FROM;
static const char sql_page_recommendation[] =
    "SELECT r.ref, r.text, v.title" REC_FROM " ORDER BY length(r.ref), r.ref"
    " LIMIT :limit OFFSET :offset";
static const char sql_count_milestone[] = "SELECT count(*)" MILESTONE_FROM;
static const char sql_page_milestone[] =
    "SELECT ms.ref, ms.title, coalesce(a.ref, '')" MILESTONE_FROM
    " ORDER BY ms.due, length(ms.ref), ms.ref"
    " LIMIT :limit OFFSET :offset";
static const char sql_count_theme[] = "SELECT count(*)" THEME_FROM;
static const char sql_page_theme[] =
    "SELECT t0.ref, t0.title, ''" THEME_FROM " ORDER BY length(t0.ref), t0.ref"
    " LIMIT :limit OFFSET :offset";

/* Published reports to the Secretary of State (search.h): their title, the
 * panel's assessments and the response; a draft or approved one is never
 * read.  main.: on a record connection too, these are the tables themselves. */
#define SOS_TEXT                                                                                   \
    "coalesce(r.response, '') || ' ' || coalesce((SELECT group_concat(s.assessment, ' ')"          \
    " FROM main.sos_section s WHERE s.report_id = r.id), '')"
#define SOS_FROM                                                                                   \
    " FROM main.sos_report r WHERE r.state = 'published' AND" TERM_MISSING(                        \
        "r.ref", "r.title || ' ' || " SOS_TEXT)
static const char sql_count_sos[] = "SELECT count(*)" SOS_FROM;
static const char sql_page_sos[] =
    "SELECT r.ref, r.title, " SOS_TEXT ", r.published_on" SOS_FROM
    " ORDER BY r.covers_to DESC, r.ref DESC LIMIT :limit OFFSET :offset";

static const char *const sql_count[SEARCH__KINDS] = {
    sql_count_action,    sql_count_update, sql_count_measure,           sql_count_recommendation,
    sql_count_milestone, sql_count_theme,  [SEARCH_SOS] = sql_count_sos};
/* the kinds of the index: ranked candidates (top), then each one shown */
static const char *const sql_top[SEARCH__KINDS] = {sql_top_action, sql_top_update, sql_top_measure};
static const char *const sql_show[SEARCH__KINDS] = {sql_show_action, sql_show_update,
                                                    sql_show_measure};
/* the scanned kinds: one slice of their rows, in their own order */
static const char *const sql_page[SEARCH__KINDS] = {[SEARCH_RECOMMENDATION] =
                                                        sql_page_recommendation,
                                                    [SEARCH_MILESTONE] = sql_page_milestone,
                                                    [SEARCH_THEME] = sql_page_theme,
                                                    [SEARCH_SOS] = sql_page_sos};

/* Whether kind k is found by a scan (bound :terms) rather than the index (:q). */
static bool scanned(enum search_kind k)
{
    return k >= SEARCH_RECOMMENDATION;
}

/* Whether c separates terms: ASCII white space. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether the n bytes at s hold anything the tokenizer could index: an ASCII
 * letter or digit, or any non-ASCII byte (most are letters; a phrase of
 * punctuation alone is harmless anyway: FTS5 matches it with nothing). */
static bool has_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return true;
    }
    return false;
}

size_t search_fts_query(const char *q, struct buf *out)
{
    size_t nterms = 0;
    const char *p = q ? q : "";
    while (*p && nterms < SEARCH_MAX_TERMS) {
        while (is_space(*p))
            p++;
        const char *start = p;
        while (*p && !is_space(*p))
            p++;
        size_t len = (size_t)(p - start);
        bool prefix = false;
        while (len > 1 && start[len - 1] == '*') { /* "partner*": words starting so */
            len--;
            prefix = true;
        }
        if (len == 0 || !has_word(start, len))
            continue;
        if (nterms)
            buf_putc(out, ' ');
        buf_putc(out, '"');
        for (size_t i = 0; i < len; i++) {
            if (start[i] == '"')
                buf_putc(out, '"'); /* a quote inside a string is doubled */
            buf_putc(out, start[i]);
        }
        buf_putc(out, '"');
        if (prefix)
            buf_puts(out, " *");
        nterms++;
    }
    return nterms;
}

/* The terms of q as search_fts_query() splits them (a trailing '*' dropped),
 * lower-cased (ASCII), as a JSON array of strings into out, for the scanned
 * kinds. */
static void search_terms_json(const char *q, struct buf *out)
{
    size_t nterms = 0;
    const char *p = q ? q : "";
    buf_putc(out, '[');
    while (*p && nterms < SEARCH_MAX_TERMS) {
        while (is_space(*p))
            p++;
        const char *start = p;
        while (*p && !is_space(*p))
            p++;
        size_t len = (size_t)(p - start);
        while (len > 1 && start[len - 1] == '*')
            len--;
        if (len == 0 || !has_word(start, len))
            continue;
        buf_puts(out, nterms++ ? ",\"" : "\"");
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)start[i];
            if (c == '"' || c == '\\')
                buf_printf(out, "\\%c", c);
            else if (c < 0x20)
                buf_printf(out, "\\u%04x", c);
            else
                buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
        }
        buf_putc(out, '"');
    }
    buf_putc(out, ']');
}

/* Copies a text column (marked or not); "" for NULL.  The caller owns it. */
static char *col_dup(sqlite3_stmt *st, int i)
{
    return xstrdup(db_col_text(st, i));
}

/* Counts the public matches of group k into out->total[k].  Returns 0, or -1
 * with db->err set. */
static int count_group(struct db *db, enum search_kind k, const char *fts, const char *terms,
                       const struct pub_scope *scope, struct search_result *out)
{
    sqlite3_stmt *st = db_prepare(db, sql_count[k]);
    if (!st)
        return -1;
    if (scanned(k)) {
        db_bind_text(st, ":terms", terms);
    } else {
        db_bind_text(st, ":q", fts);
        db_bind_int(st, ":cap", SEARCH_COUNT_MAX + 1);
    }
    if (k == SEARCH_UPDATE)
        db_bind_text(st, ":month", scope->month_s);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->total[k] = (size_t)sqlite3_column_int64(st, 0);
        if (out->total[k] > SEARCH_COUNT_MAX) {
            out->total[k] = SEARCH_COUNT_MAX;
            out->more = true;
        }
    } else
        db_set_error(db, "counting search results");
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* A candidate for a page (sql_top): its rowid in the group's index, its
 * score (lower is better), its ref and, for updates, its month. */
struct cand {
    int64_t id;
    double score;
    char ref[64];
    char month[MONTH_LEN];
};

/* Best first: score, then (updates) the later month, then ref. */
static int cand_cmp(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    int c = strcmp(y->month, x->month);
    return c ? c : strcmp(x->ref, y->ref);
}

/* Reads the candidates of group k into a new array *out (n of them, at most
 * SEARCH_COUNT_MAX + 1), ranked, and sets out->total[k].  Returns 0, or -1
 * with db->err set. */
static int top_group(struct db *db, enum search_kind k, const char *fts,
                     const struct pub_scope *scope, struct cand **cands, size_t *n,
                     struct search_result *out)
{
    sqlite3_stmt *st = db_prepare(db, sql_top[k]);
    size_t cap = 0;
    int rc;
    *cands = NULL;
    *n = 0;
    if (!st)
        return -1;
    db_bind_text(st, ":q", fts);
    db_bind_int(st, ":cap", SEARCH_COUNT_MAX + 1);
    if (k == SEARCH_UPDATE)
        db_bind_text(st, ":month", scope->month_s);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *cands = xgrow(*cands, *n, &cap, sizeof **cands);
        struct cand *c = &(*cands)[(*n)++];
        c->id = sqlite3_column_int64(st, 0);
        c->score = sqlite3_column_double(st, 1);
        snprintf(c->ref, sizeof c->ref, "%s", db_col_text(st, 2));
        snprintf(c->month, sizeof c->month, "%s", db_col_text(st, 3));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "searching");
        free(*cands);
        *cands = NULL;
        return -1;
    }
    if (*n)
        qsort(*cands, *n, sizeof **cands, cand_cmp);
    out->total[k] = *n > SEARCH_COUNT_MAX ? SEARCH_COUNT_MAX : *n;
    out->more |= *n > SEARCH_COUNT_MAX;
    return 0;
}

/* Appends candidate c of group k to out->hits (which has room for
 * SEARCH_PAGE_SIZE), with its title and snippet.  Returns 0, or -1 with
 * db->err set. */
static int show_one(struct db *db, enum search_kind k, const char *fts, const struct cand *c,
                    struct search_result *out)
{
    bool corrected = k == SEARCH_UPDATE && c->id < 0; /* see sql_top_update */
    sqlite3_stmt *st = db_prepare(db, corrected ? sql_show_update_corrected : sql_show[k]);
    if (!st)
        return -1;
    db_bind_text(st, ":q", fts);
    db_bind_int(st, ":id", corrected ? -c->id : c->id);
    int r = db_step(db, st, "searching");
    if (r > 0 && out->nhits < SEARCH_PAGE_SIZE) {
        struct search_hit *h = &out->hits[out->nhits++];
        memset(h, 0, sizeof *h);
        h->kind = k;
        h->ref = xstrdup(c->ref);
        h->title = col_dup(st, 0);
        h->snippet = k == SEARCH_MEASURE ? xstrdup("") : col_dup(st, 1);
        if (k == SEARCH_UPDATE)
            snprintf(h->month, sizeof h->month, "%s", c->month);
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

static char *meeting_excerpt(json_t *texts, json_t *terms);

/* A copy of Markdown text without its headings' marks ("### " at a line's
 * start), which an excerpt would show as they are.  The caller owns it. */
static char *without_heading_marks(const char *md)
{
    struct buf b = BUF_INIT;
    for (const char *p = md; *p;) {
        if (p == md || p[-1] == '\n') {
            const char *q = p;
            while (*q == '#')
                q++;
            if (q > p && (*q == ' ' || *q == '\n' || !*q))
                p = *q == ' ' ? q + 1 : q;
            if (!*p)
                break;
        }
        buf_putc(&b, *p++);
    }
    char *out = xstrdup(buf_str(&b));
    buf_free(&b);
    return out;
}

/* Appends `limit` rows of the scanned group k from its `offset`-th to
 * out->hits (which has room for SEARCH_PAGE_SIZE).  Returns 0, or -1 with
 * db->err set. */
static int load_scanned(struct db *db, enum search_kind k, const char *terms, size_t offset,
                        size_t limit, struct search_result *out)
{
    sqlite3_stmt *st = db_prepare(db, sql_page[k]);
    int rc;
    if (!st)
        return -1;
    db_bind_text(st, ":terms", terms);
    db_bind_int(st, ":limit", (int64_t)limit);
    db_bind_int(st, ":offset", (int64_t)offset);
    json_t *jterms = k == SEARCH_SOS ? json_loads(terms, 0, NULL) : NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->nhits < SEARCH_PAGE_SIZE) {
        struct search_hit *h = &out->hits[out->nhits++];
        memset(h, 0, sizeof *h);
        h->kind = k;
        h->ref = col_dup(st, 0);
        h->title = col_dup(st, 1);
        if (k == SEARCH_SOS) { /* the text around the first term, as for a meeting */
            char *body = without_heading_marks(db_col_text(st, 2));
            json_t *texts = json_pack("[s, s]", h->title, body);
            free(body);
            h->snippet = jterms && texts ? meeting_excerpt(texts, jterms) : xstrdup("");
            json_decref(texts);
            snprintf(h->at, sizeof h->at, "%s", db_col_text(st, 3));
        } else
            h->snippet = col_dup(st, 2);
    }
    json_decref(jterms);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        db_set_error(db, "searching");
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* ---- meetings: a scan of what the public may see (search.h) ------------------------- */

#define MEETING_EXCERPT 200 /* bytes of text around the first match in a meeting's excerpt */

/* Appends the texts the public may search of redacted meeting x to `texts`
 * (a JSON array of strings): its title, place and kind; of each item that is
 * not exempt its title, presenter, minutes, decision and public papers'
 * names; the actions arising and corrections (empty until the minutes are
 * published: meeting_redact). */
static void meeting_texts(json_t *x, json_t *texts)
{
    static const char *const top[] = {"title", "place", NULL};
    static const char *const item_keys[] = {"title", "presenter", "minutes", "decision", NULL};
    json_t *it, *p, *a;
    size_t i, k;
    for (i = 0; top[i]; i++)
        if (json_is_string(json_object_get(x, top[i])))
            json_array_append(texts, json_object_get(x, top[i]));
    json_array_append_new(
        texts, json_string(meeting_kind_label(json_string_value(json_object_get(x, "kind")))));
    json_array_foreach(json_object_get(x, "items"), i, it)
    {
        if (json_is_true(json_object_get(it, "exempt")))
            continue; /* the public knows only its paragraph */
        for (k = 0; item_keys[k]; k++)
            if (json_is_string(json_object_get(it, item_keys[k])))
                json_array_append(texts, json_object_get(it, item_keys[k]));
        json_array_foreach(json_object_get(it, "papers"), k, p)
            json_array_append(texts, json_object_get(p, "name"));
    }
    json_array_foreach(json_object_get(x, "actions"), i, a)
        json_array_append(texts, json_object_get(a, "text"));
    json_array_foreach(json_object_get(x, "corrections"), i, a)
        json_array_append(texts, json_object_get(a, "note"));
}

/* strstr, ASCII case-insensitive, for a lower-cased needle. */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *h = hay; *h; h++) {
        size_t i = 0;
        while (i < n && h[i] && (h[i] >= 'A' && h[i] <= 'Z' ? h[i] + 32 : h[i]) == needle[i])
            i++;
        if (i == n)
            return h;
    }
    return NULL;
}

/* Whether every term (a JSON array of lower-cased strings) is the meeting's
 * ref or occurs in one of its texts. */
static bool meeting_matches(const char *ref, json_t *texts, json_t *terms)
{
    json_t *t, *s;
    size_t i, k;
    json_array_foreach(terms, i, t)
    {
        const char *term = json_string_value(t);
        bool found = strcasecmp(ref, term) == 0;
        json_array_foreach(texts, k, s) if (!found && find_ci(json_string_value(s), term)) found =
            true;
        if (!found)
            return false;
    }
    return true;
}

/* Whether byte c starts a UTF-8 character (so an excerpt never splits one). */
static bool char_start(char c)
{
    return ((unsigned char)c & 0xC0) != 0x80;
}

/* The excerpt of the first text after the title (texts[0], shown as the
 * result's heading) that holds the first term: up to MEETING_EXCERPT bytes around it, each term
 * marked with SEARCH_MARK_OPEN and SEARCH_MARK_CLOSE.  A new string ("" when none). */
static char *meeting_excerpt(json_t *texts, json_t *terms)
{
    json_t *s;
    size_t i;
    const char *first = json_string_value(json_array_get(terms, 0));
    json_array_foreach(texts, i, s)
    {
        const char *text = json_string_value(s), *at = first ? find_ci(text, first) : NULL;
        if (i == 0 || !at)
            continue;
        size_t len = strlen(text), from = (size_t)(at - text), to;
        from = from > MEETING_EXCERPT / 3 ? from - MEETING_EXCERPT / 3 : 0;
        while (from > 0 && !char_start(text[from]))
            from--;
        to = from + MEETING_EXCERPT < len ? from + MEETING_EXCERPT : len;
        while (to < len && !char_start(text[to]))
            to++;
        struct buf b = BUF_INIT;
        if (from > 0)
            buf_puts(&b, "…");
        for (size_t p = from; p < to;) {
            size_t hit = 0;
            json_t *t;
            size_t k;
            json_array_foreach(terms, k, t)
            {
                const char *term = json_string_value(t);
                size_t n = strlen(term);
                if (!hit && p + n <= to && strncasecmp(text + p, term, n) == 0)
                    hit = n;
            }
            if (hit) {
                buf_putc(&b, SEARCH_MARK_OPEN);
                buf_append(&b, text + p, hit);
                buf_putc(&b, SEARCH_MARK_CLOSE);
                p += hit;
            } else
                buf_putc(&b, text[p++]);
        }
        if (to < len)
            buf_puts(&b, "…");
        char *out = xstrdup(buf_str(&b));
        buf_free(&b);
        return out;
    }
    return xstrdup("");
}

/* The meetings group: counts the meetings the public may see that match
 * into out->total[SEARCH_MEETING] (latest first, at most SEARCH_COUNT_MAX)
 * and appends those from the `lo`-th to before the `hi`-th to out->hits.
 * Returns 0, or -1 with db->err set. */
static int meeting_group(struct db *db, const char *terms_json, size_t lo, size_t hi,
                         struct search_result *out)
{
    json_t *panel = NULL, *ms = NULL, *terms = json_loads(terms_json, 0, NULL);
    if (!terms) /* the words were not text (invalid UTF-8): no meeting holds them */
        return 0;
    if (panel_load_all(db, &panel, &ms, true)) {
        json_decref(terms);
        return -1;
    }
    json_decref(panel);
    json_t *m;
    size_t i, n = 0;
    int rc = 0;
    json_array_foreach(ms, i, m) if (meeting_papers_load(db, m))
    {
        rc = -1;
        break;
    }
    json_t *pub = rc ? json_array() : meeting_redact_all(ms, &MEETING_PUBLIC);
    json_decref(ms);
    for (i = json_array_size(pub); i-- > 0 && n < SEARCH_COUNT_MAX + 1;) {
        json_t *x = json_array_get(pub, i), *texts = json_array();
        const char *ref = json_string_value(json_object_get(x, "ref"));
        meeting_texts(x, texts);
        if (meeting_matches(ref, texts, terms)) {
            if (n >= lo && n < hi && out->nhits < SEARCH_PAGE_SIZE) {
                if (!out->hits)
                    out->hits = xcalloc(SEARCH_PAGE_SIZE, sizeof *out->hits);
                struct search_hit *h = &out->hits[out->nhits++];
                memset(h, 0, sizeof *h);
                h->kind = SEARCH_MEETING;
                h->ref = xstrdup(ref);
                h->title = xstrdup(json_string_value(json_object_get(x, "title")));
                h->snippet = meeting_excerpt(texts, terms);
                snprintf(h->at, sizeof h->at, "%s",
                         json_string_value(json_object_get(x, "starts_at")));
            }
            n++;
        }
        json_decref(texts);
    }
    json_decref(pub);
    json_decref(terms);
    out->total[SEARCH_MEETING] = n > SEARCH_COUNT_MAX ? SEARCH_COUNT_MAX : n;
    out->more |= n > SEARCH_COUNT_MAX;
    return rc;
}

/* Goes through the groups asked for in enum order, which is the order of the
 * whole list: a group the page reaches is read once, its candidates counted,
 * ranked and the page's slice of them shown; a group it does not reach is
 * only counted.  Returns 0 or -1 (db->err). */
static int run(struct db *db, const char *fts, const char *terms, unsigned kinds,
               const struct pub_scope *scope, size_t page, struct search_result *out)
{
    size_t from = page >= 1 ? (page - 1) * SEARCH_PAGE_SIZE : SIZE_MAX;
    size_t to = from == SIZE_MAX ? SIZE_MAX : from + SEARCH_PAGE_SIZE;
    size_t start = 0; /* where group k begins in the whole list */
    for (int k = 0; k < SEARCH__KINDS; k++) {
        if (!(kinds & (1u << k)))
            continue;
        if (k == SEARCH_MEETING) {
            size_t lo = from > start ? from - start : 0, hi = to > start ? to - start : 0;
            if (meeting_group(db, terms, from == SIZE_MAX ? 0 : lo, from == SIZE_MAX ? 0 : hi, out))
                return -1;
            out->total_all += out->total[k];
            start += out->total[k];
            continue;
        }
        /* the group can hold rows of the page only if it begins before its end */
        if (from == SIZE_MAX || start >= to || scanned((enum search_kind)k)) {
            if (count_group(db, (enum search_kind)k, fts, terms, scope, out))
                return -1;
            size_t end = start + out->total[k];
            size_t lo = from > start ? from : start, hi = to < end ? to : end;
            if (from != SIZE_MAX && lo < hi) { /* a scanned group on the page */
                if (!out->hits)
                    out->hits = xcalloc(SEARCH_PAGE_SIZE, sizeof *out->hits);
                if (load_scanned(db, (enum search_kind)k, terms, lo - start, hi - lo, out))
                    return -1;
            }
        } else {
            struct cand *c;
            size_t n;
            if (top_group(db, (enum search_kind)k, fts, scope, &c, &n, out)) {
                return -1;
            }
            size_t end = start + out->total[k];
            size_t lo = from > start ? from : start, hi = to < end ? to : end;
            if (lo < hi && !out->hits)
                out->hits = xcalloc(SEARCH_PAGE_SIZE, sizeof *out->hits);
            for (size_t i = lo; i < hi; i++)
                if (show_one(db, (enum search_kind)k, fts, &c[i - start], out)) {
                    free(c);
                    return -1;
                }
            free(c);
        }
        out->total_all += out->total[k];
        start += out->total[k];
    }
    out->npages = (out->total_all + SEARCH_PAGE_SIZE - 1) / SEARCH_PAGE_SIZE;
    return 0;
}

int search_run(struct db *db, const char *q, unsigned kinds, const struct pub_scope *scope,
               size_t page, struct search_result *out)
{
    struct buf fts = BUF_INIT, terms = BUF_INIT;
    int ret = -1;
    bool own_txn = sqlite3_get_autocommit(db->h); /* one snapshot for counts and page */

    memset(out, 0, sizeof *out);
    out->nterms = search_fts_query(q, &fts);
    if (out->nterms == 0) {
        buf_free(&fts);
        return 0;
    }
    search_terms_json(q, &terms);
    if (own_txn && db_exec(db, "BEGIN"))
        goto out;
    ret = run(db, buf_str(&fts), buf_str(&terms), kinds, scope, page, out);
    if (own_txn) {
        if (ret == 0 && db_exec(db, "COMMIT"))
            ret = -1;
        if (ret != 0)
            db_rollback(db);
    }
out:
    buf_free(&fts);
    buf_free(&terms);
    if (ret != 0)
        search_result_free(out);
    return ret;
}

void search_result_free(struct search_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->nhits; i++) {
        free(res->hits[i].ref);
        free(res->hits[i].title);
        free(res->hits[i].snippet);
    }
    free(res->hits);
    memset(res, 0, sizeof *res);
}
