import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The directory holding Morpheus's package.json (works from src/ via ts and from dist/). */
export function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'morpheus.js'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the Morpheus project root above ${from}`);
  }
}
