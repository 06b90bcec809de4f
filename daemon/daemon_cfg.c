/* daemon_cfg.c: from the parsed config file to each module's config. */
#include <string.h>
#include <unistd.h>
#include <re.h>
#include "daemon.h"

void daemon_engine_cfg(struct engine_config *ec, const struct conf *c)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	memset(ec, 0, sizeof(*ec));
	ec->workers = c->workers ? c->workers : (unsigned)(ncpu > 0 ? ncpu : 1);
	ec->tick = c->tick;
	ec->jb_min = c->jb_min_delay;
	ec->jb_max = c->jb_max_delay;
	ec->talk_on = c->talk_on_level;
	ec->talk_off = c->talk_off_level;
	ec->talk_hold = c->talk_hold;
	ec->rtcp_interval = c->rtcp_interval * 1000;
	ec->mix_k = c->mix_max_talkers;
	for (unsigned i = 0; i < c->n_dtmf && i < ARRAY_SIZE(ec->dtmf_keys);
	     i++) {
		str_ncpy(ec->dtmf_keys[i], c->dtmf_seq[i],
			 sizeof(ec->dtmf_keys[i]));
		str_ncpy(ec->dtmf_actions[i], c->dtmf_action[i],
			 sizeof(ec->dtmf_actions[i]));
		ec->dtmf_nkeys = i + 1;
	}
}

void daemon_sig_cfg(struct sig_config *sc, const struct conf *c)
{
	memset(sc, 0, sizeof(*sc));
	for (unsigned i = 0; i < c->n_sip_listen && i < ARRAY_SIZE(sc->listen);
	     i++)
		sc->listen[sc->nlisten++] = c->sip_listen[i];
	sc->udp = c->sip_udp;
	sc->tcp = c->sip_tcp;
	sc->media_addr = c->media_address;
	sc->rtp_port_min = c->rtp_port_min;
	sc->rtp_port_max = c->rtp_port_max;
	sc->max_participants = c->max_participants;
	sc->room_linger = c->room_linger;
	for (unsigned i = 0; i < c->n_codecs && i < ARRAY_SIZE(sc->codecs);
	     i++) {
		const struct codec_def *def = codec_find(c->codecs[i]);
		if (def)
			sc->codecs[sc->ncodecs++] = def;
	}
	sc->opus.bitrate = c->opus_bitrate;
	sc->opus.complexity = c->opus_complexity;
	sc->opus.fec = c->opus_fec;
	sc->opus.dtx = c->opus_dtx;
	sc->opus.ptime = c->ptime;
	sc->ptime = c->ptime;
	sc->user_agent = "consort/" CONSORT_VERSION;
}

void daemon_ctl_cfg(struct ctl_config *cc, const struct conf *c)
{
	memset(cc, 0, sizeof(*cc));
	cc->listen = c->http_listen;
	str_ncpy(cc->token, c->api_token, sizeof(cc->token));
	for (unsigned i = 0; i < c->n_webhooks && i < CTL_MAX_HOOKS; i++)
		str_ncpy(cc->hooks[cc->nhooks++], c->webhooks[i],
			 sizeof(cc->hooks[0]));
	cc->hook_queue = c->webhook_queue;
	cc->metrics_max_parts = c->metrics_max_participants;
	str_ncpy(cc->version, CONSORT_VERSION, sizeof(cc->version));
}
