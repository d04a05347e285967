/**
 * Bounded or full: `npm test` sets STRONGROOM_RELIABILITY=bounded (a few minutes on a 2-core
 * machine); `npm run test:reliability`, or running a file by hand, gives the full form.
 */
export type ReliabilityMode = 'bounded' | 'full';

export const reliabilityMode: ReliabilityMode = process.env.STRONGROOM_RELIABILITY === 'bounded' ? 'bounded' : 'full';

/** Picks the figure for the current mode. */
export function byMode<T>(bounded: T, full: T): T {
  return reliabilityMode === 'bounded' ? bounded : full;
}
