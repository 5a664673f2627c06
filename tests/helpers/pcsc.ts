import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { until } from './sync-harness';

/**
 * A real PC/SC stack with a virtual smart-card reader for the card-lock tests: Debian's pcscd with
 * the vsmartcard project's vpcd reader driver (packages `pcscd`, `vsmartcard-vpcd`). vpcd waits on
 * a TCP port for a "card"; `insertCard()` connects and answers like a card (its ATR, and 6D00 to
 * any command), `removeCard()` hangs up — to pcscd and every PC/SC client that is a card put in
 * and taken out of the reader. The card is the only stand-in: the physical card cannot run here.
 *
 * pcscd listens on /run/pcscd/pcscd.comm (fixed at build time), so it must run as root with no
 * other pcscd running; the reader is configured in a private reader.conf.d (`pcscd -c`).
 */

const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const PCSCD = '/usr/sbin/pcscd';
const SOCKET = '/run/pcscd/pcscd.comm';

/** A SITHS-like card's answer-to-reset (any well-formed ATR does). */
export const CARD_ATR = '3b8f8001804f0ca000000306030001000000006a';

export interface VirtualReader {
  /** The reader's name as PC/SC lists it. */
  readonly reader: string;
  insertCard(atr?: string): Promise<void>;
  removeCard(): Promise<void>;
  stop(): Promise<void>;
}

/** Why the stack cannot run here (null: it can). */
export function pcscUnavailable(): string | null {
  if (!fs.existsSync(PCSCD)) return `${PCSCD} saknas (apt-get install pcscd)`;
  if (!fs.existsSync(VPCD_DRIVER)) return `${VPCD_DRIVER} saknas (apt-get install vsmartcard-vpcd)`;
  if (process.getuid?.() !== 0) return 'pcscd måste köras som root i testet';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}


export async function startVirtualReader(dir: string): Promise<VirtualReader> {
  const problem = pcscUnavailable();
  if (problem) throw new Error(`PC/SC-testet kan inte köras: ${problem}`);
  if (fs.existsSync(SOCKET)) {
    // A socket nobody answers on is left from a killed run; one that answers is another pcscd.
    const alive = await new Promise<boolean>((resolve) => {
      const probe = net.connect(SOCKET, () => (probe.destroy(), resolve(true)));
      probe.on('error', () => resolve(false));
    });
    if (alive) throw new Error(`en annan pcscd kör redan (${SOCKET}); stoppa den för testet`);
    fs.rmSync(SOCKET, { force: true });
  }
  const port = await freePort();
  const confDir = path.join(dir, 'reader.conf.d');
  fs.mkdirSync(confDir, { recursive: true });
  const channel = `0x${port.toString(16).toUpperCase()}`;
  fs.writeFileSync(
    path.join(confDir, 'buffert-test'),
    `FRIENDLYNAME "Buffert testläsare"\nDEVICENAME   /dev/null:${channel}\nLIBPATH      ${VPCD_DRIVER}\nCHANNELID    ${channel}\n`,
  );
  const daemon: ChildProcess = spawn(PCSCD, ['--foreground', '--config', confDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  daemon.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  daemon.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  let exited = false;
  daemon.on('exit', () => (exited = true));
  await until(() => fs.existsSync(SOCKET) || exited, 'pcscd to start', 10_000);
  if (exited) throw new Error(`pcscd did not start: ${output}`);

  let card: net.Socket | null = null;
  return {
    // vpcd offers two slots per port; the first is the one a card on `port` lands in.
    reader: 'Buffert testläsare 00 00',
    async insertCard(atr = CARD_ATR) {
      if (card) throw new Error('a card is in the reader already');
      const answer = Buffer.from(atr, 'hex');
      const socket = net.connect(port, '127.0.0.1');
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
          const length = pending.readUInt16BE(0);
          const message = pending.subarray(2, 2 + length);
          pending = pending.subarray(2 + length);
          // 1-byte messages are vpcd's controls: 0 power off, 1 power on, 2 reset, 4 "your ATR?".
          const reply = length === 1 ? (message[0] === 4 ? answer : null) : Buffer.from([0x6d, 0x00]);
          if (reply) {
            const header = Buffer.alloc(2);
            header.writeUInt16BE(reply.length);
            socket.write(Buffer.concat([header, reply]));
          }
        }
      });
      socket.on('error', () => undefined);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('error', reject);
      });
      card = socket;
    },
    async removeCard() {
      const socket = card;
      card = null;
      if (!socket) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    },
    async stop() {
      card?.destroy();
      card = null;
      if (!exited) {
        daemon.kill('SIGTERM');
        await until(() => exited, 'pcscd to stop', 10_000).catch(() => daemon.kill('SIGKILL'));
      }
    },
  };
}
