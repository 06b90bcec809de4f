/*
 * app.js: the Consort dashboard. Plain JS, no build step, no external
 * resources.
 *
 * State comes from the API (docs/api.md): GET /v1/status, /v1/rooms and
 * /v1/rooms/{room} every 2 s and soon after any event. The event stream (/v1/events?levels=1) drives the
 * level bars (level events, 200 ms) and the talking dots. Rooms and
 * participants are keyed DOM nodes updated in place, so a refresh does
 * not restart the bars' transitions or swallow a click.
 *
 * A ?token=T in the page's URL is sent as "Authorization: Bearer T" and
 * as ?token=T on the EventSource URL.
 *
 * Test hooks: section[data-room], tr[data-participant] (with
 * data-muted, data-deaf, data-talking), .level[data-level],
 * .talking[data-talking], button[data-action=mute|unmute|kick],
 * #conn[data-state=live|connecting|down].
 */
'use strict';

(function () {
	const REFRESH_MS = 2000;
	const SOON_MS = 150;        /* refresh after an event */
	const KICK_CONFIRM_MS = 3000;
	const LEVEL_FLOOR = -60;    /* [dBov] empty bar */
	const EVENT_TYPES = [
		'room.created', 'room.ended', 'room.locked', 'room.unlocked',
		'participant.joined', 'participant.left',
		'participant.muted', 'participant.unmuted',
		'participant.deaf', 'participant.undeaf',
		'participant.kicked', 'talking.start', 'talking.stop',
		'dtmf', 'dial.progress', 'dial.failed', 'play.done',
	];

	const token = new URLSearchParams(location.search).get('token');
	const $ = (id) => document.getElementById(id);
	const roomsEl = $('rooms');
	const rooms = new Map();    /* name -> {el, parts: Map(id -> row)} */
	let refreshTimer = null;
	let soonTimer = null;

	/* ---- API ------------------------------------------------------ */

	function apiErrorText(status, body) {
		const e = body && body.error;
		if (e && e.code)
			return (e.message || e.code) + ' (' + status + ' ' +
				e.code + ')';
		return 'HTTP ' + status;
	}

	async function api(method, path, body) {
		const headers = {Accept: 'application/json'};
		if (token)
			headers.Authorization = 'Bearer ' + token;
		if (body !== undefined)
			headers['Content-Type'] = 'application/json';

		const res = await fetch(path, {
			method: method,
			headers: headers,
			body: body === undefined ? undefined :
				JSON.stringify(body),
			cache: 'no-store',
		});
		let data = null;
		try {
			data = await res.json();
		} catch (e) {
			data = null;
		}
		if (!res.ok) {
			const err = new Error(apiErrorText(res.status, data));
			err.status = res.status;
			throw err;
		}
		return data;
	}

	const roomPath = (room) => '/v1/rooms/' + encodeURIComponent(room);
	const partPath = (room, id) => roomPath(room) + '/participants/' +
		encodeURIComponent(id);

	/* ---- messages ------------------------------------------------- */

	let errorTimer = null;

	function showError(text) {
		const el = $('error');
		el.textContent = text;
		el.hidden = false;
		clearTimeout(errorTimer);
		errorTimer = setTimeout(() => { el.hidden = true; }, 6000);
	}

	function clearError() {
		$('error').hidden = true;
	}

	/* ---- formatting ----------------------------------------------- */

	function num(v, unit, decimals) {
		if (typeof v !== 'number' || !isFinite(v))
			return '–';
		const s = decimals ? v.toFixed(decimals).replace(/\.?0+$/, '')
			: String(Math.round(v));
		return s + unit;
	}

	function clock(iso) {
		if (!iso)
			return '–';
		const d = new Date(iso);
		if (isNaN(d))
			return iso;
		return d.toLocaleTimeString([], {hour12: false});
	}

	function uptime(s) {
		s = Math.max(0, Math.floor(s || 0));
		const d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24;
		const m = Math.floor(s / 60) % 60;
		if (d)
			return d + 'd ' + h + 'h';
		if (h)
			return h + 'h ' + m + 'm';
		if (m)
			return m + 'm ' + (s % 60) + 's';
		return s + 's';
	}

	function setText(el, text) {
		if (el.textContent !== text)
			el.textContent = text;
	}

	/* ---- level bar and talking dot -------------------------------- */

	function setLevel(row, dbov) {
		if (typeof dbov !== 'number' || !isFinite(dbov))
			return;
		const bar = row.querySelector('.level');
		const frac = Math.min(1, Math.max(0,
			(dbov - LEVEL_FLOOR) / -LEVEL_FLOOR));
		bar.dataset.level = String(Math.round(dbov));
		bar.firstElementChild.style.width = (frac * 100).toFixed(1) +
			'%';
		setText(row.querySelector('.level-db'),
			dbov <= -80 ? '' : Math.round(dbov) + ' dB');
	}

	function setTalking(row, on) {
		const dot = row.querySelector('.talking');
		row.dataset.talking = String(!!on);
		dot.dataset.talking = String(!!on);
	}

	/* ---- rooms and participants ----------------------------------- */

	function roomEntry(name) {
		let r = rooms.get(name);
		if (r)
			return r;

		const el = $('room-tpl').content.firstElementChild
			.cloneNode(true);
		el.dataset.room = name;
		el.id = 'room-' + name;
		el.querySelector('.room-name').textContent = name;
		r = {el: el, parts: new Map()};
		rooms.set(name, r);

		/* keep rooms sorted by name */
		const after = [...rooms.keys()].sort()
			.find((n) => n > name && rooms.get(n).el.isConnected);
		roomsEl.insertBefore(el, after ? rooms.get(after).el : null);
		return r;
	}

	function dropRoom(name) {
		const r = rooms.get(name);
		if (!r)
			return;
		r.el.remove();
		rooms.delete(name);
	}

	function updateRoomHead(r, room) {
		const el = r.el;
		const n = room.participant_count !== undefined ?
			room.participant_count :
			(room.participants || []).length;
		const playing = room.playing && typeof room.playing ===
			'object' ? room.playing.file : room.playing;

		el.dataset.locked = String(!!room.locked);
		setText(el.querySelector('.room-count'),
			n + (n === 1 ? ' participant' : ' participants'));
		el.querySelector('.room-locked').hidden = !room.locked;
		const pl = el.querySelector('.room-playing');
		pl.hidden = !playing;
		setText(pl, playing ? '♪ ' + String(playing).split('/').pop() :
			'');
		pl.title = playing || '';
		setText(el.querySelector('.room-worker'),
			room.worker !== undefined ? 'worker ' + room.worker :
			'');
	}

	function partRow(r, room, id) {
		let row = r.parts.get(id);
		if (row)
			return row;

		row = $('part-tpl').content.firstElementChild.cloneNode(true);
		row.dataset.participant = String(id);
		row.dataset.room = room;
		row.id = 'part-' + room + '-' + id;
		for (const b of row.querySelectorAll('button')) {
			b.dataset.participant = String(id);
			b.dataset.room = room;
		}
		r.parts.set(id, row);
		r.el.querySelector('tbody').appendChild(row);
		return row;
	}

	function updatePart(row, p) {
		const name = p.display_name || '';
		setText(row.querySelector('.who-name'),
			name || (p.uri || '').replace(/^sips?:/, ''));
		setText(row.querySelector('.who-uri'), name ? p.uri || '' : '');
		row.querySelector('.c-who').title = p.remote ?
			p.uri + ' from ' + p.remote : p.uri || '';

		row.dataset.muted = String(!!p.muted);
		row.dataset.deaf = String(!!p.deaf);
		row.querySelector('.st-muted').hidden = !p.muted;
		row.querySelector('.st-deaf').hidden = !p.deaf;
		row.querySelector('.st-hold').hidden = !p.hold;

		setText(row.querySelector('.jitter'), num(p.jitter_ms, ' ms', 1));
		setText(row.querySelector('.loss'), num(p.loss_pct, '%', 1));
		setText(row.querySelector('.delay'),
			num(p.jb_delay_ms, ' ms', 0));
		setText(row.querySelector('.codec'), p.codec || '–');
		setText(row.querySelector('.joined'), clock(p.joined_at));

		const mute = row.querySelector('.btn-mute');
		mute.dataset.action = p.muted ? 'unmute' : 'mute';
		setText(mute, p.muted ? 'Unmute' : 'Mute');
		mute.classList.toggle('on', !!p.muted);

		setTalking(row, p.talking);
		setLevel(row, p.level_dbov);
	}

	function updateRoom(room) {
		const r = roomEntry(room.name);
		const seen = new Set();

		updateRoomHead(r, room);
		for (const p of room.participants || []) {
			seen.add(p.id);
			updatePart(partRow(r, room.name, p.id), p);
		}
		for (const [id, row] of r.parts) {
			if (!seen.has(id)) {
				row.remove();
				r.parts.delete(id);
			}
		}
		r.el.querySelector('.room-empty').hidden = r.parts.size > 0;
		r.el.querySelector('table').hidden = r.parts.size === 0;
	}

	/* ---- refresh -------------------------------------------------- */

	let refreshing = false;

	async function refresh() {
		clearTimeout(refreshTimer);
		if (refreshing) {
			refreshSoon();
			return;
		}
		refreshing = true;
		refreshStatus();
		try {
			const list = await api('GET', '/v1/rooms');
			const names = new Set(list.rooms.map((x) => x.name));
			for (const name of [...rooms.keys()])
				if (!names.has(name))
					dropRoom(name);
			const full = await Promise.all(list.rooms.map((x) =>
				api('GET', roomPath(x.name)).catch((e) => {
					if (e.status === 404)
						return null;  /* ended meanwhile */
					throw e;
				})));
			for (const room of full)
				if (room)
					updateRoom(room);
			$('empty').hidden = rooms.size > 0;
			clearError();
		} catch (e) {
			showError('Cannot load rooms: ' + e.message);
		} finally {
			refreshing = false;
			refreshTimer = setTimeout(refresh, REFRESH_MS);
		}
	}

	function refreshSoon() {
		clearTimeout(soonTimer);
		soonTimer = setTimeout(refresh, SOON_MS);
	}

	async function refreshStatus() {
		try {
			const s = await api('GET', '/v1/status');
			const node = $('node');
			node.dataset.state = s.draining ? 'draining' : 'ok';
			setText($('node-version'), 'consortd ' + s.version);
			setText($('node-uptime'), 'up ' + uptime(s.uptime_s));
			const plural = (n, w) => n + ' ' + w +
				(n === 1 ? '' : 's');
			setText($('node-counts'), plural(s.rooms, 'room') +
				' · ' + plural(s.participants, 'participant') +
				' · ' + plural((s.workers || []).length,
					'worker'));
			$('node-draining').hidden = !s.draining;
		} catch (e) {
			$('node').dataset.state = 'unknown';
		}
	}

	/* ---- actions -------------------------------------------------- */

	async function act(btn) {
		const room = btn.dataset.room, id = btn.dataset.participant;
		const action = btn.dataset.action;

		if (action === 'kick' && btn.dataset.confirm !== 'yes') {
			btn.dataset.confirm = 'yes';
			btn.textContent = 'Sure?';
			setTimeout(() => {
				btn.dataset.confirm = '';
				btn.textContent = 'Kick';
			}, KICK_CONFIRM_MS);
			return;
		}

		btn.disabled = true;
		try {
			if (action === 'kick') {
				await api('DELETE', partPath(room, id));
				const r = rooms.get(room);
				const row = r && r.parts.get(Number(id));
				if (row)
					row.classList.add('leaving');
			} else {
				const p = await api('POST', partPath(room, id) +
					'/' + action);
				const r = rooms.get(room);
				const row = r && r.parts.get(p.id);
				if (row)
					updatePart(row, p);
			}
			refreshSoon();
		} catch (e) {
			showError(action + ' ' + room + '/' + id + ': ' +
				e.message);
		} finally {
			btn.disabled = false;
		}
	}

	roomsEl.addEventListener('click', (ev) => {
		const btn = ev.target.closest('button[data-action]');
		if (btn && !btn.disabled)
			act(btn);
	});

	/* ---- event stream --------------------------------------------- */

	function setConn(state, text) {
		const c = $('conn');
		c.dataset.state = state;
		setText($('conn-text'), text);
	}

	function onLevel(ev) {
		let d;
		try {
			d = JSON.parse(ev.data);
		} catch (e) {
			return;
		}
		const r = rooms.get(d.room);
		if (!r || !d.levels)
			return;
		for (const [id, dbov] of Object.entries(d.levels)) {
			const row = r.parts.get(Number(id));
			if (row)
				setLevel(row, dbov);
		}
	}

	function onEvent(ev) {
		let d;
		try {
			d = JSON.parse(ev.data);
		} catch (e) {
			return;
		}
		const r = rooms.get(d.room);
		const row = r && r.parts.get(Number(d.participant));
		if (row && (d.type === 'talking.start' ||
			    d.type === 'talking.stop'))
			setTalking(row, d.type === 'talking.start');
		else
			refreshSoon();
	}

	function connect() {
		const url = '/v1/events?levels=1' + (token ?
			'&token=' + encodeURIComponent(token) : '');
		const es = new EventSource(url);

		es.onopen = () => {
			setConn('live', 'live');
			refreshSoon();
		};
		es.onerror = () => {
			setConn(es.readyState === EventSource.CLOSED ? 'down' :
				'connecting', es.readyState ===
				EventSource.CLOSED ? 'disconnected' :
				'reconnecting');
			if (es.readyState === EventSource.CLOSED)
				setTimeout(connect, 3000);
		};
		es.addEventListener('level', onLevel);
		for (const t of EVENT_TYPES)
			es.addEventListener(t, onEvent);
	}

	refresh();
	connect();
})();
