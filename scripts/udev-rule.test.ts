import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The udev rule the deb installs for HID POS scanners (resources/linux/, electron-builder.yml).
 * udev's own syntax (udev(7)): a rule is one line of comma-separated `KEY[{attr}] OP "value"`
 * pairs; match keys use == or !=, assignments =, += , -= or :=. Unknown keys, a match operator on
 * an assignment key or an assignment on a match key are errors udev logs and then skips the rule,
 * so a typo would silently leave every scanner unreadable. This parser refuses them here.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RULE_FILE = path.join(ROOT, 'resources', 'linux', '70-buffert-hid-scanners.rules');

const MATCH_KEYS = new Set(['ACTION', 'DEVPATH', 'KERNEL', 'KERNELS', 'NAME', 'SYMLINK', 'SUBSYSTEM', 'SUBSYSTEMS', 'DRIVER', 'DRIVERS', 'ATTR', 'ATTRS', 'SYSCTL', 'ENV', 'CONST', 'TAG', 'TAGS', 'TEST', 'PROGRAM', 'RESULT']);
const ASSIGN_KEYS = new Set(['NAME', 'SYMLINK', 'OWNER', 'GROUP', 'MODE', 'SECLABEL', 'ATTR', 'SYSCTL', 'ENV', 'TAG', 'RUN', 'LABEL', 'GOTO', 'IMPORT', 'OPTIONS']);

interface Pair {
  key: string;
  attr: string | null;
  op: '==' | '!=' | '=' | '+=' | '-=' | ':=';
  value: string;
}

/** Parses one rule line into its pairs, or throws naming what is wrong. */
export function parseUdevRule(line: string): Pair[] {
  const pairs: Pair[] = [];
  let rest = line.trim();
  const pair = /^([A-Z]+)(?:\{([^}]+)\})?\s*(==|!=|\+=|-=|:=|=)\s*"((?:[^"\\]|\\.)*)"\s*/;
  while (rest.length > 0) {
    const m = pair.exec(rest);
    if (!m) throw new Error(`not a KEY OP "value" pair: ${rest}`);
    const [whole, key, attr, op, value] = m as unknown as [string, string, string | undefined, Pair['op'], string];
    const isMatch = op === '==' || op === '!=';
    if (isMatch && !MATCH_KEYS.has(key)) throw new Error(`${key} cannot be matched`);
    if (!isMatch && !ASSIGN_KEYS.has(key)) throw new Error(`${key} cannot be assigned`);
    if ((key === 'ATTR' || key === 'ATTRS' || key === 'ENV' || key === 'SYSCTL' || key === 'TEST') !== (attr !== undefined) && key !== 'TEST') {
      throw new Error(`${key} ${attr === undefined ? 'needs' : 'takes no'} {attribute}`);
    }
    pairs.push({ key, attr: attr ?? null, op, value });
    rest = rest.slice(whole.length);
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
    else if (rest.length > 0) throw new Error(`expected "," before: ${rest}`);
  }
  return pairs;
}

/** The rules of a file: one per non-blank, non-comment line (no continuation lines in ours). */
function rulesOf(text: string): Pair[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(parseUdevRule);
}

describe('the HID scanner udev rule (resources/linux/70-buffert-hid-scanners.rules)', () => {
  const text = fs.readFileSync(RULE_FILE, 'utf8');
  const rules = rulesOf(text);

  it('is udev syntax throughout', () => {
    expect(rules.length).toBeGreaterThanOrEqual(4);
    // The parser itself refuses what udev would skip.
    expect(() => parseUdevRule('KERNEL="hidraw*", TAG+="uaccess"')).toThrow(/cannot be assigned/);
    expect(() => parseUdevRule('KERNEL=="hidraw*" TAG+="uaccess"')).toThrow(/expected ","/);
    expect(() => parseUdevRule('ATTRS=="0c2e"')).toThrow(/needs \{attribute\}/);
    expect(() => parseUdevRule('MODE=="0660"')).toThrow(/cannot be matched/);
    expect(() => parseUdevRule('KERNEL=="hidraw*", TAG+=uaccess')).toThrow(/not a KEY OP/);
  });

  it('gives access only to hidraw nodes of known scanner vendors, to the seat’s user (uaccess), never world-readable', () => {
    const grants = rules.filter((r) => r.some((p) => p.key === 'TAG' && p.op === '+=' && p.value === 'uaccess'));
    expect(grants.length).toBeGreaterThanOrEqual(4);
    const vendors = grants.map((r) => {
      expect(r).toEqual(expect.arrayContaining([
        { key: 'KERNEL', attr: null, op: '==', value: 'hidraw*' },
        { key: 'SUBSYSTEM', attr: null, op: '==', value: 'hidraw' },
      ]));
      const vendor = r.find((p) => p.key === 'ATTRS' && p.attr === 'idVendor');
      expect(vendor?.op).toBe('==');
      // udev compares sysfs text: lower-case hex, four digits.
      expect(vendor?.value).toMatch(/^[0-9a-f]{4}$/);
      return vendor!.value;
    });
    // Honeywell and Zebra (docs/scanning.md), Datalogic, Newland; no vendor twice.
    expect(vendors).toEqual(expect.arrayContaining(['0c2e', '05e0', '05f9', '1eab']));
    expect(new Set(vendors).size).toBe(vendors.length);
    // Nothing makes a node readable by everyone or runs a program.
    for (const pair of rules.flat()) {
      expect(pair.key).not.toBe('RUN');
      if (pair.key === 'MODE') expect(Number.parseInt(pair.value, 8) & 0o007).toBe(0);
    }
  });

  it('skips removals and other subsystems with a GOTO to a LABEL that exists', () => {
    const gotos = rules.flat().filter((p) => p.key === 'GOTO').map((p) => p.value);
    const labels = rules.flat().filter((p) => p.key === 'LABEL').map((p) => p.value);
    expect(gotos.length).toBe(2);
    for (const target of gotos) expect(labels).toContain(target);
    // The label comes after the rules that grant access (a GOTO jumps forward only).
    const labelAt = rules.findIndex((r) => r.some((p) => p.key === 'LABEL'));
    expect(labelAt).toBe(rules.length - 1);
  });

  it('is named so that it runs before 73-seat-late.rules, which turns the uaccess tag into an ACL', () => {
    expect(Number(path.basename(RULE_FILE).slice(0, 2))).toBeLessThan(73);
  });
});
