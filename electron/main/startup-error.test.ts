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
