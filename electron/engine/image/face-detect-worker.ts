/**
 * The face-detection worker thread (started by face-detect-thread.ts): answers each request
 * message with the faces, or with the error's message, tagged with the request's id. Requests are
 * handled one at a time in arrival order, since the detector is synchronous; a throw is answered,
 * never left uncaught, so one bad picture does not cost the worker.
 *
 * Bundled as its own entry (scripts/build-electron.mjs → out/electron/main/face-detect-worker.js);
 * run from the sources, it is loaded through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { detectFacesSync } from './viola-jones';
import type { DetectReply, DetectRequest } from './face-detect-thread';

const port = parentPort;
if (port === null) throw new Error('face-detect-worker.ts must run as a worker thread');

port.on('message', (request: DetectRequest) => {
  let reply: DetectReply;
  try {
    const faces = detectFacesSync(request.pixels, request.width, request.height, { channels: request.channels });
    reply = { id: request.id, faces };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  port.postMessage(reply);
});
