import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { makeTempDir } from './backend';
import { prng, serverTruth, settle, sleep, workstation, type CentralUnderTest } from './sync-harness';

/**
 * The crash test of issue 4: a workstation process is killed with SIGKILL at random moments
 * while it writes and syncs, then restarted on the same data directory, `kills` times. Every
 * write it reported saved must reach the server exactly once.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Bundles the child once (esbuild), so each of the many restarts costs a plain `node` start. */
async function bundleChild(): Promise<string> {
  const outfile = path.join(ROOT, 'node_modules/.cache/buffert-tests/crash-child.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'tests/helpers/crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

export interface CrashReport {
  kills: number;
  saved: number;
  onServer: number;
  lost: string[];
  appliedTwice: string[];
  /** Kills that hit before the child had written anything (during start-up, bootstrap or a backlog sync). */
  killedBeforeFirstWrite: number;
  /** Full-text triggers in the replica at the end (6 = restored). */
  ftsTriggers: number;
  ms: number;
}

export async function runCrashScenario(central: CentralUnderTest, kills: number, seed = 99): Promise<CrashReport> {
  const started = Date.now();
  const random = prng(seed);
  const child = await bundleChild();
  const dataDir = makeTempDir('buffert-crash-');
  const saved = new Map<string, number>();
  let killedBeforeFirstWrite = 0;
  try {
    for (let run = 0; run < kills; run++) {
      const proc = spawn(process.execPath, [child, dataDir, central.url, central.enrolmentKey, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let writes = 0;
      const ready = new Promise<void>((resolve, reject) => {
        proc.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('READY')) resolve();
        });
        proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        proc.on('exit', (code) => reject(new Error(`child exited (${code}) before READY: ${err}`)));
      });
      const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
      await ready;
      // The first kill lands in the middle of the first bootstrap; the rest anywhere.
      await sleep(run === 0 ? 30 : 20 + Math.floor(random() * 250));
      proc.kill('SIGKILL');
      await exited;
      if (err.trim()) throw new Error(`child ${run} failed: ${err}`);
      for (const line of out.split('\n')) {
        const m = /^SAVED (\S+) (-?\d+)$/.exec(line);
        if (m) {
          saved.set(m[1]!, Number(m[2]));
          writes++;
        }
      }
      if (writes === 0) killedBeforeFirstWrite++;
    }
    // Restart once more, in-process, and let it finish syncing.
    const last = workstation('after-crashes', central.url, central.enrolmentKey, { dataDir, sync: { autoStart: false } });
    let ftsTriggers = 0;
    try {
      await settle(last.backend);
      // A kill during the first bootstrap (written without FTS triggers) must not leave them missing.
      ftsTriggers = last.backend.context.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_fts_%'").pluck().get() as number;
    } finally {
      last.backend.close();
    }
    const verifier = await serverTruth(central);
    try {
      const rows = verifier.backend.context.db
        .prepare("SELECT note, count(*) AS n, sum(quantity) AS q FROM stock_movement WHERE note LIKE 'c-%' GROUP BY note")
        .all() as { note: string; n: number; q: number }[];
      const onServer = new Map(rows.map((r) => [r.note, r]));
      const lost = [...saved.keys()].filter((k) => !onServer.has(k));
      const appliedTwice = rows.filter((r) => r.n > 1).map((r) => r.note);
      const wrong = [...saved].filter(([k, q]) => onServer.has(k) && onServer.get(k)!.q !== q).map(([k]) => `${k} (quantity)`);
      return { kills, saved: saved.size, onServer: rows.length, lost: [...lost, ...wrong], appliedTwice, killedBeforeFirstWrite, ftsTriggers, ms: Date.now() - started };
    } finally {
      verifier.cleanup();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
