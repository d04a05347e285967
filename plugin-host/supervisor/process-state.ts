/**
 * The life of one plugin process, as an explicit state machine. Every change of state goes through
 * `ProcessStateMachine.transition`, which refuses moves that are not in the table below, so the
 * supervisor cannot drift into a combination nobody designed for.
 *
 *   starting    → ready | exited | stopped
 *   ready       → exited | stopped
 *   exited      → starting | backing-off | stopped     (restart happens on the next request)
 *   backing-off → exited | starting | stopped          (the wait is over, or a waiting request starts it)
 *   stopped     → (final)
 */
export type ProcessState = 'starting' | 'ready' | 'exited' | 'backing-off' | 'stopped';

const ALLOWED: Record<ProcessState, readonly ProcessState[]> = {
  starting: ['ready', 'exited', 'stopped'],
  ready: ['exited', 'stopped'],
  exited: ['starting', 'backing-off', 'stopped'],
  'backing-off': ['exited', 'starting', 'stopped'],
  stopped: [],
};

export function canTransition(from: ProcessState, to: ProcessState): boolean {
  return ALLOWED[from].includes(to);
}

export class ProcessStateMachine {
  private current: ProcessState;

  constructor(
    initial: ProcessState,
    private readonly onChange: (from: ProcessState, to: ProcessState) => void,
  ) {
    this.current = initial;
  }

  get state(): ProcessState {
    return this.current;
  }

  /** Moves to `to`; throws on a move the table does not allow (a programming error, not a runtime one). */
  transition(to: ProcessState): void {
    const from = this.current;
    if (!canTransition(from, to)) {
      throw new Error(`plugin process state machine: ${from} → ${to} is not an allowed transition`);
    }
    this.current = to;
    this.onChange(from, to);
  }
}
