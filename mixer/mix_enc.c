/*
 * mix_enc.c: one encode of one mix in one encoder configuration. A
 * shared one serves every listener of that configuration who hears the
 * room's common mix; an own one serves a single listener. Each tick it
 * limits the 32-bit mix to 16 bits, resamples to the codec rate, and
 * encodes every whole packet that is ready.
 */
#include <errno.h>
#include <string.h>
#include <re.h>
#include "mix_priv.h"
#include "resample.h"

static void mix_enc_destructor(void *arg)
{
	struct mix_enc *me = arg;

	list_unlink(&me->le);
	mem_deref(me->enc);
	mem_deref(me->rs);
	if (me->counter)
		--*me->counter;
}

bool mix_enc_match(const struct mix_enc *me, const struct codec_def *def,
		   const struct codec_params *prm)
{
	return me->codec == def && me->prm.bitrate == prm->bitrate &&
	       me->prm.ptime == prm->ptime &&
	       me->prm.complexity == prm->complexity &&
	       me->prm.fec == prm->fec && me->prm.dtx == prm->dtx;
}

int mix_enc_alloc(struct mix_enc **mep, const struct codec_def *def,
		  const struct codec_params *prm, unsigned *counter)
{
	struct mix_enc *me;
	int err;

	if (!mep || !def || !prm)
		return EINVAL;
	me = mem_zalloc(sizeof(*me), mix_enc_destructor);
	if (!me)
		return ENOMEM;
	me->codec = def;
	me->prm = *prm;
	me->prm.stereo = false;
	limiter_init(&me->lim, ROOM_RATE);

	err = def->enc_alloc(&me->enc, def, &me->prm);
	if (err)
		goto out;
	if (def->pcm_rate != ROOM_RATE) {
		err = resamp_alloc(&me->rs, ROOM_RATE, def->pcm_rate);
		if (err)
			goto out;
	}
	me->counter = counter;
	if (counter)
		++*counter;
 out:
	if (err)
		mem_deref(me);
	else
		*mep = me;
	return err;
}

int mix_enc_clone(struct mix_enc **mep, const struct mix_enc *src,
		  unsigned *counter)
{
	struct mix_enc *me;
	int err;

	err = mix_enc_alloc(&me, src->codec, &src->prm, counter);
	if (err)
		return err;

	/* Continue where src is: limiter, pending samples, codec state.
	 * The resampler restarts (its delay is a fraction of a ms). */
	me->lim = src->lim;
	memcpy(me->fifo, src->fifo, src->fill * sizeof(*src->fifo));
	me->fill = src->fill;
	me->loss = src->loss;
	if (src->codec->enc_copy)
		src->codec->enc_copy(me->enc, src->enc);
	*mep = me;
	return 0;
}

void mix_enc_set_loss(struct mix_enc *me, int loss_pct)
{
	if (me->loss == loss_pct || !me->codec->enc_set_loss)
		return;
	me->loss = loss_pct;
	me->codec->enc_set_loss(me->enc, loss_pct);
}

void mix_enc_run(struct mix_enc *me, const int32_t *mix, size_t n)
{
	const struct codec_def *def = me->codec;
	const size_t frame = def->pcm_rate / 1000 * me->prm.ptime;
	int16_t pcm[TICK_MAX];
	size_t room = PCM_FIFO - me->fill;

	me->npkt = 0;
	limiter_process(&me->lim, pcm, mix, n);
	if (me->rs) {
		size_t out_n = room;
		if (!resamp_process(me->rs, me->fifo + me->fill, &out_n, pcm,
				    n))
			me->fill += out_n;
	}
	else {
		if (n > room)
			n = room;
		memcpy(me->fifo + me->fill, pcm, n * sizeof(*pcm));
		me->fill += n;
	}

	while (me->fill >= frame && me->npkt < MIX_PKTS) {
		size_t len = sizeof(me->pkt[0]);

		if (def->encode(me->enc, me->pkt[me->npkt], &len, me->fifo,
				frame))
			len = 0;
		me->len[me->npkt++] = len;
		me->fill -= frame;
		memmove(me->fifo, me->fifo + frame,
			me->fill * sizeof(*me->fifo));
	}
}
