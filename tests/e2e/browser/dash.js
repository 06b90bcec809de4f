#!/usr/bin/env node
// dash.js: drive the Consort dashboard in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core) for tests/e2e/test_dashboard.sh.
//
// usage: node dash.js --url URL --out DIR --who TEXT [--parts N]
//                     [--sample S] [--no-mute] [--hold S] [--kick TEXT2]
//   Opens URL, waits for N (default 2) participant rows, picks the row
//   whose name/URI contains TEXT, samples its level bar and talking dot
//   every 100 ms for S seconds (default 3), saves DIR/dashboard.png,
//   clicks its Mute button and waits until the row shows muted, waits
//   --hold seconds (0.5), saves DIR/dashboard-muted.png. With --kick,
//   clicks Kick twice (the first click asks "Sure?") on the row with
//   TEXT2 and waits for the row to go (DIR/dashboard-kicked.png).
//   Prints one JSON object on stdout: {id, room, levels: [dBov...],
//   widths: [%...], talking: n samples, click_ms, muted_ms, kick_asks,
//   kick_ms, kicked, kicked_ms (epoch ms), console: [errors]}.
// Exit status: 0 done, 1 a step failed (message on stderr).
'use strict';

const path = require('path');
const fs = require('fs');
const {chromium} = require('playwright-core');

function args(argv) {
	const a = {parts: 2, sample: 3, hold: 0.5, mute: true};
	for (let i = 2; i < argv.length; i++) {
		const k = argv[i];
		if (k === '--no-mute')
			a.mute = false;
		else if (k.startsWith('--'))
			a[k.slice(2)] = argv[++i];
	}
	if (!a.url || !a.out || !a.who)
		throw new Error('usage: dash.js --url URL --out DIR --who TEXT');
	a.parts = Number(a.parts);
	a.sample = Number(a.sample);
	a.hold = Number(a.hold);
	return a;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
	const a = args(process.argv);
	const profile = fs.mkdtempSync(path.join(a.out, 'chromium-'));

	try {
		await run(a, profile);
	} finally {
		fs.rmSync(profile, {recursive: true, force: true});
	}
}

// Kick the participant whose row contains TEXT: two clicks (the first
// asks "Sure?"), then its row must disappear.
async function kick(page, text, out, result) {
	const row = page.locator('tr[data-participant]', {hasText: text});
	if (await row.count() !== 1)
		throw new Error('want 1 row with "' + text + '" to kick');
	const id = await row.getAttribute('data-participant');
	const btn = row.locator('button[data-action="kick"]');

	await btn.click({timeout: 5000});
	result.kick_asks = await btn.textContent();
	result.kick_ms = Date.now();
	await btn.click({timeout: 5000});
	await page.waitForFunction((i) => !document.querySelector(
		'tr[data-participant="' + i + '"]'), id, {timeout: 8000});
	result.kicked = Number(id);
	result.kicked_ms = Date.now();
	await page.screenshot({path: path.join(out, 'dashboard-kicked.png'),
		fullPage: true});
}

async function run(a, profile) {
	// a fresh profile: playwright passes it as --user-data-dir
	const browser = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu',
			'--disable-quic', '--no-first-run',
			'--disable-background-networking',
			'--disable-component-update', '--disable-sync'],
		viewport: {width: 1280, height: 720},
		timeout: 30000,
	});
	const result = {console: []};
	let page = null;
	try {
		page = await browser.newPage();
		page.on('console', (m) => {
			if (m.type() === 'error')
				result.console.push(m.text());
		});
		page.on('pageerror', (e) => result.console.push(String(e)));

		await page.goto(a.url, {waitUntil: 'load', timeout: 15000});
		await page.waitForFunction((n) => document.querySelectorAll(
			'tr[data-participant]').length >= n, a.parts,
			{timeout: 15000});
		await page.waitForSelector('#conn[data-state="live"]',
			{timeout: 10000});

		const rows = page.locator('tr[data-participant]', {
			hasText: a.who,
		});
		if (await rows.count() !== 1)
			throw new Error('want 1 row with "' + a.who + '", have ' +
				await rows.count());
		const row = rows.first();
		result.id = Number(await row.getAttribute('data-participant'));
		result.room = await row.getAttribute('data-room');

		result.levels = [];
		result.widths = [];
		result.talking = 0;
		const end = Date.now() + a.sample * 1000;
		while (Date.now() < end) {
			const s = await row.evaluate((r) => ({
				level: Number(r.querySelector('.level')
					.dataset.level),
				width: parseFloat(r.querySelector('.level-fill')
					.style.width || '0'),
				talking: r.querySelector('.talking')
					.dataset.talking === 'true',
			}));
			result.levels.push(s.level);
			result.widths.push(s.width);
			result.talking += s.talking ? 1 : 0;
			await sleep(100);
		}
		await page.screenshot({path: path.join(a.out, 'dashboard.png'),
			fullPage: true});

		if (a.mute) {
			const btn = row.locator('button[data-action="mute"]');
			result.click_ms = Date.now();
			await btn.click({timeout: 5000});
			await page.waitForFunction((id) => {
				const r = document.querySelector(
					'tr[data-participant="' + id + '"]');
				return r && r.dataset.muted === 'true' &&
					r.querySelector('.btn-mute')
						.dataset.action === 'unmute';
			}, result.id, {timeout: 5000});
			result.muted_ms = Date.now();
			await sleep(a.hold * 1000);
			await page.screenshot({path: path.join(a.out,
				'dashboard-muted.png'), fullPage: true});
		}
		if (a.kick)
			await kick(page, a.kick, a.out, result);
	} catch (e) {
		if (page)
			await page.screenshot({path: path.join(a.out,
				'dashboard-fail.png'), fullPage: true})
				.catch(() => {});
		e.message += '\nbrowser console: ' +
			JSON.stringify(result.console);
		throw e;
	} finally {
		await browser.close();
	}
	process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
	process.stderr.write('dash.js: ' + (e && e.message || e) + '\n');
	process.exit(1);
});
