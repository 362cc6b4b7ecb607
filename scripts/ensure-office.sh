#!/usr/bin/env bash
# The report tests convert a generated DOCX with LibreOffice (headless) and draw a PDF page with pdftoppm.
# Install Debian's libreoffice-writer-nogui and poppler-utils when missing and we may; otherwise say how,
# and those tests skip (they fail instead when DAMPINGAN_REQUIRE_BROWSER=1, as in CI).
set -u
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} for the report tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null) \
    || echo "WARNING: could not install ${missing[*]}; the DOCX and PDF page tests will be skipped." >&2
else
  echo "NOTE: the report tests need: sudo apt-get install ${missing[*]}" >&2
fi
exit 0
