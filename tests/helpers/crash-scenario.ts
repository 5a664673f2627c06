import { spawn, type ChildProcess } from 'node:child_process';
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

/** Bundles a child once (esbuild), so each of the many restarts costs a plain `node` start. */
export async function bundleChild(entry = 'tests/helpers/crash-child.ts'): Promise<string> {
  // One bundle per checkout and process: worktrees share node_modules (a symlink), and another
  // checkout's run must not overwrite the bundle this one is about to start.
  const tag = `${path.basename(ROOT)}-${process.pid}`;
  const outfile = path.join(ROOT, 'node_modules/.cache/buffert-tests', `${path.basename(entry, '.ts')}-${tag}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay external (a plain `node` loads them), but for deep imports into a package's
    // files (`@fast-csv/parse/build/src/parser`), which Node's ES module loader refuses: bundled.
    plugins: [
      {
        name: 'external-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            const parts = args.path.split('/');
            const deep = parts.length > (args.path.startsWith('@') ? 2 : 1);
            return deep && !args.path.startsWith('node:') ? undefined : { path: args.path, external: true };
          });
        },
      },
    ],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

export interface KillLoop {
  /** The bundled child (bundleChild). It prints READY when it runs, and `SAVED <what>` after each commit. */
  child: string;
  args: (run: number) => string[];
  kills: number;
  /** How long a run lives after READY (or after its first SAVED with `afterFirstWrite`) before SIGKILL, in ms. */
  lifetime: (run: number) => number;
  /** Start the lifetime at the first SAVED line: every kill lands while it writes. */
  afterFirstWrite?: boolean;
  /**
   * Children started ahead, each waiting (env BUFFERT_CRASH_STANDBY, a line on stdin) with its
   * modules loaded and the data directory untouched: loading the code overlaps the running child's
   * life, so a kill costs about the opening of the replica, not a whole Node start. 0: none.
   */
  standby?: number;
}

export interface KillLoopResult {
  /** What each SAVED line said, in order, over all runs. */
  saved: string[];
  /** Runs killed before they had written anything (during start-up, bootstrap or a backlog sync). */
  killedBeforeFirstWrite: number;
}

interface Child {
  proc: ChildProcess;
  out: string;
  err: string;
  exited: Promise<void>;
  /** Resolves when the child printed `line` (rejects if it exited first). */
  printed(line: string): Promise<void>;
}

function startChild(o: KillLoop, run: number): Child {
  const standby = (o.standby ?? 0) > 0;
  const proc = spawn(process.execPath, [o.child, ...o.args(run)], {
    stdio: [standby ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: standby ? { ...process.env, BUFFERT_CRASH_STANDBY: '1' } : process.env,
  });
  const c: Child = {
    proc,
    out: '',
    err: '',
    exited: new Promise<void>((resolve) => proc.on('exit', () => resolve())),
    printed: (line) =>
      new Promise<void>((resolve, reject) => {
        const check = () => c.out.includes(line) && resolve();
        proc.stdout!.on('data', check);
        proc.on('exit', (code) => reject(new Error(`child ${run} exited (${code}) before ${line}: ${c.err}`)));
        check();
      }),
  };
  proc.stdout!.on('data', (chunk: Buffer) => (c.out += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (c.err += chunk.toString()));
  return c;
}

/** Starts the child on the same data directory `kills` times and kills it with SIGKILL each time. */
export async function killRepeatedly(o: KillLoop): Promise<KillLoopResult> {
  const saved: string[] = [];
  let killedBeforeFirstWrite = 0;
  const ahead = o.standby ?? 0;
  const waiting: Child[] = [];
  let spawned = 0;
  const refill = () => {
    while (waiting.length < Math.max(1, ahead) && spawned < o.kills) waiting.push(startChild(o, spawned++));
  };
  try {
    for (let run = 0; run < o.kills; run++) {
      refill();
      const c = waiting.shift()!;
      if (ahead > 0) {
        await c.printed('STANDBY');
        c.proc.stdin!.end('GO\n');
        // The next ones load their code while this one runs.
        refill();
      }
      await c.printed(o.afterFirstWrite ? 'SAVED ' : 'READY');
      await sleep(o.lifetime(run));
      c.proc.kill('SIGKILL');
      await c.exited;
      if (c.err.trim()) throw new Error(`child ${run} failed: ${c.err}`);
      let writes = 0;
      for (const line of c.out.split('\n')) {
        if (!line.startsWith('SAVED ')) continue;
        saved.push(line.slice('SAVED '.length));
        writes++;
      }
      if (writes === 0) killedBeforeFirstWrite++;
    }
  } finally {
    for (const c of waiting) c.proc.kill('SIGKILL');
    await Promise.all(waiting.map((c) => c.exited));
  }
  return { saved, killedBeforeFirstWrite };
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
  try {
    const loop = await killRepeatedly({
      child,
      args: (run) => [dataDir, central.url, central.enrolmentKey, String(run)],
      kills,
      // The first kill lands in the middle of the first bootstrap; the rest anywhere.
      lifetime: (run) => (run === 0 ? 30 : 20 + Math.floor(random() * 250)),
    });
    for (const line of loop.saved) {
      const m = /^(\S+) (-?\d+)$/.exec(line);
      if (m) saved.set(m[1]!, Number(m[2]));
    }
    const { killedBeforeFirstWrite } = loop;
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
