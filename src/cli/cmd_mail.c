/* cmd_mail.c — `dialturn mail`: the relay's settings, an account's address,
 * and a one-shot drain of the outbox. */
#include "cli/cli.h"
#include "lib/ferr.h"
#include "lib/smtp.h"
#include "model/account.h"
#include "model/db.h"
#include "model/mail.h"
#include "model/mail_send.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies an option's value into a setting, refusing one too long. */
static int set_text(const char *name, const char *v, char *out, size_t size)
{
    if (strlen(v) >= size)
        return cli_usage("mail", "--%s is longer than %zu bytes", name, size - 1);
    snprintf(out, size, "%s", v);
    return 0;
}

/* Reads a whole number within [lo, hi] for --name. */
static int set_int(const char *name, const char *v, int lo, int hi, int *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < lo || n > hi)
        return cli_usage("mail", "--%s expects a whole number from %d to %d", name, lo, hi);
    *out = (int)n;
    return 0;
}

static int mail_config(int argc, char **argv)
{
    static const struct option opts[] = {{"relay", required_argument, NULL, 'r'},
                                         {"user", required_argument, NULL, 'u'},
                                         {"password-file", required_argument, NULL, 'p'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"base-url", required_argument, NULL, 'b'},
                                         {"deadline-day", required_argument, NULL, 'd'},
                                         {"reminder-days", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    if (argc < 3)
        return cli_usage("mail", "config expects FILE");
    const char *path = argv[2];
    char err[512];
    struct db *db = db_open(path, DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("mail", "%s", err);
    struct mail_settings s;
    int rc = EXIT_OK, c, changed = 0;
    if (mail_settings_get(db, &s)) {
        rc = cli_fail("mail", "%s", db->err);
        goto out;
    }
    optind = 3;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        changed++;
        if (c == 'r')
            rc = set_text("relay", optarg, s.relay, sizeof s.relay);
        else if (c == 'u')
            rc = set_text("user", optarg, s.user, sizeof s.user);
        else if (c == 'p')
            rc = set_text("password-file", optarg, s.password_file, sizeof s.password_file);
        else if (c == 'f')
            rc = set_text("from", optarg, s.sender, sizeof s.sender);
        else if (c == 'b')
            rc = set_text("base-url", optarg, s.base_url, sizeof s.base_url);
        else if (c == 'd')
            rc = set_int("deadline-day", optarg, 1, 28, &s.deadline_day);
        else if (c == 'n')
            rc = set_int("reminder-days", optarg, 0, 27, &s.reminder_days);
        else
            rc = cli_option_error("mail", c, argv);
        if (rc)
            goto out;
    }
    if (optind != argc) {
        rc = cli_usage("mail", "config takes options after FILE, not %s", argv[optind]);
        goto out;
    }
    if (changed && mail_settings_put(db, &s)) {
        rc = cli_fail("mail", "%s", db->err);
        goto out;
    }
    printf("relay          %s\nuser           %s\npassword-file  %s\nfrom           %s\n"
           "base-url       %s\ndeadline-day   %d\nreminder-days  %d\n",
           s.relay[0] ? s.relay : "(none: nothing is sent)", s.user, s.password_file,
           s.sender[0] ? s.sender : "(dialturn@ the base URL's host)", s.base_url, s.deadline_day,
           s.reminder_days);
out:
    db_close(db);
    return rc;
}

static int mail_address(int argc, char **argv)
{
    if (argc != 5)
        return cli_usage("mail", "address expects FILE USERNAME ADDRESS");
    char err[512];
    struct db *db = db_open(argv[2], DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("mail", "%s", err);
    int rc = EXIT_OK;
    struct account *list = NULL;
    size_t n = 0;
    int64_t id = 0;
    if (account_list(db, &list, &n)) {
        rc = cli_fail("mail", "%s", db->err);
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].username, argv[3]) == 0)
            id = list[i].id;
    if (!id) {
        rc = cli_fail("mail", "no account %s", argv[3]);
        goto out;
    }
    struct mail_prefs p;
    if (mail_prefs_get(db, id, &p)) {
        rc = cli_fail("mail", "%s", db->err);
        goto out;
    }
    struct field_errors fe = FERR_INIT;
    if (strlen(argv[4]) >= sizeof p.address) {
        ferr_add(&fe, "address", "too long");
        rc = cli_refused("mail", &fe, "");
        ferr_free(&fe);
        goto out;
    }
    snprintf(p.address, sizeof p.address, "%s", argv[4]);
    int put = mail_prefs_put(db, id, &p);
    if (put > 0) /* a refusal of the address (mail.h), said in db->err */
        ferr_add(&fe, "address", "%s", db->err);
    if (put)
        rc = cli_refused("mail", &fe, db->err);
    ferr_free(&fe);
out:
    account_list_free(list, n);
    db_close(db);
    return rc;
}

static int mail_send(int argc, char **argv)
{
    static const struct option opts[] = {{"smtp-relay", required_argument, NULL, 's'},
                                         {"mail-retry", required_argument, NULL, 'M'},
                                         {NULL, 0, NULL, 0}};
    if (argc < 3)
        return cli_usage("mail", "send expects FILE");
    struct mail_send_options o = {0};
    int c, rc;
    optind = 3;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        int secs;
        if (c == 's') {
            o.relay = optarg;
        } else if (c == 'M') {
            if ((rc = set_int("mail-retry", optarg, 1, 3600, &secs)))
                return rc;
            o.backoff_s = (unsigned)secs;
        } else {
            return cli_option_error("mail", c, argv);
        }
    }
    if (optind != argc)
        return cli_usage("mail", "send takes options after FILE, not %s", argv[optind]);
    char err[512];
    if (smtp_global_init())
        return cli_fail("mail", "libcurl cannot be initialised");
    struct db *db = db_open(argv[2], DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("mail", "%s", err);
    db_set_actor(db, "cli:mail");
    struct mail_send_stats st;
    rc = EXIT_OK;
    if (mail_drain(db, &o, &st))
        rc = cli_fail("mail", "%s", db->err);
    else
        printf("sent %zu, failed %zu, deferred %zu\n", st.sent, st.failed, st.retry);
    db_close(db);
    return rc;
}

int cmd_mail(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("mail", "expects config, address or send");
    if (strcmp(argv[1], "config") == 0)
        return mail_config(argc, argv);
    if (strcmp(argv[1], "address") == 0)
        return mail_address(argc, argv);
    if (strcmp(argv[1], "send") == 0)
        return mail_send(argc, argv);
    return cli_usage("mail", "unknown subcommand %s: expects config, address or send", argv[1]);
}
