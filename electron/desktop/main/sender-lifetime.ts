/**
 * "The client went away" for IPC. The page that asked is gone when its web contents is destroyed
 * (the window closed), its renderer process died, or it loaded a new document (a reload): what it
 * asked for then stops, as an HTTP operation does when its connection closes. Within a page's
 * life, a newer request in the same lane or an explicit cancel stops work (backend/requests.ts).
 */

/** What is used of a WebContents (an EventEmitter), so tests can pass a plain emitter. */
type Sender = Pick<NodeJS.EventEmitter, 'on' | 'removeListener'>;

/** The end of a page's life, by the web contents event that tells it. */
const ENDS: Readonly<Record<string, string>> = {
  destroyed: 'the window was closed',
  'render-process-gone': "the window's page crashed",
  'did-navigate': 'the window loaded another page',
};

/** The current page's life per sender; replaced after it ends, by the next page's first request. */
const lives = new WeakMap<object, AbortController>();

const NEVER = new AbortController().signal;

function isSender(value: unknown): value is Sender {
  return typeof value === 'object' && value !== null && typeof (value as Sender).on === 'function' && typeof (value as Sender).removeListener === 'function';
}

/** Aborts when the page `sender` shows now is gone; never, for anything that is not an emitter. */
export function senderSignal(sender: unknown): AbortSignal {
  if (!isSender(sender)) return NEVER;
  const known = lives.get(sender);
  if (known !== undefined) return known.signal;
  const life = new AbortController();
  lives.set(sender, life);
  const listeners = Object.entries(ENDS).map(([event, why]) => {
    const listener = () => {
      if (lives.get(sender) === life) lives.delete(sender);
      life.abort(why);
    };
    sender.on(event, listener);
    return [event, listener] as const;
  });
  life.signal.addEventListener('abort', () => {
    for (const [event, listener] of listeners) sender.removeListener(event, listener);
  });
  return life.signal;
}
