/* role.c — the permission map: which role holds which capability. */
#include "model/role.h"
#include <stdio.h>
#include <string.h>

#define BIT(c) (1u << (c))

/* clang-format off */
static const struct {
    const char *code, *label;
    unsigned caps;
} roles[ROLE__MAX] = {
    [ROLE_ADMIN]       = {"admin", "Administrator",
                          BIT(CAP_SIGNED_IN) | BIT(CAP_READ_RESTRICTED) | BIT(CAP_USERS) |
                          BIT(CAP_READ_HISTORY) | BIT(CAP_OPERATE) | BIT(CAP_MAIL_LOG)},
    [ROLE_PMO]         = {"pmo", "Programme office",
                          BIT(CAP_SIGNED_IN) | BIT(CAP_READ_RESTRICTED) | BIT(CAP_REVIEW) |
                          BIT(CAP_PERIODS) | BIT(CAP_CLOSE) | BIT(CAP_EDIT_PLAN) | BIT(CAP_UPLOAD) |
                          BIT(CAP_READ_HISTORY) | BIT(CAP_CORRECT) | BIT(CAP_MAIL_LOG) |
                          BIT(CAP_MONEY) | BIT(CAP_MEASURES) | BIT(CAP_MILESTONES) | BIT(CAP_ENGAGEMENT)},
    [ROLE_OWNER]       = {"owner", "Action owner",
                          BIT(CAP_SIGNED_IN) | BIT(CAP_UPDATE) | BIT(CAP_UPLOAD) | BIT(CAP_READ_HISTORY) |
                          BIT(CAP_MILESTONES)},
    [ROLE_EXECUTIVE]   = {"executive", "Chief executive",
                          BIT(CAP_SIGNED_IN) | BIT(CAP_READ_RESTRICTED) | BIT(CAP_SIGN_OFF) |
                          BIT(CAP_APPROVE_VERSION) | BIT(CAP_READ_HISTORY) | BIT(CAP_CORRECT)},
    [ROLE_PANEL]       = {"panel", "Panel member",
                          BIT(CAP_SIGNED_IN) | BIT(CAP_READ_RESTRICTED) | BIT(CAP_ASSURE) |
                          BIT(CAP_SIGN_OFF_VERSION) | BIT(CAP_CLOSE) | BIT(CAP_READ_HISTORY) |
                          BIT(CAP_READ_CLOSED) | BIT(CAP_SOS_ASSESS)},
    [ROLE_SECRETARIAT] = {"secretariat", "Panel secretariat",
                          BIT(CAP_SIGNED_IN) | BIT(CAP_READ_RESTRICTED) | BIT(CAP_UPLOAD) |
                          BIT(CAP_READ_HISTORY) | BIT(CAP_READ_CLOSED) | BIT(CAP_MEETINGS) |
                          BIT(CAP_MONEY) | BIT(CAP_SOS_DRAFT) |
                          BIT(CAP_ENGAGEMENT)},
    [ROLE_VIEWER]      = {"viewer", "Viewer", BIT(CAP_SIGNED_IN)},
};

static const char *const cap_labels[CAP__MAX] = {
    [CAP__UNSET]           = "(nothing)",
    [CAP_PUBLIC]           = "read the public site",
    [CAP_SIGNED_IN]        = "use the workspace",
    [CAP_READ_RESTRICTED]  = "read restricted material",
    [CAP_UPDATE]           = "submit monthly updates",
    [CAP_REVIEW]           = "review submitted updates",
    [CAP_PERIODS]          = "open and close reporting periods",
    [CAP_SIGN_OFF]         = "sign a month off",
    [CAP_CLOSE]            = "decide on closing actions",
    [CAP_EDIT_PLAN]        = "edit the plan",
    [CAP_APPROVE_VERSION]  = "record cabinet approval of a plan version",
    [CAP_SIGN_OFF_VERSION] = "record the panel's sign-off of a plan version",
    [CAP_ASSURE]           = "record the panel's assurance",
    [CAP_UPLOAD]           = "upload documents",
    [CAP_USERS]            = "manage accounts",
    [CAP_READ_HISTORY]     = "read the full history of actions",
    [CAP_OPERATE]          = "watch the server's metrics",
    [CAP_CORRECT]          = "correct an update of a signed-off month",
    [CAP_MAIL_LOG]         = "read the mail sent",
    [CAP_READ_CLOSED]      = "read closed meetings and exempt items",
    [CAP_MEETINGS]         = "run the panel's meetings",
    [CAP_MONEY]            = "record expenses and cost agreements",
    [CAP_MEASURES]         = "record the measures' values",
    [CAP_MILESTONES]       = "mark milestones achieved",
    [CAP_SOS_DRAFT]        = "start and publish the reports to the Secretary of State",
    [CAP_SOS_ASSESS]       = "write the panel's reports to the Secretary of State",
    [CAP_ENGAGEMENT]       = "record engagement and the council's response",
};
/* clang-format on */

bool role_has(enum role role, enum cap cap)
{
    if (cap == CAP_PUBLIC)
        return true;
    if (cap <= CAP__UNSET || cap >= CAP__MAX || (int)role < 0 || role >= ROLE__MAX)
        return false;
    return (roles[role].caps & BIT(cap)) != 0;
}

const char *role_code(enum role role)
{
    return (int)role >= 0 && role < ROLE__MAX ? roles[role].code : "?";
}

const char *role_label(enum role role)
{
    return (int)role >= 0 && role < ROLE__MAX ? roles[role].label : "?";
}

int role_parse(const char *code)
{
    for (int i = 0; code && i < ROLE__MAX; i++)
        if (strcmp(roles[i].code, code) == 0)
            return i;
    return -1;
}

const char *cap_label(enum cap cap)
{
    return (int)cap >= 0 && cap < CAP__MAX ? cap_labels[cap] : "?";
}

void cap_holders(enum cap cap, char *out, unsigned long size)
{
    size_t n = 0, count = 0, total = 0;
    for (int i = 0; i < ROLE__MAX; i++)
        total += role_has((enum role)i, cap);
    out[0] = '\0';
    for (int i = 0; i < ROLE__MAX && n < size; i++) {
        if (!role_has((enum role)i, cap))
            continue;
        count++;
        const char *sep = count == 1 ? "" : count == total ? " or " : ", ";
        int w = snprintf(out + n, size - n, "%s%s", sep, roles[i].label);
        if (w < 0)
            break;
        n += (size_t)w;
    }
}
