/* codec.c: the table of compiled-in codecs and lookups into it. */
#include <strings.h>

#include "codec_int.h"

const struct codec_def *const codec_table[] = {
	&codec_opus,
	&codec_g722,
	&codec_pcmu,
	&codec_pcma,
	NULL,
};

const struct codec_def *codec_find(const char *name)
{
	if (!name)
		return NULL;

	for (size_t i = 0; codec_table[i]; i++) {
		if (!strcasecmp(codec_table[i]->name, name))
			return codec_table[i];
	}

	return NULL;
}

const struct codec_def *codec_find_rtp(const char *rtp_name, uint32_t clock,
				       uint8_t channels)
{
	if (!rtp_name)
		return NULL;

	for (size_t i = 0; codec_table[i]; i++) {
		const struct codec_def *def = codec_table[i];

		if (strcasecmp(def->rtp_name, rtp_name))
			continue;
		if (def->rtp_clock != clock)
			continue;
		if (channels && channels != def->rtp_channels)
			continue;

		return def;
	}

	return NULL;
}
