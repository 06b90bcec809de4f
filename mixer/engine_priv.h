/*
 * engine_priv.h: the engine's main-thread bookkeeping, shared by
 * engine.c (placement, routing, events) and engine_ctl.c (controls and
 * published state).
 */
#ifndef CONSORT_ENGINE_PRIV_H
#define CONSORT_ENGINE_PRIV_H

#include "mix_priv.h"

/* Where a room or participant lives (main-thread bookkeeping). */
struct route {
	struct le he;
	uint32_t id;
	unsigned worker;
	uint32_t room_id;       /* participants: their room               */
	bool is_room;
	bool have_stats;
	struct engine_part_stats st;   /* participants: last published    */
};


struct engine {
	struct worker **workers;
	unsigned n;
	unsigned *load;         /* [participants] per worker, + rooms      */
	struct engine_worker_stats *wst;  /* last published, per worker    */
	struct hash *routes;    /* room and participant ids -> route        */
	uint32_t next_room;
	struct engine_handlers h;
	struct engine_config cfg;
};

uint32_t room_key(uint32_t room_id);
struct route *route_find(const struct engine *e, uint32_t key);
int  engine_room_cmd(struct engine *e, uint32_t room_id, enum cmd_type type,
		     void *data);
void engine_log_stats(const struct worker_stats *st);

#endif
