/* page_assets.c — static assets compiled into the binary.
 *
 * For now one small hand-written stylesheet; GOV.UK Frontend (built into the
 * binary through tools/embed) replaces it later.  Its class names follow the
 * GOV.UK ones where they exist, so the markup changes little when it does.
 * Tag colours are dark text on a light tint, each pair above 4.5:1 contrast,
 * and every tag also carries its level as text. */
#include "web/web.h"

static const char dialturn_css[] =
    "*,*::before,*::after{box-sizing:border-box}\n"
    "html{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Helvetica,Arial,sans-serif;"
    "font-size:100%;line-height:1.4;color:#0b0c0c;background:#f3f2f1}\n"
    "body{margin:0;background:#fff}\n"
    "a{color:#1d70b8}\n"
    "a:visited{color:#4c2c92}\n"
    "a:hover{color:#003078}\n"
    "a:focus{outline:3px solid transparent;color:#0b0c0c;background:#fd0;"
    "box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none}\n"
    ".width-container{max-width:1020px;margin:0 15px}\n"
    "@media (min-width:40.0625em){.width-container{margin:0 30px}}\n"
    "@media (min-width:1080px){.width-container{margin:0 auto}}\n"
    ".notice { margin: 20px 0 0; padding: 15px; border: 5px solid #1d70b8; }\n"
    ".skip-link{position:absolute;left:-9999em;padding:10px 15px}\n"
    ".skip-link:focus{position:static;display:block;left:auto}\n"
    ".visually-hidden{position:absolute!important;width:1px!important;height:1px!important;"
    "margin:0!important;padding:0!important;overflow:hidden!important;"
    "clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}\n"
    ".site-header{background:#0b0c0c;color:#fff;padding:12px 0;border-bottom:10px solid #1d70b8}\n"
    ".site-header__name,.site-header__name:visited{color:#fff;font-weight:700;"
    "font-size:1.5rem;text-decoration:none}\n"
    ".site-header__name:hover{text-decoration:underline;color:#fff}\n"
    ".site-header__name:focus{color:#0b0c0c}\n"
    ".main{display:block;padding:30px 0 45px}\n"
    ".main:focus{outline:none}\n"
    "h1{font-size:2.25rem;line-height:1.1;margin:0 0 30px}\n"
    "h2{font-size:1.5rem;line-height:1.25;margin:45px 0 10px}\n"
    ".lede{font-size:1.2rem;max-width:40em}\n"
    ".lead{margin:0 0 15px;color:#505a5f}\n"
    ".ref{font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    ".empty{padding:20px;border-left:5px solid #b1b4b6;background:#f3f2f1}\n"
    "code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:0.95em}\n"
    ".table{width:100%;border-collapse:collapse;margin-bottom:20px}\n"
    ".table th,.table td{padding:10px 20px 10px 0;border-bottom:1px solid #b1b4b6;"
    "text-align:left;vertical-align:top}\n"
    ".table th{font-weight:700}\n"
    ".table .date{white-space:nowrap}\n"
    ".role{color:#505a5f}\n"
    ".tag{display:inline-block;padding:2px 8px;font-weight:700;max-width:100%}\n"
    ".tag--high,.tag--green{color:#005a30;background:#cce2d8}\n"
    ".tag--amber-green{color:#3d4a00;background:#e6efc2}\n"
    ".tag--medium,.tag--amber{color:#594d00;background:#fff7bf}\n"
    ".tag--amber-red{color:#6e3619;background:#fcd6c3}\n"
    ".tag--low,.tag--red{color:#2a0b06;background:#f4cdc6}\n"
    ".rating-month{display:block;color:#505a5f;font-size:0.9rem;margin-top:4px}\n"
    ".unrated{color:#505a5f}\n"
    ".error-code{color:#505a5f}\n"
    ".site-footer{padding:25px 0;background:#f3f2f1;border-top:1px solid #b1b4b6;"
    "color:#0b0c0c}\n"
    "@media print{.site-header{background:none;color:#0b0c0c}.skip-link{display:none}}\n";

/* Serves the stylesheet from static storage (never copied or freed). */
int page_asset_css(struct req *r)
{
    r->content_type = CT_CSS;
    r->cache_control = "public, max-age=3600";
    req_static_body(r, dialturn_css, sizeof dialturn_css - 1);
    return 0;
}
