/**
 * Every IPC channel name, in one place. Kept free of zod so the sandboxed preload bundle stays
 * tiny: it only needs names, while validation happens in the main process (see contract.ts).
 *
 * To add an operation: add its name here, its schemas to `invokeContract` in contract.ts, and its
 * handler to the main process's handler map. The preload bridge and the `ReseedApi` type follow
 * from these maps by themselves, and the type checker lists every place still missing it.
 */

/** Request/response operations: renderer → main, answered with a `Result` envelope. */
export const invokeChannels = {
  appInfo: 'reseed:app-info',
} as const;

/**
 * Events pushed main → renderer (e.g. batch progress). Empty until the engine operations arrive;
 * the bridge already knows how to subscribe to whatever is listed here.
 */
export const eventChannels = {} as const satisfies Record<string, string>;

export type InvokeName = keyof typeof invokeChannels;
export type EventName = keyof typeof eventChannels;

/** Global name under which the preload exposes the API (`window.reseed`). */
export const API_GLOBAL = 'reseed';
