import fs from 'node:fs';
import path from 'node:path';

/**
 * Replaces `file` with `text` atomically: a temporary file beside it is written and flushed, then
 * renamed over the old one, and the folder is flushed, so a crash or a power cut leaves the old or
 * the new content, never half a file. 0600 like every file in the data directory (decision 0016).
 */
export function writeFileAtomic(file: string, text: string, temp = `${file}.${process.pid}.tmp`): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  // The rename itself must survive a power cut. Windows cannot open a directory for fsync; NTFS
  // journals the rename's metadata.
  if (process.platform !== 'win32') {
    const dirFd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  }
}
