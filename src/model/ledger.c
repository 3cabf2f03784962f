/* ledger.c — writing rows through the hash-chained ledger, and verifying it. */
#include "model/ledger.h"
#include "model/document.h" /* document_verify, for ledger_verify */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char zero_hash[SHA256_HEX_LEN] =
    "0000000000000000000000000000000000000000000000000000000000000000";

char *ledger_canonical(const json_t *v)
{
    char *s =
        json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY | JSON_REAL_PRECISION(17));
    if (!s)
        abort(); /* jansson fails only on allocation */
    return s;
}

/* Now as UTC "YYYY-MM-DDTHH:MM:SSZ"; DIALTURN_NOW overrides it for reproducible tests. */
static void now_utc(char out[21])
{
    const char *env = getenv("DIALTURN_NOW");
    if (env && strlen(env) == 20) {
        memcpy(out, env, 21);
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Turns the current row of a statement made from t's select/scan SQL into a state. */
static json_t *row_to_state(const struct table *t, sqlite3_stmt *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(sqlite3_column_int64(st, 0)));
    for (size_t i = 0; i < t->ncols; i++) {
        int c = (int)i + 1;
        json_t *v;
        if (sqlite3_column_type(st, c) == SQLITE_NULL)
            v = json_null();
        else if (t->cols[i].type == COL_INT)
            v = json_integer(sqlite3_column_int64(st, c));
        else if (t->cols[i].type == COL_REAL)
            v = json_real(sqlite3_column_double(st, c));
        else
            v = json_string((const char *)sqlite3_column_text(st, c));
        json_object_set_new(o, t->cols[i].name, v ? v : json_null());
    }
    return o;
}

json_t *ledger_row_state(struct db *db, enum table_id tid, int64_t id)
{
    const struct table *t = &tables[tid];
    sqlite3_stmt *st = db_prepare(db, t->select_sql);
    if (!st)
        return NULL;
    db_bind_int(st, ":id", id);
    json_t *o = sqlite3_step(st) == SQLITE_ROW ? row_to_state(t, st) : NULL;
    sqlite3_reset(st);
    return o;
}

/* Appends one entry after the current head of the chain. */
static int ledger_append(struct db *db, const char *tbl, int64_t row, const char *op, json_t *state)
{
    char prev[SHA256_HEX_LEN], hash[SHA256_HEX_LEN], at[21];
    if (!db->head_known) {
        sqlite3_stmt *st = db_prepare(db, "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1");
        if (!st)
            return -1;
        db->head_seq = 0;
        memcpy(db->head_hash, zero_hash, sizeof db->head_hash);
        if (sqlite3_step(st) == SQLITE_ROW) {
            db->head_seq = sqlite3_column_int64(st, 0);
            snprintf(db->head_hash, sizeof db->head_hash, "%s", db_col_text(st, 1));
        }
        sqlite3_reset(st);
        db->head_known = true;
    }
    int64_t seq = db->head_seq + 1;
    memcpy(prev, db->head_hash, sizeof prev);
    now_utc(at);
    json_t *entry = json_pack("{s:s, s:s, s:s, s:I, s:I, s:O, s:s}", "actor", db->actor, "at", at,
                              "op", op, "row", (json_int_t)row, "seq", (json_int_t)seq, "state",
                              state ? state : json_null(), "table", tbl);
    char *text = ledger_canonical(entry);
    json_decref(entry);
    sha256_hex2(prev, 64, text, strlen(text), hash);
    sqlite3_stmt *st =
        db_prepare(db, "INSERT INTO ledger(seq, tbl, row_id, entry, prev_hash, hash) "
                       "VALUES(:seq, :tbl, :row, :entry, :prev, :hash)");
    int rc = -1;
    if (st) {
        db_bind_int(st, ":seq", seq);
        db_bind_text(st, ":tbl", tbl);
        db_bind_int(st, ":row", row);
        db_bind_text(st, ":entry", text);
        db_bind_text(st, ":prev", prev);
        db_bind_text(st, ":hash", hash);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        if (rc) {
            db_set_error(db, "ledger");
            db->head_known = false;
        } else {
            db->head_seq = seq;
            memcpy(db->head_hash, hash, sizeof db->head_hash);
        }
        sqlite3_reset(st);
    }
    free(text);
    return rc;
}

/* Binds one column's value from the state; REAL columns take integers as reals. */
static int bind_col(struct db *db, sqlite3_stmt *st, const struct table *t, const struct col *c,
                    json_t *state)
{
    json_t *v = json_object_get(state, c->name);
    if (!v) {
        snprintf(db->err, sizeof db->err, "bug: %s state lacks column %s", t->name, c->name);
        return -1;
    }
    if (json_is_null(v)) {
        db_bind_null(st, c->param);
    } else if (c->type == COL_REAL && json_is_number(v)) {
        double d = json_number_value(v);
        json_object_set_new(state, c->name, json_real(d));
        db_bind_double(st, c->param, d);
    } else if (c->type == COL_INT && json_is_integer(v)) {
        db_bind_int(st, c->param, json_integer_value(v));
    } else if (c->type == COL_INT && json_is_boolean(v)) {
        json_object_set_new(state, c->name, json_integer(json_is_true(v)));
        db_bind_int(st, c->param, json_is_true(v));
    } else if (c->type == COL_TEXT && json_is_string(v)) {
        db_bind_text(st, c->param, json_string_value(v));
    } else {
        snprintf(db->err, sizeof db->err, "bug: %s.%s has the wrong JSON type", t->name, c->name);
        return -1;
    }
    return 0;
}

int64_t ledger_put(struct db *db, enum table_id tid, json_t *state, int skip_unchanged)
{
    const struct table *t = &tables[tid];
    if (json_object_size(state) > t->ncols + 1) {
        snprintf(db->err, sizeof db->err, "bug: %s state has columns the table lacks", t->name);
        return -1;
    }
    json_t *idv = json_object_get(state, "id");
    int64_t id = json_is_integer(idv) ? json_integer_value(idv) : 0;
    sqlite3_stmt *st = db_prepare(db, t->upsert_sql);
    if (!st)
        return -1;
    if (id)
        db_bind_int(st, ":id", id);
    for (size_t i = 0; i < t->ncols; i++)
        if (bind_col(db, st, t, &t->cols[i], state))
            return -1;
    if (id && skip_unchanged) {
        json_t *old = ledger_row_state(db, tid, id);
        json_object_set_new(state, "id", json_integer(id));
        int same = old && json_equal(old, state);
        json_decref(old);
        if (same) /* the upsert's bindings are simply dropped at its next use */
            return id;
    }
    if (sqlite3_step(st) != SQLITE_DONE) {
        db_set_error(db, t->name);
        sqlite3_reset(st);
        return -1;
    }
    sqlite3_reset(st);
    if (!id)
        id = sqlite3_last_insert_rowid(db->h);
    json_object_set_new(state, "id", json_integer(id));
    return ledger_append(db, t->name, id, "put", state) ? -1 : id;
}

int ledger_delete(struct db *db, enum table_id tid, int64_t id)
{
    const struct table *t = &tables[tid];
    sqlite3_stmt *st = db_prepare(db, t->delete_sql);
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_reset(st);
    if (!ok) {
        db_set_error(db, t->name);
        return -1;
    }
    return ledger_append(db, t->name, id, "delete", NULL);
}

/* Pass one: every entry's hash and link, and that its indexed columns agree
 * with the entry it indexes. */
static int verify_chain(struct db *db, struct verify_result *out)
{
    char prev[SHA256_HEX_LEN], hash[SHA256_HEX_LEN];
    memcpy(prev, zero_hash, sizeof prev);
    int64_t want = 1;
    sqlite3_stmt *st =
        db_prepare(db, "SELECT seq, tbl, row_id, entry, prev_hash, hash FROM ledger ORDER BY seq");
    if (!st)
        return -1;
    int rc = 0;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(st, 0);
        const char *entry = db_col_text(st, 3);
        if (seq != want) {
            snprintf(db->err, sizeof db->err, "ledger entry %" PRId64 " is missing", want);
            rc = -1;
            break;
        }
        if (strcmp(db_col_text(st, 4), prev) != 0) {
            snprintf(db->err, sizeof db->err,
                     "ledger entry %" PRId64 ": its previous hash does not match entry %" PRId64,
                     seq, seq - 1);
            rc = -1;
            break;
        }
        sha256_hex2(prev, 64, entry, strlen(entry), hash);
        if (strcmp(hash, db_col_text(st, 5)) != 0) {
            snprintf(db->err, sizeof db->err,
                     "ledger entry %" PRId64 " was altered: its hash does not match its content",
                     seq);
            rc = -1;
            break;
        }
        json_t *e = json_loads(entry, 0, NULL);
        json_t *es = json_object_get(e, "seq"), *et = json_object_get(e, "table"),
               *er = json_object_get(e, "row");
        if (!e || json_integer_value(es) != seq || !json_is_string(et) ||
            strcmp(json_string_value(et), db_col_text(st, 1)) != 0 ||
            json_integer_value(er) != sqlite3_column_int64(st, 2)) {
            snprintf(db->err, sizeof db->err,
                     "ledger entry %" PRId64 ": its index columns disagree with its content", seq);
            rc = -1;
        }
        json_decref(e);
        memcpy(prev, hash, sizeof prev);
        want++;
        out->entries++;
    }
    sqlite3_reset(st);
    snprintf(out->head, sizeof out->head, "%s", out->entries ? prev : "");
    return rc;
}

/* Names a row for a person reading the error: "action 12 (ref A3)". */
static void row_label(const struct table *t, int64_t id, json_t *state, char *out, size_t n)
{
    json_t *l = t->label_col ? json_object_get(state, t->label_col) : NULL;
    if (json_is_string(l))
        snprintf(out, n, "%s row %" PRId64 " (%s %s)", t->name, id, t->label_col,
                 json_string_value(l));
    else
        snprintf(out, n, "%s row %" PRId64, t->name, id);
}

/* Says which column differs between a table row and its replayed state. */
static void describe_diff(struct db *db, const struct table *t, json_t *row, json_t *replayed,
                          int64_t seq)
{
    char label[160];
    row_label(t, json_integer_value(json_object_get(row, "id")), replayed, label, sizeof label);
    for (size_t i = 0; i < t->ncols; i++) {
        json_t *a = json_object_get(row, t->cols[i].name);
        json_t *b = json_object_get(replayed, t->cols[i].name);
        if (!json_equal(a, b)) {
            char *sa = ledger_canonical(a), *sb = ledger_canonical(b);
            snprintf(db->err, sizeof db->err,
                     "%s: column %s is %.80s in the table but %.80s in ledger entry %" PRId64,
                     label, t->cols[i].name, sa, sb, seq);
            free(sa);
            free(sb);
            return;
        }
    }
    snprintf(db->err, sizeof db->err, "%s differs from ledger entry %" PRId64, label, seq);
}

/* Pass two, per table: merges the rows (by id) with the last entry of each row
 * (by row id); every row must equal its replayed state and vice versa. */
static int verify_table(struct db *db, const struct table *t, struct verify_result *out)
{
    sqlite3_stmt *rows = db_prepare(db, t->scan_sql);
    sqlite3_stmt *last = db_prepare(
        db, "SELECT l.row_id, l.seq, l.entry FROM ledger l WHERE l.tbl = :tbl AND l.seq = "
            "(SELECT max(m.seq) FROM ledger m WHERE m.tbl = l.tbl AND m.row_id = l.row_id) "
            "ORDER BY l.row_id");
    if (!rows || !last)
        return -1;
    db_bind_text(last, ":tbl", t->name);
    int rc = 0, have_row = sqlite3_step(rows) == SQLITE_ROW,
        have_last = sqlite3_step(last) == SQLITE_ROW;
    char label[160];
    while (rc == 0 && (have_row || have_last)) {
        int64_t rid = have_row ? sqlite3_column_int64(rows, 0) : INT64_MAX;
        int64_t lid = have_last ? sqlite3_column_int64(last, 0) : INT64_MAX;
        int64_t seq = have_last ? sqlite3_column_int64(last, 1) : 0;
        json_t *e = lid <= rid ? json_loads(db_col_text(last, 2), 0, NULL) : NULL;
        json_t *replayed = e ? json_object_get(e, "state") : NULL;
        json_t *row = rid <= lid ? row_to_state(t, rows) : NULL;
        if (rid < lid) {
            row_label(t, rid, row, label, sizeof label);
            snprintf(db->err, sizeof db->err, "%s is not in the ledger (added behind its back)",
                     label);
            rc = -1;
        } else if (rid > lid && !json_is_null(replayed)) {
            row_label(t, lid, replayed, label, sizeof label);
            snprintf(db->err, sizeof db->err,
                     "%s is missing from the table (ledger entry %" PRId64 " has it)", label, seq);
            rc = -1;
        } else if (rid == lid && json_is_null(replayed)) {
            row_label(t, rid, row, label, sizeof label);
            snprintf(db->err, sizeof db->err,
                     "%s was deleted in ledger entry %" PRId64 " but is in the table", label, seq);
            rc = -1;
        } else if (rid == lid && !json_equal(row, replayed)) {
            describe_diff(db, t, row, replayed, seq);
            rc = -1;
        }
        if (row)
            out->rows++;
        json_decref(row);
        json_decref(e);
        if (rid <= lid)
            have_row = sqlite3_step(rows) == SQLITE_ROW;
        if (lid <= rid)
            have_last = sqlite3_step(last) == SQLITE_ROW;
    }
    sqlite3_reset(rows);
    sqlite3_reset(last);
    return rc;
}

int ledger_verify(struct db *db, struct verify_result *out)
{
    memset(out, 0, sizeof *out);
    if (verify_chain(db, out))
        return -1;
    for (int i = 0; i < T__MAX; i++)
        if (verify_table(db, &tables[i], out))
            return -1;
    /* Documents' bytes are not ledgered but content-addressed: every blob's
     * key must be the SHA-256 of its bytes, and every document its blob
     * (document.c). */
    long blobs;
    if (document_verify(db, &blobs))
        return -1;
    return 0;
}

int ledger_head(struct db *db, int64_t *seq, char at[21])
{
    sqlite3_stmt *st = db_prepare(
        db, "SELECT seq, json_extract(entry, '$.at') FROM ledger ORDER BY seq DESC LIMIT 1");
    if (!st)
        return -1;
    *seq = 0;
    at[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        snprintf(at, 21, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    return 0;
}
