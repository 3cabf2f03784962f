/* cmd_correct.c — `dialturn correct`: correct an update of a signed-off month. */
#include "cli/cli.h"
#include "model/correction.h"
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int cmd_correct(int argc, char **argv)
{
    static const struct option opts[] = {{"action", required_argument, NULL, 'a'},
                                         {"period", required_argument, NULL, 'p'},
                                         {"field", required_argument, NULL, 'f'},
                                         {"value", required_argument, NULL, 'v'},
                                         {"reason", required_argument, NULL, 'r'},
                                         {"as", required_argument, NULL, 'u'},
                                         {NULL, 0, NULL, 0}};
    struct correction_input in = {0};
    const char *as = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'a')
            in.ref = optarg;
        else if (c == 'p')
            in.month = optarg;
        else if (c == 'f')
            in.field = optarg;
        else if (c == 'v')
            in.value = optarg;
        else if (c == 'r')
            in.reason = optarg;
        else if (c == 'u')
            as = optarg;
        else
            return cli_option_error("correct", c, argv);
    }
    if (argc - optind != 1)
        return cli_usage("correct", "expects FILE");
    if (!in.ref || !in.month || !in.field || !in.value)
        return cli_usage("correct",
                         "needs --action REF, --period YYYY-MM, --field F and --value V");
    if (!as)
        return cli_usage("correct", "needs --as USERNAME: the account that makes the correction");
    char err[512];
    struct db *db = db_open(argv[optind], DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("correct", "%s", err);
    struct session_user u;
    int found = correction_actor(db, as, &u);
    int rc;
    if (found <= 0) {
        rc = found < 0 ? cli_fail("correct", "%s", db->err)
                       : cli_fail("correct", "there is no enabled account %s", as);
        db_close(db);
        return rc;
    }
    char actor[USERNAME_MAX + 8];
    snprintf(actor, sizeof actor, "cli:%s", u.username);
    db_set_actor(db, actor);
    struct field_errors errs = FERR_INIT;
    int64_t id = 0;
    enum cycle_rc r = correction_make(db, &u, &in, &errs, &id);
    if (r == CYCLE_OK) {
        printf("corrected the %s of %s's update for %s (correction %" PRId64
               "); it is published with the next sign-off\n",
               in.field, in.ref, in.month, id);
        rc = EXIT_OK;
    } else {
        rc = cli_refused("correct", r == CYCLE_ERROR ? NULL : &errs, db->err);
    }
    ferr_free(&errs);
    db_close(db);
    return rc;
}
