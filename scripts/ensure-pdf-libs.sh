#!/usr/bin/env bash
# PDFs (attendance sheets, minutes, reports) are drawn by WeasyPrint, which needs Pango and a font from the
# system. Install them when missing and we may; otherwise say how (the rest of the app runs without them).
set -u
missing=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi 'dejavu' || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} for PDF output..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
    || echo "WARNING: could not install ${missing[*]}; PDF downloads will show an error." >&2
else
  echo "NOTE: PDF output needs: sudo apt-get install ${missing[*]}" >&2
fi
exit 0
