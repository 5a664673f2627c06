import type { ChildProcess } from 'node:child_process';

export type CentralPlan = { mode: 'given'; url: string } | { mode: 'off' } | { mode: 'start' };
export declare function centralPlan(env: Record<string, string | undefined>): CentralPlan;
export declare function findCentralUrl(line: string): string | null;
export declare function centralDataDir(env: Record<string, string | undefined>): string;
export declare function startCentralForStart(options: {
  run: (command: string, argv: string[], options: object) => { child: ChildProcess; exited: Promise<{ code: number | null }> };
  say: (line: string) => void;
  root: string;
  env: Record<string, string | undefined>;
}): Promise<string | null>;
