#!/usr/bin/env bash
# `make run` (gunicorn, DEBUG off) and `make dev` (Django's debug server): the web server in the foreground and
# the task worker beside it (registry imports, reports, reminders). A worker that stops for any reason is started
# again, so an upload never waits for a worker that is gone; both stop with the server (Ctrl-C).
#   scripts/serve.sh gunicorn|runserver HOST:PORT
set -uo pipefail
BIN=${BIN:-.venv/bin}
server=$1
address=$2

case $server in
  # As a deployment: no technical error page (it shows settings and URL patterns); the Indonesian 403/404/500
  # pages instead. Static files come from the package through WhiteNoise, without a collectstatic step.
  gunicorn) export DJANGO_DEBUG=0 DAMPINGAN_COLLECTSTATIC=0 ;;
  runserver) export DJANGO_DEBUG=1 ;;
  *) echo "usage: scripts/serve.sh gunicorn|runserver HOST:PORT" >&2; exit 2 ;;
esac

worker_loop() {
  while true; do
    "$BIN/dampingan" db_worker
    echo "The task worker stopped (exit $?); starting it again." >&2
    sleep 2
  done
}

worker_loop &
loop=$!
case $server in
  gunicorn) GUNICORN_BIND=$address "$BIN/gunicorn" -c python:dampingan.gunicorn_conf dampingan.wsgi & ;;
  runserver) "$BIN/dampingan" runserver "$address" & ;;
esac
web=$!

# Ctrl-C, a TERM, or the server stopping by itself: stop the server, the worker loop and the worker it runs.
# The processes are named one by one (not the process group: under make that would take make down too), the
# loop's and the server's children first, while they are still theirs to find.
stop() {
  trap - EXIT INT TERM
  # shellcheck disable=SC2046 # one pid per word
  kill $(pgrep -P "$loop") $(pgrep -P "$web") "$loop" "$web" 2>/dev/null
  wait
}
trap stop EXIT INT TERM
wait "$web"
