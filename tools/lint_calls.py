#!/usr/bin/env python3
"""lint_calls.py — the injection checks of `make lint`, over whole calls.

Reads C files, tokenises them enough to find every call to an SQL or HTML
sink with its full argument list (however many lines it spans, whatever
comments sit inside), and checks:

SQL sinks (sqlite3_prepare*, sqlite3_exec, sqlite3_mprintf and friends,
db_prepare, db_exec, section_find_id): the SQL argument is fixed text, never built at run time:
  - string literals (adjacent ones concatenate), and macros defined in the
    same file as such text;
  - a named constant: an identifier this file declares `const char NAME[]`
    or `const char *const NAME` (arrays of them too, indexed), or a local
    `const char *NAME` whose initialiser is itself fixed text;
  - a member whose name ends in `sql` (model/table.h's tables of statements,
    each initialised with literals), indexed or not;
  - any of these chosen with `?:`, in parentheses.
  A function call, or any other identifier, in the SQL argument is an error:
  SQL is never printed into.  sqlite3_mprintf and sqlite3_*printf are refused
  outright.

HTML sinks (html_printf(b, fmt, ...)): the format is a string literal; each
conversion is one html_printf knows (%h %U %s %d %ld %zu %%; see
src/lib/html.h); the number of conversions equals the number of arguments;
and the argument of a %s is trusted markup: a string literal, a `?:` choosing
between such, an identifier or member whose name ends in `_html` (a fragment
our own code assembled by html_printf), or a call to a function whose name ends
in `_html` or is `buf_str` of such a fragment (`buf_str(&x_html)`).

A comment `lint-ok: REASON` on a line of the call, or on the line just before
it, silences that call: for the wrappers that pass their callers' text on
(db_prepare, db_exec, section_find_id, pc_redirect) and the embedded migrations; mail_url and mail_draft_link are checked as html_printf.

A parameter of a static function is followed to every call of that function
in the file: `static int each_row(struct db *db, const char *sql)` is fine
when every caller passes fixed SQL.

Usage: lint_calls.py FILE...      prints `file:line: message` per finding,
                                  exits 1 when there is any.
       lint_calls.py --rename-conversion OLD NEW FILE...
                                  rewrites %OLD as %NEW in every html_printf
                                  format (how %u became %U)
       lint_calls.py --self-test  runs the checker over tools/lint_samples/
                                  (bad_*.c must each give findings, good_*.c
                                  none) and exits 1 on a miss.
"""
import os
import re
import sys

SQL_SINKS = {
    "db_prepare": 1,
    "section_find_id": 1,
    "db_exec": 1,
    "sqlite3_prepare": 1,
    "sqlite3_prepare_v2": 1,
    "sqlite3_prepare_v3": 1,
    "sqlite3_prepare16": 1,
    "sqlite3_prepare16_v2": 1,
    "sqlite3_prepare16_v3": 1,
    "sqlite3_exec": 1,
}
SQL_BANNED = {"sqlite3_mprintf", "sqlite3_vmprintf", "sqlite3_snprintf", "sqlite3_vsnprintf"}
# the index of the format argument; pc_redirect passes its format on to html_printf
HTML_SINKS = {"html_printf": 1, "pc_redirect": 1, "mail_url": 2, "mail_draft_link": 2}
HTML_CONVERSIONS = {"h", "U", "s", "d", "ld", "zu", "%"}

TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\f\v]+|\n)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<pp>\#(?:[^\n\\]|\\.|\\\n)*)
  | (?P<str>(?:u8|u|U|L)?"(?:[^"\\\n]|\\.)*")
  | (?P<chr>(?:u8|u|U|L)?'(?:[^'\\\n]|\\.)*')
  | (?P<id>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<num>\.?[0-9](?:[eEpP][+-]|[A-Za-z0-9_.])*)
  | (?P<op>->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^!=<>]=|\.\.\.|[][(){}.,;:?~!%^&*+\-/<>=|])
  | (?P<other>.)
    """,
    re.S | re.X,
)


class Tok:
    __slots__ = ("kind", "text", "line", "at")

    def __init__(self, kind, text, line, at=0):
        self.kind, self.text, self.line, self.at = kind, text, line, at

    def __repr__(self):
        return f"{self.kind}:{self.text!r}@{self.line}"


def tokenise(src):
    """Returns (tokens, comments, defines): code tokens without whitespace or
    comments; comments as (line, text); #define NAME BODY as a dict of body
    token lists."""
    toks, comments, defines = [], [], {}
    line = 1
    for m in TOKEN.finditer(src):
        kind, text = m.lastgroup, m.group()
        if kind == "comment":
            comments.append((line, text))
        elif kind == "pp":
            d = re.match(r"#\s*define\s+([A-Za-z_]\w*)(?!\()\s*(.*)", text, re.S)
            if d:
                body, _, _ = tokenise(d.group(2).replace("\\\n", " "))
                defines[d.group(1)] = body
        elif kind not in ("ws",):
            toks.append(Tok(kind, text, line, m.start()))
        line += text.count("\n")
    return toks, comments, defines


def split_args(toks, i):
    """toks[i] is '('.  Returns (args, j): the top-level comma-separated
    argument token lists and the index of the matching ')'."""
    depth, args, cur = 0, [], []
    j = i
    while j < len(toks):
        t = toks[j]
        if t.text in "([{" and t.kind == "op":
            depth += 1
            if depth > 1:
                cur.append(t)
        elif t.text in ")]}" and t.kind == "op":
            depth -= 1
            if depth == 0:
                if cur or args:
                    args.append(cur)
                return args, j
            cur.append(t)
        elif t.text == "," and depth == 1:
            args.append(cur)
            cur = []
        else:
            cur.append(t)
        j += 1
    return args, j


def literal_value(tokens):
    """The value of a run of adjacent string literals (escapes left as
    written), or None if tokens are not only string literals."""
    if not tokens or any(t.kind != "str" for t in tokens):
        return None
    return "".join(t.text[t.text.index('"') + 1 : -1] for t in tokens)


def strip_parens(tokens):
    while (
        len(tokens) >= 2
        and tokens[0].text == "("
        and tokens[-1].text == ")"
        and split_args(tokens, 0)[1] == len(tokens) - 1
    ):
        tokens = tokens[1:-1]
    return tokens


def split_ternary(tokens):
    """Splits `c ? a : b` at the top level; returns (c, a, b) or None."""
    depth, q = 0, None
    for k, t in enumerate(tokens):
        if t.text in "([{":
            depth += 1
        elif t.text in ")]}":
            depth -= 1
        elif depth == 0 and t.text == "?" and q is None:
            q = k
        elif depth == 0 and t.text == ":" and q is not None:
            # the matching ':' of the first '?', counting nested ones
            nest = sum(1 for u in tokens[q + 1 : k] if u.text == "?") - sum(
                1 for u in tokens[q + 1 : k] if u.text == ":"
            )
            if nest == 0:
                return tokens[:q], tokens[q + 1 : k], tokens[k + 1 :]
    return None


class File:
    def __init__(self, path, src):
        self.path = path
        self.toks, self.comments, self.defines = tokenise(src)
        self.waived = {ln for ln, c in self.comments if "lint-ok:" in c}
        self.funcs = self.find_funcs()
        self.scoped = self.find_consts()

    def consts_at(self, pos):
        """The constants visible at token pos: those of the file's scope and
        of the function around pos (a local hides a file-scope name)."""
        fn = self.enclosing(pos)
        out = dict(self.scoped.get(None, {}))
        out.update(self.scoped.get(fn, {}) if fn else {})
        return out

    def find_consts(self):
        """Names declared `const char NAME[...]` or `const char *const NAME`,
        tables `const struct ... NAME[]`, and `const char *NAME = <init>`
        (kept with its initialiser, checked where used; one assigned again
        in its scope is no constant), per scope: {function name, or None for
        the file: {name: None, or the initialiser's tokens}}."""
        t = self.toks
        decls = []  # (token index of the name, name, None or initialiser)
        for k in range(len(t) - 3):
            if t[k].text == "const" and t[k + 1].text == "struct":
                # `const struct [tag] [{...}] NAME[]`: a table of constants
                j = k + 2
                if j < len(t) and t[j].kind == "id":
                    j += 1
                if j < len(t) and t[j].text == "{":
                    j = matching(t, j) + 1
                if j + 1 < len(t) and t[j].kind == "id" and t[j + 1].text == "[":
                    decls.append((j, t[j].text, None))
                continue
            if t[k].text != "const" or t[k + 1].text != "char":
                continue
            j = k + 2
            ptr = False
            while j < len(t) and t[j].text in ("*", "const"):
                ptr = ptr or t[j].text == "*"
                j += 1
            if j >= len(t) or t[j].kind != "id":
                continue
            name = t[j].text
            after = t[j + 1].text if j + 1 < len(t) else ""
            qual = [u.text for u in t[k + 2 : j]]
            if after == "[":
                decls.append((j, name, None))  # an array of const char or const pointers
            elif ptr and qual and qual[-1] == "const" and after in ("=", ";", ",", ")"):
                decls.append((j, name, None))  # `const char *const NAME`
            elif ptr and after == "=":
                end = j + 2
                depth = 0
                while end < len(t) and not (depth == 0 and t[end].text in (";", ",")):
                    depth += t[end].text in "([{"
                    depth -= t[end].text in ")]}"
                    end += 1
                decls.append((j, name, t[j + 2 : end]))
        scoped = {}
        for j, name, init in decls:
            scope = self.enclosing(j)
            names = scoped.setdefault(scope, {})
            if name in names:
                continue
            if init is not None:
                # assigned again in its scope: not a constant
                again = any(
                    k != j and t[k].text == name and t[k + 1].text == "="
                    and not (k > 0 and t[k - 1].text in ("->", "."))
                    and (scope is None or self.enclosing(k) == scope)
                    for k in range(len(t) - 1))
                if again:
                    continue
            names[name] = init
        return scoped

    def find_funcs(self):
        """Function definitions at file scope: name -> (static, parameter
        names, body start, body end) as token indexes."""
        funcs = {}
        t = self.toks
        depth = 0
        k = 0
        stmt = 0  # index of the first token of the current top-level declaration
        while k < len(t):
            x = t[k].text
            if x == "{" and depth == 0 and k > 0 and t[k - 1].text == ")":
                # walk back to the '(' of the parameter list and the name before it
                j = k - 1
                d = 0
                while j >= 0:
                    if t[j].text == ")":
                        d += 1
                    elif t[j].text == "(":
                        d -= 1
                        if d == 0:
                            break
                    j -= 1
                end = matching(t, k)
                if j > 0 and t[j - 1].kind == "id":
                    args, _ = split_args(t, j)
                    params = [next((u.text for u in reversed(a) if u.kind == "id"), None)
                              for a in args]
                    static = any(u.text == "static" for u in t[stmt:j])
                    funcs[t[j - 1].text] = (static, params, k, end, j - 1)
                k = end + 1
                stmt = k
                continue
            if x in ("{", "("):
                depth += 1
            elif x in ("}", ")"):
                depth -= 1
            elif x == ";" and depth == 0:
                stmt = k + 1
            k += 1
        return funcs

    def enclosing(self, pos):
        for name, (static, params, start, end, _) in self.funcs.items():
            if start <= pos <= end:
                return name
        return None

    def param_callers(self, pos, ident):
        """When ident is a parameter of the static function around token pos,
        returns [(call index, argument tokens)] for every call of that function
        in this file, or a reason why its callers cannot be followed; returns
        None when ident is no parameter."""
        fn = self.enclosing(pos)
        if fn is None:
            return None
        static, params, _, _, at = self.funcs[fn]
        if ident not in params:
            return None
        if not static:
            return f"{ident} is a parameter of {fn}, which is not static (its callers are elsewhere)"
        i = params.index(ident)
        out = []
        t = self.toks
        for k in range(len(t)):
            if t[k].kind != "id" or t[k].text != fn:
                continue
            if k + 1 < len(t) and t[k + 1].text == "(":
                if k == at or is_declaration(t, k):
                    continue  # the definition, or a prototype
                args, _ = split_args(t, k + 1)
                if len(args) <= i:
                    return f"a call of {fn} with too few arguments"
                out.append((k, args[i]))
            elif not (k + 1 < len(t) and t[k + 1].text == "(") and not (
                k > 0 and t[k - 1].kind == "id"
            ):
                return f"{fn} is used other than by a call (its callers cannot be followed)"
        return out

    def waived_call(self, first, last):
        return any(first <= ln <= last for ln in self.waived)


def is_declaration(t, k):
    """Whether the name at t[k], followed by '(', is declared there (it
    follows a type) rather than called."""
    if k == 0:
        return False
    prev = t[k - 1]
    if prev.kind == "id" and prev.text not in ("return", "sizeof", "case", "else", "do"):
        return True
    return prev.text == "*" and k > 1 and t[k - 2].kind == "id" and t[k - 2].text != "return"


def follow_param(f, tokens, pos, check, seen):
    """tokens is one identifier: when it is a parameter of the static function
    around pos, returns check() over every caller's argument (the first reason
    found), a reason when the callers cannot be followed, or False when it is
    no parameter."""
    if len(tokens) != 1 or tokens[0].kind != "id":
        return False
    key = (f.enclosing(pos), tokens[0].text)
    if key in seen:
        return None
    callers = f.param_callers(pos, tokens[0].text)
    if callers is None:
        return False
    if isinstance(callers, str):
        return callers
    if not callers:
        return f"{key[1]} is a parameter of {key[0]}, which nothing in this file calls"
    for k, arg in callers:
        why = check(f, arg, k, seen + (key,))
        if why:
            return f"{why} (passed to {key[0]} as {key[1]}, line {f.toks[k].line})"
    return None


def literal_run(f, tokens, seen=()):
    """Whether tokens are string literals and macros that expand to them."""
    if not tokens:
        return False
    for t in tokens:
        if t.kind == "str":
            continue
        if t.kind == "id" and t.text in f.defines and t.text not in seen:
            if not literal_run(f, f.defines[t.text], seen + (t.text,)):
                return False
            continue
        return False
    return True


def literal_text(f, tokens, seen=()):
    """The text of literal_run tokens (escapes as written)."""
    out = []
    for t in tokens:
        if t.kind == "str":
            out.append(t.text[t.text.index('"') + 1 : -1])
        else:
            out.append(literal_text(f, f.defines[t.text], seen + (t.text,)))
    return "".join(out)


def constant_ref(f, tokens, pos, member_ok):
    """Whether tokens name a constant: NAME (a constant string or table of
    this file), NAME[i]..., NAME[i].m, p->m or x.m[i] with member_ok(m).
    Returns (True, None), (False, reason) or (None, None) when tokens are
    not a name at all."""
    if not tokens or tokens[0].kind != "id":
        return None, None
    if len(tokens) > 1 and tokens[1].text == "(":
        return None, None
    head = tokens[0].text
    last_member = None
    k = 1
    while k < len(tokens):
        if tokens[k].text == "[":
            k = matching(tokens, k) + 1
        elif tokens[k].text in ("->", ".") and k + 1 < len(tokens) and tokens[k + 1].kind == "id":
            last_member = tokens[k + 1].text
            k += 2
        else:
            return False, f"{tokens[k].text!r} in the argument"
    consts = f.consts_at(pos)
    if head in consts and consts[head] is None:
        return True, None  # a constant string, or a member of a table of constants
    if last_member is not None:
        if member_ok(last_member):
            return True, None
        return False, f"member {last_member}"
    return None, None


def sql_fixed(f, tokens, pos, seen=()):
    """Why tokens (an argument at token pos) are not fixed SQL text, or None
    when they are."""
    tokens = strip_parens(tokens)
    if not tokens:
        return "empty SQL argument"
    tern = split_ternary(tokens)
    if tern:
        return sql_fixed(f, tern[1], pos, seen) or sql_fixed(f, tern[2], pos, seen)
    if literal_run(f, tokens):
        return None
    if tokens[0].kind == "id" and len(tokens) > 1 and tokens[1].text == "(":
        return f"SQL argument is the result of {tokens[0].text}(): SQL must be fixed text"
    ok, why = constant_ref(f, tokens, pos, lambda m: m.endswith("sql"))
    if ok:
        return None
    if ok is False:
        return f"SQL argument: {why}: SQL must be fixed text (tables of SQL name members *sql)"
    consts = f.consts_at(pos)
    if (tokens[0].kind == "id" and consts.get(tokens[0].text) is not None
            and tokens[0].text not in seen and len(tokens) > 1 and tokens[1].text == "["
            and matching(tokens, 1) == len(tokens) - 1):
        # NAME[i] of a local `const char *const *NAME = <a fixed table>`
        return sql_fixed(f, consts[tokens[0].text], pos, seen + (tokens[0].text,))
    if len(tokens) == 1 and tokens[0].kind == "id":
        name = tokens[0].text
        why = follow_param(f, tokens, pos, sql_fixed, seen)
        if why is not False:
            return why
        init = consts.get(name)
        if init is not None and name not in seen:
            return sql_fixed(f, init, pos, seen + (name,))
        return f"{name} is not a constant string of this file"
    return "SQL argument " + " ".join(t.text for t in tokens) + " is not fixed text"


def matching(tokens, k):
    depth = 0
    for j in range(k, len(tokens)):
        if tokens[j].text in "([{":
            depth += 1
        elif tokens[j].text in ")]}":
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def conversions(fmt):
    """The conversions of an html_printf format (as written in the source),
    or raises ValueError naming the first unknown one."""
    out = []
    k = 0
    while True:
        k = fmt.find("%", k)
        if k < 0:
            return out
        for c in sorted(HTML_CONVERSIONS, key=len, reverse=True):
            if fmt.startswith(c, k + 1):
                out.append(c)
                k += 1 + len(c)
                break
        else:
            m = re.match(r"[-+ #0-9.*]*[a-zA-Z]{0,2}", fmt[k + 1 :])
            raise ValueError(f"unknown conversion %{m.group() if m.group() else fmt[k + 1:k + 2]} "
                             "(html_printf knows %h %U %s %d %ld %zu %%)")


def html_safe(f, tokens, pos, seen=()):
    """Why tokens (a %s argument at token pos) are not trusted markup, or None
    when they are."""
    tokens = strip_parens(tokens)
    if not tokens:
        return "empty argument"
    tern = split_ternary(tokens)
    if tern:
        return html_safe(f, tern[1], pos, seen) or html_safe(f, tern[2], pos, seen)
    if literal_run(f, tokens):
        return None
    shown = " ".join(t.text for t in tokens)
    if tokens[0].kind == "id" and len(tokens) > 1 and tokens[1].text == "(":
        fn = tokens[0].text
        if fn.endswith("_html"):
            return None
        if fn == "buf_str":
            inner = [t.text for t in tokens[2:-1] if t.kind == "id"]
            if inner and inner[-1].endswith("_html"):
                return None
        return f"%s of {fn}(): only literals, tables of literals and *_html are trusted markup; use %h"
    ok, why = constant_ref(f, tokens, pos, lambda m: m.endswith("_html"))
    if ok:
        return None
    if len(tokens) == 1 and tokens[0].kind == "id":
        if tokens[0].text.endswith("_html"):
            return None
        why = follow_param(f, tokens, pos, html_safe, seen)
        if why is not False:
            return why
    return f"%s of {shown}: use %h, or a literal, a table of literals or a *_html fragment"


def check_file(path, src):
    f = File(path, src)
    t = f.toks
    out = []
    for k in range(len(t) - 1):
        if t[k].kind != "id" or t[k + 1].text != "(":
            continue
        name = t[k].text
        if k > 0 and t[k - 1].text in ("->", "."):
            continue
        if is_declaration(t, k):
            continue
        if name not in SQL_SINKS and name not in SQL_BANNED and name not in HTML_SINKS:
            continue
        args, end = split_args(t, k + 1)
        first, last = t[k].line, t[end].line if end < len(t) else t[-1].line
        if f.waived_call(first - 1, last):
            continue
        where = f"{path}:{first}"
        if name in SQL_BANNED:
            out.append(f"{where}: {name}: SQL is never printed into; bind parameters")
            continue
        if name in SQL_SINKS:
            i = SQL_SINKS[name]
            if len(args) <= i:
                out.append(f"{where}: {name} with {len(args)} arguments")
                continue
            why = sql_fixed(f, args[i], k)
            if why:
                out.append(f"{where}: {name}: {why}")
            continue
        i = HTML_SINKS[name]
        if len(args) <= i:
            out.append(f"{where}: {name} with {len(args)} arguments")
            continue
        fmt = literal_text(f, args[i]) if literal_run(f, args[i]) else None
        if fmt is None:
            out.append(f"{where}: {name}: the format must be a string literal")
            continue
        try:
            convs = conversions(fmt)
        except ValueError as e:
            out.append(f"{where}: {name}: {e}")
            continue
        want = [c for c in convs if c != "%"]
        got = args[i + 1 :]
        if len(want) != len(got):
            out.append(f"{where}: {name}: {len(want)} conversions but {len(got)} arguments")
            continue
        for c, a in zip(want, got):
            if c == "s":
                why = html_safe(f, a, k)
                if why:
                    out.append(f"{where}: {name}: {why}")
    return out


def rename_conversion(path, old, new):
    """Rewrites conversion %OLD as %NEW in the format of every html_printf
    sink call of the file at path (a mechanical rename; `%%` is kept)."""
    with open(path, encoding="utf-8", errors="surrogateescape") as fh:
        src = fh.read()
    f = File(path, src)
    t = f.toks
    edits = []
    for k in range(len(t) - 1):
        if t[k].kind != "id" or t[k].text not in HTML_SINKS or t[k + 1].text != "(":
            continue
        if is_declaration(t, k) or (k > 0 and t[k - 1].text in ("->", ".")):
            continue
        args, _ = split_args(t, k + 1)
        i = HTML_SINKS[t[k].text]
        if len(args) <= i:
            continue
        for tok in args[i]:
            if tok.kind != "str":
                continue
            q = tok.text.index('"')
            body = tok.text[q + 1 : -1]
            out, j = [], 0
            while j < len(body):
                if body[j] == "%" and body.startswith("%", j + 1):
                    out.append("%%")
                    j += 2
                elif body[j] == "%" and body.startswith(old, j + 1):
                    out.append("%" + new)
                    j += 1 + len(old)
                else:
                    out.append(body[j])
                    j += 1
            text = tok.text[: q + 1] + "".join(out) + '"'
            if text != tok.text:
                edits.append((tok.at, tok.at + len(tok.text), text))
    for a, b, text in reversed(edits):
        src = src[:a] + text + src[b:]
    if edits:
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as fh:
            fh.write(src)
    return len(edits)


def self_test():
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lint_samples")
    bad = good = 0
    status = 0
    for name in sorted(os.listdir(here)):
        if not name.endswith(".c"):
            continue
        path = os.path.join(here, name)
        with open(path, encoding="utf-8") as fh:
            src = fh.read()
        found = check_file(path, src)
        # each sample marks the lines it expects a finding on with `want-lint`
        want = sorted({ln for ln, c in File(path, src).comments if "want-lint" in c})
        got = sorted({int(x.split(":")[1]) for x in found})
        if name.startswith("bad_"):
            bad += 1
        elif name.startswith("good_"):
            good += 1
        if want != got:
            print(f"lint_calls self-test: {name}: findings on lines {got}, expected {want}")
            for x in found:
                print("  " + x)
            status = 1
    if bad == 0 or good == 0:
        print("lint_calls self-test: no samples in " + here)
        status = 1
    if status == 0:
        print(f"lint_calls self-test: ok ({bad} bad and {good} good samples)")
    return status


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) >= 4 and argv[1] == "--rename-conversion":
        n = sum(rename_conversion(p, argv[2], argv[3]) for p in argv[4:])
        print(f"lint_calls: {n} format literals rewritten")
        return 0
    found = []
    for path in argv[1:]:
        with open(path, encoding="utf-8", errors="surrogateescape") as fh:
            found += check_file(path, fh.read())
    for x in found:
        print(x)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
