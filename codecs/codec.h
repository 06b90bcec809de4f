/*
 * codec.h: audio codec descriptors, the one table core code dispatches
 * through. Core code never names a specific codec; it looks one up by
 * its RTP name and calls through the descriptor.
 *
 * All PCM is signed 16-bit, mono, interleaving not needed. A codec
 * instance (encoder or decoder) lives on one thread; different
 * instances may be used from different threads at once.
 *
 * Errors are errno codes: EINVAL bad arguments, ENOMEM, EOVERFLOW an
 * output buffer too small, EBADMSG a corrupt packet (Opus), EPROTO any
 * other codec library failure. On failure outputs (*len, *samples) are
 * left unchanged.
 */
#ifndef CONSORT_CODEC_H
#define CONSORT_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct codec_enc;
struct codec_dec;
struct codec_def;

/* Encoder settings; two listeners with equal params can share an encode. */
struct codec_params {
	uint32_t bitrate;  /* [bit/s] target, 0 = codec default (Opus 32k) */
	uint32_t ptime;    /* [ms] packet duration (informational)          */
	int complexity;    /* 0..10 (Opus), ignored by others               */
	bool fec;          /* in-band FEC (Opus useinbandfec)               */
	bool dtx;          /* discontinuous transmission (Opus usedtx)      */
	bool stereo;       /* receiver asked for stereo (we still send mono) */
};

struct codec_def {
	const char *name;      /* config name: "opus", "G722", "PCMU"...     */
	const char *rtp_name;  /* encoding name in a=rtpmap                  */
	int static_pt;         /* static payload type, -1 = dynamic          */
	uint32_t rtp_clock;    /* [Hz] RTP/SDP clock (G.722: 8000)           */
	uint32_t pcm_rate;     /* [Hz] of PCM in and out (G.722: 16000)      */
	uint8_t rtp_channels;  /* channels in a=rtpmap (opus: 2)             */
	const char *fmtp;      /* default a=fmtp we send, NULL = none        */

	/*
	 * Encoder: *encp is a mem object (mem_deref frees it). prm is
	 * required (EINVAL if NULL) and copied; def must be this
	 * descriptor. Opus FEC data appears only once enc_set_loss() has
	 * reported a loss > 0.
	 */
	int (*enc_alloc)(struct codec_enc **encp, const struct codec_def *def,
			 const struct codec_params *prm);
	/*
	 * Encode `samples` PCM samples (one packet's worth at pcm_rate)
	 * into buf (capacity *len); *len = bytes written. A return of 0
	 * with *len <= 2 for a DTX codec means "nothing worth sending".
	 * Opus takes 2.5..120 ms (120..5760 samples) in its frame sizes;
	 * G.722 any even count (one byte per two samples); G.711 any count.
	 */
	int (*encode)(struct codec_enc *enc, uint8_t *buf, size_t *len,
		      const int16_t *pcm, size_t samples);
	/*
	 * Make dst continue exactly where src is: copy the encoder state.
	 * Both must come from enc_alloc with the same params. Lets one
	 * listener leave a shared encode without a discontinuity. NULL
	 * when the codec cannot (the caller then starts a fresh encoder).
	 */
	int (*enc_copy)(struct codec_enc *dst, const struct codec_enc *src);
	/* Tell the encoder the receiver's loss [%] (Opus FEC); may be NULL.
	 * Clamped to 0..100. */
	void (*enc_set_loss)(struct codec_enc *enc, int loss_pct);

	/* Decoder: *decp is a mem object. */
	int (*dec_alloc)(struct codec_dec **decp, const struct codec_def *def);
	/*
	 * Decode one packet into pcm (capacity *samples); *samples =
	 * samples produced at pcm_rate. Returns 0 or an errno code (the
	 * packet is then dropped and counted by the caller). Capacity
	 * needed: Opus 5760, G.722 2 * len, G.711 len.
	 */
	int (*decode)(struct codec_dec *dec, int16_t *pcm, size_t *samples,
		      const uint8_t *buf, size_t len);
	/*
	 * Conceal `samples` lost samples; always writes exactly that many.
	 * Opus conceals in 2.5 ms steps: any remainder comes from one more
	 * step whose tail is dropped, so use multiples of 2.5 ms. G.711 and
	 * G.722 repeat the last pitch period for 10 ms, fade it to silence
	 * over the next 40 ms and cross-fade into the next decoded packet.
	 */
	int (*plc)(struct codec_dec *dec, int16_t *pcm, size_t samples);
	/*
	 * Recover `samples` lost samples from the in-band FEC of the next
	 * packet. NULL when the codec has no FEC. Returns ENOENT, with the
	 * decoder untouched, when the next packet carries none or none
	 * usable for this gap (caller falls back to plc): CELT-only packet,
	 * no LBRR flag set, gap shorter than the packet or not a multiple
	 * of 2.5 ms. A gap longer than the packet is concealed first, then
	 * filled from the FEC. Decode `next` normally afterwards.
	 */
	int (*fec)(struct codec_dec *dec, int16_t *pcm, size_t samples,
		   const uint8_t *next, size_t next_len);
	/*
	 * Does the packet carry voice, as its encoder judged (Opus: the
	 * SILK VAD flags)? 1 voice, 0 none, -1 cannot tell (CELT-only,
	 * other codecs). Lets a mixer skip decoding inputs it will not
	 * mix. NULL = always -1.
	 */
	int (*pkt_voice)(const uint8_t *buf, size_t len);
	/* Duration of a packet [rtp_clock units], 0 if unknown/invalid. */
	uint32_t (*pkt_duration)(const uint8_t *buf, size_t len);
};

/* NULL-terminated table of every compiled-in codec. */
extern const struct codec_def *const codec_table[];

/* Look up by config name, case-insensitive ("opus", "pcmu"); NULL if
 * unknown. */
const struct codec_def *codec_find(const char *name);

/* Look up by rtpmap encoding name (case-insensitive), clock [Hz] (exact)
 * and channels (0 = don't care); NULL if unknown. Opus is opus/48000/2,
 * G.722 G722/8000. */
const struct codec_def *codec_find_rtp(const char *rtp_name, uint32_t clock,
				       uint8_t channels);

#endif
