import { describe, expect, it } from 'vitest';
import { debugFlags, debugRefusedMessage } from './debug-flags';

describe('debug flags a packaged Buffert refuses', () => {
  it('finds Node inspector flags in every form', () => {
    for (const arg of ['--inspect', '--inspect=9229', '--inspect=0.0.0.0:9229', '--inspect-brk', '--inspect-brk=1234', '--inspect-port=9', '--inspect-wait', '--debug', '--debug-brk']) {
      expect(debugFlags(['/opt/Buffert/buffert', arg], {}), arg).toEqual([arg.split('=')[0]]);
    }
  });

  it("finds Chromium's remote debugging, also with a single dash", () => {
    expect(debugFlags(['buffert', '--remote-debugging-port=9222'], {})).toEqual(['--remote-debugging-port']);
    expect(debugFlags(['buffert', '-remote-debugging-port=9222'], {})).toEqual(['-remote-debugging-port']);
    expect(debugFlags(['buffert', '--remote-debugging-pipe'], {})).toEqual(['--remote-debugging-pipe']);
    expect(debugFlags(['buffert', '--remote-allow-origins=*'], {})).toEqual(['--remote-allow-origins']);
  });

  it('finds them in NODE_OPTIONS too, and lists each name once, never a value', () => {
    expect(debugFlags(['buffert'], { NODE_OPTIONS: '--max-old-space-size=4096  --inspect-brk=127.0.0.1:1' })).toEqual(['--inspect-brk']);
    expect(debugFlags(['buffert', '--inspect=1'], { NODE_OPTIONS: '--inspect=2' })).toEqual(['--inspect']);
  });

  it('lets ordinary arguments through', () => {
    const ordinary = ['buffert', '--accept-lost-changes=3', '--lang=sv', '--inspection-report', '--debugger', 'inspect', '--remote-debugging', '--no-sandbox'];
    expect(debugFlags(ordinary, { NODE_OPTIONS: '--enable-source-maps' })).toEqual([]);
    expect(debugFlags([], {})).toEqual([]);
  });

  it('says in Swedish what was refused and what to do', () => {
    expect(debugRefusedMessage(['--inspect', '--remote-debugging-port'])).toBe(
      'Buffert startar inte med felsökning påslagen (--inspect, --remote-debugging-port). Starta programmet utan dessa flaggor och utan NODE_OPTIONS.',
    );
  });
});
