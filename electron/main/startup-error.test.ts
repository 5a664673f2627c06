import { describe, expect, it } from 'vitest';
import { ReplicaOpenError } from '../backend/db/replica';
import { parseCsp } from './csp';
import { describeStartupFailure, escapeHtml, htmlDataUrl, isNativeModuleMismatch, startupErrorHtml } from './startup-error';

const FILE = '/home/anna/.config/Buffert/buffert.sqlite';

describe('the startup-error screen', () => {
  it('names the file and says what to do when the replica is corrupt', () => {
    const failure = describeStartupFailure(new ReplicaOpenError(FILE, 'corrupt', new Error('file is not a database')));
    expect(failure.file).toBe(FILE);
    expect(failure.what).toMatch(/skadad/);
    expect(failure.todo).toMatch(/support/);
    expect(failure.detail).toContain('file is not a database');
  });

  it('asks for a newer Buffert when the replica is from a newer version', () => {
    const failure = describeStartupFailure(new ReplicaOpenError(FILE, 'too-new', new Error('schema 9 > 3')));
    expect(failure.todo).toMatch(/senaste versionen/);
  });

  it('shows which confirmed changes a replica behind its high-water mark lacks, and how support accepts that on purpose', () => {
    const failure = describeStartupFailure(new ReplicaOpenError(FILE, 'behind', new Error('replica at mutation 40, high-water mark 45'), { highWater: 45, lastMutationId: 40 }));
    expect(failure.file).toBe(FILE);
    expect(failure.what).toContain('nr 41–45 (5 bekräftade ändringar)');
    expect(failure.missing).toEqual({ from: 41, to: 45, count: 5 });
    expect(failure.todo).toMatch(/Kontakta support/);
    expect(failure.todo).toContain('--accept-lost-changes=45');
    expect(failure.todo).toContain('BUFFERT_ACCEPT_LOST_CHANGES=45');
    const html = startupErrorHtml(failure);
    expect(html).toContain('<h2>Ändringar som saknas</h2><p>nr 41–45 (5 st)</p>');
    const one = describeStartupFailure(new ReplicaOpenError(FILE, 'behind', new Error('x'), { highWater: 7, lastMutationId: 6 }));
    expect(one.what).toContain('nr 7 (1 bekräftad ändring)');
    expect(startupErrorHtml(one)).toContain('<p>nr 7 (1 st)</p>');
  });

  it('names the files left beside a missing main file and never offers a new replica', () => {
    const traces = ['buffert.sqlite-wal', 'buffert.sqlite-shm', 'buffert.sqlite.hwm'];
    const failure = describeStartupFailure(new ReplicaOpenError(FILE, 'missing', new Error('no main file'), { traces }));
    expect(failure.what).toMatch(/^Databasfilen saknas, men filer som hör till den finns kvar: buffert.sqlite-wal, buffert.sqlite-shm, buffert.sqlite.hwm\./);
    expect(failure.todo).toMatch(/Lägg tillbaka filen/);
    expect(failure.traces).toEqual(traces);
    const html = startupErrorHtml(failure);
    expect(html).toContain('<h2>Filer som hör till databasen och finns kvar</h2><ul><li><code>buffert.sqlite-wal</code></li>');
    expect(html).not.toContain('Ändringar som saknas');
  });

  it('calls a 0-byte main file empty and an unreadable mark by its name', () => {
    expect(describeStartupFailure(new ReplicaOpenError(FILE, 'empty', new Error('0 bytes'), { traces: [] })).what).toMatch(/tom \(0 byte\)/);
    const mark = describeStartupFailure(new ReplicaOpenError(FILE, 'mark-unreadable', new Error('not JSON'), { lastMutationId: 3 }));
    expect(mark.what).toContain('buffert.sqlite.hwm');
    expect(mark.todo).toMatch(/ta bort filen buffert\.sqlite\.hwm/);
  });

  it('does not blame the file when the native SQLite module was built for another runtime', () => {
    const abi = new Error(
      "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 145.",
    );
    const error = new ReplicaOpenError(FILE, 'unreadable', abi);
    expect(isNativeModuleMismatch(error)).toBe(true);
    const failure = describeStartupFailure(error);
    expect(failure.what).toMatch(/better-sqlite3/);
    expect(failure.todo).toMatch(/inte skadad – flytta den inte/);
    expect(failure.todo).toContain('electron-rebuild');
  });

  it('has a general message for anything else', () => {
    const failure = describeStartupFailure(new TypeError('x is undefined'));
    expect(failure.file).toBeNull();
    expect(failure.what).toMatch(/oväntat fel/);
    expect(failure.detail).toBe('TypeError: x is undefined');
  });

  it('is static Swedish HTML with its own strict CSP and the path escaped', () => {
    const html = startupErrorHtml(describeStartupFailure(new ReplicaOpenError('/tmp/<b>"x"/buffert.sqlite', 'corrupt', new Error('bad'))));
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('Buffert kunde inte starta');
    expect(html).toContain('/tmp/&lt;b&gt;&quot;x&quot;/buffert.sqlite');
    expect(html).not.toContain('<b>"x"');
    expect(html).not.toMatch(/<script/i);
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    const csp = parseCsp(meta![1]!.replace(/&#39;/g, "'"));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.has('script-src')).toBe(false);
  });

  it('becomes a data: URL that decodes back to the page', () => {
    const html = '<p>Å ä ö # % ?</p>';
    const url = htmlDataUrl(html);
    expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe(html);
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});
