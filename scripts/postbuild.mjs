// Copies non-TypeScript assets (Lua scripts) next to the compiled code and marks the CLI executable.
import { chmodSync, cpSync, existsSync } from 'node:fs';

cpSync('src/engine/scripts', 'dist/engine/scripts', { recursive: true, filter: (p) => !p.endsWith('.ts') });
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
