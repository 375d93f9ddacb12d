/**
 * `reseed serve`: the editor in a browser against the same engine as the desktop app. Serves the
 * built renderer and the API (/api/, per-run token) on 127.0.0.1 only, and prints the URL.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '../../backend/create-backend';
import { repositoryRoot, resolveResources } from '../../backend/resources';
import { ensureUserData, resolveUserData } from '../../backend/user-data';
import { ensureRendererBuilt } from '../../http/renderer-build';
import { newToken } from '../../http/guard';
import { EventHub } from '../../http/event-stream';
import { SERVE_HOST, startServer } from '../../http/server';
import { systemFolderOpener } from '../../http/folder-opener';
import { errorMessage } from '../../engine/errors';
import { COMMON_HELP, IntSchema, option, parse, providerOption, threadsOption } from '../args';
import type { Command } from '../command';
import { packRequest, providerLine } from '../context';
import { EXIT, UsageError } from '../exit-codes';
import { showHelp, status } from '../io';

const help = `Usage: reseed serve [--port <n>] [options]

Serves the Reseed editor and its API on http://127.0.0.1 only, with a random token made for this
run, and prints the address to open (the token is in its #fragment). Builds the editor first when
it is missing or older than its sources. Ctrl-C stops the server.

Options:
  --port <n>             port to listen on (default: the port of the last run when it is free,
                         else any free port; 0: any free port)
  --host 127.0.0.1       the only address allowed (the editor is for this machine's user)
  --no-build             serve out/renderer as it is, even when missing or stale
  --root <folder>        a folder the editor may browse, batch and import packs from; repeat
                         for several (default: your home folder). Paths outside are refused.
${COMMON_HELP}

Environment:
  RESEED_OPENER          the program "Open output folder" runs with the folder (default:
                         xdg-open on Linux, open on macOS, explorer on Windows)

The same port as the last run keeps the editor's address, so a browser tab opened on the new
address finds the session it kept (photo, edits, undo history) and restores it.

Example:
  reseed serve --port 8080 --pack models/fashion-mnist`;

/** Where the last run's port is kept (the user data folder), to listen on it again. */
const PORT_FILE = 'serve-port';

function lastPort(dir: string): number | null {
  try {
    const n = Number(readFileSync(path.join(dir, PORT_FILE), 'utf8').trim());
    return Number.isInteger(n) && n > 1024 && n <= 65535 ? n : null;
  } catch {
    return null;
  }
}

const ALLOWED_HOSTS = new Set([SERVE_HOST, 'localhost']);

function version(root: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'the editor in your browser, on 127.0.0.1',
  help,
  async run(argv, io) {
    const { values } = parse(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'no-build': { type: 'boolean' },
      root: { type: 'string', multiple: true },
    });
    if (values.help) return showHelp(io, help);
    if (values.host !== undefined && !ALLOWED_HOSTS.has(values.host)) {
      throw new UsageError(`--host ${values.host}: reseed serve listens on ${SERVE_HOST} only (the API opens your pictures and runs models; it is not for other machines)`);
    }
    const port = values.port === undefined ? 0 : option('port', values.port, IntSchema(0, 65535));
    const root = repositoryRoot();
    const staticDir = path.join(root, 'out', 'renderer');
    if (!values['no-build']) await ensureRendererBuilt({ root, outDir: staticDir }, (line) => io.stderr(line + '\n'));

    const user = await ensureUserData(resolveUserData({ env: io.env }));
    const resources = resolveResources({ isPackaged: false, appPath: root });
    const events = new EventHub();
    const roots = (values.root ?? [os.homedir()]).map((r) => path.resolve(r));
    const backend = await createBackend({
      models: resources.models,
      userData: user,
      threads: threadsOption(values.threads),
      identity: { name: 'Reseed', version: version(root), isPackaged: false },
      pack: packRequest(io, values),
      // --provider wins; otherwise the preference saved in the editor's settings.
      provider: values.provider === undefined ? undefined : providerOption(values.provider),
      roots,
      emit: (event, payload) => events.send(event, payload),
      // The browser cannot open folders itself; this machine's file manager shows them.
      openFolder: systemFolderOpener({ command: io.env.RESEED_OPENER }),
    });
    // Open the pack now, so its problems show here too; the server starts either way and the
    // editor shows the same error in the window (the user can fix the pack and reload).
    try {
      const open = await backend.service.pack();
      status(io, values, `pack: ${open.pack.manifest.name} ${open.pack.manifest.version} (${open.pack.dir})`);
      status(io, values, providerLine(open));
    } catch (error) {
      io.stderr(`reseed serve: ${errorMessage(error)}\n`);
    }
    const { workflows, handlers } = backend;
    if (workflows.roots.list().length === 0) throw new UsageError(`--root: none of ${roots.join(', ')} exists`);
    status(io, values, `folders allowed: ${workflows.roots.list().join(', ')}`);
    // No --port: the last run's port again (the same origin keeps the browser's session), else any.
    const again = values.port === undefined ? lastPort(user.root) : null;
    const token = newToken();
    const server = await startServer({ handlers, staticDir, token, port: again ?? port, events }).catch((error: unknown) => {
      if (again === null || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      return startServer({ handlers, staticDir, token, port: 0, events });
    });
    if (values.port === undefined) {
      try {
        writeFileSync(path.join(user.root, PORT_FILE), `${server.port}\n`);
      } catch {
        // Only the next run's address depends on it.
      }
    }
    if (values.json) io.stdout(JSON.stringify({ url: server.url, port: server.port }) + '\n');
    else io.stdout(`Reseed editor: ${server.url}\n(open it in a browser on this machine; Ctrl-C stops the server)\n`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) return resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    await backend.dispose();
    return EXIT.ok;
  },
};
