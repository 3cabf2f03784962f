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
     "usage: dialturn import FILE INPUT [--as WHO] [--org NAME] [--draft]\n\n"
     "Merges INPUT into FILE (created if missing).  INPUT is a dialturn-plan/1\n"
     "JSON document, or a CSV of actions, updates or measure values recognised by\n"
     "its header; '-' reads standard input.  Objects are matched by ref; each one\n"
     "in INPUT replaces the stored one whole.  Bad input is refused whole, naming\n"
     "the JSON path or CSV line and field; the database is then unchanged.\n"
     "Every change is recorded in the ledger as WHO (default cli:import).  A new\n"
     "FILE is the fastest way to load a large plan: it is written without a\n"
     "journal under a temporary name and given its name only when complete.\n"
     "The organisation takes INPUT's name, and import says so when that renames\n"
     "the file's; --org NAME sets the name instead, whatever INPUT says.\n\n"
     "With --draft, INPUT (a dialturn-plan/1 JSON document) edits the draft plan\n"
     "version instead (see `dialturn version`): its themes, actions, milestones\n"
     "and measures replace the draft's items of the same ref, or add items; the\n"
     "rest of the document, and delivery state and baselines, are not read.  The\n"
     "draft is checked whole and the import refused whole.  Nothing of it is\n"
     "public until the version is signed off.\n",
     cmd_import},
    {"export", "write the regime as JSON, CSV or XLSX",
     "usage: dialturn export FILE [--format json|csv|xlsx] [--kind KIND] [--out PATH]\n\n"
     "Writes the whole regime as dialturn-plan/1 JSON (the default), or one kind\n"
     "of row as CSV (--kind actions, updates or measure_values; --kind alone\n"
     "means CSV, and is refused with --format json), or a spreadsheet for\n"
     "officers (--format xlsx, --out required): sheets Actions, Milestones,\n"
     "Measures (a row per value) and Updates, with a frozen, filtered header row,\n"
     "dates as dates, numbers as numbers and text never as formulas; it holds\n"
     "drafts and private milestones, so it is not for the public.  Export, import\n"
     "into a new file and export again gives identical bytes.  Without --out the\n"
     "output goes to standard output.  A regular file at PATH is replaced only\n"
     "once the export is complete (a failed one leaves it as it was); a device,\n"
     "pipe or symbolic link is written through.\n",
     cmd_export},
    {"status", "progress per theme: status, confidence, overdue, slipped",
     "usage: dialturn status FILE [--as-of DATE] [--json]\n\n"
     "Per theme, everything judged at DATE: actions by their status at DATE\n"
     "and by confidence (each action's latest accepted update in a month not\n"
     "after DATE's), overdue actions (planned finish before DATE, not complete\n"
     "or retired at DATE), slipped actions (forecast finish later than\n"
     "baseline), and recommendations no action answers.  DATE defaults to\n"
     "today.  --json prints the machine-readable form.\n",
     cmd_status},
    {"impact", "what moves if an action slips",
     "usage: dialturn impact FILE --action REF --slip DAYS [--as-of DATE] [--json]\n"
     "       dialturn impact FILE --critical [--as-of DATE] [--json]\n\n"
     "Runs the forward pass at DATE (default today: accepted updates in months\n"
     "not after DATE's, completions dated no later than DATE) over the\n"
     "dependencies, slips action REF by DAYS (negative to bring it forward),\n"
     "runs it again, and lists every action and milestone whose forecast moved,\n"
     "with the old and new dates and the days.\n\n"
     "--critical lists instead the critical path of the plan and of each theme:\n"
     "from the action with the latest forecast finish (retired ones left out),\n"
     "back through each predecessor whose forecast finish + 1 day set the\n"
     "next one's earliest start while that start set its finish; slipping any\n"
     "action on it that is not complete moves the end by as many days.\n",
     cmd_impact},
    {"correct", "correct an update of a signed-off month, with a published reason",
     "usage: dialturn correct FILE --action REF --period YYYY-MM --field FIELD\n"
     "                        --value VALUE --reason TEXT --as USERNAME\n\n"
     "Records a correction of the accepted update of action REF in the signed-off\n"
     "month YYYY-MM: FIELD (status, percent, confidence, narrative or\n"
     "forecast_finish) should read VALUE (empty for none, where the field may be\n"
     "empty), because TEXT.  The update itself never changes: the correction is a\n"
     "new, dated record in the ledger, made by the account USERNAME, which must be\n"
     "the programme office's or the chief executive's.  The month's own record\n"
     "stays as it was signed off; from the next month signed off, the public site,\n"
     "the API and the downloads show the update as corrected, with \"Corrected on\n"
     "DATE by NAME: FIELD was OLD, now NEW, because TEXT\" beside it.  Refused for\n"
     "a month that is not signed off, an update that was not accepted, a value the\n"
     "field does not take or already has, and without a reason.\n",
     cmd_correct},
    {"verify", "check the ledger, the tables and the published heads agree",
     "usage: dialturn verify FILE [--head HASH|SEQ:HASH]... [--heads HEADS [--key PUBKEY]]\n\n"
     "Recomputes the ledger's hash chain and replays it, comparing the state it\n"
     "gives every row with the row in the tables.  Then checks what the replay\n"
     "does not cover: each signed-off month's seal names a ledger entry that has\n"
     "the hash it records (so a rewrite of the ledger before a sealed month is\n"
     "caught) and every signed-off month has one; the history tables hold exactly\n"
     "the states the ledger recorded, with their spans of entries; the schema\n"
     "(tables, indexes, views and triggers, among them those that keep the ledger\n"
     "append-only and signed-off months frozen) is exactly what the migrations\n"
     "create; the search index holds exactly the text of the rows it indexes, and\n"
     "FTS5's own integrity-check passes (it needs to open the file for writing,\n"
     "and changes nothing; on a write-protected file it is skipped and the summary\n"
     "says so).  Any SQLite error, such as a corrupt page, stops verify with it.\n\n"
     "A ledger rewritten consistently from some entry onward, seals and all, is\n"
     "caught only against a head published before: --head HASH (or SEQ:HASH) and\n"
     "--heads HEADS, a file of heads as `dialturn heads` prints them (one a line,\n"
     "MONTH SEQ HASH [SIGNATURE]; '#' starts a comment), each prove that the\n"
     "ledger still extends the head: entry SEQ exists with hash HASH (given a hash\n"
     "alone: some entry has it), and the chain from it onward verifies.  With\n"
     "--key PUBKEY (hex, as `dialturn key new` prints it) every head in HEADS must\n"
     "also carry the organisation's signature by that key.\n\n"
     "Exits 0 with a one-line summary ending with the head (the last entry's\n"
     "hash), or 1 with one line on stderr naming the first broken entry, the\n"
     "first row, history state or schema object that differs, the first head the\n"
     "ledger does not extend, or the first bad signature.\n",
     cmd_verify},
    {"heads", "print each signed-off month's ledger head, to publish",
     "usage: dialturn heads FILE [--sign KEYFILE]\n\n"
     "Prints the seal of every signed-off month, oldest first, one a line:\n"
     "  MONTH SEQ HASH\n"
     "the ledger's head when the month was signed off (entry SEQ, its hash).\n"
     "Published where the organisation cannot quietly change it (its website,\n"
     "a newspaper notice, a letter to the department), the lines let anyone run\n"
     "`dialturn verify FILE --heads HEADS` on a later copy of the file and prove\n"
     "that the ledger was not rewritten behind them.\n\n"
     "With --sign KEYFILE (a secret key made by `dialturn key new`), each line\n"
     "ends with an Ed25519 signature, in hex, over the text\n"
     "  dialturn-head/1 SLUG MONTH SEQ HASH\n"
     "(SLUG the organisation's slug), which `verify --heads HEADS --key PUBKEY`\n"
     "checks.  The key is read from KEYFILE only; nothing of it is stored in the\n"
     "database.\n",
     cmd_heads},
    {"key", "make the key pair that signs published heads",
     "usage: dialturn key new --out KEYFILE\n\n"
     "Makes an Ed25519 key pair, writes the secret key to KEYFILE (which must not\n"
     "exist; readable by its owner only, mode 0600) and prints the public key in\n"
     "hex, to publish beside the heads.  Keep KEYFILE outside the database and\n"
     "its backups: whoever holds it can sign heads.\n",
     cmd_key},
    {"serve", "serve the public site and the workspace over HTTP",
     "usage: dialturn serve FILE|DIR [--listen ADDR:PORT] [--max-per-address N]\n"
     "                      [--request-timeout SECONDS] [--trust-proxy ADDR]\n"
     "                      [--backup-dir BACKUPS] [--smtp-relay URL] [--mail-retry SECONDS]\n"
     "       dialturn serve --routes\n"
     "       dialturn serve --route-fields\n\n"
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
     "however slowly it keeps sending (default 30).\n"
     "--trust-proxy ADDR believes X-Forwarded-For from the reverse proxy at the\n"
     "numeric address ADDR (and from nothing else): the sign-in throttle, the\n"
     "limits of /follow and the sessions' record then see each client's own address.\n"
     "/follow mails a confirmation to an e-mail address at most 5 times an hour and\n"
     "10 a day, and serves one client address at most 20 times an hour and 60 a\n"
     "day; past that it answers 429 with Retry-After (counted in memory).\n"
     "Each request is logged on standard error as one line: METHOD TARGET STATUS\n"
     "BYTES MICROSECONDS; errors as lines beginning \"dialturn:\".\n"
     "/metrics answers an administrator (signed in, or with an API token:\n"
     "\"Authorization: Bearer TOKEN\") in Prometheus's text format: requests by\n"
     "route and status, a histogram of their times, the database's size, and,\n"
     "with --backup-dir BACKUPS (where `backup --dir` writes), when the last\n"
     "backup was taken.\n"
     "--smtp-relay URL sends the outbox's mail through URL (smtp://HOST:PORT)\n"
     "instead of the relay set by `dialturn mail config`; --mail-retry SECONDS\n"
     "is the delay before a deferred mail's first retry (default 30, doubling).\n\n"
     "--routes prints every route with the capability it needs and the roles\n"
     "that hold it (tab-separated), and exits: the permission map.\n"
     "--route-fields prints every route as JSON with the roles that may use it and\n"
     "the fields it takes (name, where, type, required, limits), and exits.\n",
     cmd_serve},
    {"mail", "e-mail: the relay, people's addresses, sending the outbox",
     "usage: dialturn mail config FILE [--relay URL] [--user USER] [--password-file PATH]\n"
     "                   [--from ADDR] [--base-url URL] [--deadline-day N]\n"
     "                   [--reminder-days N]\n"
     "       dialturn mail address FILE USERNAME ADDRESS\n"
     "       dialturn mail send FILE [--smtp-relay URL] [--mail-retry SECONDS]\n\n"
     "dialturn mails people what the monthly cycle asks of them: updates due when\n"
     "a month opens and a reminder REMINDER-DAYS before the deadline (day\n"
     "DEADLINE-DAY of the next month; defaults 3 and 10), an update returned or\n"
     "accepted, the chase list after the deadline (programme office), a version\n"
     "awaiting approval or sign-off, a closure to decide, a month signed off; and\n"
     "what was published to anyone who follows an action, a theme or the reports\n"
     "(confirmed by a link first; each mail can unsubscribe in one click).  The\n"
     "mails are queued in the file's outbox with the change that causes them and\n"
     "sent by `dialturn serve`, with retries, at least once each and always as\n"
     "the same message (Message-ID); /work/mail lists them.\n\n"
     "config sets the organisation's relay (smtp://HOST:PORT, STARTTLS when the\n"
     "relay offers it, or smtps://), the relay's user and the file holding its\n"
     "password (read when sending, never stored), the From address, and the\n"
     "public address of the site (https://HOST[/PATH]) that links in mail start\n"
     "with; with no option it prints the settings.\n"
     "address sets USERNAME's address (\"\" removes it); people can set their own\n"
     "and choose what they receive at /work/account/mail.\n"
     "send queues what falls due today and sends every mail due now, once, then\n"
     "prints how many were sent, failed and deferred (tried again after\n"
     "--mail-retry SECONDS, default 30, doubling with each attempt).\n",
     cmd_mail},
    {"publish", "write the public site as static files",
     "usage: dialturn publish FILE|DIR --out OUT\n\n"
     "Writes the public site of FILE under DIR as static files that any web\n"
     "server or CDN can serve: the same pages the server shows (only signed-off\n"
     "months), with relative links, the Atom feeds, the data downloads, the read\n"
     "API's answers (as index.json files), the stylesheet and 404.html.  Lists\n"
     "keep their pages; filters and search need the live server.  Given a\n"
     "directory of organisations' files, writes each under OUT/SLUG/, as the\n"
     "server serves them (deploy/nginx-dialturn.conf serves them from there).\n",
     cmd_publish},
    {"demo", "create the bundled Birmingham 2015-16 demo and serve it",
     "usage: dialturn demo [--db FILE] [--listen ADDR:PORT] [--create-only]\n\n"
     "Creates FILE (default demo.db) from the bundled demo regime if it does not\n"
     "exist, then serves it (default 127.0.0.1:8080).  The demo follows the real\n"
     "structure and dates of Birmingham's improvement regime after the Kerslake\n"
     "Review; its updates, ratings and narratives are illustrative.\n",
     cmd_demo},
    {"backup", "copy a database file safely while it is in use",
     "usage: dialturn backup FILE DEST\n"
     "       dialturn backup FILE|DIR --dir BACKUPS [--keep N]\n\n"
     "Copies FILE to DEST (which must not exist) with SQLite's online backup, so\n"
     "a server may keep running: the copy holds every change committed before it\n"
     "began.  It is written under a partial name, checked, flushed to the disk\n"
     "and only then named.\n\n"
     "With --dir, each organisation's file (FILE, or every *.db in DIR) is copied\n"
     "into BACKUPS as SLUG-YYYYMMDDTHHMMSSZ.db (UTC), and all but the newest N\n"
     "copies of it there are removed (default 14): run it from a timer (the\n"
     "systemd kit in deploy/ does, daily).  Keep a copy off the machine too.\n",
     cmd_backup},
    {"restore", "put a backup in the place of a database file",
     "usage: dialturn restore BACKUP FILE\n\n"
     "Runs the whole of `verify` on BACKUP and refuses it, changing nothing,\n"
     "unless it passes.  Then keeps the current FILE (if any) beside it as\n"
     "FILE.before-restore-YYYYMMDDTHHMMSSZ, and copies BACKUP into FILE in one\n"
     "transaction: a server reading FILE sees the old file or the restored one,\n"
     "never a mixture.  FILE is verified again after.  Changes made since BACKUP\n"
     "was taken are gone from FILE (they stay in the file kept beside it).\n",
     cmd_restore},
    {"doctor", "report what an operator should fix",
     "usage: dialturn doctor FILE|DIR [--backups BACKUPS] [--max-backup-age HOURS]\n\n"
     "Checks each organisation's file (FILE, or every *.db in DIR) and prints one\n"
     "line a check: the schema (migrations pending, or a file newer than this\n"
     "dialturn), SQLite's integrity check, the whole of `verify`, mail waiting\n"
     "for the relay more than an hour, with --backups\n"
     "whether the newest copy there is younger than HOURS (default 26), a WAL\n"
     "that is not being checkpointed, and a file anyone may read.  Changes\n"
     "nothing.  Exit status 1 when there is a problem to fix.\n",
     cmd_doctor},
    {"report", "a month's progress report, or a report to the Secretary of State",
     "usage: dialturn report FILE monthly --period YYYY-MM [--format html|md|pdf] [--out PATH]\n"
     "       dialturn report FILE sos --ref REF [--format html|md|pdf] [--out PATH]\n\n"
     "Writes the monthly progress report of the signed-off month YYYY-MM, made\n"
     "from that month's record (the plan as it stood at sign-off, the accepted\n"
     "updates of the signed-off months up to it, the previous report's figures\n"
     "from the previous month's record): the covering statement, the headline,\n"
     "progress per recommendation, the red line, the actions that did not\n"
     "report, overdue and slipped actions and milestones, milestones met, the\n"
     "measures and the changes to the plan.  Once the site has served a month's\n"
     "report it is stored, and this prints the stored bytes.  --format is html\n"
     "(the default, the public page), md or pdf (A4).  Without --out the report\n"
     "goes to standard output; a file at PATH is replaced only once complete.\n"
     "A month that is not signed off has no report (exit status 1).\n\n"
     "`sos --ref REF` writes the published report to the Secretary of State REF\n"
     "(SOS-2015-12): pdf and html are the bytes stored at publication (html the\n"
     "report's text, without the site around it), md its sections as Markdown,\n"
     "each assessment with the figures frozen for it, and the response when it\n"
     "has arrived.  A report not published is not found (exit status 1).\n",
     cmd_report},
    {"deploy", "write the configuration of what runs in front of dialturn",
     "usage: dialturn deploy nginx-map UPSTREAM=PATH...\n\n"
     "Prints the nginx map from each organisation's slug to the host that serves\n"
     "it, for /etc/dialturn/nginx-map.conf (deploy/nginx-dialturn.conf includes\n"
     "it): UPSTREAM is that host's HOST:PORT, PATH its organisations' file or\n"
     "directory of files (as `serve` is given them, or a copy).  A slug held by\n"
     "two files is refused.  Regenerate it and reload nginx whenever an\n"
     "organisation is added or moves.\n",
     cmd_deploy},
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
     "tied to person REF of the plan so that their actions are theirs (an owner\n"
     "needs one: without it they would have no actions to update); sets a new\n"
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
     "the version the live plan in one step: its items replace the plan's, its\n"
     "dates become the baselines, delivery state is kept.  The public sees it\n"
     "from the next month signed off (each signed-off month shows the plan as it\n"
     "stood then); nothing of a draft is ever public.  `show` lists a version's\n"
     "items.\n",
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
