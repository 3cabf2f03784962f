/* commands.c — the command table: names, summaries and the help of each. */
#include "cli/cli.h"

const struct command commands[] = {
    {"init", "create a new organisation's database file",
     "usage: dialturn init FILE --org NAME [--scale confidence3|dca5] [--slug SLUG]\n\n"
     "Creates FILE, a new database for one organisation's regime.  The rating\n"
     "scale is chosen once: confidence3 (High, Medium, Low) or dca5 (Green,\n"
     "Amber/Green, Amber, Amber/Red, Red).  The organisation is the first entry\n"
     "in the file's ledger.\n",
     cmd_init},
    {"import", "merge a plan (JSON or CSV) into a database",
     "usage: dialturn import FILE INPUT [--as WHO] [--draft]\n\n"
     "Merges INPUT into FILE (created if missing).  INPUT is a dialturn-plan/1\n"
     "JSON document, or a CSV of actions, updates or measure values recognised by\n"
     "its header; '-' reads standard input.  Objects are matched by ref; each one\n"
     "in INPUT replaces the stored one whole.  Bad input is refused whole, naming\n"
     "the JSON path or CSV line and field; the database is then unchanged.\n"
     "Every change is recorded in the ledger as WHO (default cli:import).  A new\n"
     "FILE is the fastest way to load a large plan: it is written without a\n"
     "journal under a temporary name and given its name only when complete.\n\n"
     "With --draft, INPUT (a dialturn-plan/1 JSON document) edits the draft plan\n"
     "version instead (see `dialturn version`): its themes, actions, milestones\n"
     "and measures replace the draft's items of the same ref, or add items; the\n"
     "rest of the document, and delivery state and baselines, are not read.  The\n"
     "draft is checked whole and the import refused whole.  Nothing of it is\n"
     "public until the version is signed off.\n",
     cmd_import},
    {"export", "write the regime as JSON or CSV",
     "usage: dialturn export FILE [--format json|csv] [--kind KIND] [--out PATH]\n\n"
     "Writes the whole regime as dialturn-plan/1 JSON (the default), or one kind\n"
     "of row as CSV (--kind actions, updates or measure_values).  Export, import\n"
     "into a new file and export again gives identical bytes.  Without --out the\n"
     "output goes to standard output.  A regular file at PATH is replaced only\n"
     "once the export is complete (a failed one leaves it as it was); a device,\n"
     "pipe or symbolic link is written through.\n",
     cmd_export},
    {"status", "progress per theme: status, confidence, overdue, slipped",
     "usage: dialturn status FILE [--as-of DATE] [--json]\n\n"
     "Per theme: actions by status and by confidence (each action's latest\n"
     "accepted update in a month not after DATE's), overdue actions (planned\n"
     "finish before DATE, not complete or retired), slipped actions (forecast\n"
     "finish later than baseline), and recommendations no action answers.\n"
     "DATE defaults to today.  --json prints the machine-readable form.\n",
     cmd_status},
    {"impact", "what moves if an action slips",
     "usage: dialturn impact FILE --action REF --slip DAYS [--json]\n\n"
     "Runs the forward pass over the dependencies, slips action REF by DAYS\n"
     "(negative to bring it forward), runs it again, and lists every action and\n"
     "milestone whose forecast moved, with the old and new dates and the days.\n",
     cmd_impact},
    {"verify", "check the ledger and the tables agree",
     "usage: dialturn verify FILE\n\n"
     "Recomputes the ledger's hash chain and replays it, comparing the state it\n"
     "gives every row with the row in the tables.  Exits 0 with a one-line\n"
     "summary, or 1 naming the first broken entry or the first row that differs\n"
     "(such as one changed with the sqlite3 shell).\n",
     cmd_verify},
    {"serve", "serve the public site and the workspace over HTTP",
     "usage: dialturn serve FILE|DIR [--listen ADDR:PORT] [--max-per-address N]\n"
     "                      [--request-timeout SECONDS]\n"
     "       dialturn serve --routes\n\n"
     "Serves the regime in FILE on ADDR:PORT (default 127.0.0.1:8080) until\n"
     "interrupted: the public site to anyone, and the workspace to the people who\n"
     "sign in at /login (accounts: `dialturn user`).  Given a directory, serves\n"
     "every database file in it (*.db), one organisation each under /<slug>/,\n"
     "with an index of them at /.  /healthz answers \"ok\" when the database\n"
     "does.  Public pages carry ETag and Last-Modified and are gzipped when the\n"
     "client asks; signed-in pages are private and never cached.\n\n"
     "--max-per-address N refuses more than N open connections from one client\n"
     "address (default 64; behind a proxy, every client has the proxy's address).\n"
     "--request-timeout SECONDS closes a connection that has not sent a whole\n"
     "request, headers and body, within SECONDS of opening or of its last answer,\n"
     "however slowly it keeps sending (default 30).\n\n"
     "--routes prints every route with the capability it needs and the roles\n"
     "that hold it (tab-separated), and exits: the permission map.\n",
     cmd_serve},
    {"publish", "write the public site as static files",
     "usage: dialturn publish FILE --out DIR\n\n"
     "Writes the public site of FILE under DIR as static files that any web\n"
     "server or CDN can serve: the same pages the server shows (only signed-off\n"
     "months), with relative links, the Atom feeds, the data downloads, the read\n"
     "API's answers (as index.json files), the stylesheet and 404.html.  Lists\n"
     "keep their pages; filters and search need the live server.\n",
     cmd_publish},
    {"demo", "create the bundled Birmingham 2015-16 demo and serve it",
     "usage: dialturn demo [--db FILE] [--listen ADDR:PORT] [--create-only]\n\n"
     "Creates FILE (default demo.db) from the bundled demo regime if it does not\n"
     "exist, then serves it (default 127.0.0.1:8080).  The demo follows the real\n"
     "structure and dates of Birmingham's improvement regime after the Kerslake\n"
     "Review; its updates, ratings and narratives are illustrative.\n",
     cmd_demo},
    {"backup", "copy a database file safely while it is in use",
     "usage: dialturn backup FILE DEST\n\n"
     "Copies FILE to DEST (which must not exist) with SQLite's online backup, so\n"
     "a server may keep running.\n",
     cmd_backup},
    {"user", "manage the accounts of the people who sign in",
     "usage: dialturn user add FILE USERNAME --name NAME --role ROLE [--person REF]\n"
     "                         [--password-file PATH]\n"
     "       dialturn user passwd FILE USERNAME [--password-file PATH]\n"
     "       dialturn user disable FILE USERNAME\n"
     "       dialturn user enable FILE USERNAME\n"
     "       dialturn user role FILE USERNAME ROLE\n"
     "       dialturn user list FILE [--json]\n"
     "       dialturn user roles\n\n"
     "Adds an account (USERNAME: 1 to 64 of a-z, 0-9, '.', '_', '-'), optionally\n"
     "tied to person REF of the plan so that their actions are theirs; sets a new\n"
     "password (ending the account's sessions); disables an account (signing it\n"
     "out everywhere and stopping its API tokens) or enables it again; changes its\n"
     "role; lists the accounts.  The last enabled administrator cannot be disabled\n"
     "or given another role.\n\n"
     "The password (at least 10 characters) is read as one line from standard\n"
     "input, or from PATH; never from the command line.  Changes are recorded in\n"
     "the ledger as cli:LOGIN, LOGIN being the operating-system user.\n\n"
     "Roles (`dialturn user roles` lists what each may do, from the one table):\n"
     "  admin        Administrator: manages accounts; reads restricted material\n"
     "  pmo          Programme office: opens and closes periods, reviews updates,\n"
     "               decides closures, edits the plan, uploads documents\n"
     "  owner        Action owner: submits monthly updates on their actions,\n"
     "               proposes closure, uploads documents\n"
     "  executive    Chief executive: signs months off, records cabinet approval\n"
     "               of plan versions\n"
     "  panel        Panel member: reads everything, records assurance, signs plan\n"
     "               versions off, decides closures of panel-led actions\n"
     "  secretariat  Panel secretariat: reads everything, uploads papers\n"
     "  viewer       Viewer: reads the workspace\n",
     cmd_user},
    /* plan versions (cmd_version.c) */
    {"version", "plan versions: list, start a draft, submit, approve, sign off",
     "usage: dialturn version FILE list [--json]\n"
     "       dialturn version FILE show N [--json]\n"
     "       dialturn version FILE new TITLE\n"
     "       dialturn version FILE retire KIND REF --reason TEXT\n"
     "       dialturn version FILE reinstate KIND REF\n"
     "       dialturn version FILE submit N\n"
     "       dialturn version FILE approve N --on DATE --ref MINUTE\n"
     "       dialturn version FILE sign-off N --on DATE\n"
     "       (each also takes --as WHO, recorded in the ledger; default cli:version)\n\n"
     "The plan is versioned: draft -> submitted -> approved by cabinet (date and\n"
     "minute reference) -> signed off by the panel (date) -> superseded by the\n"
     "next.  `new` starts a draft from the latest signed-off version; edit it\n"
     "with `dialturn import FILE INPUT --draft` (or in the browser); `retire`\n"
     "takes a theme, action, milestone or measure out of the draft with a reason\n"
     "and `reinstate` puts it back.  `submit` freezes the draft.  Sign-off makes\n"
     "the version the live, public plan in one step: its items replace the\n"
     "plan's, its dates become the baselines, delivery state is kept.  Until then\n"
     "nothing of a draft is public.  `show` lists a version's items.\n",
     cmd_version},
    {"diff", "compare two plan versions",
     "usage: dialturn diff FILE V1 V2 [--json]\n\n"
     "Lists what changed from version V1 to version V2 (either may be the\n"
     "draft), item by item: added, retired (with the reason), reinstated,\n"
     "re-worded (titles, descriptions, closure criteria), re-dated (start,\n"
     "finish, due, target dates), re-owned (owner, member, panel lead, theme\n"
     "lead), re-linked (recommendations answered, dependencies, theme),\n"
     "re-targeted (a measure's baseline, target, tolerance), one line each:\n"
     "  action A7  re-dated  finish 2015-09-30 → 2015-11-30\n"
     "--json prints {\"from\", \"to\", \"changes\": [{\"kind\", \"ref\", \"change\",\n"
     "\"field\", \"from\", \"to\", \"reason\"}]}.\n",
     cmd_diff},
};

const size_t ncommands = sizeof commands / sizeof commands[0];
