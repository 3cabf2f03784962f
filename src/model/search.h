/* search.h — full-text search of the public record (sql/004_search.sql).
 *
 * Eight kinds of result, searched and counted apart and shown grouped: actions
 * (ref, title, description), progress updates (narrative) and measures (ref,
 * title) through the full-text index; recommendations, public milestones and
 * themes, a few hundred rows at most, by a scan of their own tables in the
 * record searched (so what is found is always the record's text): every term
 * must be the row's ref or occur in its text, case-insensitively (ASCII).
 * Actions and measures are found in exactly the wording the record searched
 * holds (sql/009): as at a month, the words that month showed.
 *
 * Meetings of the panel (a few dozen a year) are found by a scan of what the
 * PUBLIC may see of each (model/meeting.h's meeting_redact for the anonymous
 * reader, the rule every public surface obeys): title, place, the public
 * items' titles, presenters, papers' names and, once the minutes are
 * published, minutes, decisions and actions arising.  A closed meeting offers
 * only its redacted title, an exempt item only its paragraph, a draft agenda
 * nothing; so nothing closed can reach a result, a count or a snippet.  The
 * panel's meetings are not part of a month's record: they are searched as they
 * stand, whatever month is in scope.  Search has no signed-in mode: the panel
 * and secretariat find closed business in the workspace's own pages.
 *
 * The panel's reports to the Secretary of State (model/sos.h, a few a year)
 * are found by a scan of the PUBLISHED ones only: every term must be the
 * report's ref or occur in its title, a section's assessment or the
 * Secretary of State's response.  A draft or an approved report is never
 * read, so nothing of it can reach a result, a count or a snippet.  Like the
 * meetings they are searched as they stand, whatever month is in scope.
 *
 * Bounded: each group takes its first SEARCH_COUNT_MAX matches in the index's
 * order (oldest rows first) and ranks those (bm25, ties by ref), so a word in
 * every one of 100,000 actions costs no more than a rarer one: at 100,000
 * actions and 475,825 updates a common word takes 3-4 ms of CPU (bench
 * figures in the commit that made it so).  A group with more says so
 * (`more`), and shows SEARCH_COUNT_MAX.
 *
 * The index holds every narrative, drafts included; an update is RETURNED
 * only when it is ACCEPTED in a SIGNED-OFF period no later than the scope's
 * month (model/pub_scope.h), a filter applied in the same query as the match,
 * so nothing unpublished can reach a result, a count or a snippet.
 *
 * People's words never reach FTS5's query language: search_fts_query() turns
 * each whitespace-separated term into a quoted string (a `"` doubled inside),
 * so "NEAR(", "a OR", "*" or a lone quote are words to look for, never syntax,
 * and a query can never be an FTS5 syntax error.  A term ending in '*' (after
 * at least one other character) asks for words starting with it.
 *
 * Snippets and highlighted titles come back with SEARCH_MARK_OPEN and
 * SEARCH_MARK_CLOSE around the matched words: control characters that the
 * HTML escaper never lets through, so the view escapes the text and turns
 * only these bytes into <mark> and </mark>.
 *
 * Ownership: search_run() allocates everything inside a `struct search_result`;
 * search_result_free() releases it all. */
#ifndef DIALTURN_SEARCH_H
#define DIALTURN_SEARCH_H
#include "lib/buf.h"
#include "model/db.h"
#include "model/pub_scope.h"
#include <stdbool.h>
#include <stddef.h>

#define SEARCH_Q_MAX      200 /* characters (not bytes) of a query; longer is refused */
#define SEARCH_PAGE_SIZE  20  /* results on one page, over all groups */
#define SEARCH_MAX_TERMS  32  /* terms kept from a query; the rest are ignored */
#define SEARCH_COUNT_MAX  200 /* matches counted, ranked and paged per group, at most */
#define SEARCH_MARK_OPEN  '\x01'
#define SEARCH_MARK_CLOSE '\x02'

enum search_kind {
    SEARCH_ACTION,
    SEARCH_UPDATE,
    SEARCH_MEASURE,
    SEARCH_RECOMMENDATION, /* ref, text, its review's ref and title */
    SEARCH_MILESTONE,      /* public ones: ref, title */
    SEARCH_THEME,          /* ref, title */
    SEARCH_MEETING,        /* the panel's meetings, as the public may see them: ref, title */
    SEARCH_SOS,            /* published reports to the Secretary of State: ref, title */
    SEARCH__KINDS
};

struct search_hit {
    enum search_kind kind; /* which group it belongs to */
    char *ref;             /* the action's ref (actions, updates), or the measure's,
                              recommendation's, milestone's or theme's; owned */
    char *title;           /* its title (a recommendation's text): marked for actions and
                              measures, plain for the rest (the action's title for
                              updates); owned */
    char *snippet;         /* marked extract: description (actions), narrative
                              (updates), the text around the first term (meetings,
                              reports to the Secretary of State); the review's title
                              (recommendations); the action's ref or "" (milestones); ""
                              otherwise; owned */
    char month[MONTH_LEN]; /* updates: the period "YYYY-MM"; "" otherwise */
    char at[21];           /* meetings: when it starts, "YYYY-MM-DDTHH:MM:SSZ"; reports to
                              the Secretary of State: published on, "YYYY-MM-DD"; ""
                              otherwise */
};

struct search_result {
    size_t total[SEARCH__KINDS]; /* matches in each group (public ones only), at most
                                    SEARCH_COUNT_MAX */
    bool more;                   /* some group has more than SEARCH_COUNT_MAX matches */
    size_t total_all;            /* their sum, over the groups asked for */
    struct search_hit *hits;     /* this page: grouped in enum order, best first; owned */
    size_t nhits;                /* number on this page (<= SEARCH_PAGE_SIZE) */
    size_t npages;               /* pages of SEARCH_PAGE_SIZE needed for total_all */
    size_t nterms;               /* terms searched for; 0: nothing searchable in q */
};

/* Appends to `out` the FTS5 query for the words in `q`: each of up to
 * SEARCH_MAX_TERMS whitespace-separated terms as a quoted string, joined by
 * spaces (FTS5's implicit AND).  Terms with no letter or digit (and so no
 * token) are left out.  Returns the number of terms written (0: none). */
size_t search_fts_query(const char *q, struct buf *out);

/* Runs query `q` over the groups in `kinds` (a bit mask of 1 << enum
 * search_kind) with updates limited to `scope`, and loads page `page` (1 is
 * the first) of the results in one read transaction.  A page past the last
 * loads no hits (out->npages says how many there are).  Returns 0 and fills
 * *out (free with search_result_free), or -1 with db->err set and *out empty. */
int search_run(struct db *db, const char *q, unsigned kinds, const struct pub_scope *scope,
               size_t page, struct search_result *out);

/* Frees everything *res owns and zeroes it.  NULL is allowed. */
void search_result_free(struct search_result *res);

#endif
