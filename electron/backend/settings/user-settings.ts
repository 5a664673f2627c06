import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_USER_SETTINGS, UserSettings } from '../../../shared/api/settings';
import { writeFileAtomic } from '../db/atomic-file';

export const USER_SETTINGS_FILE = 'user-settings.json';

const UserSettingsFileContent = z.object({
  /** Per Buffert user (people who share one OS account keep their own). */
  users: z.record(z.string(), UserSettings),
  /** The last person's: the login screen uses it before anyone has logged in. */
  last: UserSettings.nullable(),
});
type Content = z.infer<typeof UserSettingsFileContent>;

/**
 * The people's own settings on this workstation (decision 0033): a small JSON file in the data
 * directory, beside the scanner's, never in the replica (a restored backup leaves them alone) and
 * never synced. A file that cannot be read gives the defaults; it is never a reason not to start.
 */
export class UserSettingsFile {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly log: Pick<Console, 'warn'> = console,
  ) {
    this.file = path.join(dataDir, USER_SETTINGS_FILE);
  }

  private content(): Content {
    let raw: string;
    try {
      raw = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`${USER_SETTINGS_FILE} kunde inte läsas (${(error as NodeJS.ErrnoException).code ?? 'fel'}); standardvärden används.`);
      return { users: {}, last: null };
    }
    try {
      const parsed = UserSettingsFileContent.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // Falls through to the warning.
    }
    this.log.warn(`${USER_SETTINGS_FILE} följer inte formatet; standardvärden används.`);
    return { users: {}, last: null };
  }

  /** The person's settings; without a person, the last person's. */
  read(userId: string | null): UserSettings {
    const content = this.content();
    const own = userId === null ? content.last : content.users[userId];
    return structuredClone(own ?? DEFAULT_USER_SETTINGS);
  }

  write(userId: string, settings: UserSettings): UserSettings {
    const content = this.content();
    content.users[userId] = settings;
    content.last = settings;
    writeFileAtomic(this.file, `${JSON.stringify(content, null, 2)}\n`);
    return structuredClone(settings);
  }
}
