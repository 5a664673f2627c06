import { LEVEL, SOUNDS, soundSamples, type ScanSoundName } from '../../../shared/feedback/sounds';

/**
 * The scan tones, synthesised with WebAudio from the same spec and samples as the WAV files in
 * resources/sounds (shared/feedback/sounds.ts). Why not the files: the renderer's CSP has
 * `media-src 'none'`, the page's origin (app://buffert) holds only dist/renderer, and bundling them would add a
 * renderer → resources/ edge; a buffer filled in memory needs none of that and sounds the same in
 * the web host and in packaged Electron (decision 0012).
 */
export interface ScanSounds {
  play(name: ScanSoundName, volume: number): void;
}

export function createScanSounds(win: Window): ScanSounds {
  let context: AudioContext | null = null;
  const buffers = new Map<ScanSoundName, AudioBuffer>();

  const bufferOf = (ctx: AudioContext, name: ScanSoundName): AudioBuffer | null => {
    const cached = buffers.get(name);
    if (cached) return cached;
    const spec = SOUNDS.find((s) => s.name === name);
    if (!spec) return null;
    const samples = soundSamples(spec, ctx.sampleRate);
    const buffer = ctx.createBuffer(1, samples.length, ctx.sampleRate);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) channel[i] = samples[i]! * LEVEL;
    buffers.set(name, buffer);
    return buffer;
  };

  return {
    play(name, volume) {
      if (volume <= 0) return;
      try {
        const Ctor = (win as Window & { AudioContext?: typeof AudioContext }).AudioContext;
        if (!Ctor) return;
        context ??= new Ctor();
        if (context.state === 'suspended') void context.resume().catch(() => {});
        const buffer = bufferOf(context, name);
        if (!buffer) return;
        const source = context.createBufferSource();
        source.buffer = buffer;
        const gain = context.createGain();
        gain.gain.value = Math.min(1, volume);
        source.connect(gain).connect(context.destination);
        source.start();
      } catch {
        // No audio device (a remote session, a test browser): the visible feedback remains.
      }
    },
  };
}
