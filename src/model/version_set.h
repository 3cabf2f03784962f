/* version_set.h — inside the version module (version.c, version_set.c,
 * version_diff.c): one version's items in memory, the plan they make, and
 * writing them back.  Not for use outside src/model/version*.c.
 *
 * A set is loaded from `version_item`, edited in memory (each changed item is
 * marked dirty), checked whole as the plan it would make (vset_check), and
 * only then stored, so a refused edit changes nothing. */
#ifndef DIALTURN_VERSION_SET_H
#define DIALTURN_VERSION_SET_H
#include "model/plan.h"
#include "model/version.h"

struct vset_item {
    int64_t id; /* version_item.id; 0 until stored */
    enum vkind kind;
    char *ref;     /* owned */
    json_t *body;  /* a reference owned; the plan-format object */
    char *retired; /* the retirement's reason, owned; NULL when in the plan */
    bool dirty;    /* changed in memory, not yet stored */
};

struct vset {
    int64_t version_id;  /* the version the items belong to (0: none yet) */
    struct vset_item *v; /* owned */
    size_t n, cap;
};

/* Loads the items of version `version_id` into s (zeroed), ordered by kind,
 * then ref in natural order.  Returns 0, or -1 (db->err). */
int vset_load(struct db *db, int64_t version_id, struct vset *s);
void vset_free(struct vset *s);

/* The item (kind, ref), or NULL. */
struct vset_item *vset_find(struct vset *s, enum vkind kind, const char *ref);

/* Appends a new item (id 0, dirty, body NULL) with a copy of ref. */
struct vset_item *vset_add(struct vset *s, enum vkind kind, const char *ref);

/* Replaces the set's items with the live plan's themes, actions, milestones
 * and measures (all dirty, id 0); an action whose live status is retired is
 * retired with a reason saying so. */
void vset_from_plan(struct vset *s, const struct plan *p);

/* The item body of object `ix` of kind k in p (new reference). */
json_t *vset_body(const struct plan *p, enum vkind kind, size_t ix);

/* Checks the set as the plan it would make: loads the live plan into p
 * (zeroed; the caller frees it with plan_free whatever the result), merges
 * the items into it as sign-off would (delivery state from the live rows,
 * baselines from the items' dates, retired actions retired), and runs the
 * plan checks.  On success the dirty items' bodies are normalised from p.
 * Returns VERSION_OK, VERSION_REFUSED (fe gets the problem, its field naming
 * the item by ref and the key: "actions[A7].finish") or VERSION_ERROR. */
enum version_rc vset_check(struct db *db, struct vset *s, struct plan *p, struct field_errors *fe);

/* Writes every dirty item of s, as items of s->version_id, through the
 * ledger.  Returns 0, or -1 (db->err).  Call inside a transaction. */
int vset_store(struct db *db, struct vset *s);

/* The keys an item body of kind k holds (NULL-terminated; static). */
const char *const *vset_keys(enum vkind kind);

/* --- version.c: what the module's files share --- */

/* Adds the problem (field, message from fmt) to fe and returns
 * VERSION_REFUSED. */
enum version_rc version_refuse(struct field_errors *fe, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Ends the caller's transaction: commits on VERSION_OK, else rolls back,
 * keeping db->err (a failure's words; a refusal's are in the caller's field
 * errors).  Returns rc, or VERSION_ERROR when the commit failed. */
enum version_rc version_finish(struct db *db, enum version_rc rc);

/* Whether s is NULL or only white space. */
bool version_blank(const char *s);

#endif
