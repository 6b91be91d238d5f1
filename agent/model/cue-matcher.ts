/** Where one cue occurs in a text: [start, end) in UTF-16 units, and the value the cue was added with. */
export interface CueHit<T> {
  start: number;
  end: number;
  value: T;
}

interface State {
  next: Map<string, number>;
  fail: number;
  /** The patterns ending here, this state's own first and then those of its fail chain. */
  outputs: number[];
}

/**
 * Finds every occurrence of every cue in one pass over the text (Aho–Corasick), so the cost of reading
 * an email grows with its length and not with the number of cues: a cue list scanned with `includes`
 * cost ~70 µs an email at 1,600 cues, most of the local engine's time.
 */
export class CueMatcher<T> {
  private readonly states: State[] = [{ next: new Map(), fail: 0, outputs: [] }];
  private readonly patterns: { length: number; value: T }[] = [];

  constructor(cues: Iterable<readonly [string, T]>) {
    for (const [pattern, value] of cues) this.add(pattern, value);
    this.link();
  }

  /** All hits, in order of where they end. */
  find(text: string): CueHit<T>[] {
    const hits: CueHit<T>[] = [];
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text[i] as string;
      state = this.step(state, char);
      for (const id of (this.states[state] as State).outputs) {
        const pattern = this.patterns[id] as { length: number; value: T };
        hits.push({ start: i + 1 - pattern.length, end: i + 1, value: pattern.value });
      }
    }
    return hits;
  }

  private add(pattern: string, value: T): void {
    if (!pattern) return;
    let state = 0;
    for (const char of pattern.split("")) {
      const current = this.states[state] as State;
      let next = current.next.get(char);
      if (next === undefined) {
        next = this.states.length;
        this.states.push({ next: new Map(), fail: 0, outputs: [] });
        current.next.set(char, next);
      }
      state = next;
    }
    (this.states[state] as State).outputs.push(this.patterns.length);
    this.patterns.push({ length: pattern.length, value });
  }

  /** Breadth first, so a state's fail target is complete before its children are linked to it. */
  private link(): void {
    const queue: number[] = [];
    for (const child of (this.states[0] as State).next.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = this.states[queue[head] as number] as State;
      for (const [char, child] of state.next) {
        const target = this.states[child] as State;
        target.fail = this.step(state.fail, char);
        target.outputs.push(...(this.states[target.fail] as State).outputs);
        queue.push(child);
      }
    }
  }

  private step(from: number, char: string): number {
    let state = from;
    for (;;) {
      const next = (this.states[state] as State).next.get(char);
      if (next !== undefined) return next;
      if (state === 0) return 0;
      state = (this.states[state] as State).fail;
    }
  }
}
