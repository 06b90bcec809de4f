#!/usr/bin/env python3
"""freq.py: tone levels and dominant frequencies of a 16-bit PCM WAV file.

Pure python (no numpy). The first channel is low-pass decimated (boxcar)
to about 8 kHz, cut into 8192-point Hann windows whose magnitude spectra are
averaged. Levels are amplitudes in dBFS: a full-scale sine reads 0 dB.

usage: freq.py WAV [--start S] [--dur D | --last L] [--trim-end T]
               [--at HZ,HZ..] [--peaks K] [--json]
               [--present HZ,HZ..] [--absent HZ,HZ..]
               [--min-snr DB] [--min-level DBFS] [--margin DB]
               [--nfft N] [--peak] [--quiet-level DBFS]

  --at       report the level at these frequencies (max over +-TOL Hz)
  --present  each must be >= floor + min-snr (20) and >= min-level (-45)
  --absent   each must be <= (weakest --present level) - margin (20), or,
             without --present, <= floor + min-snr
  --quiet-level DBFS  an --absent frequency at or below this level passes
             whatever the floor (near-digital silence has a floor far
             below any audible sound); default: not used
  floor      median level of the spectrum between 100 and 3500 Hz, away
             (+-60 Hz) from every --at/--present/--absent frequency
  --nfft     FFT size (power of 2, default 8192 = 1 s at 8 kHz; smaller
             finds short sounds: 2048 = 0.26 s, bins of 3.9 Hz)
  --peak     for short sounds (beeps): windows overlap by half and cover
             the whole range, and each frequency keeps its loudest window
             instead of the average of up to 12 spread windows
Exit status: 0 all expectations hold (or none given), 1 one failed,
2 unreadable file or nothing to analyse.
"""
import argparse
import array
import cmath
import json
import math
import sys
import wave

NFFT = 8192
TARGET_RATE = 8000
TOL_HZ = 4.0
GUARD_HZ = 60.0


def read_mono(path, start, dur, last, trim_end):
    """First channel as a list of floats, decimated to ~8 kHz; and rates."""
    w = wave.open(path, 'rb')
    rate, ch, sw, nfr = (w.getframerate(), w.getnchannels(),
                         w.getsampwidth(), w.getnframes())
    if sw != 2:
        raise ValueError('only 16-bit PCM is supported')
    end = max(0, nfr - int(trim_end * rate))
    if last > 0:
        first = max(0, end - int(last * rate))
    else:
        first = min(end, int(start * rate))
        if dur > 0:
            end = min(end, first + int(dur * rate))
    w.setpos(first)
    raw = w.readframes(end - first)
    w.close()
    a = array.array('h')
    a.frombytes(raw[:len(raw) - len(raw) % 2])
    if sys.byteorder == 'big':
        a.byteswap()
    s = a[0::ch]
    fac = max(1, rate // TARGET_RATE)
    if fac > 1:
        parts = [s[i::fac] for i in range(fac)]
        n = min(len(p) for p in parts)
        s = [sum(v) / fac for v in zip(*(p[:n] for p in parts))]
    else:
        s = [float(v) for v in s]
    info = {'rate': rate, 'channels': ch, 'seconds': round(nfr / rate, 3),
            'from_s': round(first / rate, 3), 'to_s': round(end / rate, 3)}
    return s, rate / fac, info


def fft(a):
    """In-place iterative radix-2 FFT of a list of complex (len = 2^k)."""
    n = len(a)
    j = 0
    for i in range(1, n):
        bit = n >> 1
        while j & bit:
            j ^= bit
            bit >>= 1
        j |= bit
        if i < j:
            a[i], a[j] = a[j], a[i]
    size = 2
    while size <= n:
        half = size // 2
        tw = [cmath.exp(-2j * math.pi * k / size) for k in range(half)]
        for st in range(0, n, size):
            for k in range(half):
                u = a[st + k]
                v = a[st + k + half] * tw[k]
                a[st + k] = u + v
                a[st + k + half] = u - v
        size *= 2
    return a


def spectrum(s, max_windows=12, nfft=NFFT, peak=False):
    """Amplitude spectrum (linear, full scale 1.0) and its N: the average
    over up to max_windows windows, or (peak) the per-bin maximum over
    half-overlapping windows covering all of s."""
    n = nfft
    while n > len(s) and n > 256:
        n //= 2
    if len(s) < n:
        return None, n
    hann = [0.5 - 0.5 * math.cos(2 * math.pi * i / n) for i in range(n)]
    if peak:
        step = n // 2
        nwin = 1 + (len(s) - n) // step
    else:
        nwin = max(1, min(max_windows, len(s) // n))
        step = (len(s) - n) // (nwin - 1) if nwin > 1 else 0
    acc = [0.0] * (n // 2)
    for k in range(nwin):
        seg = s[k * step:k * step + n]
        spec = fft([complex(seg[i] * hann[i], 0) for i in range(n)])
        for i in range(n // 2):
            p = abs(spec[i])
            if peak:
                acc[i] = max(acc[i], p * p)
            else:
                acc[i] += p * p
    # Hann: a sine of amplitude A peaks at |X| = A * n / 4
    scale = 4.0 / n / 32768.0
    div = 1 if peak else nwin
    return [math.sqrt(v / div) * scale for v in acc], n


def db(x):
    return 20 * math.log10(x) if x > 1e-12 else -240.0


def level_at(amp, binhz, f):
    lo = max(1, int((f - TOL_HZ) / binhz))
    hi = min(len(amp) - 1, int(math.ceil((f + TOL_HZ) / binhz)))
    if lo > hi:
        return -240.0
    return db(max(amp[lo:hi + 1]))


def floor_level(amp, binhz, avoid):
    vals = []
    for i in range(int(100 / binhz), min(len(amp), int(3500 / binhz))):
        f = i * binhz
        if all(abs(f - a) > GUARD_HZ for a in avoid):
            vals.append(amp[i])
    if not vals:
        return -240.0
    vals.sort()
    return db(vals[len(vals) // 2])


def peaks(amp, binhz, k):
    lo = max(1, int(40 / binhz))
    cand = [(amp[i], i) for i in range(lo, len(amp) - 1)
            if amp[i] >= amp[i - 1] and amp[i] > amp[i + 1]]
    cand.sort(reverse=True)
    out = []
    for mag, i in cand:
        if len(out) >= k:
            break
        a, b, c = amp[i - 1], amp[i], amp[i + 1]
        den = a - 2 * b + c
        d = 0.5 * (a - c) / den if den else 0.0
        f = (i + d) * binhz
        if any(abs(f - p['hz']) < 10 for p in out):
            continue
        out.append({'hz': round(f, 1), 'db': round(db(mag), 1)})
    return out


def hz_list(s):
    return [float(x) for x in s.split(',') if x] if s else []


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('wav')
    ap.add_argument('--start', type=float, default=0.0)
    ap.add_argument('--dur', type=float, default=0.0)
    ap.add_argument('--last', type=float, default=0.0)
    ap.add_argument('--trim-end', type=float, default=0.0)
    ap.add_argument('--at', default='')
    ap.add_argument('--present', default='')
    ap.add_argument('--absent', default='')
    ap.add_argument('--peaks', type=int, default=5)
    ap.add_argument('--min-snr', type=float, default=20.0)
    ap.add_argument('--min-level', type=float, default=-45.0)
    ap.add_argument('--margin', type=float, default=20.0)
    ap.add_argument('--json', action='store_true')
    ap.add_argument('--nfft', type=int, default=NFFT)
    ap.add_argument('--peak', action='store_true')
    ap.add_argument('--quiet-level', type=float)
    o = ap.parse_args()
    present, absent = hz_list(o.present), hz_list(o.absent)
    at = hz_list(o.at) + present + absent
    try:
        s, srate, info = read_mono(o.wav, o.start, o.dur, o.last,
                                   o.trim_end)
    except (OSError, EOFError, ValueError, wave.Error) as e:
        print('%s: %s' % (o.wav, e))
        return 2
    res = dict(file=o.wav, **info)
    if o.nfft < 256 or o.nfft & (o.nfft - 1):
        print('--nfft must be a power of 2 >= 256')
        return 2
    amp, n = spectrum(s, nfft=o.nfft, peak=o.peak)
    if amp is None:
        res['error'] = 'too short (%d samples)' % len(s)
        print(json.dumps(res) if o.json else '%s: %s' % (o.wav,
                                                         res['error']))
        return 2
    binhz = srate / n
    rms = math.sqrt(sum(v * v for v in s) / len(s))
    res['rms_dbfs'] = round(db(rms / 32768.0), 1)
    res['floor_db'] = round(floor_level(amp, binhz, at), 1)
    res['at'] = {('%g' % f): round(level_at(amp, binhz, f), 1) for f in at}
    res['peaks'] = peaks(amp, binhz, o.peaks)
    errs = []
    lv = lambda f: res['at']['%g' % f]
    for f in present:
        if lv(f) < res['floor_db'] + o.min_snr:
            errs.append('%g Hz missing: %.1f dB, floor %.1f dB'
                        % (f, lv(f), res['floor_db']))
        elif lv(f) < o.min_level:
            errs.append('%g Hz too weak: %.1f dBFS < %.1f'
                        % (f, lv(f), o.min_level))
    ref = (min(lv(f) for f in present) - o.margin if present
           else res['floor_db'] + o.min_snr)
    for f in absent:
        if o.quiet_level is not None and lv(f) <= o.quiet_level:
            continue
        if lv(f) > ref:
            errs.append('%g Hz should be absent: %.1f dB > %.1f dB'
                        % (f, lv(f), ref))
    res['errors'] = errs
    if o.json:
        print(json.dumps(res))
    else:
        lvls = ' '.join('%s Hz %.1f dB;' % (k, v)
                        for k, v in res['at'].items())
        pk = ' '.join('%.1f(%.0f)' % (p['hz'], p['db'])
                      for p in res['peaks'])
        print('%s [%.2f-%.2f s of %.2f] rms %.1f dBFS floor %.1f dB: %s'
              ' peaks %s%s' % (o.wav, res['from_s'], res['to_s'],
                               res['seconds'], res['rms_dbfs'],
                               res['floor_db'], lvls, pk,
                               ''.join(' ERROR: ' + e for e in errs)))
    return 1 if errs else 0


if __name__ == '__main__':
    sys.exit(main())
