/*
 * test_sdp.c: SDP offer/answer (sig_sdp) over a matrix of raw offers,
 * plus the other pure helpers of signaling/ (INFO DTMF, room names).
 */
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>
#include "codec.h"
#include "sig_sdp.h"
#include "sig_priv.h"

enum { LPORT = 30000 };

static struct sig_sdp *sdp;
static struct engine_media em;
static char txt[4096];

static const char *const dflt_order[] = {"opus", "G722", "PCMU", "PCMA",
					 NULL};

static struct sig_sdp *mk(const char *const *order, bool opus_fec)
{
	struct sig_sdp_prefs p;
	struct sig_sdp *s = NULL;
	struct sa laddr;

	memset(&p, 0, sizeof(p));
	for (; *order; order++) {
		p.codecs[p.ncodecs] = codec_find(*order);
		cr_assert_not_null(p.codecs[p.ncodecs], "codec %s", *order);
		p.ncodecs++;
	}
	p.opus.bitrate = 32000;
	p.opus.complexity = 5;
	p.opus.fec = opus_fec;
	p.opus.dtx = false;
	p.ptime = 20;

	cr_assert_eq(sa_set_str(&laddr, "192.0.2.1", 0), 0);
	cr_assert_eq(sig_sdp_alloc(&s, &p, &laddr), 0);
	return s;
}

static void setup(void)
{
	sdp = mk(dflt_order, true);
	memset(&em, 0xa5, sizeof(em));
}

static void teardown(void)
{
	sdp = mem_deref(sdp);
}

TestSuite(sdp, .init = setup, .fini = teardown, .timeout = 10.0);

/* Feed "lines" (joined with CRLF) as a remote offer. */
static int offer_s(struct sig_sdp *s, const char *body)
{
	struct mbuf *mb = mbuf_alloc(512);
	int err;

	cr_assert_not_null(mb);
	cr_assert_eq(mbuf_write_str(mb, body), 0);
	mb->pos = 0;
	err = sig_sdp_offer_decode(s, mb, &em);
	mem_deref(mb);
	return err;
}

static int offer(const char *body)
{
	return offer_s(sdp, body);
}

static int answer_in(const char *body)
{
	struct mbuf *mb = mbuf_alloc(512);
	int err;

	cr_assert_not_null(mb);
	cr_assert_eq(mbuf_write_str(mb, body), 0);
	mb->pos = 0;
	err = sig_sdp_answer_decode(sdp, mb, &em);
	mem_deref(mb);
	return err;
}

/* Encode our answer (or offer) into txt; binds LPORT first if needed. */
static const char *encode_s(struct sig_sdp *s, bool offer_side, bool mux)
{
	struct mbuf *mb = NULL;

	sig_sdp_set_transport(s, LPORT, mux);
	cr_assert_eq(sig_sdp_encode(s, offer_side, &mb), 0);
	cr_assert_lt(mbuf_get_left(mb), sizeof(txt));
	memcpy(txt, mbuf_buf(mb), mbuf_get_left(mb));
	txt[mbuf_get_left(mb)] = '\0';
	mem_deref(mb);
	return txt;
}

static const char *answer_txt(void)
{
	return encode_s(sdp, false, em.rtcp_mux);
}

#define HDR "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\n" \
	"c=IN IP4 198.51.100.7\r\nt=0 0\r\n"

#define HAS(s, sub) cr_assert_not_null(strstr((s), (sub)), \
					"missing \"%s\" in:\n%s", sub, s)
#define HASNOT(s, sub) cr_assert_null(strstr((s), (sub)), \
				      "unexpected \"%s\" in:\n%s", sub, s)


Test(sdp, opus_params_and_pt_mirrored)
{
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 109 0 101\r\n"
		"a=rtpmap:109 opus/48000/2\r\n"
		"a=fmtp:109 useinbandfec=1; usedtx=1; "
		"maxaveragebitrate=20000; stereo=1\r\n"
		"a=rtpmap:101 telephone-event/48000\r\n"
		"a=ptime:40\r\n"), 0);

	cr_assert_str_eq(em.codec->name, "opus");
	cr_assert_eq(em.pt, 109);
	cr_assert_eq(em.te_pt, 101);
	cr_assert_eq(em.te_rate, 48000);
	cr_assert(em.enc.fec);
	cr_assert(em.enc.dtx);
	cr_assert(em.enc.stereo);
	cr_assert_eq(em.enc.bitrate, 20000);
	cr_assert_eq(em.enc.complexity, 5);
	cr_assert_eq(em.enc.ptime, 40);
	cr_assert(em.send && em.recv);
	cr_assert(!em.rtcp_mux);
	cr_assert_eq(sa_port(&em.rtp_addr), 4000);
	cr_assert_eq(sa_port(&em.rtcp_addr), 4001);

	answer_txt();
	HAS(txt, "m=audio 30000 RTP/AVP 109 101\r\n");
	HAS(txt, "a=rtpmap:109 opus/48000/2\r\n");
	HAS(txt, "a=fmtp:109 minptime=10;useinbandfec=1\r\n");
	HAS(txt, "a=rtpmap:101 telephone-event/48000\r\n");
	HAS(txt, "c=IN IP4 192.0.2.1\r\n");
	HAS(txt, "a=sendrecv\r\n");
	HASNOT(txt, "PCMU");
	HASNOT(txt, "telephone-event/8000");
	HASNOT(txt, "rtcp-mux");
}


Test(sdp, opus_fec_off_and_defaults)
{
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 96\r\n"
		"a=rtpmap:96 opus/48000/2\r\n"
		"a=fmtp:96 useinbandfec=0;maxaveragebitrate=64000\r\n"), 0);

	cr_assert_eq(em.pt, 96);
	cr_assert(!em.enc.fec, "remote useinbandfec=0 must win");
	cr_assert(!em.enc.dtx);
	cr_assert(!em.enc.stereo);
	cr_assert_eq(em.enc.bitrate, 32000, "our lower default is kept");
	cr_assert_eq(em.enc.ptime, 20);
	cr_assert_eq(em.te_pt, -1);
}


Test(sdp, opus_no_fmtp_uses_our_defaults)
{
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 111\r\n"
		"a=rtpmap:111 opus/48000/2\r\n"), 0);
	cr_assert(em.enc.fec);
	cr_assert_eq(em.enc.bitrate, 32000);
}


struct ptcase {
	const char *attrs;
	uint32_t want;
};

Test(sdp, ptime_rounding_and_maxptime)
{
	static const struct ptcase v[] = {
		{"", 20},
		{"a=ptime:30\r\n", 20},
		{"a=ptime:35\r\n", 40},
		{"a=ptime:10\r\n", 10},
		{"a=ptime:100\r\n", 60},
		{"a=ptime:60\r\na=maxptime:40\r\n", 40},
		{"a=maxptime:10\r\n", 10},
		{"a=ptime:20\r\na=maxptime:5\r\n", 10},
	};
	char buf[512];

	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		struct sig_sdp *s = mk(dflt_order, true);

		re_snprintf(buf, sizeof(buf), HDR
			    "m=audio 4000 RTP/AVP 0\r\n%s", v[i].attrs);
		cr_assert_eq(offer_s(s, buf), 0);
		cr_expect_eq(em.enc.ptime, v[i].want, "case %zu: %u != %u",
			     i, em.enc.ptime, v[i].want);
		mem_deref(s);
	}
}


Test(sdp, g711_our_preference_not_remote_order)
{
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/AVP 8 0\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "PCMU");
	cr_assert_eq(em.pt, 0);
	cr_assert_eq(em.te_pt, -1);

	answer_txt();
	HAS(txt, "m=audio 30000 RTP/AVP 0\r\n");
	HAS(txt, "a=rtpmap:0 PCMU/8000\r\n");
	HASNOT(txt, "PCMA");
	HASNOT(txt, "opus");
}


Test(sdp, g711_pcma_preferred)
{
	static const char *const order[] = {"PCMA", "PCMU", NULL};
	struct sig_sdp *s = mk(order, true);

	cr_assert_eq(offer_s(s, HDR "m=audio 4000 RTP/AVP 0 8\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "PCMA");
	cr_assert_eq(em.pt, 8);
	encode_s(s, false, false);
	HAS(txt, "m=audio 30000 RTP/AVP 8\r\n");
	HASNOT(txt, "PCMU");
	mem_deref(s);
}


Test(sdp, g722_with_dtmf_8k)
{
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 9 0 8 101\r\n"
		"a=rtpmap:101 telephone-event/8000\r\n"
		"a=fmtp:101 0-16\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "G722");
	cr_assert_eq(em.pt, 9);
	cr_assert_eq(em.te_pt, 101);
	cr_assert_eq(em.te_rate, 8000);
	cr_assert_eq(em.enc.bitrate, 0);
	cr_assert(!em.enc.fec);

	answer_txt();
	HAS(txt, "m=audio 30000 RTP/AVP 9 101\r\n");
}


Test(sdp, dtmf_clock_follows_codec)
{
	/* opus chosen: telephone-event/48000 although 8000 comes first */
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 111 0 100 96\r\n"
		"a=rtpmap:111 opus/48000/2\r\n"
		"a=rtpmap:100 telephone-event/8000\r\n"
		"a=rtpmap:96 telephone-event/48000\r\n"), 0);
	cr_assert_eq(em.te_pt, 96);
	cr_assert_eq(em.te_rate, 48000);
	answer_txt();
	HAS(txt, "m=audio 30000 RTP/AVP 111 96\r\n");
	HASNOT(txt, "telephone-event/8000");
}


Test(sdp, dtmf_pcmu_picks_8k)
{
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 0 100 96\r\n"
		"a=rtpmap:100 telephone-event/8000\r\n"
		"a=rtpmap:96 telephone-event/48000\r\n"), 0);
	cr_assert_eq(em.te_pt, 100);
	cr_assert_eq(em.te_rate, 8000);
	answer_txt();
	HAS(txt, "m=audio 30000 RTP/AVP 0 100\r\n");
	HASNOT(txt, "telephone-event/48000");
}


Test(sdp, dtmf_other_clock_when_only_one)
{
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 111 101\r\n"
		"a=rtpmap:111 opus/48000/2\r\n"
		"a=rtpmap:101 telephone-event/8000\r\n"), 0);
	cr_assert_eq(em.te_pt, 101);
	cr_assert_eq(em.te_rate, 8000);
}


Test(sdp, remote_pts_colliding_with_ours)
{
	/* their telephone-event uses 111, our default Opus PT */
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 96 111\r\n"
		"a=rtpmap:96 opus/48000/2\r\n"
		"a=rtpmap:111 telephone-event/48000\r\n"), 0);
	cr_assert_eq(em.pt, 96);
	cr_assert_eq(em.te_pt, 111);
	answer_txt();
	HAS(txt, "m=audio 30000 RTP/AVP 96 111\r\n");
	HAS(txt, "a=rtpmap:96 opus/48000/2\r\n");
	HAS(txt, "a=rtpmap:111 telephone-event/48000\r\n");
}


Test(sdp, codec_offered_twice)
{
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 96 97\r\n"
		"a=rtpmap:96 opus/48000/2\r\n"
		"a=fmtp:96 useinbandfec=0\r\n"
		"a=rtpmap:97 opus/48000/2\r\n"
		"a=fmtp:97 useinbandfec=1;usedtx=1\r\n"), 0);
	answer_txt();
	cr_assert_eq(em.pt, 97);
	cr_assert(em.enc.dtx, "fmtp must come from the PT we answer");
	HAS(txt, "m=audio 30000 RTP/AVP 97\r\n");
}


Test(sdp, payload_types_out_of_range_ignored)
{
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 999 -1 0 300\r\n"
		"a=rtpmap:999 opus/48000/2\r\n"
		"a=rtpmap:-1 G722/8000\r\n"
		"a=rtpmap:300 telephone-event/8000\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "PCMU");
	cr_assert_eq(em.pt, 0);
	cr_assert_eq(em.te_pt, -1);
}


Test(sdp, no_sdp_offer_then_answer_pcma)
{
	encode_s(sdp, true, false);
	HAS(txt, "m=audio 30000 RTP/AVP 111 9 0 8 101 110\r\n");
	HAS(txt, "a=rtpmap:111 opus/48000/2\r\n");
	HAS(txt, "a=fmtp:111 minptime=10;useinbandfec=1\r\n");
	HAS(txt, "a=rtpmap:9 G722/8000\r\n");
	HAS(txt, "a=rtpmap:0 PCMU/8000\r\n");
	HAS(txt, "a=rtpmap:8 PCMA/8000\r\n");
	HAS(txt, "a=rtpmap:101 telephone-event/8000\r\n");
	HAS(txt, "a=rtpmap:110 telephone-event/48000\r\n");
	HAS(txt, "a=sendrecv\r\n");
	HAS(txt, "a=ptime:20\r\n");
	HASNOT(txt, "rtcp-mux");

	cr_assert_eq(answer_in(HDR "m=audio 5000 RTP/AVP 8\r\n"
			       "a=rtpmap:8 PCMA/8000\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "PCMA");
	cr_assert_eq(em.pt, 8);
	cr_assert_eq(em.te_pt, -1);
	cr_assert_eq(sa_port(&em.rtp_addr), 5000);
	cr_assert(!em.rtcp_mux);
	cr_assert(em.send && em.recv);
}


Test(sdp, no_sdp_answer_opus_with_dtmf)
{
	encode_s(sdp, true, false);
	cr_assert_eq(answer_in(HDR "m=audio 5000 RTP/AVP 111 110\r\n"
			       "a=rtpmap:111 opus/48000/2\r\n"
			       "a=fmtp:111 useinbandfec=0\r\n"
			       "a=rtpmap:110 telephone-event/48000\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "opus");
	cr_assert_eq(em.pt, 111);
	cr_assert_eq(em.te_pt, 110);
	cr_assert(!em.enc.fec);
}


Test(sdp, no_sdp_answer_rejected)
{
	encode_s(sdp, true, false);
	cr_assert_eq(answer_in(HDR "m=audio 0 RTP/AVP 8\r\n"), ENOENT);
	cr_assert_eq(answer_in(HDR "m=video 5000 RTP/AVP 96\r\n"), EPROTO);
	cr_assert_eq(answer_in("junk"), EBADMSG);
}


Test(sdp, audio_and_video)
{
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 0\r\n"
		"m=video 4002 RTP/AVP 96\r\n"
		"a=rtpmap:96 H264/90000\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "PCMU");
	answer_txt();
	HAS(txt, "m=audio 30000 RTP/AVP 0\r\n");
	HAS(txt, "m=video 0 RTP/AVP");
	cr_assert_lt(strstr(txt, "m=audio"), strstr(txt, "m=video"));
}


Test(sdp, video_first_then_audio)
{
	cr_assert_eq(offer(HDR
		"m=video 4002 RTP/AVP 96\r\n"
		"a=rtpmap:96 VP8/90000\r\n"
		"m=application 5000 UDP/BFCP *\r\n"
		"m=audio 4000 RTP/AVP 8\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "PCMA");
	cr_assert_eq(sa_port(&em.rtp_addr), 4000);
	answer_txt();
	HAS(txt, "m=video 0 RTP/AVP");
	HAS(txt, "m=application 0 UDP/BFCP");
	HAS(txt, "m=audio 30000 RTP/AVP 8\r\n");
	cr_assert_lt(strstr(txt, "m=video"), strstr(txt, "m=application"));
	cr_assert_lt(strstr(txt, "m=application"), strstr(txt, "m=audio"));
}


Test(sdp, second_audio_declined)
{
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 0\r\n"
		"m=audio 4002 RTP/AVP 8\r\n"), 0);
	cr_assert_eq(sa_port(&em.rtp_addr), 4000);
	answer_txt();
	HAS(txt, "m=audio 30000 RTP/AVP 0\r\n");
	HAS(txt, "m=audio 0 RTP/AVP");
}


Test(sdp, avpf_accepted_savp_declined)
{
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/AVPF 0\r\n"), 0);
	answer_txt();
	HAS(txt, "m=audio 30000 RTP/AVPF 0\r\n");

	teardown();
	setup();
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/SAVP 0\r\n"
			   "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
			   "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9\r\n"),
		     ENOENT);

	/* SDES offered first with a plain RTP/AVP fallback line */
	teardown();
	setup();
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/SAVP 0\r\n"
			   "m=audio 4002 RTP/AVP 0\r\n"), 0);
	cr_assert_eq(sa_port(&em.rtp_addr), 4002);
	answer_txt();
	HAS(txt, "m=audio 0 RTP/SAVP");
	HAS(txt, "m=audio 30000 RTP/AVP 0\r\n");
}


Test(sdp, garbage_in_declined_section_ignored)
{
	/* RFC 4475 sdp01: "a=rtpmap:31 LPC" has no clock rate; libre
	 * would fail the whole body on it */
	cr_assert_eq(offer(HDR
		"m=audio 4000 RTP/AVP 0 12\r\n"
		"m=video 3227 RTP/AVP 31\r\n"
		"a=rtpmap:31 LPC\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "PCMU");
	answer_txt();
	HAS(txt, "m=video 0 RTP/AVP");
	HASNOT(txt, "LPC");
}


Test(sdp, missing_final_crlf_and_bare_lf)
{
	cr_assert_eq(offer("v=0\no=- 1 1 IN IP4 198.51.100.7\ns=-\n"
			   "c=IN IP4 198.51.100.7\nt=0 0\n"
			   "m=audio 4000 RTP/AVP 8"), 0);
	cr_assert_str_eq(em.codec->name, "PCMA");
	cr_assert_eq(sa_port(&em.rtp_addr), 4000);
}


Test(sdp, nothing_common)
{
	static const char *const v[] = {
		HDR "m=audio 4000 RTP/AVP 3 18\r\n",
		HDR "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/48000\r\n",
		HDR "m=video 4000 RTP/AVP 96\r\n",
		HDR "m=audio 0 RTP/AVP 0\r\n",
		HDR,
	};

	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		struct sig_sdp *s = mk(dflt_order, true);

		cr_expect_eq(offer_s(s, v[i]), ENOENT, "case %zu", i);
		mem_deref(s);
	}
}


Test(sdp, only_dtmf_is_not_enough)
{
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/AVP 101\r\n"
			   "a=rtpmap:101 telephone-event/8000\r\n"), ENOENT);
}


Test(sdp, malformed)
{
	static const char *const bad[] = {
		"",
		"hello world\r\n",
		"v=0\r\nthis is not sdp\r\n",
		"v=1\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n",
		HDR "m=audio\r\n",
		HDR "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0\r\n",
		HDR "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus\r\n",
		HDR "c=IN IP4\r\n",
		HDR "m=audio 4000 RTP/AVP 0\r\nm",
		"<html>\r\n",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&em, 0x5a, sizeof(em));
		cr_expect_eq(offer(bad[i]), EBADMSG, "case %zu", i);
		cr_expect_eq(em.pt, 0x5a, "case %zu touched *m", i);
	}
}


Test(sdp, rtcp_mux_offered)
{
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/AVP 0\r\n"
			   "a=rtcp-mux\r\n"), 0);
	cr_assert(em.rtcp_mux);
	cr_assert(sa_cmp(&em.rtcp_addr, &em.rtp_addr, SA_ALL));
	answer_txt();
	HAS(txt, "a=rtcp-mux\r\n");
}


Test(sdp, rtcp_not_muxed)
{
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/AVP 0\r\n"
			   "a=rtcp:4005\r\n"), 0);
	cr_assert(!em.rtcp_mux);
	cr_assert_eq(sa_port(&em.rtcp_addr), 4005);
	answer_txt();
	HASNOT(txt, "rtcp-mux");
}


Test(sdp, rtcp_mux_kept_once_bound)
{
	/* bound without mux: a later re-offer with mux is answered without */
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/AVP 0\r\n"), 0);
	answer_txt();
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/AVP 0\r\n"
			   "a=rtcp-mux\r\n"), 0);
	cr_assert(!em.rtcp_mux);
	answer_txt();
	HASNOT(txt, "rtcp-mux");
}


struct dircase {
	const char *attr;
	bool send, recv;
	const char *ans;
};

Test(sdp, directions)
{
	static const struct dircase v[] = {
		{"a=sendrecv\r\n", true, true, "a=sendrecv"},
		{"", true, true, "a=sendrecv"},
		{"a=sendonly\r\n", false, true, "a=recvonly"},
		{"a=recvonly\r\n", true, false, "a=sendonly"},
		{"a=inactive\r\n", false, false, "a=inactive"},
	};
	char buf[512];

	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		re_snprintf(buf, sizeof(buf), HDR
			    "m=audio 4000 RTP/AVP 0\r\n%s", v[i].attr);
		cr_assert_eq(offer(buf), 0);
		cr_expect_eq(em.send, v[i].send, "case %zu send", i);
		cr_expect_eq(em.recv, v[i].recv, "case %zu recv", i);
		answer_txt();
		HAS(txt, v[i].ans);
	}
}


Test(sdp, session_level_direction)
{
	cr_assert_eq(offer("v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\n"
			   "c=IN IP4 198.51.100.7\r\nt=0 0\r\na=sendonly\r\n"
			   "m=audio 4000 RTP/AVP 0\r\n"), 0);
	cr_assert(!em.send);
	cr_assert(em.recv);
}


Test(sdp, old_style_hold)
{
	cr_assert_eq(offer("v=0\r\no=- 1 2 IN IP4 198.51.100.7\r\ns=-\r\n"
			   "c=IN IP4 0.0.0.0\r\nt=0 0\r\n"
			   "m=audio 4000 RTP/AVP 0\r\n"), 0);
	cr_assert(!em.send);
	cr_assert(em.recv);
	answer_txt();
	HAS(txt, "a=recvonly\r\n");
}


Test(sdp, reoffer_codec_change_and_hold)
{
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/AVP 0 8\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "PCMU");
	answer_txt();
	HAS(txt, "o=- ");

	/* re-offer: PCMA only, new port */
	cr_assert_eq(offer(HDR "m=audio 4100 RTP/AVP 8\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "PCMA");
	cr_assert_eq(sa_port(&em.rtp_addr), 4100);
	answer_txt();
	HAS(txt, "m=audio 30000 RTP/AVP 8\r\n");
	HASNOT(txt, "PCMU");

	/* hold, then resume with opus at another PT */
	cr_assert_eq(offer(HDR "m=audio 4100 RTP/AVP 8\r\na=sendonly\r\n"),
		     0);
	cr_assert(!em.send && em.recv);
	answer_txt();
	HAS(txt, "a=recvonly\r\n");

	cr_assert_eq(offer(HDR "m=audio 4100 RTP/AVP 98 8\r\n"
			   "a=rtpmap:98 opus/48000/2\r\n"), 0);
	cr_assert_str_eq(em.codec->name, "opus");
	cr_assert_eq(em.pt, 98);
	cr_assert(em.send && em.recv);
	answer_txt();
	HAS(txt, "m=audio 30000 RTP/AVP 98\r\n");
	HAS(txt, "a=sendrecv\r\n");
}


Test(sdp, reoffer_mismatched_mline)
{
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/AVP 0\r\n"), 0);
	answer_txt();
	cr_assert_eq(offer(HDR "m=video 4000 RTP/AVP 96\r\n"
			   "m=audio 4000 RTP/AVP 0\r\n"), ENOTSUP);
}


Test(sdp, our_offer_after_negotiation_has_fresh_pts)
{
	/* their PTs replace ours in the answer; a later offer from us
	 * (re-INVITE without SDP) must not list one PT twice */
	cr_assert_eq(offer(HDR "m=audio 4000 RTP/AVP 101 0\r\n"
			   "a=rtpmap:101 opus/48000/2\r\n"), 0);
	answer_txt();
	encode_s(sdp, true, false);
	HAS(txt, "m=audio 30000 RTP/AVP 111 9 0 8 101 110\r\n");
	HAS(txt, "a=rtpmap:101 telephone-event/8000\r\n");
}


Test(sdp, alloc_rejects_bad_prefs)
{
	struct sig_sdp_prefs p;
	struct sig_sdp *s = NULL;
	struct sa laddr;

	memset(&p, 0, sizeof(p));
	sa_set_str(&laddr, "127.0.0.1", 0);
	cr_assert_eq(sig_sdp_alloc(&s, &p, &laddr), EINVAL);
	p.ncodecs = 1;
	cr_assert_eq(sig_sdp_alloc(&s, &p, &laddr), EINVAL);
	cr_assert_null(s);
}


/* DTMF by SIP INFO (sig_event.c), also pure logic. */
static int dtmf(const char *ctype, const char *body, char *digit)
{
	struct msg_ctype ct;
	struct pl pl, b;

	pl_set_str(&pl, ctype);
	cr_assert_eq(msg_ctype_decode(&ct, &pl), 0);
	pl_set_str(&b, body);
	return sig_dtmf_decode(digit, &ct, &b);
}

Test(info, dtmf_bodies)
{
	static const struct {
		const char *ctype, *body;
		int err;
		char digit;
	} v[] = {
		{"application/dtmf-relay", "Signal=5\r\nDuration=160\r\n",
		 0, '5'},
		{"application/dtmf-relay", "signal = *\r\nduration=100", 0,
		 '*'},
		{"application/dtmf-relay", "Signal=#", 0, '#'},
		{"application/dtmf-relay", "Signal=11\r\n", 0, '#'},
		{"application/dtmf-relay", "Signal=a\r\n", 0, 'A'},
		{"Application/DTMF-Relay", "Duration=1\r\nSignal=9\r\n", 0,
		 '9'},
		{"application/dtmf", "7", 0, '7'},
		{"application/dtmf", " 3\r\n", 0, '3'},
		{"application/dtmf-relay", "Signal=Z", EBADMSG, 0},
		{"application/dtmf-relay", "Signal=16", EBADMSG, 0},
		{"application/dtmf-relay", "Duration=160", EBADMSG, 0},
		{"application/dtmf", "55", EBADMSG, 0},
		{"application/dtmf", "", EBADMSG, 0},
		{"application/media_control+xml", "<x/>", ENOTSUP, 0},
		{"text/plain", "5", ENOTSUP, 0},
	};

	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		char d = 0;

		cr_expect_eq(dtmf(v[i].ctype, v[i].body, &d), v[i].err,
			     "case %zu", i);
		if (!v[i].err)
			cr_expect_eq(d, v[i].digit, "case %zu: %c", i, d);
	}
}


Test(info, room_names)
{
	static const struct {
		const char *name;
		bool ok;
	} v[] = {
		{"room1", true}, {"a.b_c-D9", true}, {"", false},
		{"bad room", false}, {"x%20y", false}, {"r@", false},
	};
	char longname[66];
	struct pl pl;

	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		pl_set_str(&pl, v[i].name);
		cr_expect_eq(sig_room_name_valid(&pl), v[i].ok, "%s",
			     v[i].name);
	}

	memset(longname, 'r', sizeof(longname));
	pl.p = longname;
	pl.l = 64;
	cr_expect(sig_room_name_valid(&pl));
	pl.l = 65;
	cr_expect(!sig_room_name_valid(&pl));
}
