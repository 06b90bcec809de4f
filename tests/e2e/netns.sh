#!/bin/bash
# netns.sh: run a command inside a private network namespace that has only
# loopback (unshare -n; needs root). baresip binds RTP to 0.0.0.0, so
# consortd and every peer of one test run together in one namespace; the
# namespace also keeps the tests off the host's ports.
#   usage: netns.sh CMD [ARGS...]     (bounded by NETNS_LIMIT, default 300 s)
if [ "$(id -u)" != 0 ]; then
	echo "netns.sh: needs root (unshare -n); or run with E2E_NETNS=0" >&2
	exit 77
fi
exec timeout -k 5 "${NETNS_LIMIT:-300}" \
	unshare -n bash -c 'ip link set lo up && exec "$@"' netns "$@"
