/**
 * The scan feedback sounds, as a spec and its samples. One source for both renderings: the WAV
 * files in resources/sounds (scripts/make-resources.ts) and the tones the renderer plays through
 * WebAudio (renderer/features/scanner/sounds.ts), so the app sounds exactly like the files.
 */

export const SAMPLE_RATE = 44_100;

export interface Tone {
  /** Hz; 0 is a pause. */
  freq: number;
  ms: number;
  /** Relative amplitudes of the 2nd, 3rd … partials (a rounder or buzzier sound than a bare sine). */
  partials?: number[];
}

export type ScanSoundName = 'ok' | 'attention' | 'refused';

export interface SoundSpec {
  name: ScanSoundName;
  file: string;
  purpose: string;
  tones: Tone[];
}

/**
 * The scan feedback sounds. Distinct by pitch and rhythm, not only by loudness, so a technician
 * with the screen out of sight (or with reduced hearing in one range) still tells them apart.
 */
export const SOUNDS: SoundSpec[] = [
  { name: 'ok', file: 'sounds/scan-ok.wav', purpose: 'a scan was understood and did what the screen says', tones: [{ freq: 1760, ms: 100 }] },
  {
    name: 'attention',
    file: 'sounds/scan-attention.wav',
    purpose: 'a scan was taken but needs a look (the screen says what)',
    tones: [
      { freq: 1175, ms: 70 },
      { freq: 0, ms: 60 },
      { freq: 1175, ms: 70 },
    ],
  },
  {
    name: 'refused',
    file: 'sounds/scan-refused.wav',
    purpose: 'a scan was refused; nothing changed (the screen says why)',
    tones: [
      { freq: 587, ms: 110, partials: [0, 0.3] },
      { freq: 392, ms: 150, partials: [0, 0.3] },
    ],
  },
];

/** Peak level: loud enough in a store, well short of clipping. */
export const LEVEL = 0.6;
const FADE_IN_MS = 4;
const FADE_OUT_MS = 25;

/** One tone's samples in -1..1, with a raised-cosine fade in and out so it starts and ends without a click. */
export function toneSamples(tone: Tone, sampleRate = SAMPLE_RATE): Float64Array {
  const n = Math.round((tone.ms / 1000) * sampleRate);
  const out = new Float64Array(n);
  if (tone.freq === 0) return out;
  const partials = [1, ...(tone.partials ?? [])];
  const norm = partials.reduce((a, b) => a + b, 0);
  const fadeIn = Math.round((FADE_IN_MS / 1000) * sampleRate);
  const fadeOut = Math.round((FADE_OUT_MS / 1000) * sampleRate);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    let s = 0;
    partials.forEach((a, k) => {
      s += a * Math.sin(2 * Math.PI * tone.freq * (k + 1) * t);
    });
    const rise = i < fadeIn ? 0.5 - 0.5 * Math.cos((Math.PI * i) / fadeIn) : 1;
    const fall = i >= n - fadeOut ? 0.5 - 0.5 * Math.cos((Math.PI * (n - 1 - i)) / fadeOut) : 1;
    out[i] = (s / norm) * rise * fall;
  }
  return out;
}

/** The whole sound's samples in -1..1 at full level (multiply by LEVEL for the files' loudness). */
export function soundSamples(spec: SoundSpec, sampleRate = SAMPLE_RATE): Float64Array {
  const parts = spec.tones.map((t) => toneSamples(t, sampleRate));
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
