/* role.h — who may do what: roles, capabilities, and the one table joining them.
 *
 * A capability is a thing a person may do ("review updates"); a role is a
 * set of them.  Every non-public route names the capability it needs (web
 * route table), and the model's write functions check domain rules beyond
 * the capability (an owner updates only the actions they own).  Reading
 * `role_caps` in role.c is reading the whole permission map. */
#ifndef DIALTURN_ROLE_H
#define DIALTURN_ROLE_H
#include <stdbool.h>

enum role {
    ROLE_ADMIN,       /* manages accounts */
    ROLE_PMO,         /* programme office: periods, review, plan editing */
    ROLE_OWNER,       /* action owner: monthly updates, closure proposals */
    ROLE_EXECUTIVE,   /* signs months off, approves plan versions */
    ROLE_PANEL,       /* panel member: reads all, records assurance, signs versions off */
    ROLE_SECRETARIAT, /* panel secretariat: reads all, uploads papers */
    ROLE_VIEWER,      /* reads the workspace */
    ROLE__MAX
};

/* What a route or an operation requires.  CAP__UNSET is zero on purpose: a
 * route whose entry forgets its capability is refused at start-up. */
enum cap {
    CAP__UNSET = 0,
    CAP_PUBLIC,           /* anyone, signed in or not */
    CAP_SIGNED_IN,        /* any account: the workspace */
    CAP_READ_RESTRICTED,  /* restricted documents, drafts of others, assurance */
    CAP_UPDATE,           /* submit monthly updates and propose closure (own actions) */
    CAP_REVIEW,           /* accept or return submitted updates; the chase list */
    CAP_PERIODS,          /* open and close reporting periods */
    CAP_SIGN_OFF,         /* sign a closed period off, making it public */
    CAP_CLOSE,            /* accept or return closure proposals */
    CAP_EDIT_PLAN,        /* edit a draft plan version, submit it */
    CAP_APPROVE_VERSION,  /* record cabinet approval of a submitted version */
    CAP_SIGN_OFF_VERSION, /* record the panel's sign-off of an approved version */
    CAP_ASSURE,           /* record the panel's assurance ratings */
    CAP_UPLOAD,           /* upload documents */
    CAP_USERS,            /* manage accounts */
    CAP_READ_HISTORY,     /* read an action's full history from the ledger: every action
                             with CAP_READ_RESTRICTED, else only one's own (the handler
                             checks ownership) */
    CAP_OPERATE,          /* watch the server: its metrics */
    CAP_CORRECT,          /* correct an update of a signed-off month (a new, published record) */
    CAP_MAIL_LOG,         /* read what was mailed, to whom, and why a mail failed */
    CAP_READ_CLOSED,      /* read closed meetings and exempt items, and keep a private
                             calendar of the meetings */
    CAP_MEETINGS,         /* draft, publish and correct the panel's agendas and minutes */
    CAP_MONEY,            /* record expenses, programme costs and cost agreements */
    CAP_MEASURES,         /* record measure values (the dials) for a month */
    CAP_MILESTONES,       /* mark milestones achieved: the programme office any, an owner
                             those of their own actions (the model checks ownership) */
    CAP_SOS_DRAFT,        /* start, refresh and publish the panel's reports to the Secretary
                             of State, and attach the response */
    CAP_SOS_ASSESS,       /* write those reports' assessments and approve them (the model
                             lets only the panel's chair approve: model/sos.h) */
    CAP_ENGAGEMENT,       /* record engagement events, feedback and the council's response */
    CAP__MAX
};

/* Whether `role` holds `cap` (CAP_PUBLIC: always; CAP__UNSET: never). */
bool role_has(enum role role, enum cap cap);

/* The role's code ("pmo"), as stored and typed on the command line; static. */
const char *role_code(enum role role);

/* The role's name for people ("Programme office"); static. */
const char *role_label(enum role role);

/* Parses a role code.  Returns the role, or -1 when unknown. */
int role_parse(const char *code);

/* What the capability lets one do, for a refusal ("review updates"); static. */
const char *cap_label(enum cap cap);

/* The roles that hold `cap`, for people ("Programme office or Panel member"),
 * written into out (always terminated). */
void cap_holders(enum cap cap, char *out, unsigned long size);

#endif
