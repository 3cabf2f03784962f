#!/usr/bin/env bash
# Documents over HTTP: uploading (who may, the form's errors, the size limit,
# types checked by content), downloading with the detected type as an
# attachment, restricted documents kept from everyone who may not read them —
# the anonymous reader cannot even tell one exists, and no public page, feed,
# download or API answer names one — and `dialturn verify` naming a blob
# altered behind dialturn's back.  Uses the demo's accounts.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"
PW=dialturn-demo

"$DIALTURN" demo --db d.db --create-only >/dev/null
start_demo d.db

sign_in jar.pmo pmo "$PW"
sign_in jar.hr hr "$PW"
sign_in jar.chair chair "$PW"
sign_in jar.viewer viewer "$PW"
csrf_pmo=$(page_csrf jar.pmo /work/documents)
csrf_hr=$(page_csrf jar.hr /work/documents)
csrf_viewer=$(page_csrf jar.viewer /work/documents)

printf '%%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%%%EOF\n' > paper.pdf
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR-closed-minutes' > minutes.png
printf '<html><script>alert(1)</script></html>\n' > page.html

upload() { # JAR CSRF FILE[;type=...] PUBLIC -> "code location", body in up.html
    local public=()
    [ -z "$4" ] || public=(-F "public=$4")
    curl -sS -b "$1" -o up.html -w '%{http_code} %{redirect_url}' \
        -F "csrf=$2" -F "file=@$3" "${public[@]}" "$base/work/documents"
}

# 1. Uploading: the programme office a public paper, an owner a restricted one.
got=$(upload jar.pmo "$csrf_pmo" "paper.pdf;type=application/pdf;filename=Rapport d'été.pdf" yes)
[[ $got == "303 $base/work/documents?uploaded="* ]] || { echo "FAIL: upload: $got"; cat up.html; exit 1; }
pub_id=${got##*uploaded=}
echo "ok: the programme office uploads a public paper (document $pub_id)"
curl -sS -b jar.pmo -o list.html "$base/work/documents?uploaded=$pub_id"
expect_grep "the banner names what was uploaded" 'govuk-notification-banner--success' list.html
expect_grep "and the list has it" "href=\"/documents/$pub_id\">Rapport d&#39;été.pdf</a>" list.html

got=$(upload jar.hr "$csrf_hr" "minutes.png;type=image/png;filename=SECRET-minutes.png" no)
[[ $got == "303 "* ]] || { echo "FAIL: restricted upload: $got"; cat up.html; exit 1; }
res_id=${got##*uploaded=}
echo "ok: an owner uploads a restricted document (document $res_id)"

# 2. Downloading: the detected type, as an attachment with a safe name.
curl -sS -D h.pub -o got.pdf "$base/documents/$pub_id"
expect_grep "a public document is served to anyone" '^HTTP/1.1 200' h.pub
expect_grep "as a PDF" '^Content-Type: application/pdf' h.pub
expect_grep "as an attachment with a safe name" \
    '^Content-Disposition: attachment; filename="Rapport d'"'"'_t_.pdf"; filename\*=UTF-8'"''"'Rapport%20d%27%C3%A9t%C3%A9.pdf' h.pub
expect_grep "never sniffed" '^X-Content-Type-Options: nosniff' h.pub
cmp -s paper.pdf got.pdf && echo "ok: the bytes are the uploaded bytes" || { echo "FAIL: bytes differ"; exit 1; }

# 3. A restricted document: 404 for the anonymous (as if it did not exist),
#    403 for a signed-in reader without the right, the file for its uploader
#    and for readers of restricted material, never cached by others.
code=$(curl -sS -o anon.html -w '%{http_code}' "$base/documents/$res_id")
expect_eq "the anonymous reader gets 404 for a restricted document" 404 "$code"
code_none=$(curl -sS -o none.html -w '%{http_code}' "$base/documents/999999")
expect_eq "the same as for one that does not exist" 404 "$code_none"
if grep -q SECRET anon.html; then echo "FAIL: the 404 names the document"; exit 1; fi
expect_eq "the two answers say the same" "$(sed 's/documents\/[0-9]*//' none.html | md5sum)" \
    "$(sed 's/documents\/[0-9]*//' anon.html | md5sum)"
code=$(curl -sS -b jar.viewer -o viewer.html -w '%{http_code}' "$base/documents/$res_id")
expect_eq "a viewer gets 403" 403 "$code"
expect_grep "saying why" 'does not allow you to read restricted material, and this document is restricted' viewer.html
curl -sS -b jar.hr -D h.hr -o got.png "$base/documents/$res_id"
expect_grep "its uploader may read it" '^HTTP/1.1 200' h.hr
expect_grep "as a PNG" '^Content-Type: image/png' h.hr
expect_grep "privately" '^Cache-Control: private, no-store' h.hr
curl -sS -b jar.chair -D h.chair -o /dev/null "$base/documents/$res_id"
expect_grep "a panel member may read it" '^HTTP/1.1 200' h.chair

# 4. The list shows each reader only what they may read.
curl -sS -b jar.viewer -o list.viewer "$base/work/documents"
expect_grep "a viewer sees the public document" "/documents/$pub_id\"" list.viewer
if grep -q SECRET list.viewer; then echo "FAIL: a viewer's list names a restricted document"; exit 1; fi
echo "ok: a viewer's list leaves the restricted one out"
if grep -q 'enctype="multipart/form-data"' list.viewer; then echo "FAIL: a viewer is offered the upload form"; exit 1; fi
echo "ok: and offers a viewer no upload form"
curl -sS -b jar.chair -o list.chair "$base/work/documents"
expect_grep "a panel member's list has it, marked restricted" 'SECRET-minutes.png' list.chair
expect_grep "marked restricted" 'Restricted</strong>' list.chair
code=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "$base/work/documents")
expect_eq "the anonymous reader is sent to sign in" "303 $base/login?next=%2Fwork%2Fdocuments" "$code"

# 5. Refusals, each saying what to fix, with the form again.
got=$(curl -sS -b jar.pmo -o up.html -w '%{http_code}' -F "csrf=$csrf_pmo" -F "public=yes" \
    "$base/work/documents")
expect_eq "no file: 400" 400 "$got"
expect_grep "the error summary links to the file input" '<a href="#file">Choose the file to upload</a>' up.html
got=$(upload jar.pmo "$csrf_pmo" paper.pdf "")
expect_eq "no choice of who may read it: 400" "400 " "$got"
expect_grep "linked to the radios" '<a href="#public">' up.html
printf '\x7fELF\2\1\1\0\0\0\0\0' > tool.pdf
got=$(upload jar.pmo "$csrf_pmo" "tool.pdf;type=application/pdf" yes)
expect_eq "a type not allowed: 400" "400 " "$got"
expect_grep "naming the file and what is accepted" 'tool.pdf is not a type dialturn accepts' up.html
got=$(upload jar.pmo "$csrf_pmo" "minutes.png;type=application/pdf;filename=chart.pdf" yes)
expect_eq "content that disagrees with the declared type: 400" "400 " "$got"
expect_grep "saying what it really is" 'chart.pdf is named as one kind of file but holds a PNG image: check that you chose the right file' up.html
{ printf '%%PDF-1.4\n'; head -c $((10 * 1024 * 1024)) /dev/zero; } > big.pdf
got=$(upload jar.pmo "$csrf_pmo" "big.pdf;type=application/pdf" yes)
expect_eq "more than 10 MB: 413" "413 " "$got"
expect_grep "saying its size and the limit in the hint's terms" 'big.pdf is 10.1 MB, and a document may be at most 10 MB' up.html
expect_grep "the hint says the same limit" '10 MB at' up.html
expect_no_grep "never bytes or MiB" 'MiB|[0-9]{6,} bytes' up.html
expect_grep "with the form again" 'id="file"' up.html
head -c $((13 * 1024 * 1024)) /dev/zero > huge.pdf
got=$(upload jar.pmo "$csrf_pmo" "huge.pdf;type=application/pdf" yes)
expect_eq "more than the server reads at all: 413" "413 " "$got"
expect_grep "whose page states the same 10 MB" 'a document at most 10 MB' up.html
got=$(upload jar.viewer "$csrf_viewer" paper.pdf yes)
expect_eq "a viewer may not upload" "403 " "$got"
got=$(curl -sS -b jar.pmo -o /dev/null -w '%{http_code}' -F "file=@paper.pdf" -F public=yes \
    "$base/work/documents")
expect_eq "an upload without the CSRF token is refused" 403 "$got"
got=$(curl -sS -o /dev/null -w '%{http_code}' -F "file=@paper.pdf" -F public=yes \
    "$base/work/documents")
expect_eq "an anonymous upload is refused" 403 "$got"

# 6. HTML is text: served as text/plain, never as a page.
got=$(upload jar.pmo "$csrf_pmo" "page.html;type=text/html" yes)
expect_eq "HTML declared as HTML is refused (it is plain text by content)" "400 " "$got"
expect_grep "saying a web page is not a kind of document taken" 'page.html is not a type dialturn accepts \(it is a web page\)' up.html
expect_no_grep "not that its content is plain text" 'content is plain text' up.html
got=$(upload jar.pmo "$csrf_pmo" "page.html;type=text/plain" yes)
html_id=${got##*uploaded=}
curl -sS -D h.html -o /dev/null "$base/documents/$html_id"
expect_grep "text is served as text/plain" '^Content-Type: text/plain; charset=utf-8' h.html

# 7. The same bytes twice: two records, one blob.
upload jar.pmo "$csrf_pmo" "paper.pdf;filename=copy.pdf" no >/dev/null
expect_eq "the same bytes are stored once" 1 \
    "$(sqlite3 d.db "SELECT count(*) FROM document_blob WHERE sha256 = (SELECT sha256 FROM document WHERE id = $pub_id)")"
expect_eq "with a record per upload" 2 \
    "$(sqlite3 d.db "SELECT count(*) FROM document WHERE sha256 = (SELECT sha256 FROM document WHERE id = $pub_id)")"

# 8. No public page, feed, download or API answer names a restricted document.
for path in / /plan /themes /milestones /data /data/plan.json /data/actions.csv \
    /data/updates.csv /feed.atom /api/v1/actions /api/v1/periods "/search?q=SECRET" \
    "/search?q=minutes"; do
    curl -sS -o pub.out "$base$path"
    if grep -q 'SECRET-minutes\|/documents/'"$res_id"'"' pub.out; then
        echo "FAIL: $path names the restricted document"
        exit 1
    fi
done
echo "ok: no public page, feed, download or API answer names the restricted document"

# 9. verify checks the blobs: intact, then altered with the sqlite3 shell.
"$DIALTURN" verify d.db >/dev/null
echo "ok: verify passes with the documents"
sha=$(sqlite3 d.db "SELECT sha256 FROM document WHERE id = $res_id")
sqlite3 d.db "UPDATE document_blob SET data = CAST('forged' AS BLOB) WHERE sha256 = '$sha'"
expect_fail "verify names the altered blob" "document_blob $sha: its bytes were altered" \
    "$DIALTURN" verify d.db
