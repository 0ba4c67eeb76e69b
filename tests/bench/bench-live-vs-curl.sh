#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The live loop of cria-cli against plain curl doing the same thing, frame for frame:
# StartExposure, poll ImageReady, GET imagearray as ImageBytes. Both talk to the same
# simulator on loopback, with zero-second exposures, so what is measured is the loop.
# curl only saves the bytes; cria-cli also decodes, stretches and debayers every frame.
#
# usage: bench-live-vs-curl.sh CRIA-SIM CRIA-CLI [SIZE...]   (FRAMES=30 by default)

set -eu

sim=$1
cli=$2
shift 2
[ $# -gt 0 ] || set -- 640x480 3000x2000
frames=${FRAMES:-30}

work=$(mktemp -d "${TMPDIR:-/tmp}/cria-bench-XXXXXX")
sim_pid=

stop_sim () {
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=
  fi
}

cleanup () {
  stop_sim
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

now () {
  date +%s.%N
}

start_sim () {
  # Its own config dir, so that the UniqueIDs it saves do not land in the user's.
  XDG_CONFIG_HOME="$work" "$sim" --address 127.0.0.1 --port 0 --discovery-port 0 \
    --camera-size "$1" --speed 1000 > "$work/sim.out" 2>&1 &
  sim_pid=$!
  url=
  for _ in $(seq 100); do
    url=$(sed -n 's|^Serving Alpaca on \(http://[^/]*\)/.*|\1|p' "$work/sim.out")
    [ -n "$url" ] && break
    sleep 0.05
  done
  [ -n "$url" ] || { echo "cria-sim did not start" >&2; cat "$work/sim.out" >&2; exit 1; }
}

curl_loop () {
  camera="$url/api/v1/camera/0"
  curl -sf -X PUT -d 'Connected=true&ClientID=1&ClientTransactionID=1' "$camera/connected" > /dev/null
  start=$(now)
  i=0
  while [ $i -lt "$frames" ]; do
    i=$((i + 1))
    curl -sf -X PUT -d "Duration=0&Light=true&ClientID=1&ClientTransactionID=$i" \
      "$camera/startexposure" > /dev/null
    until curl -sf "$camera/imageready?ClientID=1&ClientTransactionID=$i" | grep -q '"Value":true'; do
      :
    done
    curl -sf -H 'Accept: application/imagebytes' \
      "$camera/imagearray?ClientID=1&ClientTransactionID=$i" -o "$work/frame"
  done
  end=$(now)
  awk -v n="$frames" -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", n / (b - a) }'
}

status=0
for size in "$@"; do
  start_sim "$size"
  if ! "$cli" live "$url" 0 --frames "$frames" --exposure 0 > "$work/live.out" 2> "$work/live.err"; then
    echo "cria-cli live failed at $size:" >&2
    tail -n 5 "$work/live.err" "$work/sim.out" >&2
    exit 1
  fi
  summary=$(tail -n 1 "$work/live.out")
  cria_fps=$(printf '%s\n' "$summary" | sed -n 's/.*"fps":\([0-9.]*\).*/\1/p')
  stop_sim

  # A fresh simulator, so that neither run inherits the other's connection or state.
  start_sim "$size"
  curl_fps=$(curl_loop)
  stop_sim

  case $size in
    640x480) goal=0.40 ;;
    *) goal=0.70 ;;
  esac
  ratio=$(awk -v a="$cria_fps" -v b="$curl_fps" 'BEGIN { printf "%.2f", a / b }')
  verdict=$(awk -v r="$ratio" -v g="$goal" 'BEGIN { print (r >= g) ? "ok" : "BELOW GOAL" }')
  [ "$verdict" = ok ] || status=1
  echo "$size: cria-cli live $cria_fps fps, curl $curl_fps fps, ratio $ratio (goal >= $goal): $verdict"
  echo "  cria-cli summary: $summary"
done

exit $status
