/* verbs.c: the consortctl verb table and the --help texts. */
#include <ctype.h>
#include <string.h>
#include "cctl.h"

const struct cctl_verb cctl_verbs[] = {
	{"status", cctl_verb_status, 0, 0, "",
	 "version, uptime, draining, workers and their load",
	 "GET /v1/status: version, uptime, whether the node is draining,\n"
	 "and per media worker its rooms, participants, encoders, tick\n"
	 "times (p50/p99) and overruns.\n"},
	{"rooms", cctl_verb_rooms, 0, 0, "",
	 "list the rooms",
	 "GET /v1/rooms: one line per room with its participant count,\n"
	 "lock state, worker, what it plays and when it was created.\n"},
	{"room", cctl_verb_room, 1, 0, "ROOM",
	 "a room and its participants",
	 "GET /v1/rooms/ROOM: the room, then one line per participant:\n"
	 "id, SIP URI, display name, codec, state (muted, deaf, talking,\n"
	 "hold), input level, jitter, loss, jitter-buffer delay and join\n"
	 "time (UTC).\n"},
	{"mute", cctl_verb_part, 2, CCTL_F_PART, "ROOM ID",
	 "mute a participant (the others stop hearing it)",
	 "POST /v1/rooms/ROOM/participants/ID/mute. The participant\n"
	 "hears the confirmation tone. ID is the number in `room ROOM`.\n"},
	{"unmute", cctl_verb_part, 2, CCTL_F_PART, "ROOM ID",
	 "unmute a participant",
	 "POST /v1/rooms/ROOM/participants/ID/unmute.\n"},
	{"deaf", cctl_verb_part, 2, CCTL_F_PART, "ROOM ID",
	 "make a participant deaf (it stops hearing the room)",
	 "POST /v1/rooms/ROOM/participants/ID/deaf.\n"},
	{"undeaf", cctl_verb_part, 2, CCTL_F_PART, "ROOM ID",
	 "let a participant hear the room again",
	 "POST /v1/rooms/ROOM/participants/ID/undeaf.\n"},
	{"kick", cctl_verb_kick, 2, CCTL_F_PART, "ROOM ID",
	 "hang up on a participant (BYE)",
	 "DELETE /v1/rooms/ROOM/participants/ID.\n"},
	{"gain", cctl_verb_gain, 2, CCTL_F_GAIN | CCTL_F_PART,
	 "ROOM ID [--in DB] [--out DB]",
	 "set a participant's input and output gain",
	 "PUT /v1/rooms/ROOM/participants/ID/gain.\n"
	 "  --in DB    gain applied to what the participant says\n"
	 "  --out DB   gain applied to what the participant hears\n"
	 "At least one of them; range -24..12 dB.\n"},
	{"lock", cctl_verb_lock, 1, 0, "ROOM",
	 "lock a room (new callers get 403)",
	 "POST /v1/rooms/ROOM/lock: new INVITEs for the room are\n"
	 "answered 403 Forbidden; who is in stays.\n"},
	{"unlock", cctl_verb_lock, 1, 0, "ROOM",
	 "unlock a room",
	 "POST /v1/rooms/ROOM/unlock.\n"},
	{"play", cctl_verb_play, 2, CCTL_F_LOOP, "ROOM FILE [--loop]",
	 "mix a WAV or Ogg Opus file into a room",
	 "POST /v1/rooms/ROOM/play: consortd reads FILE (on its own\n"
	 "host; a relative path is made absolute here) and mixes it into\n"
	 "the room for everyone.\n"
	 "  --loop     play it again and again until `stop`\n"},
	{"stop", cctl_verb_stop, 1, 0, "ROOM",
	 "stop what a room plays",
	 "DELETE /v1/rooms/ROOM/play.\n"},
	{"dial", cctl_verb_dial, 2, 0, "ROOM URI",
	 "call URI and put the callee into a room",
	 "POST /v1/rooms/ROOM/dial, e.g. `dial standup sip:alice@host`.\n"
	 "Prints the participant id the callee will have; progress and\n"
	 "failure are events (see `events`).\n"},
	{"end", cctl_verb_end, 1, 0, "ROOM",
	 "end a room (BYE to everyone)",
	 "DELETE /v1/rooms/ROOM.\n"},
	{"events", cctl_verb_events, 0, CCTL_F_LEVELS, "[--levels]",
	 "follow the event stream",
	 "GET /v1/events: one line per event (joins, leaves, mutes,\n"
	 "talking, DTMF, dial progress, ...) until interrupted. With\n"
	 "--json, each event's JSON on its own line.\n"
	 "  --levels   also the level events (every 200 ms per room)\n"},
	{"reload", cctl_verb_reload, 0, 0, "",
	 "reload the configuration (as SIGHUP)",
	 "POST /v1/reload: prints the settings that need a restart.\n"},
	{"drain", cctl_verb_drain, 0, CCTL_F_OFF, "[--off]",
	 "stop accepting new rooms (existing rooms go on)",
	 "POST /v1/drain: callers to rooms that do not exist yet get 503\n"
	 "with Retry-After.\n"
	 "  --off      accept new rooms again\n"},
};

const size_t cctl_nverbs = ARRAY_SIZE(cctl_verbs);


/* Returns the verb called NAME, or NULL. */
const struct cctl_verb *cctl_verb_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;

	for (i = 0; i < cctl_nverbs; i++) {
		if (!strcmp(cctl_verbs[i].name, name))
			return &cctl_verbs[i];
	}

	return NULL;
}


static int program_help(struct re_printf *pf)
{
	size_t i;
	int err;

	err = re_hprintf(pf,
"usage: consortctl [OPTIONS] VERB [ARGS]\n"
"Control a running consortd through its HTTP API.\n"
"\n"
"Options (anywhere on the line):\n"
"  --url URL      consortd's API (env CONSORT_URL, default\n"
"                 " CCTL_DEFAULT_URL ")\n"
"  --token TOKEN  API token (env CONSORT_TOKEN)\n"
"  --json         print the server's JSON instead of tables\n"
"  --timeout S    give up on a request after S seconds (default %u)\n"
"  -h, --help     this help; `consortctl VERB --help` for a verb\n"
"\n"
"Verbs:\n", CCTL_TIMEOUT);

	for (i = 0; i < cctl_nverbs; i++) {
		const struct cctl_verb *v = &cctl_verbs[i];
		char left[48];

		re_snprintf(left, sizeof(left), "%s %s", v->name, v->args);
		if (strlen(left) > 30)
			err |= re_hprintf(pf, "  %s\n  %-30s %s\n", left, "",
					  v->summary);
		else
			err |= re_hprintf(pf, "  %-30s %s\n", left,
					  v->summary);
	}

	err |= re_hprintf(pf,
"\n"
"Exit status: 0 ok, 1 consortd answered with an error, 2 bad usage,\n"
"3 consortd unreachable.\n");

	return err;
}


/*
 * Prints the program's help (verb NULL) or VERB's. Returns 0 or an
 * errno from the printer.
 */
int cctl_help(struct re_printf *pf, const struct cctl_verb *verb)
{
	if (!verb)
		return program_help(pf);

	return re_hprintf(pf, "usage: consortctl %s%s%s\n%c%s.\n\n%s"
			  "\nCommon options: --url URL, --token TOKEN, "
			  "--json, --timeout S.\n",
			  verb->name, *verb->args ? " " : "", verb->args,
			  toupper((unsigned char)verb->summary[0]),
			  verb->summary + 1, verb->help);
}
